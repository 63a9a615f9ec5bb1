"""Every error leaves the API as JSON {code, message[, details]}; mapped here, in one place.

Nothing reaches a client as a bare 500: the project's errors have their status below, a request that
fails validation is 422 `invalid_parameters`, and anything unexpected is logged with its traceback and
answered 500 `internal_error` without one.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from liantu.errors import DatabaseUnavailable, InvalidInput, LiantuError, NotFound, QueryTimeout

log = logging.getLogger("liantu.api")


class Unauthorized(LiantuError):
    code = "unauthorized"


class Forbidden(LiantuError):
    code = "forbidden"


class RateLimited(LiantuError):
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class InvalidUSCCParameter(InvalidInput):
    code = "invalid_uscc"


class InvalidParameters(InvalidInput):
    code = "invalid_parameters"


class ErrorBody(BaseModel):
    """The body of every error answer."""

    code: str
    message: str
    details: Any = None


_STATUS: list[tuple[type[LiantuError], int]] = [
    (Unauthorized, status.HTTP_401_UNAUTHORIZED),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (NotFound, status.HTTP_404_NOT_FOUND),
    (InvalidInput, 422),
    (RateLimited, status.HTTP_429_TOO_MANY_REQUESTS),
    (DatabaseUnavailable, status.HTTP_503_SERVICE_UNAVAILABLE),
    (QueryTimeout, status.HTTP_504_GATEWAY_TIMEOUT),
]

# What every protected route may answer besides 200, as the OpenAPI page shows it.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "`http_error`: a request body that is not JSON"},
    401: {"model": ErrorBody, "description": "`unauthorized`: no API key, or an unknown or revoked one"},
    403: {"model": ErrorBody, "description": "`forbidden`: the key's role may not call this route, or the "
                                             "record is outside an RM's book; the message names the role needed"},
    404: {"model": ErrorBody, "description": "`not_found`"},
    422: {"model": ErrorBody, "description": "`invalid_parameters` or `invalid_uscc`, naming the parameter"},
    429: {"model": ErrorBody, "description": "`rate_limited`: too many requests for this key; see Retry-After"},
    503: {"model": ErrorBody, "description": "`database_unavailable`: Neo4j is down or restarting; see Retry-After"},
    504: {"model": ErrorBody, "description": "`query_timeout` or `request_timeout`"},
}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return body


def error_response(exc: LiantuError) -> JSONResponse:
    code = next((s for cls, s in _STATUS if isinstance(exc, cls)), status.HTTP_500_INTERNAL_SERVER_ERROR)
    headers: dict[str, str] = {}
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = "APIKey"
    if isinstance(exc, DatabaseUnavailable | RateLimited):
        headers["Retry-After"] = str(exc.retry_after_s)
    return JSONResponse(error_body(exc.code, str(exc)), status_code=code, headers=headers or None)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LiantuError)
    async def liantu_error(_: Request, exc: LiantuError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(exc.errors())
        for error in errors:
            # pydantic echoes the whole input; a body or a long value has no place in an error answer.
            error.pop("input", None)
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", []))
        message = f"invalid parameter {where}: {first.get('msg', 'invalid value')}"
        return JSONResponse(error_body("invalid_parameters", message, errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("internal_error", "an unexpected error; it has been logged"),
                            status_code=500)

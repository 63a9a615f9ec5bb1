"""Every error leaves the API as JSON {code, message[, details]}; mapped here, in one place."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from liantu.errors import DatabaseUnavailable, InvalidInput, LiantuError, NotFound


class Unauthorized(LiantuError):
    code = "unauthorized"


class Forbidden(LiantuError):
    code = "forbidden"


class InvalidUSCCParameter(InvalidInput):
    code = "invalid_uscc"


_STATUS: list[tuple[type[LiantuError], int]] = [
    (Unauthorized, status.HTTP_401_UNAUTHORIZED),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (NotFound, status.HTTP_404_NOT_FOUND),
    (InvalidInput, 422),
    (DatabaseUnavailable, status.HTTP_503_SERVICE_UNAVAILABLE),
]


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return body


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LiantuError)
    async def liantu_error(_: Request, exc: LiantuError) -> JSONResponse:
        code = next((s for cls, s in _STATUS if isinstance(exc, cls)), status.HTTP_500_INTERNAL_SERVER_ERROR)
        headers = {"WWW-Authenticate": "APIKey"} if isinstance(exc, Unauthorized) else None
        return JSONResponse(error_body(exc.code, str(exc)), status_code=code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(exc.errors())
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", []))
        message = f"invalid parameter {where}: {first.get('msg', 'invalid value')}"
        return JSONResponse(error_body("invalid_parameters", message, errors),
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = "not_found" if exc.status_code == 404 else "http_error"
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code)

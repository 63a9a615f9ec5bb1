"""The web console: static pages under /console/ that call this same API from the browser.

Files come from api/console/ (our modules, and vendor/ copied from npm by `npm ci` in console/). Only
files inside that folder are served, and the Content-Security-Policy lets a page load and call nothing
but this origin, so no page can reach an outside host. The API key is typed into the page and held in
the tab's sessionStorage; it travels only in the X-API-Key header.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse
from pydantic import BaseModel

from api.security import CurrentCaller
from liantu.config import Role
from liantu.errors import NotFound

router = APIRouter(prefix="/console", tags=["console"])

ROOT = (Path(__file__).resolve().parent.parent / "console").resolve()
_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
          ".txt": "text/plain; charset=utf-8", ".json": "application/json"}
HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
                                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Our own files change with each release; the browser revalidates instead of running stale modules.
    "Cache-Control": "no-cache",
}


class Session(BaseModel):
    """Who the key belongs to, so the console shows the pages of that role."""

    role: Role


@router.get("/session", response_model=Session)
async def session(caller: CurrentCaller) -> Session:
    return Session(role=caller.role)


@router.get("", include_in_schema=False)
async def console_root() -> RedirectResponse:
    return RedirectResponse("/console/")


@router.get("/{path:path}", include_in_schema=False)
async def console_file(path: str) -> FileResponse:
    """index.html for the folder itself; any other file under api/console/ by its relative path."""
    target = (ROOT / (path or "index.html")).resolve()
    if not target.is_relative_to(ROOT) or not target.is_file() or target.suffix not in _TYPES:
        if path.startswith("vendor/"):
            raise NotFound(f"console file {path!r} is missing: run `npm ci` in console/ (scripts/setup.sh does)")
        raise NotFound(f"no console file {path!r}")
    return FileResponse(target, media_type=_TYPES[target.suffix], headers=HEADERS)

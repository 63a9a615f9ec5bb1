"""The FastAPI application: `create_app()` opens one driver for the process and closes it at exit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routers import campaigns as campaigns_router
from api.routers import communities as communities_router
from api.routers import control as control_router
from api.routers import documents as documents_router
from api.routers import enterprises, health, hubs
from api.routers import guarantees as guarantees_router
from api.routers import leads as leads_router
from api.routers import relations as relations_router
from api.routers import risk as risk_router
from graph.store import GraphStore
from liantu import __version__
from liantu.config import Settings, get_settings


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app; tests pass their own settings and store, production reads the environment."""
    app_settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or GraphStore.from_settings(app_settings)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="Liantu (链图) API",
        version=__version__,
        description="Enterprise relationships for relationship managers, risk officers and programs.",
        lifespan=lifespan,
    )
    app.state.settings = app_settings
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(enterprises.router)
    app.include_router(hubs.router)
    app.include_router(control_router.router)
    app.include_router(documents_router.router)
    app.include_router(relations_router.router)
    app.include_router(guarantees_router.router)
    app.include_router(communities_router.router)
    app.include_router(risk_router.router)
    app.include_router(leads_router.router)
    app.include_router(campaigns_router.router)
    return app

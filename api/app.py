"""The FastAPI application: `create_app()` opens one driver for the process and closes it at exit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routers import (
    alerts,
    campaigns,
    chains,
    communities,
    control,
    core,
    documents,
    enterprises,
    fund_flows,
    guarantees,
    health,
    hubs,
    leads,
    paths,
    related,
    risk,
    tags,
)
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
    # One router per feature, named as its cypher/ area and graph/analytics/ module.
    for feature in (health, enterprises, chains, hubs, core, communities, control, related, paths,
                    guarantees, fund_flows, risk, documents, leads, campaigns, tags, alerts):
        app.include_router(feature.router)
    return app

"""The FastAPI application: `create_app()` opens one driver for the process and closes it at exit.

Around the routers: the role table's checks (api/access.py, one router-level dependency per feature),
the request guard (request id, time limit, audit line, metrics: api/middleware.py), the answer writer
(money to the fen, masking for rm: api/render.py), errors as JSON (api/errors.py), and the OpenAPI page
served from local assets (api/docs.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.access import BookCache, document_roles
from api.docs import install_docs
from api.errors import ERROR_RESPONSES, install_error_handlers
from api.metrics import Metrics
from api.middleware import RequestGuard
from api.render import AnswerJSON
from api.routers import (
    alerts,
    campaigns,
    chains,
    churn,
    communities,
    console,
    control,
    core,
    documents,
    enterprises,
    fund_flows,
    guarantees,
    health,
    hubs,
    leads,
    me,
    neighbourhood,
    paths,
    recommendations,
    related,
    risk,
    search,
    suspected_links,
    tags,
)
from api.security import Authenticator
from graph.business_date import remember_business_date
from graph.store import GraphStore
from liantu import __version__
from liantu.audit import AuditLog
from liantu.config import Settings, get_settings

# One router per feature, named as its cypher/ area and graph/analytics/ module; each declares its
# roles with `dependencies=[allow("<feature>")]` (api/access.py ROLE_TABLE).
FEATURES = (enterprises, chains, hubs, core, communities, control, related, paths, guarantees, fund_flows, risk,
            documents, leads, campaigns, search, neighbourhood, suspected_links,
            tags, alerts, churn, recommendations, me)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app; tests pass their own settings and store, production reads the environment."""
    app_settings = settings or get_settings()
    metrics = Metrics()
    audit = AuditLog(app_settings.audit_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or GraphStore.from_settings(app_settings, serving=True)
        previous = app.state.store.observer
        app.state.store.observer = metrics.observe_query
        remember_business_date(app.state.store)
        try:
            yield
        finally:
            remember_business_date(app.state.store, on=False)
            app.state.store.observer = previous
            if owned:
                app.state.store.close()
            audit.close()

    app = FastAPI(
        title="Liantu (链图) API",
        version=__version__,
        description="Enterprise relationships for relationship managers, risk officers and programs.\n\n"
                    "Send an API key in `X-API-Key`. Each operation names the roles that may call it.",
        lifespan=lifespan,
        default_response_class=AnswerJSON,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = app_settings
    app.state.auth = Authenticator(app_settings)
    app.state.books = BookCache()
    app.state.metrics = metrics
    install_error_handlers(app)
    install_docs(app)
    app.include_router(health.router)
    for feature in FEATURES:
        app.include_router(feature.router, responses=ERROR_RESPONSES)
    # The console's static pages: public files; the console sends the user's key on its API calls.
    app.include_router(console.router, responses=ERROR_RESPONSES)
    document_roles(app)
    app.add_middleware(RequestGuard, audit=audit, metrics=metrics, timeout_s=app_settings.api_request_timeout_s)
    return app

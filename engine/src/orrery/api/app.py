"""The composition root: `create_app()` wires routes, services, the request guard, errors and OpenAPI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import ControllerRouterHandler
from redis.asyncio import Redis

from orrery import __version__
from orrery.agents.pricing import PriceTable
from orrery.api.api_keys import ApiKeysController
from orrery.api.assets import AssetsController, RunAssetsController, signed_file
from orrery.api.chat import ChatController
from orrery.api.credentials import CredentialsController
from orrery.api.docs import assets_router, reference_ui
from orrery.api.errors import exception_handlers, status_for
from orrery.api.guard import RequestGuard
from orrery.api.health import healthz
from orrery.api.memory import MemoryController
from orrery.api.node_types import node_types, operator_limits_read
from orrery.api.notifications import NotificationsController
from orrery.api.openapi import ExactStructSchemaPlugin, complete_allow
from orrery.api.planner import PlannerController
from orrery.api.request_id import add_request_id_header
from orrery.api.run_events import run_events
from orrery.api.runs import RunsController
from orrery.api.schedules import SchedulesController
from orrery.api.secrets import SecretsController
from orrery.api.security import api_key_scopes, bearer_auth, current_principal, me, web_cors
from orrery.api.state import (
    Services,
    api_key_service,
    asset_service,
    chat_service,
    credential_service,
    event_stream,
    memory_service,
    notification_service,
    planner_service,
    run_service,
    schedule_service,
    secret_service,
    services,
    webhook_service,
    workflow_service,
)
from orrery.api.webhooks import WebhooksController, call_hook
from orrery.api.workbench import WorkbenchController
from orrery.api.workflows import TemplatesController, WorkflowsController
from orrery.assets import AssetService
from orrery.auth import TokenVerifier
from orrery.auth.api_keys import ApiKeyVerifier
from orrery.auth.key_service import ApiKeyService
from orrery.auth.users import ActiveUsers
from orrery.chat import ChatService
from orrery.credentials import CredentialService, SecretService
from orrery.crypto import CredentialCipher
from orrery.events.hub import RunEventHub
from orrery.events.live import LivePublisher
from orrery.events.stream import RunEventStream
from orrery.memory import LocalEmbedder, MemoryService
from orrery.net import SafeHttpClient
from orrery.notifications.service import NotificationService
from orrery.planner import PlannerService
from orrery.queue.control import publish_control
from orrery.queue.dispatcher import DramatiqDispatcher, create_broker
from orrery.runs import RunService
from orrery.runs.limits import operator_limits
from orrery.settings import Settings, load_settings
from orrery.store.database import Database
from orrery.triggers.schedules import ScheduleService
from orrery.triggers.webhooks import WebhookService
from orrery.workflows import WorkflowService


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or load_settings()
    master_key = settings.credentials.master_key
    cipher = CredentialCipher(master_key) if master_key else None

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        db = Database(settings.database)
        redis = Redis.from_url(settings.redis.url, socket_connect_timeout=2, socket_timeout=5)
        jwks_http = httpx.AsyncClient(timeout=3.0)
        # Fetches memory documents' URLs, under the same SSRF guard as workflow http nodes.
        fetch_http = SafeHttpClient(
            allow_private_networks=settings.runner.http_allow_private_networks,
            allowed_hosts=settings.runner.http_allowed_hosts,
        )
        credentials = CredentialService(db, cipher)
        assets = AssetService.from_settings(db, settings)
        await db.open()
        broker = create_broker(settings.redis.url)
        publisher = LivePublisher(redis)
        # SSE readers block on XREAD: the hub has its own client (request-path calls never wait on it).
        hub = RunEventHub.connect(settings.redis.url)
        key_verifier = ApiKeyVerifier(db, settings.auth.api_key_cache_ttl)
        runs = RunService(
            db=db,
            dispatcher=DramatiqDispatcher(broker),
            publisher=publisher,
            control=lambda run_id, action: publish_control(redis, run_id, action),
            settings=settings.runner,
            hub=hub,
        )
        workflows = WorkflowService(
            db, assets=assets, tell_runs=runs.tell, limits=operator_limits(settings.runner)
        )
        prices = PriceTable.load(settings.agents.price_table)
        app.state.services = Services(
            settings=settings,
            db=db,
            redis=redis,
            runs=runs,
            hub=hub,
            event_stream=RunEventStream(db, hub),
            broker=broker,
            workflows=workflows,
            credentials=credentials,
            memory=MemoryService(
                db,
                LocalEmbedder.from_settings(settings.memory),
                fetch_http,
                credentials,
                jobs=DramatiqDispatcher(broker),
                limits=settings.memory,
            ),
            api_keys=ApiKeyService(db, on_revoke=key_verifier.forget),
            secrets=SecretService(db, cipher),
            schedules=ScheduleService(db, settings.triggers),
            webhooks=WebhookService(db, redis, runs, settings.triggers, cipher, status_of=status_for),
            notifications=NotificationService(db, cipher, email_available=bool(settings.triggers.smtp_host)),
            assets=assets,
            planner=PlannerService(workflows, credentials, fetch_http, prices=prices),
            chat=ChatService(db, runs),
        )
        app.state.token_verifier = TokenVerifier(settings.auth, jwks_http)
        app.state.active_users = ActiveUsers(db, settings.auth.user_check_ttl)
        app.state.api_key_verifier = key_verifier
        try:
            yield
        finally:
            await hub.close()
            await jwks_http.aclose()
            await fetch_http.aclose()
            await assets.aclose()
            await redis.aclose()
            broker.close()
            await db.close()

    route_handlers: list[ControllerRouterHandler] = [healthz, me, RunsController, run_events]
    route_handlers += [WorkbenchController]
    route_handlers += [WorkflowsController, TemplatesController, node_types, CredentialsController]
    route_handlers += [operator_limits_read]
    route_handlers += [MemoryController, assets_router(), ApiKeysController, SecretsController]
    route_handlers += [SchedulesController, WebhooksController, call_hook]
    route_handlers += [NotificationsController, PlannerController]
    route_handlers += [AssetsController, RunAssetsController, signed_file]
    route_handlers += [ChatController]
    # The local Auth stand-in (embedded mode) is its own process: `orrery auth` (api/auth_local.py).

    return Litestar(
        route_handlers=route_handlers,
        lifespan=[lifespan],
        # Outermost first: refuse anonymous requests before their bodies are read.
        middleware=[bearer_auth(), RequestGuard()],
        before_send=[add_request_id_header, complete_allow],
        plugins=[ExactStructSchemaPlugin()],
        guards=[api_key_scopes],
        dependencies={
            "services": Provide(services, sync_to_thread=False),
            "run_service": Provide(run_service, sync_to_thread=False),
            "event_stream": Provide(event_stream, sync_to_thread=False),
            "workflow_service": Provide(workflow_service, sync_to_thread=False),
            "credential_service": Provide(credential_service, sync_to_thread=False),
            "memory_service": Provide(memory_service, sync_to_thread=False),
            "api_key_service": Provide(api_key_service, sync_to_thread=False),
            "secret_service": Provide(secret_service, sync_to_thread=False),
            "schedule_service": Provide(schedule_service, sync_to_thread=False),
            "webhook_service": Provide(webhook_service, sync_to_thread=False),
            "notification_service": Provide(notification_service, sync_to_thread=False),
            "asset_service": Provide(asset_service, sync_to_thread=False),
            "planner_service": Provide(planner_service, sync_to_thread=False),
            "chat_service": Provide(chat_service, sync_to_thread=False),
            "principal": Provide(current_principal, sync_to_thread=False),
        },
        exception_handlers=exception_handlers,  # type: ignore[arg-type]
        cors_config=web_cors(settings.http.web_origin, "last-event-id"),
        openapi_config=OpenAPIConfig(
            title="Orrery engine",
            version=__version__,
            path="/schema",
            render_plugins=[reference_ui()],  # served offline (api/docs.py)
            description="Durable, parallel execution of AI-agent workflows.",
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(
                        type="http",
                        scheme="bearer",
                        bearer_format="JWT or API key",
                        description=(
                            "A Supabase Auth access token, or a personal API key (`orr_...`, "
                            "Settings → API keys) whose scopes allow the operation"
                        ),
                    )
                }
            ),
        ),
        debug=False,
        # Logging is set up once per process (`orrery.logs`); Litestar's own would replace the
        # root handlers, and with them the filters that redact URLs and collapse floods.
        logging_config=None,
    )

"""`orrery auth`: the local stand-in for Supabase Auth's HTTP API at `/auth/v1` (embedded mode only).

It is a process of its own, not part of the engine's API: it logs in to
Postgres as `orrery_auth`, which reaches the `auth` schema and nothing else,
so the API process never holds credentials that read password hashes, and
the stand-in never holds credentials that read anyone's workflows. The web
app's `/auth/v1` pass-through is its one client (`SUPABASE_URL`); with a real
Supabase project it is not started at all.

Its errors keep Supabase Auth's own shape, `{code, error_code, msg}`, because
supabase-js reads exactly that: this module maps them itself instead of the
engine's `{status_code, detail}` handler. It has no OpenAPI contract: it is
not the engine's API, and it exists in one mode only.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from litestar import Controller, Litestar, Request, Response, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ClientException, HTTPException
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT, HTTP_400_BAD_REQUEST

from orrery import __version__
from orrery.api.guard import RequestGuard
from orrery.api.security import web_cors
from orrery.auth import TokenVerifier
from orrery.auth.local.clients import PROXY_SECRET_HEADER, ProxyTrust, client_address
from orrery.auth.local.schemas import Credentials, Session, User, UserUpdate
from orrery.auth.local.service import Client, LocalAuth
from orrery.errors import AuthApiError, DependencyUnavailable
from orrery.settings import Settings, load_settings
from orrery.store.database import Database

log = logging.getLogger(__name__)

SERVER_OPTIONS: dict[str, Any] = {
    # The client's address comes from the socket; X-Forwarded-For is read by `client_address`
    # from trusted proxies only (uvicorn's default would believe it from 127.0.0.1).
    "proxy_headers": False,
    "server_header": False,
    "access_log": False,
}
"""uvicorn options of `orrery auth` (and of the tests that serve the stand-in)."""

_SETTINGS = {
    "external": {"email": True, "phone": False, "anonymous_users": False},
    "disable_signup": False,
    "mailer_autoconfirm": True,
    "phone_autoconfirm": False,
    "sms_provider": "",
    "saml_enabled": False,
}


def _local_auth(state: State) -> LocalAuth:
    local_auth: LocalAuth = state.local_auth
    return local_auth


def _issuer(request: Request[Any, Any, Any]) -> str:
    return f"{str(request.base_url).rstrip('/')}/auth/v1"


def _client(request: Request[Any, Any, Any]) -> Client:
    trust: ProxyTrust = request.app.state.proxy_trust
    ip = client_address(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        request.headers.get(PROXY_SECRET_HEADER),
        trust,
    )
    return Client(ip=ip, user_agent=request.headers.get("user-agent"))


def _supabase_error(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    if isinstance(exc, AuthApiError):
        status, code, message, extra = exc.status, exc.error_code, exc.message, exc.extra
    elif isinstance(exc, ClientException) and exc.status_code == HTTP_400_BAD_REQUEST:
        # the body was not JSON, or not the JSON expected
        status, code, message, extra = 400, "bad_json", "Could not parse request body as JSON", {}
    elif isinstance(exc, HTTPException):
        status, message, extra = exc.status_code, exc.detail, {}
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "validation_failed")
    elif isinstance(exc, DependencyUnavailable):
        status, code, message, extra = (
            503,
            "service_unavailable",
            "The authentication database is unavailable",
            {},
        )
    else:  # never a trace to the client
        log.exception("unhandled error in the auth stand-in", exc_info=exc)
        status, code, message, extra = 500, "unexpected_failure", "Unexpected failure", {}
    return Response({"code": status, "error_code": code, "msg": message, **extra}, status_code=status)


class LocalAuthController(Controller):
    path = "/auth/v1"
    tags = ["auth (local stand-in)"]
    include_in_schema = False
    dependencies = {"local_auth": Provide(_local_auth, sync_to_thread=False)}

    @post("/signup", status_code=HTTP_200_OK)
    async def signup(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[Credentials],
        local_auth: NamedDependency[LocalAuth],
    ) -> Session:
        return await local_auth.signup(data, issuer=_issuer(request), client=_client(request))

    @post("/token", status_code=HTTP_200_OK)
    async def token(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[Credentials],
        local_auth: NamedDependency[LocalAuth],
        grant_type: FromQuery[str | None] = None,
    ) -> Session:
        if grant_type == "password":
            return await local_auth.password_grant(data, issuer=_issuer(request), client=_client(request))
        if grant_type == "refresh_token":
            return await local_auth.refresh_grant(data, issuer=_issuer(request))
        raise AuthApiError(400, "validation_failed", "unsupported_grant_type")

    @get("/user")
    async def user(self, request: Request[Any, Any, Any], local_auth: NamedDependency[LocalAuth]) -> User:
        return await local_auth.user(request.headers.get("authorization"))

    @put("/user")
    async def update_user(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[UserUpdate],
        local_auth: NamedDependency[LocalAuth],
    ) -> User:
        return await local_auth.update_user(request.headers.get("authorization"), data)

    @post("/logout", status_code=HTTP_204_NO_CONTENT)
    async def logout(
        self,
        request: Request[Any, Any, Any],
        local_auth: NamedDependency[LocalAuth],
        logout_scope: Annotated[str, QueryParameter(name="scope")] = "global",
    ) -> None:
        await local_auth.logout(request.headers.get("authorization"), logout_scope)

    @get("/settings", sync_to_thread=False)
    def settings(self) -> dict[str, Any]:
        return _SETTINGS

    @get("/health", sync_to_thread=False)
    def health(self) -> dict[str, str]:
        return {
            "version": __version__,
            "name": "orrery-auth-stand-in",
            "description": "Orrery's local stand-in for Supabase Auth (embedded mode only)",
        }

    @get("/.well-known/jwks.json", sync_to_thread=False)
    def jwks(self) -> dict[str, list[Any]]:
        return {"keys": []}  # HS256 only: there is no public key to publish


def create_auth_app(settings: Settings | None = None) -> Litestar:
    """The stand-in's composition root (`orrery auth`): its own pool, as `orrery_auth`."""
    settings = settings or load_settings(process="auth")

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        db = Database(settings.database)
        await db.open()
        app.state.local_auth = LocalAuth(db, settings.auth, TokenVerifier(settings.auth))
        app.state.proxy_trust = ProxyTrust.from_settings(
            settings.auth.trusted_proxies, settings.auth.proxy_secret
        )
        try:
            yield
        finally:
            await db.close()

    return Litestar(
        route_handlers=[LocalAuthController],
        lifespan=[lifespan],
        # The same refusals as the engine's (NUL, deep JSON, invalid UTF-8), in Supabase's shape.
        middleware=[RequestGuard()],
        exception_handlers={Exception: _supabase_error},
        logging_config=None,  # the one setup (orrery.logs): URLs redacted, floods collapsed
        # The browser normally reaches it through the web's own origin; direct calls get
        # CORS for exactly the web's origin, never a wildcard.
        cors_config=web_cors(settings.http.web_origin),
        openapi_config=None,
        debug=False,
    )

"""The bearer-token guard: every route is for a signed-in user unless it is on the short public list.

A bearer is either a Supabase access token or a personal API key (`orr_...`,
`auth.api_keys`): both name a user, and the request acts as that user with signed
claims. An API key also carries scopes: `api_key_scopes`, a guard on every route,
lets it through only to a route that names one of its scopes (`scoped(...)` in the
route's `opt`), and answers 403 naming the scope otherwise. A route that names
none (keys, secrets, credentials, memory) is for signed-in sessions only.

`BearerAuthMiddleware` runs before routing reaches a handler, so a request
without a valid token is refused (401, `WWW-Authenticate: Bearer`) before any
dependency is built or database transaction opened. A valid token whose user
no longer exists (deleted or banned) is refused too (`auth.users.ActiveUsers`,
one cached query). Public: `/healthz`, `/schema*`, webhook URLs (`/api/v1/hooks/{token}`,
the token is the credential) and signed asset links (whose token is the grant); nothing
else, and a new
route is protected without anyone remembering to protect it. (The local Auth
stand-in is another process, `orrery auth`.)

Identity comes only from the verified token. Handlers take it as
`principal: NamedDependency[Principal]` and hand `principal.claims` to
`Database.as_user`; headers like `X-User-Id` are never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.config.cors import CORSConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult, DefineMiddleware

from orrery.api.responses import documented
from orrery.auth import Principal, TokenVerifier
from orrery.auth.api_keys import SCOPES, ApiKeyVerifier, is_api_key
from orrery.auth.users import ActiveUsers
from orrery.auth.verifier import bearer_token
from orrery.errors import Forbidden, MissingToken

PUBLIC_PATHS = [r"^/healthz$", r"^/schema(/|$)", r"^/api/v1/hooks/", r"^/api/v1/asset-files/"]
"""`/api/v1/hooks/{token}`: a webhook's URL, whose token is its credential (api/webhooks.py);
`/api/v1/asset-files/<token>`: the token is a signed, expiring grant (api/assets.py)."""
BEARER_SECURITY: list[dict[str, list[str]]] = [{"BearerToken": []}]
"""OpenAPI `security` for a protected route (the scheme is declared in `create_app`)."""
API_KEY_SCOPES = "api_key_scopes"
"""A route `opt`: the scopes any one of which lets an API key call it."""


def scoped(*scopes: str) -> dict[str, Any]:
    """The `opt` of a route an API key with one of `scopes` may call (none given: any key)."""
    assert all(s in SCOPES for s in scopes), scopes
    return {API_KEY_SCOPES: scopes or SCOPES}


def token_verifier(state: State) -> TokenVerifier:
    verifier: TokenVerifier = state.token_verifier
    return verifier


def active_users(state: State) -> ActiveUsers:
    users: ActiveUsers = state.active_users
    return users


def api_key_verifier(state: State) -> ApiKeyVerifier:
    verifier: ApiKeyVerifier = state.api_key_verifier
    return verifier


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        state = connection.app.state
        token = bearer_token(connection.headers.get("authorization"))
        if is_api_key(token):  # its user's state is checked by the same query
            return AuthenticationResult(user=await api_key_verifier(state).verify(token), auth=None)
        principal = await token_verifier(state).verify(token)
        await active_users(state).require(principal)
        return AuthenticationResult(user=principal, auth=None)


def api_key_scopes(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """The guard on every route: an API key may call only a route that names one of its scopes."""
    user = connection.scope.get("user")
    if not isinstance(user, Principal) or user.scopes is None:
        return
    opt: Mapping[str, Any] = handler.opt or {}
    allowed: tuple[str, ...] | None = opt.get(API_KEY_SCOPES)
    if not allowed:
        raise Forbidden("API keys cannot do this; sign in to the Orrery web app instead.")
    if not user.scopes.intersection(allowed):
        needed = " or ".join(f"`{s}`" for s in allowed)
        raise Forbidden(f"This API key lacks the {needed} scope this operation needs.")


def bearer_auth() -> DefineMiddleware:
    return DefineMiddleware(BearerAuthMiddleware, exclude=PUBLIC_PATHS)


def current_principal(request: Request[Any, Any, Any]) -> Principal:
    """The `principal` dependency: the verified user of this request."""
    user = request.scope.get("user")
    if not isinstance(user, Principal):  # a public route asking for a user: still refused
        raise MissingToken("missing bearer token")
    return user


class Me(msgspec.Struct):
    id: UUID
    email: str | None
    role: str


@get(
    "/api/v1/me",
    tags=["auth"],
    summary="The signed-in user",
    security=BEARER_SECURITY,
    responses=documented(401),
    opt=scoped(),
)
async def me(principal: NamedDependency[Principal]) -> Me:
    return Me(id=principal.user_id, email=principal.email, role=principal.role)


SUPABASE_CLIENT_HEADERS = (
    "authorization",
    "content-type",
    "apikey",
    "x-client-info",
    "x-supabase-api-version",
)
"""What supabase-js (and the web's BFF) send."""


def web_cors(web_origin: str, *extra_headers: str) -> CORSConfig:
    """CORS for exactly the web app's origin (never a wildcard), with credentials: the engine's
    and the Auth stand-in's, which the browser normally reaches through the web's own origin."""
    return CORSConfig(
        allow_origins=[web_origin],
        allow_credentials=True,
        allow_headers=[*SUPABASE_CLIENT_HEADERS, *extra_headers],
    )

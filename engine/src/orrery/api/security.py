"""The bearer-token guard: every route is for a signed-in user unless it is on the short public list.

`BearerAuthMiddleware` runs before routing reaches a handler, so a request
without a valid token is refused (401, `WWW-Authenticate: Bearer`) before any
dependency is built or database transaction opened. A valid token whose user
no longer exists (deleted or banned) is refused too (`auth.users.ActiveUsers`,
one cached query). Public: `/healthz`, `/schema*` and signed asset links (whose token is
the grant); nothing else, and a new
route is protected without anyone remembering to protect it. (The local Auth
stand-in is another process, `orrery auth`.)

Identity comes only from the verified token. Handlers take it as
`principal: NamedDependency[Principal]` and hand `principal.claims` to
`Database.as_user`; headers like `X-User-Id` are never read.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.config.cors import CORSConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult, DefineMiddleware

from orrery.api.responses import documented
from orrery.auth import Principal, TokenVerifier
from orrery.auth.users import ActiveUsers
from orrery.errors import MissingToken

PUBLIC_PATHS = [r"^/healthz$", r"^/schema(/|$)", r"^/api/v1/asset-files/"]
"""`/api/v1/asset-files/<token>`: the token is a signed, expiring grant (api/assets.py)."""
BEARER_SECURITY: list[dict[str, list[str]]] = [{"BearerToken": []}]
"""OpenAPI `security` for a protected route (the scheme is declared in `create_app`)."""


def token_verifier(state: State) -> TokenVerifier:
    verifier: TokenVerifier = state.token_verifier
    return verifier


def active_users(state: State) -> ActiveUsers:
    users: ActiveUsers = state.active_users
    return users


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        verifier = token_verifier(connection.app.state)
        principal = await verifier.verify_authorization(connection.headers.get("authorization"))
        await active_users(connection.app.state).require(principal)
        return AuthenticationResult(user=principal, auth=None)


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

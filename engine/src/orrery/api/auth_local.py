"""`/auth/v1`: the local stand-in for Supabase Auth's HTTP API (embedded mode only).

Registered only when `settings.auth.local_stand_in` (no `SUPABASE_URL`).
Its errors keep Supabase Auth's own shape, `{code, error_code, msg}`, because
supabase-js reads exactly that: this controller maps them itself instead of
the engine's `{status_code, detail}` handler. Left out of the OpenAPI
contract: it is not the engine's API, and it exists in one mode only.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ClientException
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT, HTTP_400_BAD_REQUEST

from orrery import __version__
from orrery.api.security import token_verifier
from orrery.api.state import Services
from orrery.auth.local.schemas import Credentials, Session, User, UserUpdate
from orrery.auth.local.service import Client, LocalAuth
from orrery.errors import AuthApiError

_SETTINGS = {
    "external": {"email": True, "phone": False, "anonymous_users": False},
    "disable_signup": False,
    "mailer_autoconfirm": True,
    "phone_autoconfirm": False,
    "sms_provider": "",
    "saml_enabled": False,
}


def _local_auth(services: NamedDependency[Services], state: State) -> LocalAuth:
    return LocalAuth(services.db, services.settings.auth, token_verifier(state))


def _issuer(request: Request[Any, Any, Any]) -> str:
    return f"{str(request.base_url).rstrip('/')}/auth/v1"


def _client(request: Request[Any, Any, Any]) -> Client:
    ip = request.client.host if request.client else "unknown"
    return Client(ip=ip, user_agent=request.headers.get("user-agent"))


def _supabase_error(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    if isinstance(exc, AuthApiError):
        status, code, message, extra = exc.status, exc.error_code, exc.message, exc.extra
    elif isinstance(exc, ClientException) and exc.status_code == HTTP_400_BAD_REQUEST:
        # the body was not JSON, or not the JSON expected
        status, code, message, extra = 400, "bad_json", "Could not parse request body as JSON", {}
    else:
        assert isinstance(exc, ClientException)
        status, code, message, extra = exc.status_code, "validation_failed", exc.detail, {}
    return Response({"code": status, "error_code": code, "msg": message, **extra}, status_code=status)


class LocalAuthController(Controller):
    path = "/auth/v1"
    tags = ["auth (local stand-in)"]
    include_in_schema = False
    dependencies = {"local_auth": Provide(_local_auth, sync_to_thread=False)}
    exception_handlers = {AuthApiError: _supabase_error, ClientException: _supabase_error}

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

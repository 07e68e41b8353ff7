"""Personal API keys: create (the key is shown once), list (prefix, scopes, last use), revoke.
For signed-in sessions only: an API key cannot manage keys. Thin: parse, call the service, return."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.auth import Principal
from orrery.auth.key_service import ApiKeyCreate, ApiKeyCreated, ApiKeyRead, ApiKeyService

_SESSION_ONLY = {403: "API keys cannot manage API keys: sign in."}


class ApiKeysController(Controller):
    path = "/api/v1/api-keys"
    tags = ["api-keys"]
    security = BEARER_SECURITY

    @get("/", summary="Your API keys (prefix and scopes; never the key)", responses=documented(401, 403))
    async def list_keys(
        self, principal: NamedDependency[Principal], api_key_service: NamedDependency[ApiKeyService]
    ) -> list[ApiKeyRead]:
        return await api_key_service.list(principal.claims)

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Create an API key: the answer holds the key, shown this once",
        responses=documented(400, 401, 403, 413, descriptions=_SESSION_ONLY),
    )
    async def create_key(
        self,
        data: JSONBody[ApiKeyCreate],
        principal: NamedDependency[Principal],
        api_key_service: NamedDependency[ApiKeyService],
    ) -> ApiKeyCreated:
        return await api_key_service.create(principal.claims, data)

    @post(
        "/{key_id:uuid}/revoke",
        status_code=HTTP_200_OK,
        summary="Revoke an API key: it stops working at once",
        responses=documented(
            400, 401, 403, 404, descriptions={**_SESSION_ONLY, 404: "No such key (or not yours)."}
        ),
    )
    async def revoke_key(
        self,
        key_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        api_key_service: NamedDependency[ApiKeyService],
    ) -> ApiKeyRead:
        return await api_key_service.revoke(principal.claims, str(key_id))

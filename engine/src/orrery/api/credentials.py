"""Model-provider credentials: list (never the secret), add, delete; and the provider list
the settings page offers. Thin: parse, call the service, return."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.auth import Principal
from orrery.credentials import CredentialCreate, CredentialRead, CredentialService, ModelProviderRead
from orrery.credentials.models import CredentialLimitsUpdate


class CredentialsController(Controller):
    path = "/api/v1"
    tags = ["credentials"]
    security = BEARER_SECURITY

    @get(
        "/credentials",
        summary="Your saved provider keys (hints only, never the key)",
        responses=documented(401),
    )
    async def list_credentials(
        self, principal: NamedDependency[Principal], credential_service: NamedDependency[CredentialService]
    ) -> list[CredentialRead]:
        return await credential_service.list(principal.claims)

    @post(
        "/credentials",
        status_code=HTTP_201_CREATED,
        summary="Save a provider key (encrypted at rest)",
        responses=documented(
            400, 401, 409, 413, descriptions={409: "You already have a key with this label."}
        ),
    )
    async def create_credential(
        self,
        data: JSONBody[CredentialCreate],
        principal: NamedDependency[Principal],
        credential_service: NamedDependency[CredentialService],
    ) -> CredentialRead:
        return await credential_service.create(principal.claims, data)

    @patch(
        "/credentials/{credential_id:uuid}/limits",
        summary="Set your own per-minute limits on a saved key (the lower of yours and the operator's)",
        responses=documented(400, 401, 404, descriptions={404: "No such key (or not yours)."}),
    )
    async def set_credential_limits(
        self,
        credential_id: FromPath[UUID],
        data: JSONBody[CredentialLimitsUpdate],
        principal: NamedDependency[Principal],
        credential_service: NamedDependency[CredentialService],
    ) -> CredentialRead:
        return await credential_service.set_limits(principal.claims, str(credential_id), data)

    @delete(
        "/credentials/{credential_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a saved key",
        responses=documented(400, 401, 404, descriptions={404: "No such key (or not yours)."}),
    )
    async def delete_credential(
        self,
        credential_id: FromPath[UUID],
        principal: NamedDependency[Principal],
        credential_service: NamedDependency[CredentialService],
    ) -> None:
        await credential_service.delete(principal.claims, str(credential_id))

    @get("/model-providers", summary="The model providers an agent can use", responses=documented(401))
    async def model_providers(
        self, credential_service: NamedDependency[CredentialService]
    ) -> list[ModelProviderRead]:
        return credential_service.providers()

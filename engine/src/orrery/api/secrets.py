"""Named secrets: list (names only, never a value), add or replace, delete. For signed-in
sessions only. Thin: parse, call the service, return."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, delete, get, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from orrery.api.responses import documented
from orrery.api.security import BEARER_SECURITY
from orrery.auth import Principal
from orrery.credentials import SecretPut, SecretRead, SecretService

SecretName = Annotated[
    str,
    PathParameter(
        pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$",
        description="Letters, digits and `_`, not starting with a digit: `{{ secrets.NAME }}` in a node.",
    ),
]
_SESSION_ONLY = {403: "API keys cannot manage secrets: sign in."}


class SecretsController(Controller):
    path = "/api/v1/secrets"
    tags = ["secrets"]
    security = BEARER_SECURITY

    @get("/", summary="Your secrets' names (never a value)", responses=documented(401, 403))
    async def list_secrets(
        self, principal: NamedDependency[Principal], secret_service: NamedDependency[SecretService]
    ) -> list[SecretRead]:
        return await secret_service.list(principal.claims)

    @put(
        "/{name:str}",
        status_code=HTTP_200_OK,
        summary="Add a secret (201), or replace its value (200); encrypted, never shown again",
        responses={
            HTTP_201_CREATED: ResponseSpec(SecretRead, description="The secret was added."),
            **documented(400, 401, 403, 413, descriptions=_SESSION_ONLY),
        },
    )
    async def put_secret(
        self,
        name: FromPath[SecretName],
        data: JSONBody[SecretPut],
        principal: NamedDependency[Principal],
        secret_service: NamedDependency[SecretService],
    ) -> Response[SecretRead]:
        read, created = await secret_service.put(principal.claims, name, data)
        return Response(read, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @delete(
        "/{name:str}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a secret",
        responses=documented(
            400, 401, 403, 404, descriptions={**_SESSION_ONLY, 404: "No such secret (or not yours)."}
        ),
    )
    async def delete_secret(
        self,
        name: FromPath[SecretName],
        principal: NamedDependency[Principal],
        secret_service: NamedDependency[SecretService],
    ) -> None:
        await secret_service.delete(principal.claims, name)

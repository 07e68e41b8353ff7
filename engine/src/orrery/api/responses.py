"""The error answers each operation documents in the OpenAPI contract: every one an
`ErrorBody`, so the contract says what the server does (schemathesis checks it,
tests/api/test_contract_fuzz.py). Documentation only: `api/errors.py` produces them."""

from __future__ import annotations

from collections.abc import Mapping

from litestar.openapi.datastructures import ResponseSpec

from orrery.api.errors import ErrorBody
from orrery.api.payload import MAX_JSON_DEPTH

DESCRIPTIONS: Mapping[int, str] = {
    400: "The request is malformed: a parameter or body that does not decode (see `errors`), "
    f"a body that is not UTF-8, or JSON nested more than {MAX_JSON_DEPTH} levels deep.",
    401: "No valid bearer token or API key (`WWW-Authenticate: Bearer`).",
    403: "The API key lacks the scope this operation needs (the detail names it), or a link expired.",
    404: "No such resource, or it is not yours.",
    409: "The request conflicts with the resource's current state.",
    413: "The body is over this operation's size limit.",
    416: "The `Range` asked for starts past the end of the file (`Content-Range: bytes */<size>`).",
    422: "A value is not acceptable (see `errors`), e.g. a NUL character (`\\u0000`, `%00`), "
    "which no text field, parameter or path segment may hold.",
    429: "Too many requests: over a rate limit; retry after `Retry-After` seconds.",
    500: "An unexpected failure, logged with the `request_id`.",
    502: "A server the engine called for you failed (a URL to fetch, a provider's API).",
    503: "A part the engine needs is down or missing (the database, Valkey, the embedding model, "
    "the credentials key); retry after `Retry-After`.",
}
ALWAYS = (422, 500, 503)
"""What any operation may answer: a NUL in a query parameter, a failure, a dependency down."""


def documented(*codes: int, descriptions: Mapping[int, str] | None = None) -> dict[int, ResponseSpec]:
    """The `responses=` of an operation: `codes` and `ALWAYS`, each an `ErrorBody`."""
    return {
        code: ResponseSpec(
            ErrorBody,
            description=(descriptions or {}).get(code, DESCRIPTIONS[code]),
            generate_examples=False,
        )
        for code in sorted({*codes, *ALWAYS})
    }

"""The contract says what the server does: schemathesis generates requests from the
committed `contracts/openapi.json` (valid and invalid ones) and drives the engine in
process, as a signed-in user whose workflow, run and memory exist, against the real
Postgres and Valkey. Any 5xx fails, and so does any answer the contract does not
describe: an undocumented status, a body or header that does not match its schema,
a 405 without `Allow`, a protected operation that ignores its token, and a request
the schema forbids that the server accepts (e.g. an unknown field).

Left out, with reasons:
- GET /api/v1/runs/{run_id}/events: a stream that lives until its run ends (no worker
  runs here); tests/runner/test_event_stream.py covers it, its 4xx included.
- From `positive_data_acceptance`, its 422s (and 413s): a schema-valid request may still
  break a rule the schema cannot state (`spec` and `template` together, a NUL character,
  inputs that do not match the workflow's), and is refused with 422. A 400 (a schema-valid
  body or parameter that does not decode) still fails it.
- `/auth/v1`: the local Supabase Auth stand-in is not in the contract (its own shape).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar import Litestar
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.python import asgi

from orrery.api.app import create_app
from orrery.api.contracts import CONTRACTS_DIR
from orrery.settings import Settings
from tests.workflows.helpers import User, pipeline, sign_up

EXAMPLES_PER_OPERATION = 25
"""Bounded: the whole module took 39-51 s here (2 cores, load average 2-8); the fixtures that
give each operation a user with resources cost more than the examples."""

CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "404", "409", "413", "422"]},
        }
    }
)
schema = schemathesis.openapi.from_path(CONTRACTS_DIR / "openapi.json", config=CONFIG).exclude(
    path="/api/v1/runs/{run_id}/events"
)


@pytest.fixture(scope="module")
def app(settings: Settings) -> Iterator[Litestar]:
    """One engine for the module; schemathesis runs its lifespan on its own event loop."""
    engine = create_app(settings)
    yield engine
    asgi.shutdown_lifespans()


@pytest.fixture
def user(admin_url: str, settings: Settings) -> User:
    return sign_up(admin_url, settings)


@pytest.fixture
def owned(app: Litestar, user: User) -> dict[str, str]:
    """A workflow with a run, and a collection with a document, all belonging to the user."""
    headers = user.headers
    with asgi.get_client(app) as client:

        def created(path: str, body: dict[str, Any], status: int) -> dict[str, Any]:
            response = client.post(f"http://testserver{path}", json=body, headers=headers)
            assert response.status_code == status, response.text
            found: dict[str, Any] = response.json()
            return found

        workflow = created("/api/v1/workflows", {"name": "Fuzzed", "spec": pipeline()}, 201)
        run = created(f"/api/v1/workflows/{workflow['id']}/runs", {"inputs": {"topic": "stars"}}, 202)
        collection = created("/api/v1/memory/collections", {"name": "Fuzzed"}, 201)
        added = created(
            f"/api/v1/memory/collections/{collection['id']}/documents",
            {"source": "text", "text": "Ceramics from Lisbon."},
            201,
        )
    return {
        "workflow_id": workflow["id"],
        "run_id": run["id"],
        "collection_id": collection["id"],
        "document_id": added["document"]["id"],
        "node_id": "draft",
        "version": "1",
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure here is the code's, not luck's
    database=None,
    # The engine, its user and their resources are fixtures, shared by an operation's examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_engine_answers_as_its_contract_says(
    case: Any, app: Litestar, user: User, owned: dict[str, str]
) -> None:
    # Given a signed-in user who owns a workflow, a run, a collection and a document,
    # and a request generated from the contract: a valid one aimed at those resources half of
    # the time, an invalid one as generated (its token left out if that is what is invalid)
    negative = case.meta.is_negative_at if case.meta else (lambda _: False)
    chooser = random.Random(repr(case.path_parameters))
    for name in list(case.path_parameters or {}):
        if name in owned and not negative(ParameterLocation.PATH) and chooser.random() < 0.5:
            case.path_parameters[name] = owned[name]
    headers = {} if negative(ParameterLocation.HEADER) else user.headers
    case.operation.schema.app = app  # in process, probes too (`parametrize` works on a copy of `schema`)

    # When it is sent, then the answer is what the contract says (no 5xx, documented status,
    # body and headers as documented; invalid input refused; the token is not ignored)
    case.call_and_validate(app=app, headers=headers)

"""Workflows over HTTP: create, read, update with versions and optimistic concurrency, delete,
and what another user sees (nothing: 404 everywhere)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.workflows.helpers import Api, document, edge, node, pipeline, sign_up

BASE = "/api/v1/workflows"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


async def test_create_then_read_gives_version_1_with_the_stored_spec(api: Api) -> None:
    # Given a valid document
    spec = pipeline()

    # When Ada creates a workflow with it
    response = await api.post(BASE, {"name": "  Video ideas ", "description": "Weekly", "spec": spec})

    # Then it is version 1, named without the stray spaces, with no problems
    assert response.status_code == 201
    created = response.json()
    assert created["name"] == "Video ideas"
    assert created["description"] == "Weekly"
    assert created["current_version"] == 1
    assert created["problems"] == []
    assert [n["id"] for n in created["spec"]["nodes"]] == ["start", "draft", "end"]
    assert len(created["spec_hash"]) == 64

    # And reading it back gives the same
    read = await api.get(f"{BASE}/{created['id']}")
    assert read.status_code == 200
    assert read.json() == created


async def test_a_draft_with_problems_is_saved_and_its_problems_come_back(api: Api) -> None:
    # Given a document that decodes but cannot run: no output node, a reference to a node that is not upstream
    spec = document(
        [node("start", "input"), node("a", template="{{ steps.b.output }}"), node("b", template="x")],
        [edge("start", "a"), edge("start", "b")],
    )

    # When it is saved
    response = await api.post(BASE, {"name": "Draft", "spec": spec})

    # Then it is saved, and the problems say why it cannot run yet
    assert response.status_code == 201
    codes = {p["code"] for p in response.json()["problems"]}
    assert codes == {"missing_output_node", "unknown_reference"}
    read = (await api.get(f"{BASE}/{response.json()['id']}")).json()
    assert {p["code"] for p in read["problems"]} == codes


async def test_a_document_that_does_not_decode_is_refused_with_every_problem(api: Api) -> None:
    # Given a document with a bad node id and a misspelt edge field
    spec = document(
        [node("1bad", "input"), node("end", "output")],
        [{"id": "e1", "souce": "1bad", "target": "end"}],
    )

    # When it is saved, then 422 lists both, located
    response = await api.post(BASE, {"name": "Broken", "spec": spec})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {e["code"] for e in errors} == {"invalid_document"}
    assert {(e.get("node_id"), e.get("edge_id")) for e in errors} == {("1bad", None), (None, "e1")}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"spec": pipeline()}, "name"),
        ({"name": "No spec"}, "spec"),
        ({"name": " ", "spec": pipeline()}, "name"),
        ({"name": "x" * 201, "spec": pipeline()}, "name"),
        (
            {"name": "Theirs", "spec": pipeline(), "owner_id": "00000000-0000-0000-0000-000000000000"},
            "owner_id",
        ),
    ],
)
async def test_create_refuses_a_body_without_what_it_needs(
    api: Api, body: dict[str, Any], field: str
) -> None:
    response = await api.post(BASE, body)
    assert response.status_code == 422
    assert field in response.text


async def test_renaming_keeps_the_version(api: Api) -> None:
    # Given a workflow at version 1
    created = await api.create("Old name")

    # When it is renamed (no based_on_version needed for a rename)
    response = await api.put(f"{BASE}/{created['id']}", {"name": "New name", "description": "Now with text"})

    # Then the name changed, the version did not
    assert response.status_code == 200
    updated = response.json()
    assert (updated["name"], updated["description"], updated["current_version"]) == (
        "New name",
        "Now with text",
        1,
    )
    assert updated["updated_at"] > created["updated_at"]
    assert len((await api.get(f"{BASE}/{created['id']}/versions")).json()) == 1


async def test_a_changed_spec_makes_a_new_immutable_version(api: Api) -> None:
    # Given a workflow at version 1
    created = await api.create()
    changed = pipeline(template="Now about {{ inputs.topic }}!")

    # When a changed spec is saved, based on version 1
    response = await api.put(f"{BASE}/{created['id']}", {"spec": changed, "based_on_version": 1})

    # Then it is version 2, and version 1 is still there as it was
    assert response.status_code == 200
    assert response.json()["current_version"] == 2
    assert response.json()["spec"]["nodes"][1]["config"]["template"] == "Now about {{ inputs.topic }}!"
    versions = (await api.get(f"{BASE}/{created['id']}/versions")).json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["created_by"] == api.user.id
    assert versions[0]["node_count"] == 3
    assert versions[0]["spec_hash"] != versions[1]["spec_hash"]
    first = (await api.get(f"{BASE}/{created['id']}/versions/1")).json()
    assert first["spec"] == created["spec"]
    assert first["version"] == 1
    assert first["spec_hash"] == versions[1]["spec_hash"]


async def test_re_saving_an_unchanged_spec_makes_no_version(api: Api) -> None:
    # Given a workflow, and its spec re-sent with keys in another order and defaults spelt out or left out
    created = await api.create()
    same = pipeline()
    same["nodes"] = [dict(reversed(list(n.items()))) | {"type_version": 1} for n in same["nodes"]]

    # When it is saved
    response = await api.put(f"{BASE}/{created['id']}", {"spec": same, "based_on_version": 1})

    # Then nothing changed: same version, same edit time
    assert response.status_code == 200
    assert response.json()["current_version"] == 1
    assert response.json()["updated_at"] == created["updated_at"]
    assert len((await api.get(f"{BASE}/{created['id']}/versions")).json()) == 1


async def test_a_stale_update_is_refused_with_the_current_version(api: Api) -> None:
    # Given two editors who opened version 1, and the first one saved version 2
    created = await api.create()
    first = await api.put(
        f"{BASE}/{created['id']}", {"spec": pipeline("A {{ inputs.topic }}"), "based_on_version": 1}
    )
    assert first.json()["current_version"] == 2

    # When the second saves their edit, still based on version 1
    second = await api.put(
        f"{BASE}/{created['id']}",
        {"spec": pipeline("B {{ inputs.topic }}"), "based_on_version": 1, "name": "B"},
    )

    # Then 409 tells them the current version, and nothing of theirs was saved
    assert second.status_code == 409
    assert second.json()["current_version"] == 2
    assert second.json()["status_code"] == 409
    current = (await api.get(f"{BASE}/{created['id']}")).json()
    assert (current["current_version"], current["name"]) == (2, "Demo")
    # A stale version on a rename is refused too; without one the rename goes through
    assert (await api.put(f"{BASE}/{created['id']}", {"name": "B", "based_on_version": 1})).status_code == 409
    assert (await api.put(f"{BASE}/{created['id']}", {"name": "B"})).status_code == 200


async def test_a_spec_needs_based_on_version(api: Api) -> None:
    created = await api.create()
    response = await api.put(f"{BASE}/{created['id']}", {"spec": pipeline("C {{ inputs.topic }}")})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "based_on_version"


async def test_delete_removes_the_workflow_its_versions_and_its_runs(api: Api, admin_url: str) -> None:
    # Given a workflow with two versions and a run
    created = await api.create()
    await api.put(
        f"{BASE}/{created['id']}", {"spec": pipeline("D {{ inputs.topic }}"), "based_on_version": 1}
    )
    run = await api.post(f"{BASE}/{created['id']}/runs", {"inputs": {"topic": "owls"}})
    assert run.status_code == 202, run.text

    # When it is deleted
    response = await api.delete(f"{BASE}/{created['id']}")

    # Then it is gone, with everything that hung off it
    assert response.status_code == 204
    assert (await api.get(f"{BASE}/{created['id']}")).status_code == 404
    assert (await api.delete(f"{BASE}/{created['id']}")).status_code == 404
    with psycopg.connect(admin_url) as conn:
        for table in ("workflow_versions", "runs"):
            row = conn.execute(
                f"select count(*) from public.{table} where workflow_id = %s",  # type: ignore[arg-type]
                (created["id"],),
            ).fetchone()
            assert row == (0,), table


async def test_unknown_ids_and_versions_are_404(api: Api) -> None:
    created = await api.create()
    missing = "00000000-0000-4000-8000-000000000000"
    assert (await api.get(f"{BASE}/{missing}")).status_code == 404
    assert (await api.get(f"{BASE}/{created['id']}/versions/9")).status_code == 404
    assert (await api.get(f"{BASE}/{missing}/versions/1")).status_code == 404
    assert (await api.get(f"{BASE}/not-a-uuid")).status_code in (404, 422)


async def test_another_users_workflow_is_404_everywhere_and_unchanged(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given Ada's workflow, and Bob, another signed-in user
    created = await api.create("Ada's")
    bob = api.as_user(sign_up(admin_url, settings))
    path = f"{BASE}/{created['id']}"

    # When Bob tries everything on it
    responses = {
        "get": await bob.get(path),
        "put rename": await bob.put(path, {"name": "Bob's now"}),
        "put spec": await bob.put(path, {"spec": pipeline(), "based_on_version": 1}),
        "delete": await bob.delete(path),
        "versions": await bob.get(f"{path}/versions"),
        "version": await bob.get(f"{path}/versions/1"),
        "export": await bob.get(f"{path}/export"),
        "duplicate": await bob.post(f"{path}/duplicate"),
    }

    # Then each is 404 (never 403), his list is empty, and Ada's workflow is as it was
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 404)
    assert (await bob.get(BASE)).json()["items"] == []
    assert (await api.get(path)).json() == created

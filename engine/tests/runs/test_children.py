"""A sub-workflow's child runs through the runs API: listed by their parent, each step showing
the run it started, a bad filter refused, and a child's history kept when its parent goes."""

from __future__ import annotations

from typing import Any

from orrery.settings import Settings
from orrery.store import runs
from orrery.store.database import Database
from tests.runner.conftest import Api, make_user
from tests.runner.test_scheduling import edge, node, workflow


async def _runs_with_a_child(api: Api, db: Database) -> tuple[str, str, str, str]:
    """(parent workflow, parent run, child workflow, child run): the child started by the
    parent's step `sub`, attempt 1, as the runner records it."""
    spec = workflow([node("start", "input"), node("result", "output")], [edge("start", "result")])
    parent_workflow = api.create_workflow(spec, name="Main")
    child_workflow = api.create_workflow(spec, name="Research")
    parent_run = (await api.start(parent_workflow)).json()["id"]
    async with db.as_user(api.user.claims) as conn:
        row, _ = await runs.insert_child_run(
            conn,
            workflow_id=child_workflow,
            version=1,
            inputs={},
            budgets={},
            parent=(parent_run, "sub", "", 1),
            depth=1,
        )
        await runs.upsert_step(
            conn, parent_run, "", "sub", 1, {"status": "waiting", "output": {"run_id": str(row["id"])}}
        )
    return parent_workflow, parent_run, child_workflow, str(row["id"])


async def test_a_runs_children_are_listed_by_parent_and_named_on_the_step(api: Api, db: Database) -> None:
    # Given a run whose step `sub` started a child run, and another run with none
    _, parent_run, child_workflow, child_run = await _runs_with_a_child(api, db)

    # When the user lists the runs of that parent, and reads it
    listed = await api.client.get("/api/v1/runs", params={"parent_run_id": parent_run}, headers=api.headers)
    parent = await api.run(parent_run)

    # Then the child alone is listed, linked to its parent's step; the step names its child
    assert listed.status_code == 200, listed.text
    [item] = listed.json()["items"]
    assert (item["id"], item["workflow_id"], item["workflow_name"]) == (child_run, child_workflow, "Research")
    assert (item["parent_run_id"], item["parent_node_id"], item["parent_scope"], item["depth"]) == (
        parent_run,
        "sub",
        None,
        1,
    )
    [sub] = [s for s in parent["steps"] if s["node_id"] == "sub"]
    assert sub["child_run_id"] == child_run
    assert all(s["child_run_id"] is None for s in parent["steps"] if s["node_id"] != "sub")


async def test_a_parent_filter_that_is_not_a_run_id_is_a_clear_400(api: Api) -> None:
    response = await api.client.get("/api/v1/runs", params={"parent_run_id": "nope"}, headers=api.headers)

    assert response.status_code == 400, response.text
    assert "parent_run_id" in response.text


async def test_another_users_children_are_not_listed(
    api: Api, db: Database, admin_url: str, settings: Settings
) -> None:
    # Given Ada's run with a child
    _, parent_run, _, _ = await _runs_with_a_child(api, db)

    # When Bob lists the children of her run
    bob = make_user(admin_url, settings.auth.jwt_secret)
    listed = await api.client.get(
        "/api/v1/runs", params={"parent_run_id": parent_run}, headers={"Authorization": f"Bearer {bob.token}"}
    )

    # Then he sees none
    assert listed.json()["items"] == []


async def test_deleting_the_parents_workflow_keeps_the_child_run(api: Api, db: Database) -> None:
    # Given a child run started by a run of "Main"
    parent_workflow, parent_run, _, child_run = await _runs_with_a_child(api, db)

    # When "Main" is deleted (its runs with it)
    response = await api.client.delete(f"/api/v1/workflows/{parent_workflow}", headers=api.headers)
    assert response.status_code == 204, response.text

    # Then the child, a run of another workflow, stays; it only forgets which run started it
    child: dict[str, Any] = await api.run(child_run)
    assert (child["parent_run_id"], child["parent_node_id"], child["depth"]) == (None, "sub", 1)
    gone = await api.client.get(f"/api/v1/runs/{parent_run}", headers=api.headers)
    assert gone.status_code == 404

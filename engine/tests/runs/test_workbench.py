"""The editor as a workbench: test one node with the last run's data, pins, forks.

A workflow fetches a page (an http node against a local server, so every execution is counted),
shouts its key (a transform) and outputs it. Test runs and forks must execute only what they
are for: the steps upstream of it are seeded, never executed."""

from __future__ import annotations

from typing import Any

from tests.runner.conftest import Api, WorkerProcess, make_user, steps_by_node
from tests.runner.test_scheduling import TOPIC, edge, node, workflow
from tests.support.local_server import LocalServer


def _fetch_and_shout(web: LocalServer) -> dict[str, Any]:
    return workflow(
        [
            node("start", "input"),
            node("fetch", "http", {"url": web.url("/switch?key={{ inputs.topic }}"), "max_attempts": 1}),
            node("shout", "transform", {"template": "{{ steps.fetch.output.body.key | upper }}!"}),
            node("result", "output", {"name": "headline", "value": "{{ steps.shout.output }}"}),
        ],
        [edge("start", "fetch"), edge("fetch", "shout"), edge("shout", "result")],
        TOPIC,
    )


def _fetches(web: LocalServer) -> list[str]:
    return [r["query"]["key"] for r in web.requests if r["path"] == "/switch"]


def _current(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: steps[-1] for n, steps in steps_by_node(run).items()}


async def _save_version_2(api: Api, workflow_id: str, spec: dict[str, Any]) -> None:
    """The user saves an edited document over version 1."""
    saved = await api.client.put(
        f"/api/v1/workflows/{workflow_id}", json={"spec": spec, "based_on_version": 1}, headers=api.headers
    )
    assert saved.status_code == 200, saved.text


async def _first_run(api: Api, workflow_id: str, topic: str) -> dict[str, Any]:
    response = await api.start(workflow_id, {"topic": topic})
    assert response.status_code == 202, response.text
    run = await api.wait(response.json()["id"])
    assert run["status"] == "succeeded", run
    return run


async def test_testing_a_node_executes_it_alone_with_the_last_runs_upstream_outputs(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a workflow that ran once, fetching "orbits"
    workflow_id = api.create_workflow(_fetch_and_shout(web))
    first = await _first_run(api, workflow_id, "orbits")
    assert _fetches(web) == ["orbits"]

    # When the user tests the shout node from the editor, with other inputs
    response = await api.post(
        f"/api/v1/workflows/{workflow_id}/test-runs", {"node_id": "shout", "inputs": {"topic": "comets"}}
    )
    assert response.status_code == 202, response.text
    assert response.json()["kind"] == "test"
    run = await api.wait(response.json()["id"])

    # Then only shout executed, reading the fetch output of the last run; nothing was fetched again
    assert run["status"] == "succeeded", run
    steps = _current(run)
    assert steps["shout"]["output"] == "ORBITS!"
    assert steps["shout"]["executions"] == 1
    assert _fetches(web) == ["orbits"]
    assert steps["fetch"]["seeded_from"] == first["id"]
    assert steps["fetch"]["executions"] == 0
    assert steps["result"]["status"] == "skipped"
    # and it is a run like any other: in the workflow's history, as a test
    listed = (
        await api.client.get(f"/api/v1/runs?workflow_id={workflow_id}&kind=test", headers=api.headers)
    ).json()
    assert [r["id"] for r in listed["items"]] == [run["id"]]


async def test_a_node_with_no_upstream_data_cannot_be_tested_yet(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a workflow that never ran
    workflow_id = api.create_workflow(_fetch_and_shout(web))

    # When the user tests the shout node
    body = {"node_id": "shout", "inputs": {"topic": "orbits"}}
    response = await api.post(f"/api/v1/workflows/{workflow_id}/test-runs", body)

    # Then it is refused, naming the node that has no output yet; and an unknown node is refused too
    assert response.status_code == 422, response.text
    assert "fetch" in response.json()["detail"]
    unknown = await api.post(f"/api/v1/workflows/{workflow_id}/test-runs", {**body, "node_id": "nope"})
    assert unknown.status_code == 422, unknown.text


async def test_a_pinned_output_feeds_test_runs_and_never_normal_runs(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a workflow whose fetch node has a pinned output, and that never ran
    workflow_id = api.create_workflow(_fetch_and_shout(web))
    pinned = {"status": 200, "body": {"key": "pinned"}}
    response = await api.client.put(
        f"/api/v1/workflows/{workflow_id}/pins/fetch", json={"output": pinned}, headers=api.headers
    )
    assert response.status_code == 200, response.text
    pins = (await api.client.get(f"/api/v1/workflows/{workflow_id}/pins", headers=api.headers)).json()
    assert [(p["node_id"], p["output"]) for p in pins] == [("fetch", pinned)]

    # When the user tests shout
    body = {"node_id": "shout", "inputs": {"topic": "orbits"}}
    response = await api.post(f"/api/v1/workflows/{workflow_id}/test-runs", body)
    assert response.status_code == 202, response.text
    tested = await api.wait(response.json()["id"])

    # Then it used the pin, and nothing was fetched
    assert _current(tested)["shout"]["output"] == "PINNED!"
    assert _current(tested)["fetch"]["seeded_from"] == "pin"
    assert _fetches(web) == []

    # When the user runs the workflow normally
    normal = await _first_run(api, workflow_id, "orbits")

    # Then the pin is ignored: fetch executed and the run used what it fetched
    assert normal["outputs"] == {"headline": "ORBITS!"}
    assert _fetches(web) == ["orbits"]
    assert all(s["seeded_from"] is None for s in normal["steps"])


async def test_another_user_sees_no_pins_and_cannot_test_the_workflow(
    api: Api, worker: WorkerProcess, web: LocalServer, admin_url: str, settings: Any
) -> None:
    # Given Alice pinned an output on her workflow
    workflow_id = api.create_workflow(_fetch_and_shout(web))
    put = await api.client.put(
        f"/api/v1/workflows/{workflow_id}/pins/fetch", json={"output": {"secret": 1}}, headers=api.headers
    )
    assert put.status_code == 200, put.text

    # When Bob asks for its pins, pins something on it, or tests one of its nodes
    bob = {"Authorization": f"Bearer {make_user(admin_url, settings.auth.jwt_secret).token}"}
    read = await api.client.get(f"/api/v1/workflows/{workflow_id}/pins", headers=bob)
    write = await api.client.put(
        f"/api/v1/workflows/{workflow_id}/pins/fetch", json={"output": 1}, headers=bob
    )
    test = await api.client.post(
        f"/api/v1/workflows/{workflow_id}/test-runs", json={"node_id": "shout"}, headers=bob
    )

    # Then the workflow does not exist for him
    assert (read.status_code, write.status_code, test.status_code) == (404, 404, 404)


async def test_a_pin_must_name_a_node_id(api: Api, worker: WorkerProcess, web: LocalServer) -> None:
    # Given a workflow
    workflow_id = api.create_workflow(_fetch_and_shout(web))

    # When the user pins an output under something that cannot be a node id
    response = await api.client.put(
        f"/api/v1/workflows/{workflow_id}/pins/{'x' * 300}", json={"output": 1}, headers=api.headers
    )

    # Then it is refused with a 422 that names the field, not a database error
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "node_id"


async def test_a_fork_reruns_a_step_and_what_follows_with_an_edited_input(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a finished run that fetched "orbits"
    workflow_id = api.create_workflow(_fetch_and_shout(web))
    origin = await _first_run(api, workflow_id, "orbits")

    # When the user forks it from shout, editing what shout reads from fetch
    edited = {"status": 200, "body": {"key": "edited"}}
    response = await api.post(
        f"/api/v1/runs/{origin['id']}/fork", {"from_node": "shout", "outputs": {"fetch": edited}}
    )
    assert response.status_code == 202, response.text
    fork = await api.wait(response.json()["id"])

    # Then shout and everything after it ran again with the edit; fetch was reused, not executed
    assert fork["status"] == "succeeded", fork
    assert fork["outputs"] == {"headline": "EDITED!"}
    assert _fetches(web) == ["orbits"]
    steps = _current(fork)
    assert (steps["shout"]["executions"], steps["result"]["executions"]) == (1, 1)
    assert steps["fetch"]["executions"] == 0
    assert steps["start"]["seeded_from"] == origin["id"]
    # and it names its origin, which is unchanged
    assert (fork["kind"], fork["forked_from_run_id"], fork["forked_from_step"]) == (
        "fork",
        origin["id"],
        "shout",
    )
    assert (await api.run(origin["id"]))["outputs"] == {"headline": "ORBITS!"}
    forks = (await api.client.get(f"/api/v1/runs?forked_from={origin['id']}", headers=api.headers)).json()
    assert [r["id"] for r in forks["items"]] == [fork["id"]]
    # and the workflow, its run and its fork can still be deleted together
    deleted = await api.client.delete(f"/api/v1/workflows/{workflow_id}", headers=api.headers)
    assert deleted.status_code == 204, deleted.text


async def test_a_fork_without_edits_reuses_upstream_and_reruns_downstream(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a finished run
    workflow_id = api.create_workflow(_fetch_and_shout(web))
    origin = await _first_run(api, workflow_id, "orbits")

    # When the user forks it from fetch
    response = await api.post(f"/api/v1/runs/{origin['id']}/fork", {"from_node": "fetch"})
    assert response.status_code == 202, response.text
    fork = await api.wait(response.json()["id"])

    # Then fetch ran again (a second request), start was reused from the origin
    assert fork["outputs"] == {"headline": "ORBITS!"}
    assert _fetches(web) == ["orbits", "orbits"]
    assert _current(fork)["start"]["seeded_from"] == origin["id"]
    assert _current(fork)["fetch"]["seeded_from"] is None


async def test_a_fork_onto_a_version_with_an_edited_config_reuses_the_origins_upstream(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a finished run of version 1, and a version 2 whose shout node whispers instead
    spec = _fetch_and_shout(web)
    workflow_id = api.create_workflow(spec)
    origin = await _first_run(api, workflow_id, "orbits")
    spec["nodes"][2]["config"]["template"] = "{{ steps.fetch.output.body.key | lower }}..."
    await _save_version_2(api, workflow_id, spec)

    # When the user forks the run from shout onto version 2
    response = await api.post(f"/api/v1/runs/{origin['id']}/fork", {"from_node": "shout", "version": 2})
    assert response.status_code == 202, response.text
    fork = await api.wait(response.json()["id"])

    # Then shout ran with its new config on the origin's fetch output, which was not fetched again
    assert fork["status"] == "succeeded", fork
    assert fork["workflow_version"] == 2
    assert fork["outputs"] == {"headline": "orbits..."}
    assert _fetches(web) == ["orbits"]


async def test_a_forks_seeded_steps_do_not_count_against_its_step_budget(
    api: Api, worker: WorkerProcess, web: LocalServer
) -> None:
    # Given a finished run of four steps, and a version 2 allowed two steps a run
    spec = _fetch_and_shout(web)
    workflow_id = api.create_workflow(spec)
    origin = await _first_run(api, workflow_id, "orbits")
    spec["settings"] = {"budgets": {"max_steps": 2}}
    await _save_version_2(api, workflow_id, spec)

    # When the user forks it from shout onto version 2: start and fetch are reused, two steps run
    response = await api.post(f"/api/v1/runs/{origin['id']}/fork", {"from_node": "shout", "version": 2})
    assert response.status_code == 202, response.text
    fork = await api.wait(response.json()["id"])

    # Then it succeeds: only the two steps it executed count against its budget of two
    assert fork["status"] == "succeeded", fork
    assert fork["outputs"] == {"headline": "ORBITS!"}
    steps = _current(fork)
    assert [steps[n]["seeded_from"] for n in ("start", "fetch")] == [origin["id"], origin["id"]]
    # and a fork from fetch (three steps to run) is stopped by the same budget
    response = await api.post(f"/api/v1/runs/{origin['id']}/fork", {"from_node": "fetch", "version": 2})
    over = await api.wait(response.json()["id"])
    assert over["status"] == "failed"
    assert over["error"]["code"] == "budget_exceeded"

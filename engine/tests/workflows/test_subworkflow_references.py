"""Sub-workflow references, checked against the user's own workflows when a workflow is saved,
read, validated or run: a workflow that is not there (or not theirs), a pinned version it does
not have, and a chain of sub-workflows that leads back to itself. A draft is saved with these
problems, as with any other; a run of it is refused, naming them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.workflows.helpers import Api, document, edge, node, sign_up

BASE = "/api/v1/workflows"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


def calling(workflow_id: str | None, **config: Any) -> dict[str, Any]:
    """input -> sub (runs `workflow_id` with the topic) -> output."""
    sub = {"inputs": {"topic": "{{ inputs.topic }}"}, **config}
    if workflow_id is not None:
        sub["workflow_id"] = workflow_id
    return document(
        [node("start", "input"), node("sub", "subworkflow", **sub), node("end", "output")],
        [edge("start", "sub"), edge("sub", "end")],
        topic={"type": "string"},
    )


async def save(api: Api, workflow: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    response = await api.put(
        f"{BASE}/{workflow['id']}", {"spec": spec, "based_on_version": workflow["current_version"]}
    )
    assert response.status_code == 200, response.text
    saved: dict[str, Any] = response.json()
    return saved


def codes(problems: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    return [(p["code"], p.get("node_id"), p.get("path")) for p in problems]


async def test_a_workflow_that_runs_another_of_yours_has_no_problem(api: Api) -> None:
    # Given Ada's "Research" workflow
    research = await api.create("Research")

    # When she saves a workflow that runs it, pinned or not
    latest = await api.create("Main", calling(research["id"]))
    pinned = await api.create("Pinned", calling(research["id"], version=1))

    # Then neither has a problem
    assert (latest["problems"], pinned["problems"]) == ([], [])


async def test_a_workflow_that_runs_itself_is_saved_as_a_draft_with_a_cycle(api: Api) -> None:
    # Given Ada's workflow
    main = await api.create("Main")

    # When she saves a version whose sub-workflow step runs that same workflow
    saved = await save(api, main, calling(main["id"]))

    # Then it is saved, with the cycle on the step
    assert saved["current_version"] == 2
    assert codes(saved["problems"]) == [("subworkflow_cycle", "sub", "config.workflow_id")]
    assert "this workflow" in saved["problems"][0]["message"]

    # And a run of it is refused, naming the problem
    response = await api.post(f"{BASE}/{main['id']}/runs", {"inputs": {"topic": "x"}})
    assert response.status_code == 422, response.text
    assert "subworkflow_cycle" in [e["code"] for e in response.json()["errors"]]


async def test_a_chain_back_to_the_first_workflow_is_a_cycle_wherever_it_is_saved(api: Api) -> None:
    # Given Main runs Research
    research = await api.create("Research")
    main = await api.create("Main", calling(research["id"]))
    assert main["problems"] == []

    # When Research is changed to run Main
    saved = await save(api, research, calling(main["id"]))

    # Then Research is saved with the cycle (Main -> Research again)...
    assert codes(saved["problems"]) == [("subworkflow_cycle", "sub", "config.workflow_id")]
    assert "“Main” → this workflow" in saved["problems"][0]["message"]

    # ...and Main shows it too, and neither can run
    main_now = (await api.get(f"{BASE}/{main['id']}")).json()
    assert codes(main_now["problems"]) == [("subworkflow_cycle", "sub", "config.workflow_id")]
    assert "“Research” → this workflow" in main_now["problems"][0]["message"]
    for workflow_id in (main["id"], research["id"]):
        response = await api.post(f"{BASE}/{workflow_id}/runs", {"inputs": {"topic": "x"}})
        assert response.status_code == 422, response.text


async def test_missing_foreign_and_unchosen_workflows_are_not_found(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given a workflow of Bob's
    bob = api.as_user(sign_up(admin_url, settings))
    bobs = await bob.create("Bob's")

    # When Ada saves workflows that run a workflow that never existed, Bob's, or none yet
    missing = await api.create("Missing", calling(str(uuid.uuid4())))
    foreign = await api.create("Foreign", calling(bobs["id"]))
    unchosen = await api.create("Unchosen", calling(None))

    # Then each is saved with `subworkflow_not_found` on the step (Bob's is not hers to see)
    for saved in (missing, foreign, unchosen):
        assert codes(saved["problems"]) == [("subworkflow_not_found", "sub", "config.workflow_id")]
    assert "Choose" in unchosen["problems"][0]["message"]
    assert bobs["id"] in foreign["problems"][0]["message"]

    # And validating the same document says so too
    response = await api.post(f"{BASE}/validate", {"spec": calling(bobs["id"])})
    assert response.status_code == 200
    assert response.json()["valid"] is False
    assert codes(response.json()["errors"]) == [("subworkflow_not_found", "sub", "config.workflow_id")]


async def test_a_pinned_version_must_exist(api: Api) -> None:
    research = await api.create("Research")

    pinned = await api.create("Main", calling(research["id"], version=7))

    assert codes(pinned["problems"]) == [("subworkflow_version_not_found", "sub", "config.version")]
    assert "no version 7" in pinned["problems"][0]["message"]


async def test_validate_finds_a_cycle_given_the_workflow_being_edited(api: Api) -> None:
    # Given Research runs Main (Main does not run anything yet)
    main = await api.create("Main")
    research = await api.create("Research", calling(main["id"]))
    assert research["problems"] == []
    draft = calling(research["id"])

    # When the editor validates a draft of Main that runs Research, saying which workflow it edits
    edited = await api.post(f"{BASE}/validate", {"spec": draft, "workflow_id": main["id"]})
    unsaid = await api.post(f"{BASE}/validate", {"spec": draft})

    # Then the cycle is found; without the workflow's id, nothing leads back to a known workflow
    assert codes(edited.json()["errors"]) == [("subworkflow_cycle", "sub", "config.workflow_id")]
    assert unsaid.json() == {"valid": True, "errors": []}


async def test_a_cycle_further_down_the_chain_is_found_too(api: Api) -> None:
    # Given Research and Notes run each other (a cycle that does not include Main)
    notes = await api.create("Notes")
    research = await api.create("Research", calling(notes["id"]))
    await save(api, notes, calling(research["id"]))

    # When Main runs Research
    main = await api.create("Main", calling(research["id"]))

    # Then Main's step would never end: a cycle, with the chain
    assert codes(main["problems"]) == [("subworkflow_cycle", "sub", "config.workflow_id")]
    assert "“Research” → “Notes” → “Research”" in main["problems"][0]["message"]


async def test_an_import_that_runs_a_workflow_the_user_does_not_have_is_a_draft(api: Api) -> None:
    # Given an export from someone else, whose step ran one of their workflows
    export = {"format": "orrery.workflow-export/v1", "name": "Shared", "spec": calling(str(uuid.uuid4()))}

    # When Ada imports it
    response = await api.post(f"{BASE}/import", export)

    # Then it is saved (its node ids made fresh), and says what to fix
    assert response.status_code == 201, response.text
    [(code, node_id, path)] = codes(response.json()["problems"])
    assert (code, path) == ("subworkflow_not_found", "config.workflow_id")
    assert node_id is not None
    assert node_id.startswith("sub")

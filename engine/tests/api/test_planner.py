"""POST /api/v1/workflows/plan and /{id}/refine: a valid draft from a sentence (the demo
planner offline, or the user's saved key's model through structured output), bounded
input, and a proposed change to a saved workflow with its diff, never saved by itself."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import pytest
import respx
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.agents import (
    respx_httpx2,  # noqa: F401  (registers respx's "httpx2" mocker)
    shapes,
)
from tests.workflows.helpers import Api, sign_up

PLAN = "/api/v1/workflows/plan"
VALIDATE = "/api/v1/workflows/validate"
EXAMPLE = (
    "every Monday research three trending topics in my niche, write a script for each, "
    "and ask me before saving them to memory"
)


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


@pytest.fixture
def providers() -> Iterator[respx.MockRouter]:
    with respx.mock(using="httpx2", assert_all_called=False) as router:
        yield router


async def test_a_sentence_becomes_a_valid_unsaved_draft_on_the_demo_planner(api: Api) -> None:
    # Given a user with no workflows and no keys
    # When they describe what they want
    response = await api.post(PLAN, {"description": EXAMPLE})

    # Then they get a draft the validator accepts, labelled, with a note per node and the schedule
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["planner"], body["repair_rounds"], body["schedule"]) == ("demo", 0, "every Monday")
    # as a cron the editor can create on save (on the user's clock)
    assert body["schedule_proposal"] == {
        "phrase": "every Monday",
        "cron": "0 9 * * 1",
        "timezone": None,
        "summary": "every Monday at 09:00",
        "note": None,
    }
    validated = await api.post(VALIDATE, {"spec": body["document"]})
    assert validated.json() == {"valid": True, "errors": []}
    types = [n["type"] for n in body["document"]["nodes"]]
    assert {"agent", "map", "approval", "memory_write"} <= set(types)
    assert set(body["explanations"]) == {n["id"] for n in body["document"]["nodes"]}
    # and nothing was saved
    assert (await api.get("/api/v1/workflows")).json()["items"] == []


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({"description": "   "}, "description"),
        ({"description": ""}, "description"),
        ({"description": "x" * 2001}, "description"),
        ({}, "description"),
        (
            {"description": "write a poem", "credential_id": "00000000-0000-4000-8000-000000000000"},
            "credential_id",
        ),
    ],
    ids=["blank", "empty", "too long", "missing", "unknown credential"],
)
async def test_bad_requests_are_refused_naming_the_field(api: Api, body: dict[str, object], key: str) -> None:
    # When the request is empty, too long, or names a key the user does not have
    response = await api.post(PLAN, body)

    # Then it is a 422 naming what was wrong, never a 500
    assert response.status_code == 422, response.text
    assert key in json.dumps(response.json())


async def test_a_saved_key_plans_through_structured_output_and_its_model_is_named(
    api: Api, providers: respx.MockRouter
) -> None:
    # Given a saved OpenAI key, and OpenAI answering with an analysis (parallel writers), one
    # of whose tasks reads a template variable that does not exist
    key = await api.post(
        "/api/v1/credentials",
        {"provider": "openai", "label": "Work", "api_key": "sk-proj-PLANTED0123456789abcdef"},
    )
    assert key.status_code == 201, key.text
    analysis = {
        "goal": "A post and a thread about espresso",
        "schedule": "weekdays at 7am",
        "steps": [
            {"id": "research", "kind": "research", "title": "Research espresso", "task": "Research espresso",
             "explanation": "Facts first.", "after": [], "for_each": False},
            {"id": "post", "kind": "write", "title": "Blog post", "task": "Write a blog post",
             "explanation": "The long form.", "after": ["research"], "for_each": False},
            {"id": "thread", "kind": "write", "title": "Thread", "task": "Write an X thread on {{ topic }}",
             "explanation": "The short form.", "after": ["research"], "for_each": False},
        ],
    }  # fmt: skip
    route = providers.post(shapes.OPENAI_URL).mock(
        return_value=shapes.openai_tool_call("final_result", json.dumps(analysis))
    )

    # When the user plans with it
    response = await api.post(
        PLAN,
        {
            "description": "a blog post and a thread about espresso",
            "credential_id": key.json()["id"],
            "model": "gpt-4o-mini",
        },
    )

    # Then the model was asked once, with the analysis schema as its output tool
    assert response.status_code == 200, response.text
    sent = json.loads(route.calls[0].request.content)
    assert sent["model"] == "gpt-4o-mini"
    assert "steps" in json.dumps(sent["tools"])
    # and the draft is the model's plan: its agents use the key's model, the writers in parallel
    body = response.json()
    assert body["planner"] == "openai:gpt-4o-mini"
    # (repaired in one round: the unknown variable reads the request instead)
    assert body["repair_rounds"] == 1
    nodes = {n["id"]: n for n in body["document"]["nodes"]}
    assert nodes["post"]["config"]["credential_id"] == key.json()["id"]
    assert nodes["thread"]["config"]["model"] == "gpt-4o-mini"
    assert nodes["thread"]["config"]["prompt"].startswith("Write an X thread on {{ inputs.brief }}")
    edges = {(e["source"], e["target"]) for e in body["document"]["edges"]}
    assert {("research", "post"), ("research", "thread")} <= edges
    assert body["explanations"]["post"] == "The long form."
    assert (await api.post(VALIDATE, {"spec": body["document"]})).json()["valid"] is True
    # and the schedule the model read goes through the same parser as the demo planner's
    assert (body["schedule"], body["schedule_proposal"]["cron"]) == ("weekdays at 7am", "0 7 * * 1-5")


async def test_a_provider_that_refuses_the_key_is_a_502_naming_it(
    api: Api, providers: respx.MockRouter
) -> None:
    # Given a saved key the provider refuses
    key = await api.post(
        "/api/v1/credentials",
        {"provider": "openai", "label": "Old", "api_key": "sk-proj-PLANTEDrevoked0123456789"},
    )
    providers.post(shapes.OPENAI_URL).mock(return_value=shapes.openai_401("sk-proj-PLANTEDrevoked0123456789"))

    # When the user plans with it
    response = await api.post(PLAN, {"description": "write a poem", "credential_id": key.json()["id"]})

    # Then it is a 502 that says the model could not plan, without the key
    assert response.status_code == 502, response.text
    assert "could not plan" in response.json()["detail"]
    assert "PLANTEDrevoked" not in response.text


async def test_refining_proposes_an_approval_with_its_diff_and_saves_nothing(api: Api) -> None:
    # Given a saved workflow drafted from a sentence
    draft = (
        await api.post(PLAN, {"description": "Research espresso, then write a blog post about it"})
    ).json()
    saved = await api.create("Espresso", draft["document"])

    # When the user asks for a change
    response = await api.post(
        f"/api/v1/workflows/{saved['id']}/refine", {"instruction": "ask me before the blog post is written"}
    )

    # Then the proposal adds an approval before the writer, valid, based on the saved version
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(c["type"]) for c in body["diff"]["added"]] == ["approval"]
    assert body["diff"]["removed"] == []
    assert body["based_on_version"] == saved["current_version"]
    assert (await api.post(VALIDATE, {"spec": body["document"]})).json()["valid"] is True
    approval = body["diff"]["added"][0]["id"]
    writer = next(n["id"] for n in body["document"]["nodes"] if n["label"] == "Write a blog post")
    assert (approval, writer, "approved") in {
        (e["source"], e["target"], e["source_handle"]) for e in body["document"]["edges"]
    }
    # and the saved workflow is unchanged until the user accepts (saves) it
    again = (await api.get(f"/api/v1/workflows/{saved['id']}")).json()
    assert again["current_version"] == saved["current_version"]
    assert again["spec"] == saved["spec"]


async def test_refining_adds_removes_steps_and_another_users_workflow_is_not_there(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given a saved two-step workflow
    draft = (
        await api.post(PLAN, {"description": "Research espresso, then write a blog post about it"})
    ).json()
    saved = await api.create("Espresso", draft["document"])
    refine = f"/api/v1/workflows/{saved['id']}/refine"

    # When the user asks for another step, then for one less
    added = (await api.post(refine, {"instruction": "then summarise it in three bullet points"})).json()
    removed = (await api.post(refine, {"instruction": "remove the research step"})).json()

    # Then each proposal says what it changes
    assert [c["type"] for c in added["diff"]["added"]] == ["agent"]
    assert added["diff"]["summary"].startswith("Adds 1 step")
    assert [c["type"] for c in removed["diff"]["removed"]] == ["agent"]
    assert removed["diff"]["removed"][0]["label"].startswith("Research")
    # and an empty instruction is a 422, another user's workflow a 404
    assert (await api.post(refine, {"instruction": " "})).status_code == 422
    bob = api.as_user(sign_up(admin_url, settings))
    assert (await bob.post(refine, {"instruction": "remove the research step"})).status_code == 404


async def test_a_saved_key_s_model_reads_a_change_and_names_the_step_it_is_about(
    api: Api, providers: respx.MockRouter
) -> None:
    # Given a saved workflow (research, then write) and a saved OpenAI key
    draft = (
        await api.post(PLAN, {"description": "Research espresso, then write a blog post about it"})
    ).json()
    saved = await api.create("Espresso", draft["document"])
    writer = next(n["id"] for n in saved["spec"]["nodes"] if n["label"] == "Write a blog post")
    key = await api.post(
        "/api/v1/credentials",
        {"provider": "openai", "label": "Work", "api_key": "sk-proj-PLANTED0123456789abcdef"},
    )
    # and OpenAI reading "let me see the draft first" as an approval before the writer, then
    # "also make a thread of it" as one step to add
    thread = {
        "goal": "A thread",
        "schedule": None,
        "steps": [{"id": "thread", "kind": "write", "title": "Thread", "task": "Write an X thread",
                   "explanation": "The short form.", "after": [], "for_each": False}],
    }  # fmt: skip
    route = providers.post(shapes.OPENAI_URL).mock(
        side_effect=[
            shapes.openai_tool_call(
                "final_result", json.dumps({"action": "approve", "target": writer, "side": "before"})
            ),
            shapes.openai_tool_call("final_result", json.dumps({"action": "add", "plan": thread})),
        ]
    )
    refine = f"/api/v1/workflows/{saved['id']}/refine"

    # When the user asks for a change in their own words, with the key
    first = await api.post(
        refine,
        {
            "instruction": "let me see the draft first",
            "credential_id": key.json()["id"],
            "model": "gpt-4o-mini",
        },
    )

    # Then the model was shown the workflow's steps, and its edit is the proposal: an approval
    # before the writer, labelled with the model, valid, nothing saved
    assert first.status_code == 200, first.text
    sent = json.dumps(json.loads(route.calls[0].request.content)["messages"])
    assert writer in sent
    assert "let me see the draft first" in sent
    body = first.json()
    assert body["planner"] == "openai:gpt-4o-mini"
    assert [c["type"] for c in body["diff"]["added"]] == ["approval"]
    approval = body["diff"]["added"][0]["id"]
    assert (approval, writer, "approved") in {
        (e["source"], e["target"], e["source_handle"]) for e in body["document"]["edges"]
    }
    assert (await api.post(VALIDATE, {"spec": body["document"]})).json()["valid"] is True

    # When they ask for more steps
    second = (
        await api.post(refine, {"instruction": "also make a thread of it", "credential_id": key.json()["id"]})
    ).json()

    # Then the model's steps go in before the output, reading the last step's output
    added = second["diff"]["added"]
    assert [c["type"] for c in added] == ["agent"]
    nodes = {n["id"]: n for n in second["document"]["nodes"]}
    assert writer in nodes[added[0]["id"]]["config"]["prompt"]
    assert (await api.post(VALIDATE, {"spec": second["document"]})).json()["valid"] is True
    again = (await api.get(f"/api/v1/workflows/{saved['id']}")).json()
    assert again["current_version"] == saved["current_version"]

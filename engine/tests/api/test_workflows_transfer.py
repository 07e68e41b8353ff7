"""Export, import and duplicate over HTTP, and creating a workflow from a template."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from orrery.workflows.templates import load_templates
from tests.workflows.helpers import Api, sign_up

BASE = "/api/v1/workflows"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


def _ids_back(spec: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """`spec` with its node and edge ids replaced by the original's (they correspond by position)."""
    text = msgspec.json.encode(spec).decode()
    pairs = [(n["id"], o["id"]) for n, o in zip(spec["nodes"], original["nodes"], strict=True)]
    pairs += [(e["id"], o["id"]) for e, o in zip(spec["edges"], original["edges"], strict=True)]
    for new, old in pairs:
        text = text.replace(new, old)
    restored: dict[str, Any] = msgspec.json.decode(text)
    return restored


async def test_export_then_import_round_trips_with_fresh_ids(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given Ada's workflow from the YouTube template
    created = (await api.post(BASE, {"template": "youtube-video", "name": "My channel"})).json()

    # When she exports it
    response = await api.get(f"{BASE}/{created['id']}/export")

    # Then the export is self-contained
    assert response.status_code == 200
    exported = response.json()
    assert exported["format"] == "orrery.workflow-export/v1"
    assert (exported["name"], exported["description"]) == ("My channel", created["description"])
    assert exported["spec"] == created["spec"]
    assert exported["exported_at"]

    # When Bob, on another account, imports it
    bob = api.as_user(sign_up(admin_url, settings))
    imported = await bob.post(f"{BASE}/import", exported)

    # Then he has a new workflow, version 1, valid, with fresh ids and references rewritten to them
    assert imported.status_code == 201, imported.text
    copy = imported.json()
    assert copy["id"] != created["id"]
    assert (copy["name"], copy["current_version"], copy["problems"]) == ("My channel", 1, [])
    old_ids = {n["id"] for n in created["spec"]["nodes"]} | {e["id"] for e in created["spec"]["edges"]}
    new_ids = {n["id"] for n in copy["spec"]["nodes"]} | {e["id"] for e in copy["spec"]["edges"]}
    assert not old_ids & new_ids
    script = next(n for n in copy["spec"]["nodes"] if n["label"] == "Scriptwriter")
    outline = next(n for n in copy["spec"]["nodes"] if n["label"] == "Outliner")
    assert f"steps.{outline['id']}.output" in script["config"]["prompt"]
    # And up to ids it is the original
    assert _ids_back(copy["spec"], created["spec"]) == created["spec"]
    assert (await bob.post("/api/v1/workflows/validate", {"spec": copy["spec"]})).json()["valid"] is True


async def test_importing_a_name_you_already_have_marks_the_copy(api: Api) -> None:
    # Given a workflow named "Clips", exported
    created = await api.create("Clips")
    exported = (await api.get(f"{BASE}/{created['id']}/export")).json()

    # When it is imported back twice
    first = (await api.post(f"{BASE}/import", exported)).json()
    second = (await api.post(f"{BASE}/import", exported)).json()

    # Then the names say which is which
    assert (first["name"], second["name"]) == ("Clips (imported)", "Clips (imported 2)")


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"format": "orrery.workflow-export/v0"}, 422),
        ({"spec": {"schema": "orrery.workflow/v1", "nodes": [{"id": "9", "type": "input"}]}}, 422),
        ({"name": ""}, 422),
    ],
    ids=["unknown format", "spec that does not decode", "blank name"],
)
async def test_an_import_that_is_not_an_export_is_refused(
    api: Api, change: dict[str, Any], status: int
) -> None:
    created = await api.create()
    exported = (await api.get(f"{BASE}/{created['id']}/export")).json()
    response = await api.post(f"{BASE}/import", exported | change)
    assert response.status_code == status
    assert len((await api.get(BASE)).json()["items"]) == 1


async def test_duplicate_copies_the_current_version_as_a_new_workflow(api: Api) -> None:
    # Given a workflow at version 2
    created = await api.create("Newsletter")
    await api.put(f"{BASE}/{created['id']}", {"spec": load_templates()[2].spec, "based_on_version": 1})

    # When it is duplicated, twice
    first = await api.post(f"{BASE}/{created['id']}/duplicate")
    second = await api.post(f"{BASE}/{created['id']}/duplicate")

    # Then each copy starts at version 1 with the current spec, named as a copy
    assert first.status_code == 201
    copy = first.json()
    assert (copy["name"], copy["current_version"]) == ("Newsletter (copy)", 1)
    current = (await api.get(f"{BASE}/{created['id']}")).json()
    assert copy["spec"] == current["spec"]
    assert copy["spec_hash"] == current["spec_hash"]
    assert second.json()["name"] == "Newsletter (copy 2)"


async def test_templates_are_listed_and_a_workflow_can_start_from_one(api: Api) -> None:
    # When Ada lists the templates
    listed = await api.get("/api/v1/templates")

    # Then she sees each with its size
    assert listed.status_code == 200
    templates = listed.json()
    assert [t["slug"] for t in templates] == [
        "youtube-video",
        "short-form-clips",
        "blog-to-newsletter",
        "script-in-my-channels-voice",
        "panel-discussion",
        "explainer-video",
        "chat-assistant",
    ]
    # (a chat assistant is small: message, knowledge, agent, reply)
    assert all(t["name"] and t["description"] and t["node_count"] >= 4 for t in templates)
    one = (await api.get("/api/v1/templates/short-form-clips")).json()
    assert len(one["spec"]["nodes"]) == templates[1]["node_count"]
    assert (await api.get("/api/v1/templates/nope")).status_code == 404

    # When she creates workflows from each, naming one
    for template in templates:
        body = {"template": template["slug"]} | (
            {"name": "Mine"} if template["slug"] == "youtube-video" else {}
        )
        response = await api.post(BASE, body)

        # Then each is valid, named after the template unless she named it
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["problems"] == []
        assert created["name"] == ("Mine" if template["slug"] == "youtube-video" else template["name"])
        assert created["description"] == template["description"]


async def test_a_template_and_a_spec_together_or_an_unknown_template_are_422(api: Api) -> None:
    both = await api.post(BASE, {"template": "youtube-video", "spec": load_templates()[0].spec})
    unknown = await api.post(BASE, {"template": "no-such-template"})
    assert (both.status_code, unknown.status_code) == (422, 422)
    assert "youtube-video" in unknown.json()["errors"][0]["message"]

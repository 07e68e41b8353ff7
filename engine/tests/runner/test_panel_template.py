"""The "Panel discussion" template, run as a user runs it, on the offline demo model."""

from __future__ import annotations

from orrery.workflows.templates import find_template
from tests.runner.conftest import Api, WorkerProcess, steps_by_node
from tests.runner.containers import body_steps


async def test_the_panel_debates_until_the_moderator_says_they_agree(api: Api, worker: WorkerProcess) -> None:
    # Given the template as a user's workflow
    template = find_template("panel-discussion")
    assert template is not None
    workflow_id = api.create_workflow(template.spec, name=template.name)

    # When it runs on a topic
    response = await api.start(workflow_id, {"topic": "a short video about coral reef fish"})
    run = await api.wait(response.json()["id"], timeout=90)

    # Then it succeeds: the demo moderator disagrees in round 1, agrees in round 2, and that ends it
    assert run["status"] == "succeeded", run
    outcome = run["outputs"]["conclusion"]
    assert (outcome["rounds"], outcome["ended_by"]) == (2, "condition")
    assert outcome["conclusion"]
    verdicts = {scope: s["output"]["agree"] for scope, s in body_steps(run, "moderator").items()}
    assert verdicts == {"panel[0]": False, "panel[1]": True}
    # and in round 2 every persona was shown round 1's minutes
    minutes = outcome["minutes"]
    for persona in ("producer", "sceptic", "advocate"):
        assert body_steps(run, persona)["panel[1]"]["input"]["loop"]["results"] == [minutes[0]]
    assert minutes[0].startswith("Round 1\nProducer: ")
    assert "(not agreed yet)" in minutes[0]
    assert "(agreed)" in minutes[1]
    assert steps_by_node(run)["conclusion"][-1]["status"] == "succeeded"

"""The starter templates: each one a valid workflow, laid out left to right for the editor."""

from __future__ import annotations

import itertools

import pytest

from orrery.nodes import default_registry
from orrery.spec import Graph, Nesting, decode_workflow, validate
from orrery.workflows.templates import Template, find_template, load_templates

TEMPLATES = load_templates()


def test_there_are_at_least_three_from_the_content_and_video_domain() -> None:
    assert [t.slug for t in TEMPLATES] == [
        "youtube-video",
        "short-form-clips",
        "blog-to-newsletter",
        "script-in-my-channels-voice",
        "panel-discussion",
        "explainer-video",
        "chat-assistant",
    ]
    assert find_template("short-form-clips") is TEMPLATES[1]
    assert find_template("nope") is None


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.slug for t in TEMPLATES])
def test_each_template_validates_with_no_problems(template: Template) -> None:
    doc = decode_workflow(template.spec)
    assert validate(doc, default_registry()) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.slug for t in TEMPLATES])
def test_each_template_runs_on_the_demo_provider_and_reads_left_to_right(template: Template) -> None:
    doc = decode_workflow(template.spec)
    # Runnable without a saved key
    assert {n.config.get("provider") for n in doc.nodes if n.type == "agent"} == {"demo"}
    # Every edge goes rightwards, one column (280 px) or more; nodes in a column are 140 px or more apart
    # (a body node's position is inside its container's)
    x = {n.id: n.position.x for n in doc.nodes}
    assert all(x[e.target] - x[e.source] >= 280 for e in doc.edges)
    columns: dict[float, list[float]] = {}
    for n in doc.nodes:
        columns.setdefault(n.position.x, []).append(n.position.y)
    for ys in columns.values():
        ys.sort()
        assert all(b - a >= 140 for a, b in itertools.pairwise(ys))
    # One input node at the start, one output node at the end (of the top level)
    graph = Nesting(doc).level(None)
    types = {n.id: n.type for n in doc.nodes}
    assert [types[n] for n in graph.roots()] == ["input"]
    assert [types[n] for n in graph.sinks()] == ["output"]


def test_together_they_show_every_node_type_but_http() -> None:
    used = {n["type"] for t in TEMPLATES for n in t.spec["nodes"]}
    assert used == {
        "input",
        "agent",
        "transform",
        "router",
        "approval",
        "output",
        "memory_search",
        "memory_write",
        "loop",
        "map",
        "image",
        "speech",
        "video",
    }


def test_the_parallel_template_fans_out_to_three_agents_and_joins_them() -> None:
    doc = decode_workflow(TEMPLATES[1].spec)
    graph = Graph.from_workflow(doc)
    assert graph.successors("highlights") == ["clip_hook", "clip_insight", "clip_story"]
    assert graph.predecessors("collect") == ["clip_hook", "clip_insight", "clip_story"]


def test_the_router_template_routes_on_the_channel_input() -> None:
    doc = decode_workflow(TEMPLATES[2].spec)
    assert doc.inputs["channel"].enum == ["newsletter", "social", "both"]
    router = next(n for n in doc.nodes if n.type == "router")
    assert [r["name"] for r in router.config["routes"]] == ["newsletter", "social"]


def test_the_channel_voice_template_reads_memory_and_writes_back_the_approved_script() -> None:
    doc = decode_workflow(find_template("script-in-my-channels-voice").spec)  # type: ignore[union-attr]
    nodes = {n.id: n for n in doc.nodes}
    graph = Graph.from_workflow(doc)
    # The style guide and past scripts come from the "Channel brain" before anything is written
    assert nodes["recall"].type == "memory_search"
    assert nodes["recall"].config["collection"] == "Channel brain"
    assert "{{ steps.recall.output.text }}" in nodes["draft"].config["prompt"]
    # The scriptwriter may search it too, and both agents remember the run's conversation
    assert nodes["draft"].config["memory"]["collections"] == ["Channel brain"]
    assert nodes["draft"].config["short_term_memory"]["enabled"] is True
    assert nodes["tighten"].config["short_term_memory"]["enabled"] is True
    assert set(nodes["tighten"].config["output_schema"]["required"]) == {"title", "hook", "script"}
    # Only an approved script is saved back, marked as a script
    assert graph.predecessors("remember") == ["review"]
    review_edge = next(e for e in doc.edges if e.target == "remember")
    assert review_edge.source_handle == "approved"
    assert nodes["remember"].config["collection"] == "Channel brain"
    assert nodes["remember"].config["metadata"] == {"kind": "script"}


def test_the_panel_template_loops_over_three_personas_until_the_moderator_agrees() -> None:
    doc = decode_workflow(find_template("panel-discussion").spec)  # type: ignore[union-attr]
    nodes = {n.id: n for n in doc.nodes}
    nesting = Nesting(doc)
    # A loop of at most 3 rounds whose body is the three personas in turn, then the moderator
    assert nodes["panel"].type == "loop"
    assert nodes["panel"].config["max_iterations"] == 3
    body = nesting.level("panel")
    assert body.topological_order() == ["producer", "sceptic", "advocate", "moderator", "minutes"]
    # each persona sees the rounds so far, and the later ones this round's earlier answers
    for persona in ("producer", "sceptic", "advocate"):
        assert "loop.results" in nodes[persona].config["prompt"]
    assert "steps.producer.output" in nodes["advocate"].config["prompt"]
    # The moderator's structured verdict ends the loop when they agree
    verdict = nodes["moderator"].config["output_schema"]
    assert verdict["properties"]["agree"]["type"] == "boolean"
    assert nodes["panel"].config["until"] == {
        "left": "steps.moderator.output.agree",
        "op": "equals",
        "right": True,
    }
    # and a conclusion is written after the loop
    assert nesting.level(None).successors("panel") == ["conclusion"]

"""input, output, transform, router and approval: each node's execute, through the registry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from msgspec import UNSET

from orrery.net import SafeHttpClient
from orrery.nodes import (
    ApprovalRejected,
    ApprovalTimedOut,
    DecisionRefused,
    LocalContext,
    NodeResult,
    TemplateRenderError,
    default_registry,
)
from orrery.nodes.approval import ApprovalConfig, decide, on_timeout
from orrery.spec import Node


@pytest.fixture
async def http() -> AsyncIterator[SafeHttpClient]:
    async with SafeHttpClient() as client:
        yield client


async def run(http: SafeHttpClient, type: str, config: dict[str, Any], **context: Any) -> NodeResult:
    ctx = LocalContext(http=http, node_id="n", **context)
    return await default_registry().execute(ctx, Node(id="n", type=type, config=config))


RESEARCH = {"research": {"title": "Owls", "score": 8, "tags": ["birds", "night"], "notes": ""}}


async def test_input_outputs_the_run_inputs(http: SafeHttpClient) -> None:
    result = await run(http, "input", {}, inputs={"topic": "owls"})
    assert result == NodeResult(output={"topic": "owls"})


async def test_output_passes_through_its_single_predecessor(http: SafeHttpClient) -> None:
    result = await run(http, "output", {}, steps=RESEARCH, predecessors=["research"])
    assert result.output == RESEARCH["research"]


async def test_output_with_several_predecessors_keys_them_by_node(http: SafeHttpClient) -> None:
    steps = {"a": 1, "b": None}
    result = await run(http, "output", {"name": "both"}, steps=steps, predecessors=["a", "b"])
    assert result.output == {"a": 1, "b": None}


async def test_output_renders_a_value_or_picks_fields(http: SafeHttpClient) -> None:
    value = await run(http, "output", {"value": "{{ steps.research.output.tags }}"}, steps=RESEARCH)
    assert value.output == ["birds", "night"]
    picked = await run(http, "output", {"pick": {"t": "steps.research.output.title"}}, steps=RESEARCH)
    assert picked.output == {"t": "Owls"}


async def test_transform_renders_text_and_json(http: SafeHttpClient) -> None:
    text = await run(http, "transform", {"template": "# {{ steps.research.output.title }}"}, steps=RESEARCH)
    assert text.output == "# Owls"
    data = await run(
        http,
        "transform",
        {
            "template": '{"title": {{ steps.research.output.title | tojson }}, "n": 1}',
            "output_format": "json",
        },
        steps=RESEARCH,
    )
    assert data.output == {"title": "Owls", "n": 1}


async def test_transform_json_that_does_not_parse_is_a_clear_error(http: SafeHttpClient) -> None:
    with pytest.raises(TemplateRenderError, match="not valid JSON"):
        await run(http, "transform", {"template": "{oops", "output_format": "json"})


async def test_transform_picks_paths_and_reports_missing_ones(http: SafeHttpClient) -> None:
    # Given pick paths, one of them missing
    config = {
        "mode": "pick",
        "pick": {"title": "steps.research.output.title", "first": "steps.research.output.tags[0]"},
    }
    assert (await run(http, "transform", config, steps=RESEARCH)).output == {
        "title": "Owls",
        "first": "birds",
    }

    missing = {"mode": "pick", "pick": {"x": "steps.research.output.summary"}}
    with pytest.raises(TemplateRenderError, match=r"`steps\.research\.output\.summary` is undefined"):
        await run(http, "transform", missing, steps=RESEARCH)
    lenient = {**missing, "on_missing": "null"}
    assert (await run(http, "transform", lenient, steps=RESEARCH)).output == {"x": None}


def _route(name: str, condition: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "condition": condition}


@pytest.mark.parametrize(
    ("condition", "holds"),
    [
        ({"left": "steps.research.output.title", "op": "equals", "right": "Owls"}, True),
        ({"left": "steps.research.output.score", "op": "equals", "right": 8.0}, True),
        ({"left": "steps.research.output.score", "op": "equals", "right": "8"}, False),
        ({"left": "steps.research.output.score", "op": "gt", "right": 7}, True),
        ({"left": "steps.research.output.score", "op": "lte", "right": 7}, False),
        ({"left": "steps.research.output.tags", "op": "contains", "right": "night"}, True),
        ({"left": "steps.research.output.title", "op": "contains", "right": "wl"}, True),
        ({"left": "steps.research.output.title", "op": "not_contains", "right": "cat"}, True),
        ({"left": "steps.research.output.notes", "op": "is_empty"}, True),
        ({"left": "steps.research.output.summary", "op": "exists"}, False),
        ({"left": "steps.research.output.summary", "op": "not_exists"}, True),
        ({"left": "steps.research.output.summary", "op": "equals", "right": None}, False),
        ({"left": "steps.research.output.summary", "op": "not_equals", "right": 1}, True),
        ({"left": "inputs.minutes", "op": "gte", "right": 10}, True),  # "12" counts as a number
        (
            {
                "all": [
                    {"left": "inputs.minutes", "op": "exists"},
                    {"not": {"left": "inputs.minutes", "op": "lt", "right": 5}},
                ]
            },
            True,
        ),
        (
            {
                "any": [
                    {"left": "inputs.minutes", "op": "equals", "right": 1},
                    {"left": "inputs.minutes", "op": "is_empty"},
                ]
            },
            False,
        ),
        ({"all": []}, True),
        ({"any": []}, False),
    ],
)
async def test_router_conditions(http: SafeHttpClient, condition: dict[str, Any], holds: bool) -> None:
    # Given a router with one route on the condition, and an else
    config = {"routes": [_route("yes", condition)]}

    # When it runs over upstream values
    result = await run(http, "router", config, steps=RESEARCH, inputs={"minutes": "12"})

    # Then it takes the route if the condition holds, else the else route
    assert result.handles == (["yes"] if holds else ["else"])
    assert result.output == {"routes": result.handles}


async def test_router_takes_the_first_match_or_every_match(http: SafeHttpClient) -> None:
    always = {"all": []}
    routes = [_route("a", {"any": []}), _route("b", always), _route("c", always)]
    assert (await run(http, "router", {"routes": routes})).handles == ["b"]
    assert (await run(http, "router", {"routes": routes, "match": "all"})).handles == ["b", "c"]


async def test_router_without_a_default_takes_nothing_when_nothing_matches(http: SafeHttpClient) -> None:
    config = {"routes": [_route("a", {"any": []})], "default_route": None}
    ctx = LocalContext(http=http)
    result = await default_registry().execute(ctx, Node(id="r", type="router", config=config))
    assert result.handles == []
    assert ctx.logs == [("Routes taken: none", {"routes": []})]


async def test_router_default_may_be_a_route(http: SafeHttpClient) -> None:
    config = {"routes": [_route("a", {"any": []}), _route("b", {"any": []})], "default_route": "b"}
    assert (await run(http, "router", config)).handles == ["b"]


async def test_approval_waits_with_the_rendered_message(http: SafeHttpClient) -> None:
    # Given an approval node over a script
    config = {
        "message": "Approve '{{ steps.research.output.title }}'?",
        "value": "{{ steps.research.output.tags }}",
    }

    # When it runs
    result = await run(http, "approval", config, steps=RESEARCH)

    # Then the step waits, showing the reviewer the message and the value under review
    assert result.waiting is True
    assert result.output == {"message": "Approve 'Owls'?", "value": ["birds", "night"]}


def test_an_approval_decision_gives_the_final_result() -> None:
    pending = {"message": "Ok?", "value": "draft"}
    editable = ApprovalConfig(allow_edit=True, rejected_handle=True)

    approved = decide(editable, pending, approved=True, comment="nice", edited="final")
    assert approved.handles == ["approved"]
    assert approved.output == {"message": "Ok?", "value": "final", "approved": True, "comment": "nice"}

    rejected = decide(editable, pending, approved=False, comment="no")
    assert rejected.handles == ["rejected"]
    assert rejected.output["value"] == "draft"

    with pytest.raises(ApprovalRejected, match="Rejected by the reviewer: too long"):
        decide(ApprovalConfig(), pending, approved=False, comment="too long")
    with pytest.raises(DecisionRefused, match="does not allow editing"):
        decide(ApprovalConfig(), pending, approved=True, edited="x")
    with pytest.raises(DecisionRefused, match="goes with an approval"):
        decide(editable, pending, approved=False, edited="x")
    assert decide(ApprovalConfig(), pending, approved=True, edited=UNSET).output["value"] == "draft"


def test_an_approval_timeout_applies_the_default_decision_or_fails() -> None:
    pending = {"message": "Ok?", "value": None}
    approve = ApprovalConfig(timeout_s=60, default_decision="approve")
    assert on_timeout(approve, pending).handles == ["approved"]
    with pytest.raises(ApprovalTimedOut):
        on_timeout(ApprovalConfig(timeout_s=60), pending)

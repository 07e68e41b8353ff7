"""Repair: a draft with validator problems is fixed from them in bounded rounds, or refused
with the problems that remain (a draft is never returned invalid)."""

from __future__ import annotations

import msgspec
import pytest

from orrery.nodes import default_registry
from orrery.planner import DraftInvalid, finish
from orrery.spec import Workflow, validate


def broken() -> Workflow:
    """What a careless model's plan could come to: a reference to a step that is not upstream,
    an unknown node type, an edge to nowhere, a config its type refuses and no output node."""
    return msgspec.convert(
        {
            "schema": "orrery.workflow/v1",
            "inputs": {"brief": {"type": "string", "default": "espresso"}},
            "nodes": [
                {"id": "start", "type": "input"},
                {
                    "id": "write",
                    "type": "agent",
                    "config": {"prompt": "Write about {{ steps.research.output }}", "temperature": 9},
                },
                {"id": "research", "type": "teleport", "label": "Research espresso"},
                {"id": "review", "type": "approval", "config": {"value": "{{ steps.nowhere.output }}"}},
                {"id": "post", "type": "agent", "config": {"prompt": "Post it"}},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "write"},
                {"id": "e2", "source": "write", "target": "research"},
                {"id": "e3", "source": "research", "target": "ghost"},
                {"id": "e4", "source": "research", "target": "review"},
                {"id": "e5", "source": "review", "target": "post", "source_handle": "maybe"},
            ],
        },
        Workflow,
    )


def test_a_broken_draft_is_repaired_into_a_valid_one_in_bounded_rounds() -> None:
    # Given a draft the validator finds six kinds of problem in
    doc = broken()
    codes = {p.code for p in validate(doc, default_registry())}
    assert codes >= {
        "invalid_config",
        "unknown_reference",
        "unknown_node_type",
        "dangling_edge",
        "unknown_handle",
        "missing_output_node",
    }

    # When it is finished (validated and repaired)
    finished = finish(doc, default_registry())

    # Then it validates, after at least one and at most three rounds, keeping the steps
    assert validate(finished.document, default_registry()) == []
    assert 1 <= finished.repair_rounds <= 3
    nodes = {n.id: n for n in finished.document.nodes}
    assert {"start", "write", "research", "review"} <= set(nodes)
    assert nodes["research"].type == "agent"
    assert "temperature" not in nodes["write"].config
    assert "{{ inputs.brief }}" in nodes["write"].config["prompt"]  # it read a later step
    assert nodes["review"].config["value"] == "{{ inputs.brief }}"
    assert any(n.type == "output" for n in nodes.values())
    assert all(e.target != "ghost" for e in finished.document.edges)
    assert ("review", "post", "approved") in {
        (e.source, e.target, e.source_handle) for e in finished.document.edges
    }


def test_a_draft_still_invalid_after_the_last_round_is_refused_with_its_problems() -> None:
    # Given the same broken draft and no repair rounds allowed
    # When it is finished
    with pytest.raises(DraftInvalid) as refused:
        finish(broken(), default_registry(), max_rounds=0)

    # Then it is refused (a 422), listing what is wrong, node by node
    assert refused.value.rounds == 0
    assert {"code": "unknown_node_type", "node_id": "research"} in [
        {"code": e["code"], "node_id": e.get("node_id")} for e in refused.value.errors
    ]

"""The planner corpus: each request a user might type drafts, on the demo planner, into a
valid workflow of the shape the corpus states (node types, parallel steps, approvals, maps)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from orrery.nodes import default_registry
from orrery.planner import plan_offline
from orrery.spec import validate
from tests.planner.shapes import shape

CORPUS = Path(__file__).with_name("corpus.json")
CASES: list[dict[str, Any]] = json.loads(CORPUS.read_text())["cases"]


def test_the_corpus_holds_at_least_twenty_requests() -> None:
    assert len(CASES) >= 20
    assert len({case["description"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["description"][:40] for case in CASES])
def test_the_demo_planner_drafts_each_request_valid_and_in_its_expected_shape(case: dict[str, Any]) -> None:
    # Given a request from the corpus
    description = case["description"]

    # When the demo planner drafts it
    result = plan_offline(description)

    # Then the draft is valid, labelled, explained node by node, and has the expected shape
    assert validate(result.document, default_registry()) == []
    assert result.planner == "demo"
    assert set(result.explanations) == {node.id for node in result.document.nodes}
    assert all(text.strip() for text in result.explanations.values())
    assert shape(result.document) == {
        "types": sorted(case["types"]),
        "parallel": case["parallel"],
        "approvals": case["approvals"],
        "maps": case["maps"],
    }
    assert (result.schedule is not None) == case.get("schedule", False)

"""The sub-workflow node as its author sees it: this run's data mapped to the other workflow's
inputs, a child run asked for, and a step that waits for it (the runner resolves it)."""

from __future__ import annotations

import uuid

import pytest

from orrery.net import SafeHttpClient
from orrery.nodes import (
    ChildRunRequest,
    DecisionRefused,
    LocalContext,
    SubworkflowNotFound,
    Verdict,
    WorkflowReference,
    default_registry,
)
from orrery.spec import Node, decode_workflow

RESEARCH = str(uuid.uuid4())


async def test_it_maps_this_runs_data_to_the_childs_inputs_and_waits_for_the_child() -> None:
    # Given a step that runs "Research" v2 with the topic and the script's scene list
    config = {
        "workflow_id": RESEARCH,
        "version": 2,
        "inputs": {"topic": "About {{ inputs.topic }}", "scenes": "{{ steps.script.output.scenes }}"},
    }
    async with SafeHttpClient() as http:
        ctx = LocalContext(
            http=http,
            run_id="run-1",
            node_id="sub",
            inputs={"topic": "tides"},
            steps={"script": {"scenes": [1, 2]}},
        )

        # When it executes
        result = await default_registry().execute(ctx, Node(id="sub", type="subworkflow", config=config))

    # Then it asked for one child run with the rendered inputs (a lone reference keeps its type)
    assert ctx.child_runs == [
        ChildRunRequest(workflow_id=RESEARCH, version=2, inputs={"topic": "About tides", "scenes": [1, 2]})
    ]
    # And its step waits, showing which run it waits for
    assert result.waiting is True
    assert result.output == {"run_id": "run-1-child-1"}


async def test_a_step_with_no_workflow_chosen_fails_clearly() -> None:
    async with SafeHttpClient() as http:
        ctx = LocalContext(http=http)
        with pytest.raises(SubworkflowNotFound, match="Choose the workflow"):
            await default_registry().execute(ctx, Node(id="sub", type="subworkflow", config={}))
    assert ctx.child_runs == []


def test_it_waits_for_its_child_with_no_time_limit_and_takes_no_decision() -> None:
    bound = default_registry().bind(Node(id="sub", type="subworkflow", config={"workflow_id": RESEARCH}))

    assert bound.pure is False  # it starts a run
    assert bound.wait_limit_s() is None  # the child's own limits apply
    with pytest.raises(DecisionRefused):
        bound.resume({"run_id": "r"}, Verdict(approved=True))
    assert bound.reads == frozenset()


def test_the_registry_lists_the_workflows_a_document_runs() -> None:
    # Given a document with two sub-workflow steps (one not chosen yet) and a transform
    doc = decode_workflow(
        {
            "schema": "orrery.workflow/v1",
            "nodes": [
                {"id": "a", "type": "subworkflow", "config": {"workflow_id": RESEARCH, "version": 3}},
                {"id": "b", "type": "subworkflow", "config": {}},
                {"id": "c", "type": "transform", "config": {"template": "x"}},
                {"id": "d", "type": "subworkflow", "config": {"workflow_id": "not-a-uuid"}},
            ],
        }
    )

    # Then it names each reference with its node (an invalid config references nothing)
    assert default_registry().workflow_references(doc) == [
        ("a", WorkflowReference(workflow_id=RESEARCH, version=3)),
        ("b", WorkflowReference(workflow_id=None)),
    ]

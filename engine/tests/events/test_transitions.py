"""Every state change is built once, so a step's row and the event that tells it agree:
same status, same attempt, same moment, same facts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.nodes import ApprovalRejected

RUN = "run-1"
STATUS_OF_EVENT = {
    "step.queued": "queued",
    "step.started": "running",
    "step.waiting": "waiting",
    "step.succeeded": "succeeded",
    "step.failed": "failed",
    "step.retrying": "failed",
    "step.skipped": "skipped",
    "step.cancelled": "cancelled",
}


def only_step(change: t.Change) -> tuple[str, int, dict[str, Any], Any]:
    assert len(change.steps) == 1
    assert len(change.events) == 1
    _scope, node_id, attempt, fields = change.steps[0]
    return node_id, attempt, fields, change.events[0]


def test_each_step_transition_writes_the_status_its_event_tells() -> None:
    # Given one change of each kind for step `a`, attempt 2
    error = ev.ErrorInfo(code="boom", message="it broke")
    changes = [
        t.step_queued(RUN, "a", 2),
        t.step_started(RUN, "a", 2, input={"inputs": {}, "steps": {}}, executions=1, worker="w1"),
        t.step_waiting(RUN, "a", 2, pending={"message": "ok?"}, waiting_until=None),
        t.step_succeeded(RUN, "a", 2, output="done", duration_ms=5),
        t.step_failed(RUN, "a", 2, error=error),
        t.step_retrying(RUN, "a", 2, error=error, delay_s=0.25),
        t.step_skipped(RUN, "a", 2),
        t.step_cancelled(RUN, "a", 2),
    ]

    # Then each row says what its event says, about the same step attempt
    for change in changes:
        node_id, attempt, fields, event = only_step(change)
        kind = ev.event_type(event)
        assert (node_id, attempt) == (event.node_id, event.attempt) == ("a", 2)
        assert event.run_id == RUN
        assert fields["status"] == STATUS_OF_EVENT[kind], kind
        # and a step that ended did so at the moment its event says
        if "finished_at" in fields:
            assert fields["finished_at"] == event.at, kind


def test_a_success_carries_its_output_and_usage_to_the_row_the_event_and_the_run() -> None:
    usage = ev.Usage(tokens_in=10, tokens_out=4, cost_usd=0.5, model="demo:demo")

    change = t.step_succeeded(
        RUN, "a", 1, output={"x": 1}, handles=["yes"], usage=usage, transcript=[{"m": 1}]
    )

    _, _, fields, event = only_step(change)
    assert (fields["output"], fields["handles"]) == (event.output, event.handles) == ({"x": 1}, ["yes"])
    assert (fields["tokens_in"], fields["tokens_out"], fields["cost_usd"], fields["model"]) == (
        10,
        4,
        0.5,
        "demo:demo",
    )
    assert event.usage == usage
    assert fields["transcript"] == [{"m": 1}]
    assert change.usage == (10, 4, 0.5)


def test_a_started_step_keeps_its_whole_input_and_its_event_a_marker_past_the_cap() -> None:
    small = {"inputs": {"topic": "owls"}, "steps": {"a": "x"}}
    large = {"inputs": {}, "steps": {"a": "x" * (ev.MAX_EVENT_INPUT_BYTES + 1)}}

    _, _, small_fields, small_event = only_step(
        t.step_started(RUN, "b", 1, input=small, executions=1, worker="w")
    )
    _, _, large_fields, large_event = only_step(
        t.step_started(RUN, "b", 1, input=large, executions=1, worker="w")
    )

    assert small_fields["input"] == small_event.input == small
    assert large_fields["input"] == large
    assert large_event.input["truncated"] is True
    assert large_event.input["bytes"] > ev.MAX_EVENT_INPUT_BYTES
    assert small_fields["idempotency_key"] == f"{RUN}:b:1"


def test_a_decided_step_carries_the_decision_on_its_row_and_in_its_event() -> None:
    # Given a reviewer's approval with an edit, and a timeout's default rejection
    at = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    approval = ev.Decision(approved=True, comment="ok", decided_by="user-1", decided_at=at, edited=True)
    by_timeout = ev.Decision(approved=False, decided_at=at, by_timeout=True)

    approved = t.step_decided(
        RUN, "review", 1, decision=approval, output={"value": "v"}, handles=["approved"]
    )
    rejected = t.step_decided(
        RUN, "review", 1, decision=by_timeout, error=ev.ErrorInfo(code="rejected", message="no")
    )

    # Then each row has who, when and what; each event the same decision
    _, _, fields, event = only_step(approved)
    assert (fields["status"], event.decision) == ("succeeded", approval)
    assert (fields["decided_by"], fields["decided_at"], fields["finished_at"]) == ("user-1", at, at)
    assert fields["decision"] == {
        "approved": True,
        "comment": "ok",
        "decided_by": "user-1",
        "decided_at": "2026-12-06T12:00:00Z",
        "edited": True,
        "by_timeout": False,
    }
    _, _, fields, event = only_step(rejected)
    assert (fields["status"], event.error.code, event.decision) == ("failed", "rejected", by_timeout)
    assert fields["decided_by"] is None
    assert fields["decision"]["by_timeout"] is True


def test_a_verdict_the_node_turns_into_a_rejection_fails_the_step_with_its_code() -> None:
    decision = ev.Decision(approved=False, decided_by="u", decided_at=datetime.now(UTC))

    def reject() -> Any:
        raise ApprovalRejected("Rejected by the reviewer: off-brand")

    decided = t.step_verdict(RUN, "review", 1, decision=decision, resume=reject)

    assert decided.status == "failed"
    assert decided.error is not None
    assert (decided.error.code, decided.error.node_id) == ("rejected", "review")
    assert "off-brand" in decided.error.message


def test_a_run_ending_or_parking_is_conditional_on_no_cancel_and_a_cancel_by_the_api_fences_out() -> None:
    usage = ev.Usage(tokens_in=1)
    endings = [
        t.run_succeeded(RUN, outputs={"r": 1}, usage=usage, duration_ms=3),
        t.run_failed(RUN, error=ev.ErrorInfo(code="x", message="y"), duration_ms=3),
        t.run_waiting(RUN, waiting_nodes=["review"]),
    ]
    assert all(change.unless_cancelled for change in endings)
    assert [change.run["status"] for change in endings if change.run] == ["succeeded", "failed", "waiting"]

    by_api = t.run_cancelled(RUN, by_request=True)
    by_worker = t.run_cancelled(RUN)
    assert by_api.fence_out
    assert not by_worker.fence_out
    assert by_api.run is not None
    assert by_api.run["cancel_requested_at"] == by_api.run["finished_at"]
    assert not by_api.unless_cancelled


def test_changes_combine_their_rows_events_and_usage() -> None:
    a = t.step_succeeded(RUN, "a", 1, output=1, usage=ev.Usage(tokens_in=2, tokens_out=1, cost_usd=0.1))
    b = t.step_succeeded(RUN, "b", 1, output=2, usage=ev.Usage(tokens_in=3, tokens_out=0, cost_usd=0.2))

    both = t.combine([a, b, t.run_resumed()])

    assert [s[1] for s in both.steps] == ["a", "b"]
    assert [e.node_id for e in both.events] == ["a", "b"]
    assert both.usage is not None
    assert both.usage[:2] == (5, 1)
    assert both.run == {"status": "running"}

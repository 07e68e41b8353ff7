"""Step rows written several at a time (one statement per set of columns, the rows sent as one
JSON array) are exactly the rows the one-at-a-time writer makes: every column type, JSON
values of every shape, a started attempt that later succeeds keeping its start time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from orrery.events import transitions as t
from orrery.events import types as ev
from orrery.store import runs, runs_batched
from orrery.store.database import Database

from .rls_helpers import another_run, create_everything, create_user


def _fields(change: t.Change) -> tuple[str, str, int, dict[str, Any]]:
    scope, node, attempt, fields = change.steps[0]
    return scope, node, attempt, fields


def _steps(run_id: str) -> list[t.Change]:
    """A step started then succeeded with usage and handles, one failed, one with odd outputs."""
    at = datetime(2026, 12, 7, 11, 0, 0, 123456, tzinfo=UTC)
    return [
        t.step_started(
            run_id, "agent", 1, input={"inputs": {"q": "é"}, "steps": {}}, executions=2, worker="w1"
        ),
        t.step_succeeded(
            run_id,
            "agent",
            1,
            output={"text": "hi", "n": [1, 2.5, None, True]},
            handles=["yes", "other"],
            usage=ev.Usage(tokens_in=10, tokens_out=20, cost_usd=0.00012, model="demo", cached=True),
        ),
        t.step_failed(
            run_id,
            "http",
            1,
            error=ev.ErrorInfo(code="boom", message="it broke", details={"k": 1}),
            handled=True,
        ),
        t.step_succeeded(run_id, "empty", 1, output=None),
        t.step_succeeded(run_id, "text", 1, output="just text"),
        t.step_waiting(run_id, "gate", 1, pending={"draft": "x"}, waiting_until=at + timedelta(hours=1)),
    ]


def _read(admin_url: str, run_id: str) -> dict[str, dict[str, Any]]:
    columns = ", ".join(runs.STEP_COLUMNS)
    with psycopg.connect(admin_url) as conn, conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        rows = cur.execute(
            f"select node_id, scope, attempt, {columns} from run_steps where run_id = %s",
            (run_id,),
        ).fetchall()
    return {row["node_id"]: row for row in rows}


@pytest.mark.parametrize("commits", [1, 2])
async def test_steps_written_together_are_the_rows_written_one_by_one(
    db: Database, admin_url: str, commits: int
) -> None:
    # Given two runs of Alice's
    alice = await create_everything(db, create_user(admin_url))
    together, one_by_one = (another_run(admin_url, alice.user_id, alice.workflow_id) for _ in range(2))

    # When the same steps are written for one run several at a time (in one commit, or the
    # start in one and the rest in a second), and for the other one at a time
    steps = _steps(together)
    batches = [steps] if commits == 1 else [steps[:1], steps[1:]]
    for batch in batches:
        async with db.as_user(alice.claims) as conn:
            merged: dict[tuple[str, str, int], dict[str, Any]] = {}
            for change in batch:
                scope, node, attempt, fields = _fields(change)
                merged.setdefault((scope, node, attempt), {}).update(fields)
            rows = [(together, s, n, a, f) for (s, n, a), f in merged.items()]
            await runs_batched.upsert_steps(conn, rows)
    async with db.as_user(alice.claims) as conn:
        for change in steps:
            scope, node, attempt, fields = _fields(change)
            await runs.upsert_step(conn, one_by_one, scope, node, attempt, fields)

    # Then both runs have the same rows, column for column
    mine, reference = _read(admin_url, together), _read(admin_url, one_by_one)
    assert set(mine) == {"agent", "http", "empty", "text", "gate"}
    for node, row in reference.items():
        assert mine[node] == row, node
    # and they say what was written
    assert mine["agent"]["handles"] == ["yes", "other"]
    assert mine["agent"]["status"] == "succeeded"
    assert mine["agent"]["input"] == {"inputs": {"q": "é"}, "steps": {}}
    assert mine["agent"]["executions"] == 2
    assert mine["empty"]["output"] is None
    assert mine["text"]["output"] == "just text"

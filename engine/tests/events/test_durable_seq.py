"""A commit's events, of one run or several, are numbered after each run's last event, in the
order given, and move each run's counter once: the run's row is not rewritten per event."""

from __future__ import annotations

import psycopg

from orrery.events import durable
from orrery.events import transitions as t
from orrery.store.database import Connection, Database
from tests.store.rls_helpers import another_run, create_everything, create_user


def _started(run_id: str, *nodes: str) -> list[t.ev.RunEvent]:
    return [
        event
        for node in nodes
        for event in t.step_started(
            run_id, node, 1, input={"inputs": {}, "steps": {}}, executions=1, worker="w"
        ).events
    ]


async def _run_updates(conn: Connection) -> int:
    """Rows of `runs` updated by this transaction so far."""
    cur = await conn.execute(
        "select n_tup_upd from pg_stat_xact_user_tables where relid = 'public.runs'::regclass"
    )
    row = await cur.fetchone()
    assert row is not None
    return int(row["n_tup_upd"])


async def test_a_commits_events_are_numbered_per_run_and_each_run_row_moves_once(
    db: Database, admin_url: str
) -> None:
    # Given Alice's run with its `run.queued` (seq 1), and a second run of hers with no event yet
    alice = await create_everything(db, create_user(admin_url))
    other = another_run(admin_url, alice.user_id, alice.workflow_id)

    # When one commit appends three events of the first run and two of the second, in one statement
    async with db.as_user(alice.claims) as conn:
        before = await _run_updates(conn)
        pending = await durable.start_append_many(
            conn, [(alice.run_id, _started(alice.run_id, "a", "b", "c")), (other, _started(other, "x", "y"))]
        )
        stored = await pending.stored()
        updates = await _run_updates(conn) - before
        # and a second statement appends one more to the first run
        again = await durable.append(conn, alice.run_id, _started(alice.run_id, "d"))

    # Then each run's events follow its last one, in the order given
    assert [(e.seq, e.type) for e in stored[alice.run_id]] == [
        (2, "step.started"),
        (3, "step.started"),
        (4, "step.started"),
    ]
    assert [e.seq for e in stored[other]] == [1, 2]
    assert [e.seq for e in again] == [5]
    # and the statement updated each run's row once, not once per event
    assert updates == 2
    # and each run's counter says its last seq
    with psycopg.connect(admin_url) as conn:
        counters = dict(
            conn.execute(
                "select id::text, last_event_seq from runs where id = any(%s::uuid[])",
                ([alice.run_id, other],),
            ).fetchall()
        )
        numbered = conn.execute(
            "select data ->> 'node_id' from run_events "
            "where run_id = %s and type = 'step.started' order by seq",
            (alice.run_id,),
        ).fetchall()
    assert counters == {alice.run_id: 5, other: 2}
    assert [n[0] for n in numbered] == ["a", "b", "c", "d"]

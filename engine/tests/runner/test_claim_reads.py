"""A claim reads a run's steps and its attempt counters in one statement: what it gets is what
the two reads it replaces (`current_steps`, `highest_attempts`) give, retried and superseded
attempts and container iterations included."""

from __future__ import annotations

import psycopg

from orrery.runner import lease
from orrery.settings import Settings, load_settings
from orrery.store import runs
from orrery.store.database import Database
from tests.runner.conftest import make_user
from tests.runner.test_worker_admission import _deps, _queued_run

STEPS = [
    # (scope, node, attempt, status, superseded)
    ("", "start", 1, "succeeded", False),
    ("", "write", 1, "failed", True),  # a retry from `write` superseded its first two attempts
    ("", "write", 2, "failed", True),
    ("", "write", 3, "running", False),
    ("", "review", 1, "succeeded", True),  # superseded, not run again yet: no current attempt
    ("each[0]", "shape", 1, "succeeded", False),
    ("each[1]", "shape", 1, "failed", False),
    ("each[1]", "shape", 2, "succeeded", False),
]


async def test_a_claim_reads_the_steps_and_attempts_the_two_reads_gave(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database
) -> None:
    # Given a run with retried, superseded and iterated steps
    ada = make_user(admin_url, settings.auth.jwt_secret)
    run_id = _queued_run(admin_url, ada.id)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for scope, node_id, attempt, status, superseded in STEPS:
            conn.execute(
                "insert into run_steps (owner_id, run_id, scope, node_id, attempt, status, finished_at, "
                "superseded_at) values (%s, %s, %s, %s, %s, %s, "
                "case when %s in ('succeeded', 'failed') then now() end, case when %s then now() end)",
                (ada.id, run_id, scope, node_id, attempt, status, status, superseded),
            )
    async with worker_db.as_user(ada.claims) as conn:
        expected_steps = await runs.current_steps(conn, run_id)
        expected_attempts = await runs.highest_attempts(conn, run_id)

    # When a worker claims it
    claim = await lease.claim(
        _deps(worker_db, worker_db, load_settings(env, process="worker")), run_id, ada.claims
    )

    # Then it has the same steps (the latest attempt of each, superseded ones left out) and the
    # same counters (superseded attempts counted)
    assert not isinstance(claim, str), claim
    assert claim.steps == expected_steps
    assert claim.attempts == expected_attempts
    assert [(s["scope"], s["node_id"], s["attempt"]) for s in claim.steps] == [
        ("", "start", 1),
        ("", "write", 3),
        ("each[0]", "shape", 1),
        ("each[1]", "shape", 2),
    ]
    assert claim.attempts == {
        "": {"start": 1, "write": 3, "review": 1},
        "each[0]": {"shape": 1},
        "each[1]": {"shape": 2},
    }

"""A worker decodes and binds a workflow version once: the next runs of the same version take
its plan from the worker's `PlanCache`, and Postgres leaves the spec out of their claims. A new
version is read and planned anew, and a plan is never served to another user's run, even for
the very same document."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from orrery.runner import lease
from orrery.runner.deps import RunnerDeps
from orrery.runner.plan import RunPlan
from orrery.settings import Settings, load_settings
from orrery.store import runs
from orrery.store.database import Database
from tests.runner.conftest import User, make_user
from tests.runner.test_scheduling import edge, node, workflow
from tests.runner.test_worker_admission import _deps


def _spec(value: str) -> dict[str, Any]:
    return workflow(
        [node("start", "input"), node("result", "output", {"value": value})],
        [edge("start", "result")],
    )


def _workflow(admin_url: str, owner: str, spec: dict[str, Any]) -> str:
    workflow_id = str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into workflows (id, owner_id, name) values (%s, %s, 'plans')", (workflow_id, owner)
        )
    _publish(admin_url, owner, workflow_id, 1, spec)
    return workflow_id


def _publish(admin_url: str, owner: str, workflow_id: str, version: int, spec: dict[str, Any]) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, %s, %s, %s, %s)",
            (workflow_id, version, owner, Jsonb(spec), owner),
        )


def _run(admin_url: str, owner: str, workflow_id: str, version: int) -> str:
    run_id = str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version) values (%s, %s, %s, %s)",
            (run_id, owner, workflow_id, version),
        )
    return run_id


async def _plan(deps: RunnerDeps, run_id: str, user: User) -> RunPlan:
    claim = await lease.claim(deps, run_id, user.claims)
    assert not isinstance(claim, str), claim
    assert claim.plan is not None
    return claim.plan


def _value(plan: RunPlan) -> Any:
    return next(n for n in plan.doc.nodes if n.id == "result").config["value"]


async def test_a_version_is_planned_once_and_a_new_version_anew(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database
) -> None:
    # Given Ada's workflow with two runs of version 1
    deps = _deps(worker_db, worker_db, load_settings(env, process="worker"))
    ada = make_user(admin_url, settings.auth.jwt_secret)
    workflow_id = _workflow(admin_url, ada.id, _spec("one"))
    first, second = (_run(admin_url, ada.id, workflow_id, 1) for _ in range(2))

    # When the worker takes both
    planned = await _plan(deps, first, ada)
    again = await _plan(deps, second, ada)

    # Then the version was decoded and bound once, and the second run got the same plan
    assert _value(planned) == "one"
    assert again is planned
    assert deps.plans.built == 1
    # (Postgres leaves the spec out for a hash the worker names, and only then)
    async with worker_db.as_user(ada.claims) as conn:
        hashes = list(deps.plans.known(ada.id))
        known = await runs.pinned_spec(await runs.fetch_pinned_spec(conn, second, known=hashes))
        unknown = await runs.pinned_spec(await runs.fetch_pinned_spec(conn, second))
    assert known[0] is not None
    assert known[0] == unknown[0]
    assert known[1] is None
    assert unknown[1] == _spec("one")

    # When she publishes version 2 and runs it
    _publish(admin_url, ada.id, workflow_id, 2, _spec("two"))
    newer = await _plan(deps, _run(admin_url, ada.id, workflow_id, 2), ada)

    # Then the run executes version 2's document, planned for it
    assert _value(newer) == "two"
    assert deps.plans.built == 2
    # and a later run of version 1 still gets version 1's plan
    assert _value(await _plan(deps, _run(admin_url, ada.id, workflow_id, 1), ada)) == "one"
    assert deps.plans.built == 2


async def test_a_plan_is_never_served_to_another_users_run(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database
) -> None:
    # Given Ada's and Bob's workflows with the very same document (the same spec hash)
    deps = _deps(worker_db, worker_db, load_settings(env, process="worker"))
    ada = make_user(admin_url, settings.auth.jwt_secret)
    bob = make_user(admin_url, settings.auth.jwt_secret)
    adas = _run(admin_url, ada.id, _workflow(admin_url, ada.id, _spec("same")), 1)
    bobs = _run(admin_url, bob.id, _workflow(admin_url, bob.id, _spec("same")), 1)
    ada_plan = await _plan(deps, adas, ada)

    # When the worker takes Bob's run, after Ada's
    bob_plan = await _plan(deps, bobs, bob)

    # Then Bob's run got a plan of its own, read from Postgres as Bob
    assert bob_plan is not ada_plan
    assert deps.plans.built == 2
    assert [id(p) for p in deps.plans.known(bob.id).values()] == [id(bob_plan)]
    assert [id(p) for p in deps.plans.known(ada.id).values()] == [id(ada_plan)]
    # and Bob, naming Ada's run, gets nothing of it (RLS), cache or not
    other = _run(admin_url, ada.id, _workflow(admin_url, ada.id, _spec("same")), 1)
    assert await lease.claim(deps, other, bob.claims) == "gone"


async def test_the_cache_keeps_the_plans_used_last(
    settings: Settings, env: dict[str, str], admin_url: str, worker_db: Database
) -> None:
    # Given a worker keeping two plans, and three versions of Ada's
    deps = _deps(worker_db, worker_db, load_settings(env, process="worker"))
    deps.plans = type(deps.plans)(size=2)
    ada = make_user(admin_url, settings.auth.jwt_secret)
    flows = [_workflow(admin_url, ada.id, _spec(f"v{i}")) for i in range(3)]

    # When it runs the first, the second, the first again, then the third
    for index in (0, 1, 0, 2):
        await _plan(deps, _run(admin_url, ada.id, flows[index], 1), ada)

    # Then the second (used least lately) made room, and coming back to it plans it again
    assert deps.plans.built == 3
    assert sorted(_value(p) for p in deps.plans.known(ada.id).values()) == ["v0", "v2"]
    planned = await _plan(deps, _run(admin_url, ada.id, flows[1], 1), ada)
    assert _value(planned) == "v1"
    assert deps.plans.built == 4


def test_a_plan_made_room_for_leaves_its_owners_plans_too(env: dict[str, str], worker_db: Database) -> None:
    # Given a worker keeping two plans: Bob's, then two of Ada's
    deps = _deps(worker_db, worker_db, load_settings(env, process="worker"))
    plans = type(deps.plans)(size=2)
    for owner, value in (("bob", "b"), ("ada", "a1"), ("ada", "a2")):
        plans.plan(owner, f"hash-{value}", _spec(value), deps.registry, {})

    # Then Bob's (used least lately) made room: a claim of his names no plan, Ada's name both
    assert plans.known("bob") == {}
    assert sorted(plans.known("ada")) == ["hash-a1", "hash-a2"]
    # and a snapshot is the claim's own: what the worker keeps later does not change it
    snapshot = plans.known("ada")
    plans.plan("ada", "hash-a3", _spec("a3"), deps.registry, {})
    assert sorted(snapshot) == ["hash-a1", "hash-a2"]
    assert sorted(plans.known("ada")) == ["hash-a2", "hash-a3"]

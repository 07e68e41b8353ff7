"""The worker's step slots, when steps wait for one: users share them evenly, and a new run's
first step goes ahead of a long run's backlog (runner/gate.py). In one process: the gate is
our own scheduling, with nothing of the outside world to stand in for."""

from __future__ import annotations

import asyncio

from orrery.runner.gate import StepGate


async def _hold(gate: StepGate, run_id: str, owner: str, served: list[str], release: asyncio.Event) -> None:
    async with gate.slot(run_id, owner):
        served.append(run_id)
        await release.wait()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_another_users_step_is_served_before_a_burst_waiting_ahead_of_it() -> None:
    # Given a worker with two step slots, both held by Ada's runs, and 50 more of her steps waiting
    gate = StepGate(2)
    served: list[str] = []
    first, go = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(_hold(gate, "ada-0", "ada", served, first))]
    tasks += [asyncio.create_task(_hold(gate, f"ada-{i}", "ada", served, go)) for i in range(1, 52)]
    await _settle()
    assert served == ["ada-0", "ada-1"]
    assert gate.waiting == 50

    # When Bob's step asks for a slot after all of them, and Ada's first step ends
    bob_done = asyncio.Event()
    bob = asyncio.create_task(_hold(gate, "bob-1", "bob", served, bob_done))
    await _settle()
    first.set()
    await _settle()

    # Then the freed slot is Bob's, not the next of Ada's 50
    assert served[-1] == "bob-1", served
    bob_done.set()
    go.set()
    await asyncio.gather(bob, *tasks)
    # and every waiting step was served in the end, each once
    assert len(served) == len(set(served)) == 53


async def test_a_new_runs_first_step_goes_ahead_of_a_long_runs_later_steps() -> None:
    # Given one slot, and Ada's long run that has already had 20 steps and has 10 more waiting
    gate = StepGate(1)
    served: list[str] = []
    for _ in range(20):
        async with gate.slot("long", "ada"):
            pass
    holder_release = asyncio.Event()
    holder = asyncio.create_task(_hold(gate, "other", "ada", served, holder_release))
    await _settle()
    go = asyncio.Event()
    go.set()
    backlog = [asyncio.create_task(_hold(gate, "long", "ada", served, go)) for _ in range(10)]
    await _settle()

    # When a new run of hers asks for a slot last
    new = asyncio.create_task(_hold(gate, "new", "ada", served, go))
    await _settle()
    holder_release.set()
    await asyncio.gather(holder, *backlog, new)

    # Then its first step is served first, before the long run's backlog
    assert served[:2] == ["other", "new"], served
    assert served[2:] == ["long"] * 10


async def test_a_step_cancelled_while_waiting_gives_up_its_place() -> None:
    # Given one slot held, and two steps waiting for it
    gate = StepGate(1)
    served: list[str] = []
    release = asyncio.Event()
    holder = asyncio.create_task(_hold(gate, "a", "ada", served, release))
    await _settle()
    go = asyncio.Event()
    go.set()
    cancelled = asyncio.create_task(_hold(gate, "b", "ada", served, go))
    waiting = asyncio.create_task(_hold(gate, "c", "bob", served, go))
    await _settle()

    # When the first waiting step is cancelled (its run was), and the slot frees up
    cancelled.cancel()
    await _settle()
    release.set()
    await asyncio.gather(holder, waiting)

    # Then the other one gets it, and nothing is left waiting or held
    assert served == ["a", "c"]
    assert gate.waiting == 0
    async with gate.slot("d", "ada"):
        assert served == ["a", "c"]

"""Profile one worker executing 100-node chains (cProfile, in this process): where a node's
overhead goes. Not part of `make bench`; run it by hand when working on per-node cost:

    engine/.venv/bin/python bench/profile_chain.py [runs] [top]
    engine/.venv/bin/python bench/profile_chain.py concurrent [runs] [rounds]

`concurrent`: `runs` (100) 20-node chains at once, `rounds` (3) times, executed by one worker
runtime in this process without the profiler (run it under `py-spy record` to see where the
CPU goes): node-steps/s and CPU per node-step of this process, with the load average.

It starts the embedded stack, starts `runs` chain runs one after another through the
run service, executes each in this process with the worker's own runtime, and prints the
functions with the most cumulative and own time, and the wall time per node.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import pstats
import sys
import time
import uuid

from bench_runner import CHAIN, Bench, _spec_chain
from orrery.settings import load_settings
from orrery.worker.runtime import WorkerRuntime
from stack import embedded_stack, open_run_client


async def main(runs: int, top: int) -> None:
    with embedded_stack() as stack:
        bench = Bench(stack)
        client = await open_run_client(stack)
        service, broker = client.service, client.broker
        settings = load_settings(
            {
                **os.environ,
                "DATABASE_URL": stack.engine_url,
                "REDIS_URL": stack.redis_url,
                "SUPABASE_JWT_SECRET": stack.jwt_secret,
                "ORRERY_DATA_DIR": f"/tmp/orrery-profile-{uuid.uuid4().hex[:6]}",
            },
            process="worker",
        )
        runtime = WorkerRuntime(settings)
        await runtime.start(broker)
        chain_id = bench.workflow(_spec_chain(CHAIN))
        run, _ = await service.start(bench.claims, chain_id, {})
        await runtime.execute_run(
            str(run.id), bench.user
        )  # warm up: compile templates, fill pools
        profile = cProfile.Profile()
        bare, cpu = [], []
        for _ in range(runs):
            run, _ = await service.start(bench.claims, chain_id, {})
            started, used = time.perf_counter(), time.process_time()
            await runtime.execute_run(str(run.id), bench.user)
            bare.append((time.perf_counter() - started) / CHAIN * 1000)
            cpu.append((time.process_time() - used) / CHAIN * 1000)
        walls = []
        for _ in range(runs):
            run, _ = await service.start(bench.claims, chain_id, {})
            started = time.perf_counter()
            profile.enable()
            outcome = await runtime.execute_run(str(run.id), bench.user)
            profile.disable()
            walls.append((time.perf_counter() - started) / CHAIN * 1000)
            assert outcome == "succeeded", outcome
        import psycopg

        with psycopg.connect(stack.admin_url) as conn:
            row = conn.execute(
                "select extract(epoch from min(s.started_at) - r.started_at) * 1000, "
                "extract(epoch from max(s.finished_at) - min(s.started_at)) * 1000, "
                "extract(epoch from r.finished_at - max(s.finished_at)) * 1000, "
                "sum(extract(epoch from s.finished_at - s.started_at)) * 1000 "
                "from runs r join run_steps s on s.run_id = r.id where r.id = %s group by r.id",
                (str(run.id),),
            ).fetchone()
        print(
            f"last run (ms): start to first step {row[0]:.1f}, steps {row[1]:.1f}, "
            f"last step to end {row[2]:.1f}, sum of step durations {row[3]:.1f}"
        )
        await runtime.stop()
        await client.aclose()
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(
        f"wall per node (ms, in-process, profiler off): {', '.join(f'{w:.3f}' for w in bare)}"
    )
    print(
        f"CPU per node (ms, this process, profiler off): {', '.join(f'{w:.3f}' for w in cpu)}"
    )
    print(
        f"wall per node (ms, in-process, profiler on): {', '.join(f'{w:.3f}' for w in walls)}"
    )
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


async def concurrent(runs: int, rounds: int) -> None:
    with embedded_stack() as stack:
        bench = Bench(stack)
        client = await open_run_client(stack)
        service, broker = client.service, client.broker
        settings = load_settings(
            {
                **os.environ,
                "DATABASE_URL": stack.engine_url,
                "REDIS_URL": stack.redis_url,
                "SUPABASE_JWT_SECRET": stack.jwt_secret,
                "ORRERY_MAX_PARALLEL_PER_RUN": "64",
                "ORRERY_DATA_DIR": f"/tmp/orrery-profile-{uuid.uuid4().hex[:6]}",
            },
            process="worker",
        )
        runtime = WorkerRuntime(settings)
        await runtime.start(broker)
        small_id = bench.workflow(_spec_chain(20))
        for round_ in range(rounds + 1):
            ids = [str((await service.start(bench.claims, small_id, {}))[0].id) for _ in range(runs)]
            started, used = time.perf_counter(), time.process_time()
            outcomes = await asyncio.gather(*(runtime.execute_run(i, bench.user) for i in ids))
            wall, cpu = time.perf_counter() - started, time.process_time() - used
            assert set(outcomes) == {"succeeded"}, outcomes
            if round_:  # the first warms up
                print(
                    f"{runs} runs x 20 nodes: {runs * 20 / wall:.0f} node-steps/s, "
                    f"{cpu / (runs * 20) * 1000:.3f} ms CPU per node-step (this process), "
                    f"load average {os.getloadavg()[0]:.2f}"
                )
        await runtime.stop()
        await client.aclose()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "concurrent":
        asyncio.run(
            concurrent(
                int(sys.argv[2]) if len(sys.argv) > 2 else 100,
                int(sys.argv[3]) if len(sys.argv) > 3 else 3,
            )
        )
        raise SystemExit(0)
    asyncio.run(
        main(
            int(sys.argv[1]) if len(sys.argv) > 1 else 5,
            int(sys.argv[2]) if len(sys.argv) > 2 else 40,
        )
    )

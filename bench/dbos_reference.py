"""The second reference: the same chain and fan-out as durable DBOS workflows (every step
checkpointed to Postgres before the next starts), on the same embedded Postgres, in the
same benchmark run.

Runs in its own virtualenv (bench/.venv-dbos, made by `make bench`) so DBOS's
dependencies never touch the engine's. Prints one JSON object on stdout.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time

from dbos import DBOS, DBOSConfig


@DBOS.step()
def add_one(value: int) -> int:
    return value + 1


@DBOS.workflow()
def chain_workflow(n: int) -> int:
    value = 0
    for _ in range(n):
        value = add_one(value)
    return value


@DBOS.step()
async def branch(i: int) -> int:
    return i


@DBOS.step()
async def total(values: list[int]) -> int:
    return sum(values)


@DBOS.workflow()
async def fan_workflow(n: int) -> int:
    """A start, `n` branches run concurrently, a join: n + 2 steps, as LangGraph's fan."""
    await branch(-1)
    values = await asyncio.gather(*(branch(i) for i in range(n)))
    return await total(list(values))


def per_node_chain(nodes: int, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert chain_workflow(nodes) == nodes
        samples.append((time.perf_counter() - start) / nodes * 1000)
    return samples


async def per_node_fan(width: int, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        assert await fan_workflow(width) == sum(range(width))
        samples.append((time.perf_counter() - start) / (width + 2) * 1000)
    return samples


def main() -> None:
    url, chain_nodes, fan_width, rounds = (
        sys.argv[1],
        int(sys.argv[2]),
        int(sys.argv[3]),
        int(sys.argv[4]),
    )
    config: DBOSConfig = {
        "name": "orrery-bench",
        "system_database_url": url,
        "run_admin_server": False,
        "log_level": "WARNING",
    }
    DBOS(config=config)
    DBOS.launch()
    try:
        per_node_chain(chain_nodes, 1)  # warm up
        chain_ms = per_node_chain(chain_nodes, rounds)
        fan_ms = asyncio.run(per_node_fan(fan_width, rounds))
    finally:
        DBOS.destroy()
    print(
        json.dumps(
            {
                "chain_ms_per_node": {
                    "median": statistics.median(chain_ms),
                    "samples": chain_ms,
                },
                "fan_ms_per_node": {
                    "median": statistics.median(fan_ms),
                    "samples": fan_ms,
                },
            }
        )
    )


if __name__ == "__main__":
    main()

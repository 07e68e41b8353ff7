"""Run every benchmark under bench/ and print its table; JSON goes to bench/results/.

Benchmarks start their own embedded Postgres and Valkey (like the tests) so the
figures come from the same parts a user runs. Ratios are against a reference
measured in the same process, since these machines are shared and noisy.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "bench_user_transaction",
    "bench_api_keys",
    "bench_validate",
    "bench_runner",
    "bench_starts",
    "bench_scaling",
    "bench_sse",
    "bench_memory",
    "bench_code",
    "bench_flow",
    "bench_subworkflow",
    "bench_scheduler",
    "bench_event_insert",
    "bench_media",
    "bench_assets",
    "bench_planner",
]


def main(selected: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    results = {}
    for name in selected or BENCHMARKS:
        module = importlib.import_module(name)
        print(f"== {name}: {module.__doc__.strip().splitlines()[0]}")
        results[name] = asyncio.run(module.run())
    out = HERE / "results" / f"{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"results written to {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Per-execution overhead of a trivial code step (sandbox job: fresh V8 isolate + call) vs a transform step.

What a code node costs a workflow beyond the user's own JavaScript: a fresh isolate per
execution in a warm sandbox process, the JSON in and out, and the pipe to that process.
Reference: a transform step (a Jinja2 template) executed the same way, in the same process.
Also: starting a sandbox process (the first code step of a worker, or after one was killed)
and the parse-only syntax check validation runs per changed code text. Load average beside.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from orrery.net import SafeHttpClient
from orrery.nodes import LocalContext
from orrery.nodes.code import CodeConfig, CodeNode
from orrery.nodes.code.syntax import syntax_problem
from orrery.nodes.transform import TransformConfig, TransformNode
from orrery.settings import CodeSettings

CODE_RUNS = 200
TRANSFORM_RUNS = 2000


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def run() -> dict[str, Any]:
    load_before = os.getloadavg()
    async with SafeHttpClient() as http:
        ctx = LocalContext(
            http=http,
            inputs={"topic": "tide pools"},
            steps={"research": {"title": "Tide pools"}},
        )
        code = CodeNode(CodeSettings(concurrency=1))
        trivial = CodeConfig(code="return input.steps.research.output.title;")
        transform = TransformNode()
        template = TransformConfig(template="{{ steps.research.output.title }}")

        started = time.perf_counter()
        await code.execute(ctx, trivial)  # starts the sandbox process
        cold_s = time.perf_counter() - started

        code_samples = []
        for _ in range(CODE_RUNS):
            started = time.perf_counter()
            await code.execute(ctx, trivial)
            code_samples.append(time.perf_counter() - started)
        code.sandboxes.close()

        transform_samples = []
        for _ in range(TRANSFORM_RUNS):
            started = time.perf_counter()
            await transform.execute(ctx, template)
            transform_samples.append(time.perf_counter() - started)

    syntax_samples = []
    for i in range(200):
        text = f"const n = {i};\nreturn input.inputs.topic + n;"
        started = time.perf_counter()
        syntax_problem(text)
        syntax_samples.append(time.perf_counter() - started)

    load_after = os.getloadavg()
    result = {
        "code_step_ms_median": _median_ms(code_samples),
        "code_step_ms_p95": statistics.quantiles(code_samples, n=20)[-1] * 1000,
        "transform_step_ms_median": _median_ms(transform_samples),
        "sandbox_start_ms": cold_s * 1000,
        "syntax_check_ms_median": _median_ms(syntax_samples),
        "load_average_1m": [load_before[0], load_after[0]],
        "cores": os.cpu_count(),
    }
    ratio = result["code_step_ms_median"] / result["transform_step_ms_median"]
    print(
        f"trivial code step {result['code_step_ms_median']:.2f} ms median (p95 {result['code_step_ms_p95']:.2f}; "
        f"{CODE_RUNS} runs) vs transform step {result['transform_step_ms_median']:.3f} ms ({ratio:.0f}x); "
        f"sandbox process start {result['sandbox_start_ms']:.0f} ms; syntax check "
        f"{result['syntax_check_ms_median']:.2f} ms; load average {load_before[0]:.2f} -> {load_after[0]:.2f} "
        f"on {result['cores']} cores"
    )
    return result

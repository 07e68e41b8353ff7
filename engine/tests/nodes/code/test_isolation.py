"""Code that tries to escape, or to take the worker down, ends as a clear step failure, and the
sandbox keeps serving the next step."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from orrery.nodes.code import CodeNode
from tests.nodes.code.conftest import Runner


async def assert_still_healthy(js: Runner) -> None:
    assert await js.run("return input.inputs.n * 2;", inputs={"n": 21}) == 42


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("require('fs').readFileSync('/etc/passwd')", "ReferenceError: require is not defined at line 1"),
        ("process.exit(1)", "ReferenceError: process is not defined at line 1"),
        ("return await fetch('http://127.0.0.1:8000/healthz')", "ReferenceError: fetch is not defined"),
        ("new XMLHttpRequest()", "ReferenceError: XMLHttpRequest is not defined"),
        ("return globalThis.constructor.constructor('return process')()", "process is not defined"),
        ("return await import('fs')", "Error: Not supported at line 1"),
        ("return WebAssembly.compile(new Uint8Array([0, 97, 115, 109]))", "WebAssembly is not defined"),
        ("setTimeout(() => {}, 10)", "setTimeout is not available in a code node"),
        ("return Atomics.wait(new Int32Array(4), 0, 0)", "Atomics is not defined"),
        ("function dive(n) { return dive(n + 1) + 1; }\nreturn dive(0);", "Maximum call stack size exceeded"),
    ],
)
async def test_reaching_outside_the_sandbox_fails_clearly(js: Runner, code: str, message: str) -> None:
    # When the code reaches for something a code step must not have
    error = await js.fail(code)

    # Then the step fails with the JavaScript error saying so
    assert error.code == "code_runtime"  # type: ignore[attr-defined]
    assert message in str(error)
    # and the sandbox runs the next code as usual
    await assert_still_healthy(js)


async def test_an_infinite_loop_is_stopped_at_the_time_limit(js: Runner) -> None:
    # Given code that never ends, with a half-second limit, which logs first
    code = "console.log('starting');\nwhile (true) {}"

    # When it runs
    error = await js.fail(code, time_limit_s=0.5)

    # Then it is stopped with a timeout naming the limit, and what it logged is kept
    assert error.code == "code_timeout"  # type: ignore[attr-defined]
    assert str(error) == "the code ran longer than 0.5 s (its time limit) and was stopped"
    assert [message for message, _ in js.logs] == ["starting"]
    await assert_still_healthy(js)


async def test_a_loop_after_an_await_is_stopped_too(js: Runner) -> None:
    error = await js.fail("await null;\nfor (;;) {}", time_limit_s=0.5)

    assert error.code == "code_timeout"  # type: ignore[attr-defined]
    await assert_still_healthy(js)


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("const a = []; while (true) a.push({ n: a.length });", id="array growth"),
        pytest.param(
            "let s = 'ab'; const keep = [];"
            " while (true) { s = s + s.slice(0, 1e6); keep.push(s + keep.length); }",
            id="string doubling",
        ),
        pytest.param(
            "const keep = []; while (true) keep.push(new Uint8Array(16 * 1024 * 1024).fill(1));",
            id="buffers outside the heap",
        ),
        pytest.param("return new Array(2 ** 28).fill(0).length;", id="one huge array (V8 aborts on it)"),
    ],
)
async def test_a_memory_bomb_is_stopped_at_the_memory_limit(js: Runner, code: str) -> None:
    # When code allocates without end (on V8's heap or outside it)
    error = await js.fail(code, time_limit_s=10, memory_limit_mb=32)

    # Then it is stopped with a memory error naming the limit
    assert error.code == "code_memory_limit"  # type: ignore[attr-defined]
    assert str(error) == "the code used more than 32 MB (its memory limit) and was stopped"
    # and the next code runs (in a new sandbox process when the old one had to be ended)
    await assert_still_healthy(js)


async def test_a_cancelled_step_ends_its_sandbox_process_at_once(js: Runner, code_node: CodeNode) -> None:
    # Given a warm sandbox process
    await assert_still_healthy(js)
    (pid,) = code_node.sandboxes.idle_pids()

    # When a step running an endless loop (30 s allowed) is cancelled by the runner's timeout
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.5):
            await js.run("while (true) {}", time_limit_s=30)

    # Then the process that ran it is gone (it holds no core), and the next step gets a new one
    await wait_until_gone(pid)
    await assert_still_healthy(js)
    assert code_node.sandboxes.idle_pids() != [pid]


async def wait_until_gone(pid: int) -> None:
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        try:
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return
        except (FileNotFoundError, ProcessLookupError):  # it went between the two looks
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"sandbox process {pid} is still running")


async def test_the_sandbox_process_holds_none_of_the_workers_secrets(js: Runner, code_node: CodeNode) -> None:
    # Given a worker whose environment holds secrets
    os.environ["ORRERY_MASTER_KEY_FOR_THIS_TEST"] = "do-not-leak"
    try:
        await assert_still_healthy(js)
        (pid,) = code_node.sandboxes.idle_pids()

        # Then its sandbox process's environment has none of them
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        assert environ == [b"LANG=C.UTF-8", b""]
    finally:
        del os.environ["ORRERY_MASTER_KEY_FOR_THIS_TEST"]

"""The code node as its author sees it: data in, JSON out, console lines as logs, clear errors."""

from __future__ import annotations

import pytest

from orrery.nodes.code.errors import (
    CodeMemoryLimit,
    CodeOutputInvalid,
    CodeOutputTooLarge,
    CodeRuntimeError,
)
from tests.nodes.code.conftest import Runner


async def test_the_code_reads_upstream_data_and_its_return_value_is_the_output(js: Runner) -> None:
    # Given code that reads the run's input and an upstream step's output
    code = """
const { topic } = input.inputs;
const facts = input.steps.research.output.facts;
return { headline: `${topic}: ${facts.length} facts`, first: facts[0] };
"""
    # When it runs
    output = await js.run(code, inputs={"topic": "Tide pools"})

    # Then what it returned is the step's output
    assert output == {"headline": "Tide pools: 2 facts", "first": "anemones"}


async def test_console_lines_become_step_logs_with_their_level(js: Runner) -> None:
    # Given code that writes to the console at every level
    code = """
console.log("scenes", 3, { kind: "short" });
console.warn("no narrator");
console.error(new TypeError("bad frame"));
console.debug("details");
return null;
"""
    # When it runs
    await js.run(code)

    # Then each line is a step log, with its level, values printed as JSON
    assert [(message, data["level"]) for message, data in js.logs] == [
        ('scenes 3 {"kind":"short"}', "info"),
        ("no narrator", "warning"),
        ("TypeError: bad frame", "error"),
        ("details", "debug"),
    ]


async def test_console_output_is_bounded_in_lines_and_length(js: Runner) -> None:
    # Given code that logs 150 lines, one of them very long
    code = 'console.log("x".repeat(5000)); for (let i = 1; i < 150; i++) console.log("line", i); return 1;'

    # When it runs
    await js.run(code)

    # Then 100 lines are kept, the long one cut, and a last line says how many were dropped
    messages = [message for message, _ in js.logs]
    assert len(messages) == 101
    assert messages[0].startswith("x" * 2000)
    assert messages[0].endswith("(5000 characters)")
    assert messages[-1] == "50 more console line(s) were dropped (100 are kept per step)"


async def test_await_works_and_undefined_becomes_null(js: Runner) -> None:
    # Given async code, and code that returns nothing
    doubled = await js.run("return await Promise.all([1, 2, 3].map(async (n) => n * 2));")
    nothing = await js.run("const unused = 1;")

    # Then the awaited value is the output, and no return value is null
    assert doubled == [2, 4, 6]
    assert nothing is None


async def test_a_runtime_error_names_the_line_of_the_users_code(js: Runner) -> None:
    # Given code whose third line reads a property of undefined
    code = 'const scene = input.inputs.scene;\nconst title = "x";\nreturn scene.title.trim();'

    # When it runs
    error = await js.fail(code)

    # Then the step fails with the JavaScript error and that line, counted in the user's code
    assert isinstance(error, CodeRuntimeError)
    assert error.code == "code_runtime"
    assert str(error) == (
        "TypeError: Cannot read properties of undefined (reading 'title') "
        "at line 3: `return scene.title.trim();`"
    )


async def test_a_rejected_promise_and_a_thrown_value_are_runtime_errors(js: Runner) -> None:
    rejected = await js.fail('await null;\nthrow new RangeError("scene 7 is missing");')
    thrown = await js.fail('throw { reason: "no scenes" };')

    assert (
        str(rejected)
        == 'RangeError: scene 7 is missing at line 2: `throw new RangeError("scene 7 is missing");`'
    )
    assert str(thrown) == 'the code threw {"reason":"no scenes"}'


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("return () => 1;", "the code returned a function, which is not JSON"),
        ("return 10n;", "Do not know how to serialize a BigInt"),
        ("const o = {}; o.self = o; return o;", "Converting circular structure to JSON"),
        ("await new Promise(() => {});", "promise never settled"),
    ],
)
async def test_a_value_that_is_not_json_is_a_clear_output_error(js: Runner, code: str, reason: str) -> None:
    error = await js.fail(code)

    assert isinstance(error, CodeOutputInvalid)
    assert error.code == "code_output_invalid"
    assert reason in str(error)


async def test_a_return_value_over_the_output_limit_is_refused(js: Runner) -> None:
    # Given an operator limit of 100,000 bytes of output (the fixture's settings)
    # When the code returns a 200,000-character string
    error = await js.fail('return "x".repeat(200000);')

    # Then the step fails saying how large it was and what the limit is
    assert isinstance(error, CodeOutputTooLarge)
    assert str(error) == (
        "the code returned 200,002 characters of JSON; a step's output may be at most 100,000 bytes"
    )


async def test_every_execution_gets_a_fresh_isolate(js: Runner) -> None:
    # Given one execution that leaves a global and patches a built-in
    await js.run("globalThis.secret = 'user A'; Array.prototype.sneaky = 1; return null;")

    # When the next execution looks for them
    seen = await js.run("return [typeof secret, typeof [].sneaky];")

    # Then nothing leaked from the first
    assert seen == ["undefined", "undefined"]


async def test_a_memory_error_says_when_the_input_alone_is_large(js: Runner) -> None:
    # Given 10 MB of upstream data (JSON), which becomes far more once parsed into objects
    scenes = [{"scene": i, "text": "a shot of the tide pool"} for i in range(200_000)]

    # When code with a 16 MB memory limit receives it
    with pytest.raises(CodeMemoryLimit) as caught:
        await js.run("return input.inputs.scenes.length;", inputs={"scenes": scenes}, memory_limit_mb=16)

    # Then the error names the limit and points at the input's size
    assert str(caught.value).startswith("the code used more than 16 MB (its memory limit) and was stopped")
    assert str(caught.value).endswith("MB of JSON)")


async def test_broken_unicode_from_javascript_is_logged_and_refused_cleanly(js: Runner) -> None:
    # Given code that logs, then returns, a string holding half of a UTF-16 pair
    with pytest.raises(CodeOutputInvalid) as caught:
        await js.run('console.log("half \\ud83c of a flag");\nreturn "\\ud83c";')

    # Then the log line arrives with a replacement character, and the output is refused as invalid JSON text
    assert [message for message, _ in js.logs] == ["half ? of a flag"]
    assert "not valid JSON text" in str(caught.value)

"""A sandbox report as the step's result or error, in words for the person who wrote the code.

Line numbers are the user's: the sandbox compiles the code with the AsyncFunction
constructor, whose source (`code.js` in stacks) has two lines before the body.
"""

from __future__ import annotations

import re
from typing import Any, Final

import msgspec

from orrery.nodes.base import NodeResult
from orrery.nodes.code.errors import (
    CodeMemoryLimit,
    CodeOutputInvalid,
    CodeOutputTooLarge,
    CodeRuntimeError,
    CodeSandboxUnavailable,
    CodeSyntaxError,
    CodeTimeout,
)
from orrery.nodes.code.sandbox import JsError, Report
from orrery.nodes.code.syntax import syntax_problem

WRAPPER_LINES: Final = 2
_FRAME = re.compile(r"code\.js:(?P<line>\d+):(?P<column>\d+)")
MAX_MESSAGE_CHARS: Final = 1000


def result_of(
    report: Report, code: str, *, time_limit_s: float, memory_mb: int, max_bytes: int, input_chars: int = 0
) -> NodeResult:
    """The step's output, or raises the `CodeError` that says what went wrong."""
    outcome = report.outcome
    if outcome == "ok":
        return NodeResult(output=_output(report.output or "null", max_bytes))
    if outcome == "runtime":
        raise CodeRuntimeError(_thrown(report.error, code))
    if outcome == "syntax":
        problem = syntax_problem(code)
        message = problem.describe() if problem else _thrown(report.error, code)
        raise CodeSyntaxError(message)
    if outcome == "timeout":
        raise CodeTimeout(f"the code ran longer than {time_limit_s:g} s (its time limit) and was stopped")
    if outcome == "memory":
        hint = ""
        if input_chars * 4 > memory_mb * 1024 * 1024:  # parsed JSON takes a few times its text
            hint = f" (its input alone is {input_chars / 1024 / 1024:.1f} MB of JSON)"
        raise CodeMemoryLimit(
            f"the code used more than {memory_mb} MB (its memory limit) and was stopped{hint}"
        )
    if outcome == "output_invalid":
        reason = report.error.message if report.error else "it is not JSON"
        raise CodeOutputInvalid(f"the code's return value cannot be the step's output: {_clip(reason)}")
    if outcome == "output_too_large":
        raise CodeOutputTooLarge(
            f"the code returned {report.size:,} characters of JSON; a step's output may be at most "
            f"{max_bytes:,} bytes"
        )
    if outcome == "pending":
        raise CodeOutputInvalid(
            "the code's promise never settled: it awaits something that never resolves "
            "(a code node has no timers or I/O to wait for)"
        )
    if "did not start" in report.detail:
        raise CodeSandboxUnavailable("the JavaScript sandbox could not start on this worker; try again")
    raise CodeSandboxUnavailable(
        "the JavaScript sandbox stopped while running the code; if it happens again with the same "
        "code, the code is crashing the JavaScript engine"
    )


def log_lines(report: Report) -> list[tuple[str, str]]:
    """The console lines to emit as step logs, and a last one saying how many were dropped."""
    lines = [(level, message) for level, message in report.logs]
    if report.dropped:
        lines.append(
            ("warning", f"{report.dropped} more console line(s) were dropped (100 are kept per step)")
        )
    return lines


def _output(text: str, max_bytes: int) -> Any:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise CodeOutputTooLarge(
            f"the code returned {size:,} bytes of JSON; a step's output may be at most {max_bytes:,} bytes"
        )
    try:
        return msgspec.json.decode(text)
    except msgspec.DecodeError as exc:  # lone surrogates in strings, say
        raise CodeOutputInvalid(f"the code's return value is not valid JSON text: {exc}") from None


def _thrown(error: JsError | None, code: str) -> str:
    if error is None:
        return "the code failed"
    head = f"{error.name}: {error.message}" if error.name else f"the code threw {error.message}"
    where = _where(error.stack, code)
    return _clip(f"{head}{where}")


def _where(stack: str, code: str) -> str:
    """` at line 3: `let b = a.x.y;`` for the first frame in the user's code."""
    match = _FRAME.search(stack)
    if match is None:
        return ""
    line = int(match["line"]) - WRAPPER_LINES
    lines = code.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    source = lines[line - 1].strip()
    if len(source) > 120:
        source = source[:117] + "..."
    return f" at line {line}: `{source}`" if source else f" at line {line}"


def _clip(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


__all__ = ["log_lines", "result_of"]

"""Finding a code node's syntax error without running it, with its line and column.

Validation (saving a workflow, `POST /workflows/validate`, starting a run) must report a
syntax error on the node's `code` field before anything runs. This parses in V8, in this
process, and never executes the user's code:
1. `new AsyncFunction("input", code)` parses the code as exactly one function body (what the
   sandbox will run) and creates a function that is never called.
2. Only when that fails, to find where: the script `(async function (input) {\\n<code>\\n})`
   followed by an illegal `break;` on its last line. A script with a syntax error runs
   nothing, so the break guarantees the script is only ever parsed; V8 reports the first
   error in source order, which is the user's when there is one (then its line, minus the
   wrapper's first line, is the user's line).

One isolate per process serves every check (parsing shares nothing between users); results
are cached by code text.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import threading
from typing import Any, Final

import msgspec

MAX_CODE_CHARS: Final = 100_000

_lock = threading.Lock()
_racer: Any = None
_keep: Any = None
_PARSE_ERROR = re.compile(
    r"^<anonymous>:(?P<line>\d+): (?P<message>[^\n]*)\n(?P<source>[^\n]*)\n(?P<caret>[^\n]*)"
)


class SyntaxProblem(msgspec.Struct, frozen=True):
    message: str
    """V8's message, e.g. `SyntaxError: Unexpected token ';'`."""
    line: int | None = None
    """1-based line in the user's code, when V8 says where."""
    column: int | None = None

    def describe(self) -> str:
        if self.line is None:
            return self.message
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{self.message} at {where}"


@functools.lru_cache(maxsize=512)
def syntax_problem(code: str) -> SyntaxProblem | None:
    """The code's first syntax error, or None when it parses as the body of an async function."""
    with _lock:
        racer = _parser()
        message = racer.eval(_CONSTRUCT.format(code=json.dumps(code)), timeout_sec=5)
        if not message:
            return None
        try:
            racer.eval(f"(async function (input) {{\n{code}\n}});\nbreak;", timeout_sec=5)
        except Exception as exc:  # JSParseException: the text says where
            return _locate(str(exc), code, str(message))
    return SyntaxProblem(str(message))


_CONSTRUCT: Final = """(() => {{
  try {{ new (async function () {{}}).constructor("input", {code}); return ""; }}
  catch (e) {{ return `${{e && e.name}}: ${{e && e.message}}`; }}
}})()"""


def _locate(text: str, code: str, fallback: str) -> SyntaxProblem:
    match = _PARSE_ERROR.match(text)
    if match is None or "Illegal break statement" in match["message"]:
        # Only the sentinel failed: the code parses once wrapped but is not one function body.
        return SyntaxProblem(f"{fallback} (the code closes the function it runs in: an extra `}}`?)")
    user_lines = code.count("\n") + 1
    line = int(match["line"]) - 1
    if line > user_lines:  # past the code: something it opened is never closed
        return SyntaxProblem(
            "SyntaxError: Unexpected end of input (a bracket, brace, string or comment is not closed)",
            line=user_lines,
        )
    caret = match["caret"].find("^")
    return SyntaxProblem(match["message"], line=max(line, 1), column=caret + 1 if caret >= 0 else None)


def _parser() -> Any:
    """The process's parsing isolate, on its own event-loop thread (mini-racer's callbacks)."""
    global _racer, _keep
    if _racer is None:
        from py_mini_racer import mini_racer

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, daemon=True, name="js-syntax").start()
        _keep = mini_racer(loop)  # its generator frees the context when collected: keep it
        _racer = _keep.__enter__()
    return _racer

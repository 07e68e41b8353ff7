"""What the HTTP edge refuses in a request's bytes before anything decodes them.

Three things reached the database or the decoder and came back as 500s:
- a NUL character (`\\u0000` in JSON, `%00` in a URL): Postgres `text` and `jsonb`
  cannot hold it, so it is refused with the path of every field that has one;
- JSON nested deeper than `MAX_JSON_DEPTH`: decoders recurse, and a 1,000-level body
  raised RecursionError;
- a body that is not UTF-8: the JSON decoder raised UnicodeDecodeError.

Pure functions on bytes, each cheap on ordinary requests: a C-level `in`/`count`
decides whether the exact (slower) scan is needed at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import accumulate, repeat
from typing import Any
from urllib.parse import parse_qsl

import msgspec

MAX_JSON_DEPTH = 64
"""Deepest JSON accepted in a request body (arrays and objects). The deepest legitimate
request, a workflow document whose agent has a nested output JSON Schema, is about 30."""

NUL_MESSAGE = "contains a NUL character (\\u0000), which text cannot hold"

_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_QUOTED = re.compile(rb'"[^"]*"')
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def invalid_utf8_at(body: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8, or None."""
    if body.isascii():
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests arrays/objects deeper than `limit` (brackets inside
    strings do not count). Only a body with at least `limit` opening brackets is scanned."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    # Escaped backslashes, then escaped quotes, go first: every `"` left opens or closes a
    # string. Then only quotes and brackets are kept, and the quoted parts dropped.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = _QUOTED.sub(b"", unescaped.translate(None, _NOT_STRUCTURE))
    steps = map(_STEP.get, brackets, repeat(0))  # 0: a quote left open (not JSON; decoding says so)
    return any(depth > limit for depth in accumulate(steps))


def nul_fields_in_json(body: bytes) -> list[str]:
    """The path of every string (value or key) holding a NUL, e.g. `spec.nodes[0].label`.
    Empty when there is none, or when the body is not JSON (the decoder says so later)."""
    if b"\\u0000" not in body:
        return []
    try:
        document = msgspec.json.decode(body)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return []
    return list(_nul_paths(document, ""))


def _nul_paths(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if "\x00" in key:
                yield here.replace("\x00", "\\u0000")
            else:
                yield from _nul_paths(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}[{index}]")


def nul_query_parameters(query_string: bytes) -> list[str]:
    """The names of query parameters whose name or value holds a NUL (`%00`)."""
    if b"%00" not in query_string and b"\x00" not in query_string:
        return []
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return sorted({name.replace("\x00", "\\u0000") for name, value in pairs if "\x00" in name + value})


def nul_path_parameters(path_params: Mapping[str, Any]) -> list[str]:
    """The names of path parameters (already decoded by the router) holding a NUL."""
    return sorted(name for name, value in path_params.items() if isinstance(value, str) and "\x00" in value)

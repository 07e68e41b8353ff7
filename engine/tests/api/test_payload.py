"""The request guard's checks on raw bytes (`api/payload.py`), case by case."""

from __future__ import annotations

import pytest

from orrery.api.payload import (
    invalid_utf8_at,
    json_too_deep,
    nul_fields_in_json,
    nul_path_parameters,
    nul_query_parameters,
)


@pytest.mark.parametrize(
    ("body", "too_deep"),
    [
        (b"[" * 64 + b"]" * 64, False),
        (b"[" * 65 + b"]" * 65, True),
        (b'{"a": ' * 65 + b"1" + b"}" * 65, True),
        (b'{"t": "' + b"[" * 500 + b'"}', False),  # brackets in a string are text
        (b'{"t": "\\"' + b"[" * 500 + b'"}', False),  # an escaped quote does not end the string
        (b'{"t": "\\\\", "u": ' + b"[" * 65 + b"]" * 65 + b"}", True),  # an escaped backslash does not escape
        (b'{"t": "unterminated ' + b"[" * 100, True),  # not JSON: 400 either way
    ],
)
def test_depth_counts_structure_only(body: bytes, too_deep: bool) -> None:
    assert json_too_deep(body, 64) is too_deep


def test_nul_fields_are_named_by_path() -> None:
    body = b'{"name": "a\\u0000", "spec": {"nodes": [{}, {"label": "\\u0000"}]}, "m": {"k\\u0000": 1}}'
    assert nul_fields_in_json(body) == ["name", "spec.nodes[1].label", "m.k\\u0000"]
    assert nul_fields_in_json(b'{"text": "write \\\\u0000 for NUL"}') == []  # the six characters
    assert nul_fields_in_json(b'{"broken": "\\u0000') == []  # not JSON: the decoder says so


def test_nul_parameters_are_named() -> None:
    assert nul_query_parameters(b"q=a%00b&limit=2&x%00=1") == ["q", "x\\u0000"]
    assert nul_query_parameters(b"q=plain") == []
    assert nul_path_parameters({"node_id": "re\x00view", "run_id": 42}) == ["node_id"]


def test_utf8_is_checked_to_the_byte() -> None:
    assert invalid_utf8_at(b'{"a": "caf\xc3\xa9"}') is None
    assert invalid_utf8_at(b'{"a": "caf\xe9"}') == 10

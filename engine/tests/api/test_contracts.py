"""The committed contracts (OpenAPI, run events schema) are what the code says: the web's
generated types come from them, so a stale file would mislead it."""

from __future__ import annotations

from orrery.api.contracts import stale_contracts


def test_committed_contracts_match_the_code() -> None:
    assert stale_contracts() == [], "run `engine/.venv/bin/orrery contracts` and commit contracts/"

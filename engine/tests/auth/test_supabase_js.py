"""The real @supabase/supabase-js, run by node, against a running local auth stand-in (`orrery auth`)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from orrery.settings import REPO_ROOT, Settings
from tests.auth.stand_in import serving_stand_in

FLOW = Path(__file__).with_name("supabase_js_flow.mjs")
WEB_DIR = REPO_ROOT / "web"
NODE = shutil.which("node")


@pytest.fixture
def running_engine(auth_settings: Settings, admin_url: str) -> Iterator[str]:
    """The auth stand-in served for real, as `orrery auth` does, with no refresh-reuse grace."""
    strict = dataclasses.replace(
        auth_settings, auth=dataclasses.replace(auth_settings.auth, refresh_token_reuse_interval=0)
    )
    with serving_stand_in(strict) as url:
        yield url
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("truncate auth.orrery_login_limits")


@pytest.mark.skipif(NODE is None, reason="node is not installed: the supabase-js flow needs Node.js 20+")
def test_supabase_js_signs_up_in_refreshes_and_out(running_engine: str, auth_settings: Settings) -> None:
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
            "SUPABASE_ANON_KEY": auth_settings.auth.anon_key or "anon",
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

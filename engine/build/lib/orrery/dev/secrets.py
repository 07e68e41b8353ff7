"""Secrets the embedded stack generates once and keeps in `.data/`."""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from pathlib import Path

import jwt

from orrery.settings import LOGIN_ROLES

_TEN_YEARS = 10 * 365 * 24 * 3600


DATABASE_LOGINS = ("postgres", *LOGIN_ROLES)
"""The embedded Postgres' superuser and each process's login role, each with its own password."""


def database_password_key(role: str) -> str:
    return f"db_password_{role}"


def load_or_create(data_dir: Path) -> dict[str, str]:
    """The JWT secret (shared by the engine and its auth stand-in), the anon key, the master key
    that encrypts users' provider credentials (32 bytes, base64), the embedded Postgres' password
    of each login role (`db_password_<role>`) and the secret the web app shows the auth stand-in
    to be believed about client addresses (`auth_proxy_secret`)."""
    path = data_dir / "secrets.json"
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for name in [*(database_password_key(role) for role in DATABASE_LOGINS), "auth_proxy_secret"]:
        if name not in stored:
            stored[name] = secrets.token_hex(24)  # URL-safe: it goes into postgresql:// URLs
            changed = True
    if "jwt_secret" not in stored:
        stored["jwt_secret"] = secrets.token_urlsafe(48)
        changed = True
    if "master_key" not in stored:
        stored["master_key"] = base64.b64encode(secrets.token_bytes(32)).decode()
        changed = True
    if "anon_key" not in stored:
        now = int(time.time())
        stored["anon_key"] = jwt.encode(
            {"iss": "orrery-local", "role": "anon", "iat": now, "exp": now + _TEN_YEARS},
            stored["jwt_secret"],
            algorithm="HS256",
        )
        changed = True
    if changed:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(stored, f, indent=2)
    return stored

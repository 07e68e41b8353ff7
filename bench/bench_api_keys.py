"""What authenticating a request costs with an API key, against an access token (JWT).

An API key is looked up in the database (`orrery_private.authenticate_api_key`, which also
checks its user and stamps `last_used_at` at most once a minute); a live key is then
remembered for `ORRERY_API_KEY_CACHE_TTL_S` (2 s). A token is verified by its HS256
signature, then its user is checked in the database (`ActiveUsers`, remembered 5 s). Both
are measured uncached (every request asks the database) and cached, in the same process.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import time
import uuid
from typing import Any

import jwt
import psycopg
from orrery.auth import TokenVerifier
from orrery.auth.api_keys import ApiKeyVerifier, new_key
from orrery.auth.users import ActiveUsers
from orrery.settings import AuthSettings, DatabaseSettings
from orrery.store.database import Database
from stack import embedded_stack

ROUNDS = 1000


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def run() -> dict[str, Any]:
    load_before = os.getloadavg()
    with embedded_stack() as stack:
        user_id = str(uuid.uuid4())
        made = new_key()
        with psycopg.connect(stack.admin_url, autocommit=True) as conn:
            conn.execute("insert into auth.users (id, email) values (%s, 'bench@example.com')", (user_id,))
            conn.execute(
                "insert into public.api_keys (owner_id, name, prefix, key_hash, scopes) values (%s, 'bench', %s, %s, %s)",
                (user_id, made.prefix, hashlib.sha256(made.key.encode()).digest(), ["runs:read"]),
            )
        db = Database(
            DatabaseSettings(
                url=stack.engine_url, admin_url=stack.admin_url, claims_secret=stack.jwt_secret, pool_max=2
            )
        )
        await db.open()
        await db.pool.wait()
        token = jwt.encode(
            {"sub": user_id, "role": "authenticated", "aud": "authenticated", "exp": int(time.time()) + 3600},
            stack.jwt_secret,
            algorithm="HS256",
        )
        tokens = TokenVerifier(AuthSettings(supabase_url=None, jwt_secret=stack.jwt_secret, anon_key=""))

        async def by_token(users: ActiveUsers) -> None:
            await users.require(await tokens.verify(token))

        samples: dict[str, list[float]] = {}
        uncached_keys = ApiKeyVerifier(db, 0)
        cached_keys = ApiKeyVerifier(db, 2.0)
        uncached_users = ActiveUsers(db, 0)
        cached_users = ActiveUsers(db, 5.0)
        steps = {
            "api key, uncached": lambda: uncached_keys.verify(made.key),
            "api key, cached": lambda: cached_keys.verify(made.key),
            "token, uncached": lambda: by_token(uncached_users),
            "token, cached": lambda: by_token(cached_users),
        }
        for name, step in steps.items():
            await step()  # warm up (and fill the cache)
            samples[name] = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                await step()
                samples[name].append(time.perf_counter() - started)
        await db.close()
    load_after = os.getloadavg()
    result: dict[str, Any] = {
        name: {"median_ms": _median_ms(s), "p95_ms": sorted(s)[int(len(s) * 0.95)] * 1000}
        for name, s in samples.items()
    }
    result["load_average"] = {"before": load_before, "after": load_after}
    print(f"{'authentication':<22}{'median ms':>12}{'p95 ms':>10}")
    for name in steps:
        print(f"{name:<22}{result[name]['median_ms']:>12.3f}{result[name]['p95_ms']:>10.3f}")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
    return result

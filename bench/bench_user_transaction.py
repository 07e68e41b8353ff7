"""Cost of acting as a user (role switch + claims) per transaction, against a plain transaction.

Every query the engine makes for a user pays this, so it bounds the engine's
per-request floor. Reference: the same `select` in a plain transaction on the
same pool, in the same process.
"""

from __future__ import annotations

import statistics
import time
import uuid
from typing import Any

from orrery.settings import DatabaseSettings
from orrery.store.database import Database
from stack import embedded_stack

ROUNDS = 2000


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95)] * 1000,
    }


async def run() -> dict[str, Any]:
    with embedded_stack() as stack:
        db = Database(
            DatabaseSettings(
                url=stack.engine_url, admin_url=stack.admin_url, claims_secret=stack.jwt_secret, pool_max=2
            )
        )
        await db.open()
        await db.pool.wait()
        claims = {"sub": str(uuid.uuid4()), "role": "authenticated"}
        plain: list[float] = []
        as_user: list[float] = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            async with db.pool.connection() as conn, conn.transaction():
                await conn.execute("select 1")
            plain.append(time.perf_counter() - start)
            start = time.perf_counter()
            async with db.as_user(claims) as conn:
                await conn.execute("select 1")
            as_user.append(time.perf_counter() - start)
        await db.close()
    result = {"plain": _summary(plain), "as_user": _summary(as_user)}
    result["ratio_median"] = result["as_user"]["median_ms"] / result["plain"]["median_ms"]
    print(f"{'transaction':<14}{'median ms':>12}{'p95 ms':>10}")
    for name in ("plain", "as_user"):
        print(f"{name:<14}{result[name]['median_ms']:>12.3f}{result[name]['p95_ms']:>10.3f}")
    print(f"as_user / plain (median): {result['ratio_median']:.2f}")
    return result

"""The connection pool and the only ways to run SQL: as a user, or as a service.

Every query made for a user runs in a transaction that first switches to the
`authenticated` role and sets `request.jwt.claims`, exactly as Supabase's
PostgREST does, so row-level security is the access control. Both settings are
transaction-local (`set_config(..., true)`): nothing survives into the next
transaction on the same pooled connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import msgspec
import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from orrery.errors import DependencyUnavailable
from orrery.settings import DatabaseSettings

Connection = psycopg.AsyncConnection[dict[str, Any]]

_ALLOWED_ROLES = frozenset({"anon", "authenticated", "service_role"})
_BECOME = "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)"


class Database:
    """A pool of connections for one engine or worker process."""

    def __init__(self, settings: DatabaseSettings) -> None:
        self._settings = settings
        self.pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
            settings.url,
            min_size=settings.pool_min,
            max_size=settings.pool_max,
            kwargs={"row_factory": dict_row, "autocommit": False},
            timeout=settings.connect_timeout,
            open=False,
            name="orrery",
        )

    async def open(self) -> None:
        # Do not wait for the first connection: the engine starts (and answers
        # /healthz with 503) while Postgres is still down, and recovers when it is up.
        await self.pool.open(wait=False)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def _transaction(self, role: str, claims: Mapping[str, Any]) -> AsyncIterator[Connection]:
        if role not in _ALLOWED_ROLES:
            raise ValueError(f"refusing to act as database role {role!r}")
        try:
            async with self.pool.connection() as conn, conn.transaction():
                await conn.execute(_BECOME, (role, msgspec.json.encode(claims).decode()))
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise DependencyUnavailable("the database is unavailable") from exc

    def as_user(self, claims: Mapping[str, Any]) -> AbstractAsyncContextManager[Connection]:
        """A transaction acting as the user the claims describe (RLS applies)."""
        return self._transaction(str(claims.get("role", "authenticated")), claims)

    def as_service(self) -> AbstractAsyncContextManager[Connection]:
        """A transaction with `service_role`: maintenance only (e.g. the sweeper)."""
        return self._transaction("service_role", {"role": "service_role"})

    async def ping(self, timeout: float = 2.0) -> bool:
        """True when a connection answers `select 1` within the timeout."""
        try:
            async with self.pool.connection(timeout=timeout) as conn:
                await conn.execute("select 1")
            return True
        except (PoolTimeout, psycopg.Error):
            return False

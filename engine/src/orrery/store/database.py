"""The connection pool and the only ways to run SQL: as a user, or as the login role itself.

Every query made for a user runs in a transaction that first switches to the
`authenticated` role and sets `request.jwt.claims`, exactly as Supabase's
PostgREST does, so row-level security is the access control. Both settings are
transaction-local (`set_config(..., true)`): nothing survives into the next
transaction on the same pooled connection.

Each process logs in with a role of its own (README, "Security"): the API and
workers may become `authenticated` and nothing else; the sweeper and the auth
stand-in become nobody and work with what their login role was granted
(`as_login_role`). No process can become `service_role`.

The claims are signed (store/claims.py): RLS believes them only with the
signature, which only a holder of the claims key can make. So SQL that sets
someone else's claims (an injection, a leaked login) sees nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import msgspec
import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from orrery.errors import ConfigurationError, ConnectionsBusy, DependencyUnavailable
from orrery.settings import DatabaseSettings
from orrery.store.claims import derive_key, sign

Connection = psycopg.AsyncConnection[dict[str, Any]]

_ALLOWED_ROLES = frozenset({"authenticated"})
_BECOME = (
    "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true), "
    "set_config('request.orrery.signature', %s, true)"
)


class Database:
    """A pool of connections for one engine or worker process."""

    def __init__(
        self,
        settings: DatabaseSettings,
        *,
        url: str | None = None,
        application_name: str | None = None,
        max_size: int | None = None,
    ) -> None:
        """A pool on `settings.url`, or on `url` (another login of the same process, e.g. the
        worker's sweeper connection) named `application_name` in `pg_stat_activity`."""
        self._settings = settings
        self._claims_key = derive_key(settings.claims_secret) if settings.claims_secret else None
        name = application_name or settings.application_name
        size = max_size or settings.pool_max
        self.pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
            url or settings.url,
            min_size=min(settings.pool_min, size),
            max_size=size,
            kwargs={"row_factory": dict_row, "autocommit": False, "application_name": name},
            timeout=settings.connect_timeout,
            open=False,
            name=name,
        )

    async def open(self) -> None:
        # Do not wait for the first connection: the engine starts (and answers
        # /healthz with 503) while Postgres is still down, and recovers when it is up.
        await self.pool.open(wait=False)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def _transaction(
        self, role: str | None, claims: Mapping[str, Any], pipelined: bool = False
    ) -> AsyncIterator[Connection]:
        become = self._become(role, claims) if role is not None else None
        try:
            async with self.pool.connection() as conn:
                if pipelined:
                    async with conn.pipeline(), conn.transaction():
                        if become is not None:
                            await conn.execute(_BECOME, become)
                        yield conn
                    return
                async with conn.transaction():
                    if become is not None:
                        await conn.execute(_BECOME, become)
                    yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise _unavailable(exc) from exc

    def _become(self, role: str, claims: Mapping[str, Any]) -> tuple[str, str, str]:
        """The parameters of `_BECOME`: the role, the claims and their signature."""
        if role not in _ALLOWED_ROLES:
            raise ValueError(f"refusing to act as database role {role!r}")
        if self._claims_key is None:
            raise ConfigurationError("SUPABASE_JWT_SECRET is not set: user claims cannot be signed")
        text = msgspec.json.encode(claims).decode()
        return (role, text, sign(self._claims_key, text))

    @asynccontextmanager
    async def as_users_in_turn(self) -> AsyncIterator[UserTurns]:
        """One pipelined transaction acting as one user after another: `await turns.become(claims)`
        before each user's statements, and RLS applies to each statement as the user it follows.
        Work for many users' rows in one round trip and one commit (a worker renewing the leases
        of all its runs), with no privilege beyond acting as each of them."""
        try:
            async with self.pool.connection() as conn, conn.pipeline(), conn.transaction():
                yield UserTurns(self, conn)
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise _unavailable(exc) from exc

    def as_user(
        self, claims: Mapping[str, Any], *, pipelined: bool = False
    ) -> AbstractAsyncContextManager[Connection]:
        """A transaction acting as the user the claims describe (RLS applies).

        `pipelined`: the whole transaction runs in psycopg's pipeline mode, so `BEGIN`, the role
        switch and the statements up to the first result read go in one round trip, and the
        `COMMIT` in one more (the runner's commits and lease: two round trips instead of four).
        Statements are only sent when a result is read or the block ends."""
        return self._transaction(str(claims.get("role", "authenticated")), claims, pipelined)

    def as_login_role(self) -> AbstractAsyncContextManager[Connection]:
        """A transaction as the login role itself, acting for no user: it can do exactly what that
        role was granted (the sweeper's run columns, the auth stand-in's auth tables, the API's
        user check) and nothing else."""
        return self._transaction(None, {})

    async def ping(self, timeout: float = 2.0) -> bool:
        """True when a connection answers `select 1` within the timeout."""
        try:
            async with self.pool.connection(timeout=timeout) as conn:
                await conn.execute("select 1")
            return True
        except (PoolTimeout, psycopg.Error):
            return False


class UserTurns:
    """The transaction of `Database.as_users_in_turn`."""

    def __init__(self, db: Database, conn: Connection) -> None:
        self._db = db
        self.conn = conn

    async def become(self, claims: Mapping[str, Any]) -> None:
        """Act as the user the claims describe for the statements that follow."""
        await self.conn.execute(_BECOME, self._db._become(str(claims.get("role", "authenticated")), claims))


def _unavailable(exc: PoolTimeout | psycopg.OperationalError) -> DependencyUnavailable:
    """What a transaction that could not be had raises: `ConnectionsBusy` when the pool gave no
    connection in time (nothing was sent: retrying is safe; the pool also times out so when it
    cannot connect at all), `DependencyUnavailable` when Postgres failed the connection."""
    if isinstance(exc, PoolTimeout):
        return ConnectionsBusy("no database connection came free in time")
    return DependencyUnavailable("the database is unavailable")

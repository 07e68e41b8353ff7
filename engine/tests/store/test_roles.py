"""Least privilege: each process's login role, tried the way an attacker with its URL would.

Whoever holds one process's `DATABASE_URL` (a leak) or can run SQL in its
connection (an injection) gets exactly that role. Here each role is logged
in with its own password and tries to become a more powerful one, to read
password hashes, and to read other tenants' rows; each attempt is refused.
Then each process is shown to work with exactly its role.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
from litestar.testing import AsyncTestClient
from psycopg import errors
from psycopg.rows import dict_row

from orrery.api.app import create_app
from orrery.api.auth_local import create_auth_app
from orrery.queue.dispatcher import DramatiqDispatcher, create_broker
from orrery.queue.names import RUNS_QUEUE
from orrery.runner.sweeper import sweep_once
from orrery.settings import LOGIN_ROLES, Settings
from orrery.store.database import Database

from .rls_helpers import TABLES, Owned, claims, create_everything, create_user

# What each login role may become (and nothing else).
MAY_BECOME = {
    "orrery_engine": {"authenticated"},
    "orrery_worker": {"authenticated"},
    "orrery_sweeper": set(),
    "orrery_auth": set(),
}
# The roles an attacker would want: Supabase's RLS bypass and auth admin, the superuser, and each other.
COVETED = ["service_role", "supabase_auth_admin", "postgres", "authenticator", "anon", *LOGIN_ROLES]
# Ways to switch roles from SQL.
SWITCHES = [
    "set role {role}",
    "select set_config('role', '{role}', false)",
    "set session authorization {role}",
]


def connect(url: str) -> psycopg.Connection[dict[str, Any]]:
    return psycopg.connect(url, row_factory=dict_row)


def refused(url: str, sql: str, params: tuple[Any, ...] = ()) -> bool:
    """True when the statement is refused for lack of privilege."""
    with connect(url) as conn:
        try:
            conn.execute(sql, params)  # type: ignore[arg-type]
        except errors.InsufficientPrivilege:
            return True
    return False


@pytest.fixture
async def alice(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


@pytest.fixture
async def bob(db: Database, admin_url: str) -> Owned:
    return await create_everything(db, create_user(admin_url))


# --- what each role is ------------------------------------------------------------------


def test_each_login_role_may_become_only_what_its_process_needs(admin_url: str) -> None:
    # Given the migrated database
    with connect(admin_url) as conn:
        rows = conn.execute(
            """select r.rolname, r.rolsuper, r.rolbypassrls, r.rolinherit, r.rolcreaterole, r.rolcreatedb,
                      array(select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid
                             where m.member = r.oid order by 1) as member_of,
                      (select count(*) from pg_class c where c.relowner = r.oid) as owns
                 from pg_roles r where r.rolname = any(%s)""",
            (list(LOGIN_ROLES),),
        ).fetchall()

    # Then each of our login roles is plain (no superuser, no RLS bypass, inherits and owns nothing)
    # and may become exactly the roles its process acts as
    assert {r["rolname"]: set(r["member_of"]) for r in rows} == MAY_BECOME
    for row in rows:
        assert (row["rolsuper"], row["rolbypassrls"], row["rolinherit"]) == (False, False, False), row
        assert (row["rolcreaterole"], row["rolcreatedb"], row["owns"]) == (False, False, 0), row


@pytest.mark.parametrize(
    ("login", "target"),
    [(login, target) for login in LOGIN_ROLES for target in COVETED if target != login],
)
def test_no_login_role_can_switch_to_another_role(role_urls: dict[str, str], login: str, target: str) -> None:
    # Given a connection with a process's leaked credentials, or an injection in it
    # When it tries every way SQL offers to become another role
    # Then each is refused
    for switch in SWITCHES:
        assert refused(role_urls[login], switch.format(role=target)), (login, switch.format(role=target))


@pytest.mark.parametrize("login", ["orrery_engine", "orrery_worker", "orrery_sweeper"])
@pytest.mark.parametrize("table", ["users", "sessions", "refresh_tokens", "orrery_login_limits"])
def test_only_the_auth_stand_in_reads_the_auth_schema(
    role_urls: dict[str, str], admin_url: str, login: str, table: str
) -> None:
    # Given a user with a password hash
    create_user(admin_url)

    # When the API's, a worker's or the sweeper's role reads the auth tables, as itself or as a user
    # Then it is refused
    assert refused(role_urls[login], f"select * from auth.{table}")
    if MAY_BECOME[login]:
        with connect(role_urls[login]) as conn:
            conn.execute("set role authenticated")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f"select * from auth.{table}")  # type: ignore[arg-type]

    # And only the stand-in's own role can
    with connect(role_urls["orrery_auth"]) as conn:
        conn.execute(f"select * from auth.{table}")  # type: ignore[arg-type]


@pytest.mark.parametrize("login", LOGIN_ROLES)
@pytest.mark.parametrize("table", TABLES)
async def test_no_login_role_reads_a_tenants_rows_as_itself(
    role_urls: dict[str, str], alice: Owned, login: str, table: str
) -> None:
    # Given Alice's rows in every table
    # When a role reads a whole table without acting as a user
    # Then it is refused outright (the sweeper may read a few run columns, never whole rows)
    assert refused(role_urls[login], f"select * from public.{table}")


def _as_claimed_user(conn: psycopg.Connection[dict[str, Any]], user_id: str, signature: str = "") -> None:
    """What a leaked login or an injection can do: become `authenticated` and claim to be anyone."""
    conn.execute(
        "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', %s, true), "
        "set_config('request.orrery.signature', %s, true)",
        (json.dumps(claims(user_id)), signature),
    )


@pytest.mark.parametrize("login", ["orrery_engine", "orrery_worker"])
@pytest.mark.parametrize("signature", ["", "0" * 64, "copied"], ids=["unsigned", "forged", "copied"])
async def test_a_leaked_login_that_claims_to_be_another_user_sees_nothing(
    db: Database, role_urls: dict[str, str], alice: Owned, bob: Owned, login: str, signature: str
) -> None:
    # Given Bob's rows, and the API's or a worker's leaked login (which may become `authenticated`)
    if signature == "copied":  # a valid signature, of Alice's claims, seen somewhere
        async with db.as_user(alice.claims) as conn:
            row = await (
                await conn.execute("select current_setting('request.orrery.signature') as s")
            ).fetchone()
        assert row is not None
        signature = row["s"]

    # When it claims to be Bob (it knows his id) and reads every table, then tries to write as him
    with connect(role_urls[login]) as conn, conn.transaction():
        _as_claimed_user(conn, bob.user_id, signature)
        seen = {
            table: conn.execute(f"select count(*) as n from public.{table}").fetchone() for table in TABLES
        }  # type: ignore[arg-type]
    with connect(role_urls[login]) as conn, conn.transaction():
        _as_claimed_user(conn, bob.user_id, signature)
        with pytest.raises(errors.InsufficientPrivilege):  # new row violates row-level security
            conn.execute(
                "insert into public.workflows (owner_id, name) values (%s, 'Planted')", (bob.user_id,)
            )

    # Then without the engine's signature the claims count for nothing: no row of anyone's
    assert seen == {table: {"n": 0} for table in TABLES}


async def test_sql_injected_into_alices_request_cannot_reach_bob(
    db: Database, alice: Owned, bob: Owned
) -> None:
    # Given a request of Alice's, whose transaction the engine signed
    async with db.as_user(alice.claims) as conn:
        mine = await (await conn.execute("select count(*) as n from public.workflows")).fetchone()

        # When injected SQL switches the claims to Bob's (or resets the role and tries again)
        await conn.execute("select set_config('request.jwt.claims', %s, true)", (json.dumps(bob.claims),))
        switched = await (await conn.execute("select count(*) as n from public.workflows")).fetchone()
        await conn.execute("reset role")
        with pytest.raises(errors.InsufficientPrivilege):
            await conn.execute("select count(*) from public.workflows")

    # Then it saw Alice's workflow while it was Alice, and nothing once it claimed to be Bob
    assert (mine, switched) == ({"n": 1}, {"n": 0})


async def test_a_worker_acting_for_a_runs_owner_sees_only_that_owner(
    settings: Settings, role_urls: dict[str, str], alice: Owned, bob: Owned
) -> None:
    # Given a worker's own pool (orrery_worker), signing the claims of Bob, a run's owner
    worker = Database(settings.database, url=role_urls["orrery_worker"], application_name="orrery-worker")
    await worker.open()
    try:
        # When it reads every table
        async with worker.as_user(bob.claims) as conn:
            owners = {
                table: {
                    str(r["owner_id"])
                    for r in await (await conn.execute(f"select owner_id from public.{table}")).fetchall()  # type: ignore[arg-type]
                }
                for table in TABLES
            }
    finally:
        await worker.close()

    # Then it sees Bob's rows, all of them, and none of Alice's; and no conversation, not even
    # Bob's (a chat's reply is read from its run: workers never touch one)
    chats = {"chat_sessions", "chat_messages"}
    assert owners == {table: set() if table in chats else {bob.user_id} for table in TABLES}


@pytest.mark.parametrize(
    "sql",
    [
        "select inputs from public.runs",
        "select outputs, error from public.runs",
        "select input, output from public.run_steps",
        "select data from public.run_events",
        "select ciphertext from public.credentials",
        "select spec from public.workflow_versions",
        "select content from public.memories",
        "update public.runs set status = 'cancelled'",
        "update public.runs set owner_id = owner_id",
        "update public.run_steps set status = 'failed'",
        "insert into public.run_events (run_id, type) select id, 'run.failed' from public.runs",
        "delete from public.runs",
    ],
)
async def test_the_sweeper_sees_which_runs_are_pending_never_their_content(
    role_urls: dict[str, str], alice: Owned, sql: str
) -> None:
    # Given Alice's run, and the sweeper's credentials
    # When they are used to read content or change anything but the runs' updated_at
    # Then it is refused
    assert refused(role_urls["orrery_sweeper"], sql)


async def test_the_sweeper_sees_no_finished_run(
    role_urls: dict[str, str], admin_url: str, alice: Owned, bob: Owned
) -> None:
    # Given Alice's run still queued and Bob's finished
    with connect(admin_url) as conn:
        conn.execute(
            "update public.runs set status = 'succeeded', finished_at = now() where id = %s", (bob.run_id,)
        )

    # When the sweeper lists runs and touches them all
    with connect(role_urls["orrery_sweeper"]) as conn:
        listed = [str(r["id"]) for r in conn.execute("select id, owner_id, status from public.runs")]
        touched = conn.execute("update public.runs set updated_at = now() returning id").fetchall()

    # Then it only ever reaches the unfinished one
    assert listed == [alice.run_id]
    assert [str(r["id"]) for r in touched] == [alice.run_id]


@pytest.mark.parametrize("login", ["orrery_worker", "orrery_sweeper", "orrery_auth"])
def test_only_the_api_asks_whether_a_user_exists(
    role_urls: dict[str, str], admin_url: str, login: str
) -> None:
    # Given a user
    user_id = create_user(admin_url)

    # When the API's role asks, then it gets the answer; any other role is refused
    with connect(role_urls["orrery_engine"]) as conn:
        row = conn.execute("select orrery_private.user_is_active(%s) as active", (user_id,)).fetchone()
    assert row == {"active": True}
    assert refused(role_urls[login], "select orrery_private.user_is_active(%s)", (user_id,))


# --- each process works with exactly its role -------------------------------------------


async def test_the_sweeper_re_enqueues_every_tenants_abandoned_runs_with_its_own_role(
    settings: Settings,
    role_urls: dict[str, str],
    admin_url: str,
    valkey: Any,
    alice: Owned,
    bob: Owned,
    no_worker_running: None,
) -> None:
    # Given Alice's run queued long ago with nobody holding it (its message was lost), and Bob's
    # run waiting on an approval whose deadline has passed
    with connect(admin_url) as conn:
        conn.execute("alter table public.runs disable trigger runs_set_updated_at")
        conn.execute(
            "update public.runs set updated_at = now() - interval '1 hour' where id = %s", (alice.run_id,)
        )
        conn.execute(
            "update public.runs set status = 'waiting', updated_at = now() - interval '1 hour' where id = %s",
            (bob.run_id,),
        )
        conn.execute("alter table public.runs enable trigger runs_set_updated_at")
        conn.execute(
            "update public.run_steps set status = 'waiting', waiting_until = now() - interval '1 minute' "
            "where id = %s",
            (bob.step_id,),
        )
    # (the queue on a database of its own: a worker another test left running consumes db 0's)
    queue_url = valkey.url.rsplit("/", 1)[0] + "/7"
    broker = create_broker(queue_url)
    sweeper = Database(settings.database, url=role_urls["orrery_sweeper"], application_name="orrery-sweeper")
    await sweeper.open()
    queue = redis.Redis.from_url(queue_url)
    queue.flushdb()

    def queued() -> set[str]:
        messages = queue.hvals(f"orrery:{RUNS_QUEUE}.msgs")
        return {run for run in (alice.run_id, bob.run_id) if any(run.encode() in m for m in messages)}

    try:
        # When a sweep runs on the sweeper's own connection (the session's shared worker, whose
        # sweeper would send them to its own queue, is paused; sweep until ours has run, should a
        # paused sweep hold the lock)
        found = 0
        for _ in range(50):
            found += await sweep_once(sweeper, DramatiqDispatcher(broker), settings.runner)
            if queued() == {alice.run_id, bob.run_id}:
                break
            await asyncio.sleep(0.1)
        async with sweeper.as_login_role() as conn:
            row = await (await conn.execute("select current_user as role")).fetchone()
    finally:
        await sweeper.close()
        broker.close()

    # Then both runs go back on the queue, acting as orrery_sweeper
    assert queued() == {alice.run_id, bob.run_id}
    assert found >= 1
    assert row == {"role": "orrery_sweeper"}


@pytest.mark.parametrize("process", ["api", "auth"])
async def test_the_api_and_the_auth_stand_in_log_in_as_their_own_roles(
    settings: Settings, auth_settings: Settings, admin_url: str, process: str
) -> None:
    # Given the API and the auth stand-in, each built from every process's credentials
    app = create_app(settings) if process == "api" else create_auth_app(auth_settings)

    # When it has started and served a request
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/healthz" if process == "api" else "/auth/v1/health")).status_code == 200
        await (
            app.state.local_auth._db.pool.wait()
        ) if process == "auth" else await app.state.services.db.pool.wait()
        logins = _logins(admin_url, f"orrery-{process}")

    # Then its connections are its own role's
    assert logins == {"orrery_engine" if process == "api" else "orrery_auth"}


def _logins(admin_url: str, application: str) -> set[str]:
    with connect(admin_url) as conn:
        rows = conn.execute(
            "select distinct usename from pg_stat_activity where application_name = %s", (application,)
        ).fetchall()
    return {str(r["usename"]) for r in rows}


def _wait_for_logins(
    admin_url: str, application: str, process: subprocess.Popen[bytes] | None = None, log: Path | None = None
) -> set[str]:
    """The roles of `application`'s connections, once it has one (pools open in the background)."""
    deadline = time.monotonic() + 60
    while not (found := _logins(admin_url, application)):
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            output = log.read_text(errors="replace") if log else ""
            raise AssertionError(f"no {application} connection\n{output}")
        time.sleep(0.1)
    return found


@pytest.fixture
def worker_process(env: dict[str, str], tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "orrery", "worker", "--processes", "1", "--threads", "1"],
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield process, log
    process.terminate()  # Dramatiq's main process stops its worker processes
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.slow
def test_a_worker_logs_in_as_the_worker_and_sweeps_as_the_sweeper(
    admin_url: str, worker_process: tuple[subprocess.Popen[bytes], Path]
) -> None:
    # Given a real `orrery worker` given every process's credentials (env holds them all)
    process, log = worker_process

    # When it has started, then its runs' pool is orrery_worker and its sweeper orrery_sweeper
    assert _wait_for_logins(admin_url, "orrery-worker", process, log) == {"orrery_worker"}
    assert _wait_for_logins(admin_url, "orrery-sweeper", process, log) == {"orrery_sweeper"}

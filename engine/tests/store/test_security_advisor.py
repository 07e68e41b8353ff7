"""The database's security posture, read from the catalog.

These mirror the lints of Supabase's security advisor (splinter):
rls_disabled_in_public, policy_exists_rls_disabled, rls_enabled_no_policy,
multiple_permissive_policies, auth_rls_initplan, function_search_path_mutable,
security_definer_view, materialized_view_in_api, auth_users_exposed,
unindexed_foreign_keys; plus our own rules: RLS is forced, `anon` gets
nothing, every privilege granted to `authenticated` has exactly one
policy, and policies read the signed user, `(select orrery_private.uid())`,
never claims as any SQL may set them. Each check returns its offenders, so a table, view or function added
later that slips through fails here, and the last test shows that each check
does catch a sloppy one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import psycopg
import pytest

from .rls_helpers import TABLES

Conn = psycopg.Connection[tuple[object, ...]]

COMMANDS = ("select", "insert", "update", "delete")
_POLICY_CMD = {"r": "select", "a": "insert", "w": "update", "d": "delete", "*": "all"}

# Commands deliberately not granted to `authenticated` (so they have no
# policy either), and why.
NOT_GRANTED = {
    ("memory_uploads", "update"): "an upload is never changed: its job reads it once, then deletes it",
    ("memory_crawls", "delete"): "a crawl goes with its document (cascade)",
    ("workflow_versions", "update"): "a version is immutable; a changed spec is a new version",
    ("workflow_versions", "delete"): "versions go with their workflow (cascade)",
    ("runs", "delete"): "runs go with their workflow or their owner (cascade)",
    ("run_steps", "delete"): "steps go with their run (cascade)",
    ("run_events", "update"): "the event log is append-only",
    ("run_events", "delete"): "the event log is append-only; events go with their run",
    ("memories", "delete"): "chunks go with their document (cascade)",
    ("api_keys", "delete"): "a key is revoked (revoked_at), and kept so its last use stays visible",
    ("webhook_calls", "update"): "a call's record is what happened; it is never edited",
    ("webhook_calls", "delete"): "calls go with their webhook (cascade)",
    ("notifications", "delete"): "a notification is marked read, never deleted by its owner",
    ("assets", "update"): "an asset is immutable: other bytes are another asset",
    ("asset_deletions", "update"): "a file to remove is listed, then cleared once removed; never edited",
}

# Security-definer functions we accept, and why.
SECURITY_DEFINER_ALLOWED: dict[str, str] = {
    "orrery_private.user_is_active(uuid)": (
        "answers only whether one user exists; executable by the API's login role alone, "
        "in a schema no API exposes (20261206300100_active_users.sql)"
    ),
    "orrery_private.uid()": (
        "reads the claims key to check the claims' signature, and returns only the signed user's id "
        "(20261206300200_signed_claims.sql)"
    ),
    "orrery_private.authenticate_api_key(bytea)": (
        "answers only for the key whose SHA-256 it is given (the caller must hold the key), only "
        "while it is live and its user active; executable by the API's login role alone "
        "(20261208100000_api_keys.sql)"
    ),
    "orrery_private.webhook_by_token(bytea)": (
        "answers only which webhook (id, owner) a token hash is, for the API's login role alone: a "
        "webhook call carries no user (20261208200000_triggers.sql)"
    ),
    "orrery_private.compact_run_history(interval,integer)": (
        "the retention policy: removes in-between events and step inputs of at most `batch` runs that "
        "finished over an hour (in practice ORRERY_RUN_EVENTS_RETENTION_DAYS) ago, returns a count and "
        "no content; executable by the sweeper's login role alone, which sees no finished run "
        "(20261209300000_run_history_retention.sql)"
    ),
    "orrery_private.prepare_run_event_partitions(integer)": (
        "makes run_events' month partitions for this month and at most 12 ahead (in a schema no role "
        "may use), returns a count and no content; executable by the sweeper's login role alone "
        "(20261214500000_run_events_partitions.sql)"
    ),
    "orrery_private.empty_old_run_event_partitions(interval)": (
        "the retention policy by partition: empties a month of run_events only when the month ended and "
        "every run started in it finished over a day (in practice ORRERY_RUN_EVENTS_RETENTION_DAYS) "
        "ago; returns partition names, no content; executable by the sweeper's login role alone "
        "(20261215300000_run_events_retention_locks.sql)"
    ),
    "orrery_private.lock_run_for_event(uuid)": (
        "the seq trigger's read of its run: locks and reads (counter, highest seq, owner) only a run of "
        "the signed user, which RLS already lets that user lock and read; no row otherwise, and the "
        "trigger then reads as the caller under RLS (20261215400000_run_event_append_cost.sql)"
    ),
    "advance_run_event_seq()": (
        "an `after insert` statement trigger on run_events moving last_event_seq of the runs named in "
        "its transition table: rows of this statement that passed the insert policy and the composite "
        "foreign key, so runs of the caller; executable by no API role "
        "(20261215400000_run_event_append_cost.sql)"
    ),
    "assets_record_deletion()": (
        "an `after delete` trigger on assets that lists the deleted row's storage key for removal; it "
        "must also run when the row goes with its user (auth.users cascade), deleted by someone who is "
        "not that user; executable by no API role (20261208300000_assets.sql)"
    ),
}

# Policies for a role other than `authenticated`, and why. Each names exactly one role.
MAINTENANCE_POLICIES: dict[tuple[str, str, str], str] = {
    ("runs", "select", "orrery_sweeper"): "the sweeper finds unfinished runs nobody holds, across users",
    ("runs", "update", "orrery_sweeper"): "the sweeper re-enqueues them by touching updated_at only",
    ("run_steps", "select", "orrery_sweeper"): "the sweeper finds approvals past their deadline",
    ("schedules", "select", "orrery_sweeper"): "the scheduler finds due schedules (id, owner), across users",
    ("notifications", "select", "orrery_sweeper"): "the sender finds undelivered notifications (id, owner)",
    ("memory_documents", "select", "orrery_sweeper"): "recovery finds documents whose job was lost",
    ("memory_documents", "update", "orrery_sweeper"): "recovery re-sends a job by touching updated_at",
    ("memory_crawls", "select", "orrery_sweeper"): "recovery finds crawls whose job was lost",
    ("memory_crawls", "update", "orrery_sweeper"): "recovery re-sends a crawl by touching updated_at",
    ("asset_deletions", "select", "orrery_sweeper"): "housekeeping finds files nobody purged (keys)",
    ("asset_deletions", "delete", "orrery_sweeper"): "housekeeping clears the list of removed files",
    ("assets", "select", "orrery_sweeper"): "retention finds whose run files are how old (owner, run, age)",
}

# Schemas holding our functions.
OUR_SCHEMAS = "('public'::regnamespace, 'auth'::regnamespace, 'orrery_private'::regnamespace)"


# Tables nobody updates, not even maintenance.
IMMUTABLE = ("workflow_versions", "run_events")
# Memory documents and chunks: only a document in progress changes (its status, progress and
# error; a file's title, metadata and counts once its job has read it), and a chunk's embedding,
# once, by their owner (20261208400000_memory_ingestion.sql, 20261212100000_memory_uploads.sql);
# tests/store/test_rls_memories.py holds the rest still.


# --- checks: each returns the offenders ------------------------------------------------


def public_tables(conn: Conn) -> set[str]:
    rows = conn.execute(
        "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')"
    )
    return {str(r[0]) for r in rows}


def rls_disabled_in_public(conn: Conn) -> list[str]:
    """Tables in public without row-level security enabled and forced."""
    rows = conn.execute(
        "select relname from pg_class where relnamespace = 'public'::regnamespace "
        "and relkind in ('r', 'p') and not (relrowsecurity and relforcerowsecurity) order by 1"
    )
    return [str(r[0]) for r in rows]


def policy_exists_rls_disabled(conn: Conn) -> list[str]:
    """Tables with policies that are not enforced because RLS is off."""
    rows = conn.execute(
        "select distinct c.relname from pg_policy p join pg_class c on c.oid = p.polrelid "
        "where c.relnamespace = 'public'::regnamespace and not c.relrowsecurity order by 1"
    )
    return [str(r[0]) for r in rows]


def policy_coverage(conn: Conn) -> list[str]:
    """Per table and command: a grant to `authenticated` with exactly one permissive policy for
    it, or neither and a reason in NOT_GRANTED. Policies are `to authenticated`, per command."""
    offenders: list[str] = []
    for (table, command), reason in NOT_GRANTED.items():
        assert reason
        assert command in COMMANDS, (table, command)
    for table in sorted(public_tables(conn)):
        policies = conn.execute(
            "select p.polname, p.polcmd, p.polpermissive, "
            "array(select rolname from pg_roles where oid = any(p.polroles) order by 1), "
            "0 = any(p.polroles) "
            "from pg_policy p where p.polrelid = %s::regclass",
            (f"public.{table}",),
        ).fetchall()
        per_command: dict[str, int] = dict.fromkeys(COMMANDS, 0)
        for name, cmd, permissive, roles, to_public in policies:
            command = _POLICY_CMD[str(cmd)]
            if command == "all":
                offenders.append(f"{table}: policy {name!r} is FOR ALL; write one per command")
                continue
            if not to_public and len(roles) == 1 and (table, command, roles[0]) in MAINTENANCE_POLICIES:
                continue
            if to_public or roles != ["authenticated"]:
                offenders.append(f"{table}: policy {name!r} is not `to authenticated` only ({roles})")
            if permissive:
                per_command[command] += 1
        for command in COMMANDS:
            privilege = command.upper()
            check = "has_table_privilege" if command == "delete" else "has_any_column_privilege"
            row = conn.execute(
                f"select {check}('authenticated', %s::regclass, %s)",  # type: ignore[arg-type]
                (f"public.{table}", privilege),
            ).fetchone()
            granted = bool(row and row[0])
            policies_for = per_command[command]
            if granted and policies_for != 1:
                offenders.append(f"{table}: {command} is granted with {policies_for} permissive policies")
            if not granted and policies_for:
                offenders.append(f"{table}: {command} has a policy but no grant")
            if not granted and (table, command) not in NOT_GRANTED:
                offenders.append(f"{table}: {command} is not granted and NOT_GRANTED does not say why")
            if granted and (table, command) in NOT_GRANTED:
                offenders.append(f"{table}: {command} is granted but NOT_GRANTED says it is not")
    return offenders


def auth_rls_initplan(conn: Conn) -> list[str]:
    """Policies calling auth.*(), orrery_private.uid() or current_setting() per row instead of
    once per query."""
    offenders = []
    rows = conn.execute(
        "select tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') "
        "from pg_policies where schemaname = 'public'"
    )
    for table, name, expression in rows:
        once = re.sub(
            r"\(\s*SELECT\s+((auth|orrery_private)\.\w+\(\)|current_setting\([^)]*\))\s+AS\s+\w+\s*\)",
            "",
            str(expression),
        )
        if re.search(r"(auth|orrery_private)\.\w+\(|current_setting\(", once):
            offenders.append(f"{table}: {name}")
    return offenders


def unsigned_user_in_policies(conn: Conn) -> list[str]:
    """Policies that read the user from the claims as any SQL may set them (auth.uid(), auth.jwt(),
    current_setting) instead of the signed user, (select orrery_private.uid())."""
    rows = conn.execute(
        "select tablename, policyname from pg_policies where schemaname = 'public' "
        "and coalesce(qual, '') || ' ' || coalesce(with_check, '') ~ '(auth\\.\\w+\\(|current_setting\\()' "
        "order by 1, 2"
    )
    return [f"{table}: {name}" for table, name in rows]


def function_search_path_mutable(conn: Conn) -> list[str]:
    """Our functions in public, auth and orrery_private must pin search_path to ''."""
    rows = conn.execute(
        f"select p.oid::regprocedure::text from pg_proc p where p.pronamespace in {OUR_SCHEMAS} "  # type: ignore[arg-type]
        "and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e') "
        "and not ('search_path=\"\"' = any(coalesce(p.proconfig, '{}'))) order by 1"
    )
    return [str(r[0]) for r in rows]


def security_definer_functions(conn: Conn) -> list[str]:
    rows = conn.execute(
        f"select p.oid::regprocedure::text from pg_proc p where p.pronamespace in {OUR_SCHEMAS} "  # type: ignore[arg-type]
        "and p.prosecdef "
        "and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e') order by 1"
    )
    return [str(r[0]) for r in rows if str(r[0]) not in SECURITY_DEFINER_ALLOWED]


def security_definer_view(conn: Conn) -> list[str]:
    """Views in public that run with their owner's rights (bypassing RLS), and materialized
    views (which have no RLS at all)."""
    rows = conn.execute(
        "select relname from pg_class where relnamespace = 'public'::regnamespace and ("
        "  relkind = 'm' or (relkind = 'v' and not coalesce("
        "    'security_invoker=true' = any(reloptions) or 'security_invoker=on' = any(reloptions), false)))"
        " order by 1"
    )
    return [str(r[0]) for r in rows]


def auth_users_exposed(conn: Conn) -> list[str]:
    """Views in public that read auth.users."""
    rows = conn.execute(
        "select distinct v.relname from pg_depend d "
        "join pg_rewrite r on r.oid = d.objid "
        "join pg_class v on v.oid = r.ev_class "
        "where d.refobjid = 'auth.users'::regclass and v.oid <> d.refobjid "
        "and v.relnamespace = 'public'::regnamespace order by 1"
    )
    return [str(r[0]) for r in rows]


def anon_privileges(conn: Conn) -> list[str]:
    """Anything in public `anon` may touch: tables, views, sequences, functions."""
    rows = conn.execute(
        """
        select c.relname from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and (has_table_privilege('anon', c.oid, 'select, insert, update, delete, truncate')
               or has_table_privilege('anon', c.oid, 'references, trigger')
               or has_any_column_privilege('anon', c.oid, 'select, insert, update, references'))
        union all
        select c.relname from pg_class c
        where c.relnamespace = 'public'::regnamespace
          and case c.relkind when 'S' then has_sequence_privilege('anon', c.oid, 'usage, select, update') end
        union all
        select p.oid::regprocedure::text from pg_proc p
        where p.pronamespace = 'public'::regnamespace
          and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          and has_function_privilege('anon', p.oid, 'execute')
        order by 1
        """
    )
    return [str(r[0]) for r in rows]


def unindexed_foreign_keys(conn: Conn) -> list[str]:
    """Foreign keys in public without an index whose leading columns are the key's columns."""
    rows = conn.execute(
        """
        select c.conrelid::regclass::text || ' ' || c.conname from pg_constraint c
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace
          and not exists (
            select from pg_index i
            where i.indrelid = c.conrelid and i.indisvalid
              and (string_to_array(i.indkey::text, ' ')::smallint[])[1:array_length(c.conkey, 1)] = c.conkey
          )
        order by 1
        """
    )
    return [str(r[0]) for r in rows]


def api_role_privileges(conn: Conn) -> list[str]:
    """What authenticated and service_role hold beyond plain reads and writes: no TRUNCATE,
    REFERENCES or TRIGGER; authenticated updates named columns only, never a key (primary,
    unique or foreign) column, owner_id or created_at; nobody updates an immutable table."""
    offenders = []
    rows = conn.execute(
        """
        select c.relname, r.rolname, a.privilege_type from pg_class c
        cross join lateral aclexplode(c.relacl) a join pg_roles r on r.oid = a.grantee
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
          and r.rolname in ('authenticated', 'service_role')
          and (a.privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER')
               or (r.rolname = 'authenticated' and a.privilege_type = 'UPDATE'))
        order by 1, 2, 3
        """
    )
    offenders += [f"{t}: {role} holds table-wide {privilege}" for t, role, privilege in rows]
    rows = conn.execute(
        """
        select c.relname, att.attname from pg_attribute att join pg_class c on c.oid = att.attrelid
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
          and att.attnum > 0 and not att.attisdropped
          and has_column_privilege('authenticated', c.oid, att.attnum, 'update')
          and (att.attname in ('owner_id', 'created_at') or exists (
            select from pg_constraint k
            where k.conrelid = c.oid and k.contype in ('p', 'u', 'f') and att.attnum = any(k.conkey)))
        order by 1, 2
        """
    )
    offenders += [f"{t}: authenticated may update key column {column}" for t, column in rows]
    for table in IMMUTABLE:
        for role in ("authenticated", "service_role"):
            row = conn.execute(
                "select has_any_column_privilege(%s, %s::regclass, 'update')", (role, f"public.{table}")
            ).fetchone()
            if row and row[0]:
                offenders.append(f"{table}: {role} may update an immutable table")
    return offenders


CHECKS: dict[str, Callable[[Conn], list[str]]] = {
    "rls_disabled_in_public": rls_disabled_in_public,
    "policy_exists_rls_disabled": policy_exists_rls_disabled,
    "policy_coverage": policy_coverage,
    "auth_rls_initplan": auth_rls_initplan,
    "unsigned_user_in_policies": unsigned_user_in_policies,
    "function_search_path_mutable": function_search_path_mutable,
    "security_definer_function": security_definer_functions,
    "security_definer_view": security_definer_view,
    "auth_users_exposed": auth_users_exposed,
    "anon_privileges": anon_privileges,
    "api_role_privileges": api_role_privileges,
    "unindexed_foreign_keys": unindexed_foreign_keys,
}


@pytest.fixture
def conn(admin_url: str) -> Iterator[Conn]:
    with psycopg.connect(admin_url) as connection:
        yield connection


# --- the database as migrated -----------------------------------------------------------


@pytest.mark.parametrize("check", CHECKS)
def test_the_schema_passes(conn: Conn, check: str) -> None:
    # Given the database with every migration applied
    # When the check reads the catalog
    offenders = CHECKS[check](conn)

    # Then nothing is flagged
    assert offenders == []


def test_every_table_has_its_row_level_security_tests(conn: Conn) -> None:
    # Every table in public appears in the RLS tests' list, which runs the
    # two-user tests of test_rls_tables.py against it.
    assert public_tables(conn) == set(TABLES)


@pytest.mark.parametrize("role", ["orrery_engine", "orrery_worker", "orrery_auth"])
def test_the_api_worker_and_auth_roles_hold_no_table_in_public(conn: Conn, role: str) -> None:
    # The API and workers reach tables only by becoming `authenticated` (RLS); the auth stand-in never
    row = conn.execute(
        "select count(*) from pg_class c where c.relnamespace = 'public'::regnamespace "
        "and has_any_column_privilege(%s, c.oid, 'select, insert, update, references')",
        (role,),
    ).fetchone()
    assert row == (0,)


# --- the checks catch what they are for -------------------------------------------------


def test_each_check_catches_a_table_view_and_function_that_slip_through(conn: Conn) -> None:
    # Given, in a transaction rolled back at the end, what a careless migration might add
    with conn.transaction(force_rollback=True):
        conn.execute(
            """
            create table public.slipped (id int primary key, owner_id uuid references auth.users (id));
            create table public.half_done (id int primary key);
            alter table public.half_done enable row level security;
            create policy "Anyone" on public.half_done for all to public using (auth.uid() is not null);
            grant select on public.half_done to authenticated;
            create table public.off (id int);
            create policy "Off" on public.off for select to authenticated using (true);
            create view public.leaky as select id, email from auth.users;
            create materialized view public.cached as select 1 as one;
            create function public.careless() returns int language sql as 'select 1';
            create function public.powerful() returns int language sql security definer
              set search_path = '' as 'select 1';
            create function orrery_private.hidden_power() returns int language sql security definer
              set search_path = '' as 'select 1';
            create policy "The sweeper reads every workflow" on public.workflows
              for select to orrery_sweeper using (true);
            grant select on public.slipped to anon;
            grant truncate, update on public.slipped to authenticated;
            grant update (version) on public.workflow_versions to authenticated;
            """
        )

        # When the checks read the catalog
        found = {name: check(conn) for name, check in CHECKS.items()}

        # Then each flags what it is about
        assert found["rls_disabled_in_public"] == ["half_done", "off", "slipped"]
        assert found["policy_exists_rls_disabled"] == ["off"]
        coverage = "\n".join(found["policy_coverage"])
        assert "half_done: policy 'Anyone' is FOR ALL" in coverage
        assert "half_done: select is granted with 0 permissive policies" in coverage
        assert "slipped: select is not granted and NOT_GRANTED does not say why" in coverage
        assert "slipped: update is granted with 0 permissive policies" in coverage
        assert "workflow_versions: update is granted but NOT_GRANTED says it is not" in coverage
        assert "off: select has a policy but no grant" in coverage
        assert (
            "workflows: policy 'The sweeper reads every workflow' is not `to authenticated` only "
            "(['orrery_sweeper'])" in coverage
        )
        assert found["auth_rls_initplan"] == ["half_done: Anyone"]
        assert found["unsigned_user_in_policies"] == ["half_done: Anyone"]
        assert found["function_search_path_mutable"] == ["careless()"]
        assert found["security_definer_function"] == ["orrery_private.hidden_power()", "powerful()"]
        assert found["security_definer_view"] == ["cached", "leaky"]
        assert found["auth_users_exposed"] == ["leaky"]
        assert set(found["anon_privileges"]) == {"slipped", "careless()", "powerful()"}
        assert found["unindexed_foreign_keys"] == ["slipped slipped_owner_id_fkey"]
        assert found["api_role_privileges"] == [
            "slipped: authenticated holds table-wide TRUNCATE",
            "slipped: authenticated holds table-wide UPDATE",
            "slipped: authenticated may update key column id",
            "slipped: authenticated may update key column owner_id",
            "workflow_versions: authenticated may update key column version",
            "workflow_versions: authenticated may update an immutable table",
        ]

        # And a new table gets nothing for anon or authenticated by default
        row = conn.execute(
            "select has_table_privilege('anon', 'public.off', 'select'), "
            "has_table_privilege('authenticated', 'public.off', 'select')"
        ).fetchone()
        assert row == (False, False)


def test_a_policy_reading_the_user_per_row_is_caught(conn: Conn) -> None:
    # Given a policy calling orrery_private.uid() bare (once per row) rather than as
    # (select orrery_private.uid())
    with conn.transaction(force_rollback=True):
        conn.execute(
            """
            create table public.per_row (owner_id uuid);
            create policy "Rows are readable by their owner" on public.per_row
              for select to authenticated using (owner_id = orrery_private.uid());
            """
        )
        # Then the check names it
        assert auth_rls_initplan(conn) == ["per_row: Rows are readable by their owner"]

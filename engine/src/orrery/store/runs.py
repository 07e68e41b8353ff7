"""SQL for runs and their steps. Every function takes a connection already inside
a user (or service) transaction from `Database`; RLS decides what it sees, and the
owner of a new row is the database's `auth.uid()` default, never a parameter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from psycopg import AsyncCursor
from psycopg.types.json import Jsonb

from orrery.store.database import Connection
from orrery.store.pagination import Keyset

Row = dict[str, Any]
Cursor = AsyncCursor[Row]
"""A statement sent (in a pipeline, perhaps not yet answered): its rows are read later."""

STEP_READ = (
    "id, owner_id, run_id, node_id, nullif(scope, '') as scope, attempt, status, handled, input, output, "
    "error, model, tokens_in, tokens_out, cost_usd, cost_unknown, cached, "
    "idempotency_key, decided_by, decided_at, decision, created_at, "
    "started_at, finished_at, updated_at, handles, executions, superseded_at, waiting_until, worker, "
    "seeded_from"
)
"""A step row's columns but its `transcript` (large, and read only by `step_transcripts`)."""

STEP_STATE = (
    "node_id, scope, attempt, status, handled, output, error, handles, executions, waiting_until, worker, "
    "tokens_in, tokens_out, cost_usd"
)
"""What the runner and the runs service need of a step to go on (not its recorded input); its
usage too: a step resolved outside the worker (by its child run's ending) spent the child's."""

TOP = ""
"""The scope of the top level's steps (a container's body steps have `name[index]`)."""


async def lock_run(conn: Connection, run_id: str) -> Row | None:
    """The run, its row locked, with `held`: whether a worker's lease on it is current
    (by the database's clock, the one leases are taken and renewed by), and `lease_left_s`."""
    cur = await conn.execute(
        "select *, (lease_owner is not null and lease_expires_at > now()) as held, "
        "greatest(0, extract(epoch from lease_expires_at - now()))::float8 as lease_left_s "
        "from public.runs where id = %s for update",
        (run_id,),
    )
    return await cur.fetchone()


async def fetch_run(conn: Connection, run_id: str, *, for_update: bool = False) -> Row | None:
    lock = " for update" if for_update else ""
    cur = await conn.execute(f"select * from public.runs where id = %s{lock}", (run_id,))  # type: ignore[arg-type]
    return await cur.fetchone()


RUN_PAGES = Keyset("r.created_at", "r.id")


async def find_by_idempotency_key(conn: Connection, workflow_id: str, key: str) -> Row | None:
    """The run of this workflow an earlier request with this Idempotency-Key started."""
    cur = await conn.execute(
        "select * from public.runs where workflow_id = %s and idempotency_key = %s", (workflow_id, key)
    )
    return await cur.fetchone()


async def fetch_version_to_run(conn: Connection, workflow_id: str, version: int | None) -> Row | None:
    """`version, spec` of the workflow's version (None: its current one)."""
    cur = await conn.execute(
        "select v.version, v.spec from public.workflows w "
        "join public.workflow_versions v on v.workflow_id = w.id "
        "and v.version = coalesce(%s, w.current_version) where w.id = %s",
        (version, workflow_id),
    )
    return await cur.fetchone()


async def insert_run(
    conn: Connection,
    *,
    workflow_id: str,
    version: int,
    inputs: dict[str, Any],
    budgets: dict[str, Any],
    idempotency_key: str | None,
    idempotency_fingerprint: str | None = None,
    trigger_kind: str = "manual",
    trigger_id: str | None = None,
    trigger_fire_at: datetime | None = None,
    kind: str = "run",
    forked_from: tuple[str, str] | None = None,
    interactive: bool = False,
) -> Row:
    """A new queued run (`kind` run, test or fork; a fork's `forked_from` = (run id, node id);
    `interactive`: a person waits for it at the screen).
    Raises `psycopg.errors.UniqueViolation` for an idempotency key in use, or for a schedule's
    fire that already has its run."""
    origin_run, origin_step = forked_from or (None, None)
    cur = await conn.execute(
        "insert into public.runs (workflow_id, workflow_version, inputs, budgets, idempotency_key, "
        "idempotency_fingerprint, trigger_kind, trigger_id, trigger_fire_at, kind, "
        "forked_from_run_id, forked_from_step, interactive) "
        "values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) returning *",
        (
            workflow_id,
            version,
            Jsonb(inputs),
            Jsonb(budgets),
            idempotency_key,
            idempotency_fingerprint,
            trigger_kind,
            trigger_id,
            trigger_fire_at,
            kind,
            origin_run,
            origin_step,
            interactive,
        ),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def lock_owner_starts(conn: Connection) -> None:
    """Until the transaction ends, no other start of the current user's counts their runs: a
    burst of simultaneous starts is counted as if one after another (each sees those committed
    before it). Other users' starts do not wait."""
    await conn.execute(
        "select pg_advisory_xact_lock(hashtextextended('starts:' || (select orrery_private.uid())::text, 0))"
    )


async def start_count_active(conn: Connection, at_most: int, *, interactive: bool = False) -> Cursor:
    """The current user's runs queued or running (RLS: theirs only), batch or `interactive`
    ones (counted apart), counted up to `at_most` (a user with a thousand queued is not counted
    whole), as a cursor for a pipeline: `(await cursor.fetchone())["active"]`. Served by
    `runs_owner_id_active_idx` / `runs_owner_id_interactive_active_idx`."""
    return await conn.execute(
        "select count(*)::int as active from (select 1 from public.runs"
        " where status in ('queued', 'running') and interactive = %s limit %s) as active",
        (interactive, at_most),
    )


async def list_runs(
    conn: Connection,
    *,
    workflow_id: str | None,
    status: str | None,
    cursor: str | None,
    limit: int,
    parent_run_id: str | None = None,
    trigger_kind: str | None = None,
    trigger_id: str | None = None,
    kind: str | None = None,
    forked_from_run_id: str | None = None,
) -> list[Row]:
    """Newest first with the workflow's name; `limit + 1` rows at most (`RUN_PAGES.page` cuts them).
    `parent_run_id`: only the child runs that run's steps started; `trigger_kind`, `trigger_id`:
    only the runs that kind of trigger (that webhook or schedule) started."""
    after, params = RUN_PAGES.after(cursor)
    clauses = [after]
    if workflow_id:
        clauses.append("r.workflow_id = %s")
        params.append(workflow_id)
    if parent_run_id:
        clauses.append("r.parent_run_id = %s")
        params.append(parent_run_id)
    if status:
        clauses.append("r.status = %s")
        params.append(status)
    if trigger_kind:
        clauses.append("r.trigger_kind = %s")
        params.append(trigger_kind)
    if trigger_id:
        clauses.append("r.trigger_id = %s")
        params.append(trigger_id)
    if kind:
        clauses.append("r.kind = %s")
        params.append(kind)
    if forked_from_run_id:
        clauses.append("r.forked_from_run_id = %s")
        params.append(forked_from_run_id)
    params.append(limit + 1)
    sql = (
        f"select r.*, w.name as workflow_name, {TRIGGER_NAME} from public.runs r "
        "left join public.workflows w on w.id = r.workflow_id "
        f"where {' and '.join(clauses)} order by {RUN_PAGES.order} limit %s"
    )
    cur = await conn.execute(sql, params)  # type: ignore[arg-type]
    return await cur.fetchall()


TRIGGER_NAME = (
    "(select coalesce(nullif(t.name, ''), 'untitled') from ("
    "select name from public.schedules where id = r.trigger_id and r.trigger_kind = 'schedule' "
    "union all select name from public.webhooks where id = r.trigger_id and r.trigger_kind = 'webhook'"
    ") t limit 1) as trigger_name"
)
"""The name of the webhook or schedule that started the run `r` (while it exists)."""

_SNAPSHOT = f"""
select r.*, w.name as workflow_name, {TRIGGER_NAME},
  (select coalesce(json_agg(s order by s.created_at, s.node_id, s.attempt), '[]')::text
     from (select {STEP_READ} from public.run_steps where run_id = r.id) s) as steps_json,
  (select coalesce(json_agg(e.data || jsonb_build_object('seq', e.seq) order by e.seq), '[]')::text
     from public.run_events e where e.run_id = r.id and e.type = 'step.log') as logs_json,
  (select coalesce(json_agg(e.data || jsonb_build_object('seq', e.seq, 'type', e.type)
                            order by e.seq), '[]')::text
     from public.run_events e
     where e.run_id = r.id and e.type in ('step.held', 'step.resumed')) as holds_json,
  (select coalesce(json_agg(json_build_object('id', c.id, 'node_id', c.parent_node_id,
                            'scope', c.parent_scope, 'attempt', c.parent_attempt)), '[]')::text
     from public.runs c where c.parent_run_id = r.id) as children_json
from public.runs r left join public.workflows w on w.id = r.workflow_id
where r.id = %s
"""


async def fetch_snapshot(conn: Connection, run_id: str) -> Row | None:
    """The run with its workflow's name, every step attempt (`steps_json`), every
    `step.log` event with its seq (`logs_json`), every `step.held` / `step.resumed` event
    (`holds_json`) and the child runs its steps started
    (`children_json`: id and the step attempt of each), as JSON text: one statement, so one
    snapshot of the database; what they say agrees with `last_event_seq`."""
    cur = await conn.execute(_SNAPSHOT, (run_id,))  # type: ignore[arg-type]
    return await cur.fetchone()


async def fetch_spec(conn: Connection, workflow_id: str, version: int) -> dict[str, Any] | None:
    cur = await conn.execute(
        "select spec from public.workflow_versions where workflow_id = %s and version = %s",
        (workflow_id, version),
    )
    row = await cur.fetchone()
    return None if row is None else row["spec"]


async def fetch_pinned_spec(conn: Connection, run_id: str, known: Sequence[str] = ()) -> Cursor:
    """The spec of the workflow version the run pinned, and its `spec_hash`, found through the
    run itself (so it can be sent in the same pipeline as the statement that took the run).
    The spec is left out (null) when its hash is one of `known` (the caller has it already).
    Returns the cursor: `await pinned_spec(cursor)` reads it."""
    return await conn.execute(
        "select v.spec_hash, case when v.spec_hash = any(%s::text[]) then null else v.spec end as spec "
        "from public.runs r join public.workflow_versions v "
        "on v.workflow_id = r.workflow_id and v.version = r.workflow_version where r.id = %s",
        (list(known), run_id),
    )


async def pinned_spec(cursor: Cursor) -> tuple[str | None, dict[str, Any] | None]:
    """(its hash, the spec: None when left out as known), or (None, None) when the version is
    gone."""
    row = await cursor.fetchone()
    return (None, None) if row is None else (row["spec_hash"], row["spec"])


async def current_steps(conn: Connection, run_id: str) -> list[Row]:
    """The latest attempt of each node in each scope that a retry has not superseded: the top
    level's (scope '') and every container iteration's."""
    cur = await start_current_steps(conn, run_id)
    return await cur.fetchall()


async def start_current_steps(conn: Connection, run_id: str) -> Cursor:
    """`current_steps` as a cursor, for a pipeline: `await cursor.fetchall()` reads them."""
    return await conn.execute(
        f"select distinct on (scope, node_id) {STEP_STATE} from public.run_steps "  # type: ignore[arg-type]
        "where run_id = %s and superseded_at is null order by scope, node_id, attempt desc",
        (run_id,),
    )


async def highest_attempts(conn: Connection, run_id: str) -> dict[str, dict[str, int]]:
    """scope -> node -> the highest attempt number, superseded rows included (attempts keep
    counting)."""
    return await read_highest_attempts(await start_highest_attempts(conn, run_id))


async def start_highest_attempts(conn: Connection, run_id: str) -> Cursor:
    """`highest_attempts` as a cursor, for a pipeline: `read_highest_attempts(cursor)` reads it."""
    return await conn.execute(
        "select scope, node_id, max(attempt) as attempt from public.run_steps where run_id = %s "
        "group by scope, node_id",
        (run_id,),
    )


async def read_highest_attempts(cur: Cursor) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for row in await cur.fetchall():
        found.setdefault(row["scope"], {})[row["node_id"]] = row["attempt"]
    return found


async def start_steps_and_attempts(conn: Connection, run_id: str) -> Cursor:
    """`current_steps` and `highest_attempts` in one statement (what a claim reads), as a cursor
    for a pipeline: `read_steps_and_attempts(cursor)` splits its rows. Per step: its latest
    attempt not superseded (else its latest superseded one, marked not current), with the
    highest attempt number of any of its rows, and how many of its rows were seeded (copied
    from another run by a fork, never executed)."""
    return await conn.execute(
        f"select distinct on (scope, node_id) {STEP_STATE}, "  # type: ignore[arg-type]
        "superseded_at is null as current, max(attempt) over (partition by scope, node_id) as highest, "
        "count(*) filter (where seeded_from is not null) over (partition by scope, node_id) as seeded "
        "from public.run_steps where run_id = %s "
        "order by scope, node_id, superseded_at is null desc, attempt desc",
        (run_id,),
    )


async def read_steps_and_attempts(cur: Cursor) -> tuple[list[Row], dict[str, dict[str, int]], int]:
    """(the current steps, as `current_steps` has them; scope -> node -> the highest attempt;
    how many step rows were seeded)."""
    steps: list[Row] = []
    attempts: dict[str, dict[str, int]] = {}
    seeded = 0
    for row in await cur.fetchall():
        current, highest = row.pop("current"), row.pop("highest")
        seeded += row.pop("seeded")
        attempts.setdefault(row["scope"], {})[row["node_id"]] = highest
        if current:
            steps.append(row)
    return steps, attempts, seeded


async def all_steps(conn: Connection, run_id: str) -> list[Row]:
    cur = await conn.execute(
        f"select {STEP_READ} from public.run_steps where run_id = %s "  # type: ignore[arg-type]
        "order by created_at, node_id, attempt",
        (run_id,),
    )
    return await cur.fetchall()


async def step_transcripts(
    conn: Connection, run_id: str, node_ids: Sequence[str], scope: str = TOP
) -> list[Row]:
    """`node_id, transcript` of the current succeeded attempt of each of `node_ids` (in `scope`)
    that has a transcript (agent steps), in the order they finished."""
    cur = await conn.execute(
        "select node_id, transcript from ("
        " select distinct on (node_id) node_id, status, transcript, finished_at from public.run_steps"
        " where run_id = %s and scope = %s and node_id = any(%s) and superseded_at is null"
        " order by node_id, attempt desc"
        ") latest where status = 'succeeded' and transcript is not null order by finished_at, node_id",
        (run_id, scope, list(node_ids)),
    )
    return await cur.fetchall()


# -- leases ------------------------------------------------------------------


_ACQUIRE = """
with previous as (
  select id, owner_id, lease_owner, started_at is null and parent_run_id is null as new_start
    from public.runs where id = %(run)s for update
)
update public.runs r
   set lease_owner = %(worker)s, lease_token = r.lease_token + 1,
       lease_expires_at = now() + make_interval(secs => %(ttl)s)
  from previous p
 where r.id = p.id and r.status in ('queued', 'running', 'waiting')
   and (r.lease_expires_at is null or r.lease_expires_at < now())
   and (%(cap)s = 0 or not p.new_start or (
     select count(*) from public.runs o
      where o.owner_id = p.owner_id and o.status in ('queued', 'running', 'waiting')
        and o.lease_owner is not null and o.lease_expires_at > now()
   ) < %(cap)s)
returning r.*, p.lease_owner is not null as taken_over
"""


async def lock_owner_claims(conn: Connection, owner_id: str) -> None:
    """Until the transaction ends, no other transaction takes a lease of this owner's under
    their cap (`acquire_lease`'s count, made by the next statement, sees their latest)."""
    await conn.execute("select pg_advisory_xact_lock(hashtextextended(%s, 0))", (owner_id,))


async def acquire_lease(
    conn: Connection, run_id: str, worker: str, ttl_s: float, *, cap: int = 0
) -> Row | None:
    """Take the run's lease if it is free or lapsed, and (a new top-level run) its owner has
    fewer than `cap` runs holding a lease (0: no cap); the new fencing token comes back with
    the run, and `taken_over`: the lease lapsed in someone's hands (a holder that died or
    froze, rather than released it)."""
    cur = await start_acquire_lease(conn, run_id, worker, ttl_s, cap=cap)
    return await cur.fetchone()


async def start_acquire_lease(
    conn: Connection, run_id: str, worker: str, ttl_s: float, *, cap: int = 0
) -> Cursor:
    """`acquire_lease` as a cursor, for a pipeline: `await cursor.fetchone()` reads the row."""
    params = {"worker": worker, "ttl": ttl_s, "run": run_id, "cap": cap}
    return await conn.execute(_ACQUIRE, params)  # type: ignore[arg-type]


async def renew_lease(conn: Connection, run_id: str, token: int, ttl_s: float) -> Row | None:
    """Extend our lease; None when it was taken over. Returns cancel_requested_at too."""
    cur = await conn.execute(
        "update public.runs set lease_expires_at = now() + make_interval(secs => %s) "
        "where id = %s and lease_token = %s and lease_owner is not null "
        "returning cancel_requested_at",
        (ttl_s, run_id, token),
    )
    return await cur.fetchone()


async def start_renew_leases(conn: Connection, held: Mapping[str, int], ttl_s: float) -> Cursor:
    """`renew_lease` for several runs of the current user at once (run id -> our token), as a
    cursor for a pipeline: its rows are the runs still ours, with `cancel_requested_at`."""
    return await conn.execute(
        "with locked as ("
        " select r.id from public.runs r"
        " join unnest(%s::uuid[], %s::bigint[]) as ours(id, token)"
        " on r.id = ours.id and r.lease_token = ours.token and r.lease_owner is not null"
        " order by r.id for update of r"
        ") "
        "update public.runs r set lease_expires_at = now() + make_interval(secs => %s) "
        "from locked where r.id = locked.id "
        "returning r.id::text as id, r.cancel_requested_at",
        (list(held), list(held.values()), ttl_s),
    )


_RELEASE = """
with held as (
  select id, status, last_event_seq, cancel_requested_at from public.runs
   where id = %(run)s and lease_token = %(token)s and lease_owner is not null for update
), released as (
  update public.runs r set lease_owner = null, lease_expires_at = null
    from held h
   where r.id = h.id
     and not (h.cancel_requested_at is not null and h.status in ('queued', 'running', 'waiting'))
  returning r.id
)
select h.status, h.last_event_seq, h.cancel_requested_at, exists (select 1 from released) as released
  from held h
"""


async def start_release_lease(conn: Connection, run_id: str, token: int) -> Cursor:
    """Give the lease up, unless a cancel of the still active run was requested meanwhile
    (`released` false: the holder must end it first). Decided under the run's row lock, so a
    cancel committed before is seen, and one after finds the lease free. A cursor, for a
    pipeline: `await cursor.fetchone()` reads the run's `status, last_event_seq,
    cancel_requested_at, released`; None if someone else holds it."""
    return await conn.execute(_RELEASE, {"run": run_id, "token": token})  # type: ignore[arg-type]


_HOLDS_LEASE = (
    "select lease_token = %s and lease_owner is not null as ok, "
    "cancel_requested_at is not null as cancelling from public.runs where id = %s for update"
)


async def check_lease(conn: Connection, run_id: str, token: int) -> Any:
    """Lock the run row and check the fencing token (the first statement of every commit).
    Returns the cursor: `await fence(cursor)` reads the answer (pipeline-friendly)."""
    return await conn.execute(_HOLDS_LEASE, (token, run_id))


async def fence(cursor: Any) -> tuple[bool, bool]:
    """(the lease is still ours, a cancel was requested), as the run's locked row says."""
    row = await cursor.fetchone()
    return bool(row and row["ok"]), bool(row and row["cancelling"])


async def all_still_waiting(conn: Connection, run_id: str, keys: Sequence[tuple[str, str]]) -> bool:
    """Whether every one of these (scope, node id) steps' current attempt is still waiting."""
    if not keys:
        return True
    cur = await conn.execute(
        "select count(*) filter (where s.status = 'waiting') as waiting, count(*) as found "
        "from unnest(%s::text[], %s::text[]) as k(scope, node_id) "
        "left join lateral (select status from public.run_steps r where r.run_id = %s "
        "and r.scope = k.scope and r.node_id = k.node_id and r.superseded_at is null "
        "order by r.attempt desc limit 1) s on true",
        ([k[0] for k in keys], [k[1] for k in keys], run_id),
    )
    row = await cur.fetchone()
    return row is not None and int(row["waiting"]) == len(keys)


# -- writes ------------------------------------------------------------------

STEP_COLUMNS = (
    "status",
    "input",
    "output",
    "error",
    "model",
    "tokens_in",
    "tokens_out",
    "cost_usd",
    "cost_unknown",
    "cached",
    "idempotency_key",
    "handles",
    "executions",
    "waiting_until",
    "started_at",
    "finished_at",
    "worker",
    "transcript",
    "decided_by",
    "decided_at",
    "decision",
    "handled",
    "seeded_from",
)
_JSON_COLUMNS = frozenset({"input", "output", "error", "transcript", "decision"})


def _sql_value(column: str, value: Any) -> Any:
    if column in _JSON_COLUMNS and value is not None:
        return Jsonb(value)
    return value


async def upsert_step(
    conn: Connection, run_id: str, scope: str, node_id: str, attempt: int, fields: Row
) -> None:
    """Write a step attempt's state: the row is created on its first write."""
    columns = [c for c in STEP_COLUMNS if c in fields]
    values = [_sql_value(c, fields[c]) for c in columns]
    names = ", ".join(columns)
    placeholders = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "started_at")
    if "started_at" in columns:
        updates += ", started_at = coalesce(public.run_steps.started_at, excluded.started_at)"
    sql = (
        f"insert into public.run_steps (run_id, scope, node_id, attempt, {names}) "
        f"values (%s, %s, %s, %s, {placeholders}) "
        f"on conflict (run_id, scope, node_id, attempt) do update set {updates}"
    )
    await conn.execute(sql, (run_id, scope, node_id, attempt, *values))  # type: ignore[arg-type]


_RUN_COLUMNS = ("status", "outputs", "error", "started_at", "finished_at", "cancel_requested_at")


async def update_run(
    conn: Connection,
    run_id: str,
    fields: Row,
    *,
    add_usage: tuple[int, int, float] | None = None,
    fence_out: bool = False,
) -> None:
    sets: list[str] = []
    params: list[Any] = []
    for column in _RUN_COLUMNS:
        if column in fields:
            sets.append(f"{column} = %s")
            value = fields[column]
            params.append(Jsonb(value) if column in {"outputs", "error"} and value is not None else value)
    if fence_out:
        # Whoever held the lease may no longer commit (a worker the database thinks is gone).
        sets.append("lease_token = lease_token + 1, lease_owner = null, lease_expires_at = null")
    if add_usage is not None:
        sets.append("tokens_in = tokens_in + %s, tokens_out = tokens_out + %s, cost_usd = cost_usd + %s")
        params.extend(add_usage)
    if not sets:
        return
    await conn.execute(
        f"update public.runs set {', '.join(sets)} where id = %s",  # type: ignore[arg-type]
        (*params, run_id),
    )


_LATEST_FINISHED = """
select distinct on (s.node_id) s.node_id, s.status, s.output, s.handles, s.run_id
  from public.run_steps s join public.runs r on r.id = s.run_id
 where r.workflow_id = %s and r.parent_run_id is null and s.scope = '' and s.node_id = any(%s)
   and s.superseded_at is null and s.status in ('succeeded', 'skipped')
 order by s.node_id, s.finished_at desc, s.attempt desc
"""


async def latest_finished_steps(conn: Connection, workflow_id: str, node_ids: Sequence[str]) -> list[Row]:
    """`node_id, status, output, handles, run_id` of the newest finished (succeeded or skipped)
    top-level step of each of these nodes in any run of the workflow: what a test run seeds."""
    cur = await conn.execute(_LATEST_FINISHED, (workflow_id, list(node_ids)))  # type: ignore[arg-type]
    return await cur.fetchall()


async def latest_inputs(conn: Connection, workflow_id: str) -> dict[str, Any] | None:
    """The inputs of the workflow's newest top-level run (a test run starts with them)."""
    cur = await conn.execute(
        "select inputs from public.runs where workflow_id = %s and parent_run_id is null "
        "order by created_at desc, id desc limit 1",
        (workflow_id,),
    )
    row = await cur.fetchone()
    return None if row is None else dict(row["inputs"])


async def supersede_steps(conn: Connection, run_id: str, node_ids: Sequence[str]) -> int:
    """A retry re-runs these top-level nodes: their current rows are kept for inspection only."""
    cur = await conn.execute(
        "update public.run_steps set superseded_at = now() "
        "where run_id = %s and scope = '' and node_id = any(%s) and superseded_at is null",
        (run_id, list(node_ids)),
    )
    return cur.rowcount


# -- child runs (sub-workflows) ------------------------------------------------------
#
# A child run names the step attempt that started it: (parent_run_id, parent_node_id,
# parent_scope, parent_attempt), unique. `scope` is "" at the top level here, as the runner
# says it; the column holds null there.

_CHILD_KEY = (
    "parent_run_id = %s and parent_node_id = %s and coalesce(parent_scope, '') = %s and parent_attempt = %s"
)


async def find_child_run(conn: Connection, run_id: str, node_id: str, scope: str, attempt: int) -> Row | None:
    """The child run that step attempt started, if it started one."""
    cur = await conn.execute(
        f"select * from public.runs where {_CHILD_KEY}",  # type: ignore[arg-type]
        (run_id, node_id, scope, attempt),
    )
    return await cur.fetchone()


async def insert_child_run(
    conn: Connection,
    *,
    workflow_id: str,
    version: int,
    inputs: dict[str, Any],
    budgets: dict[str, Any],
    parent: tuple[str, str, str, int],
    depth: int,
) -> tuple[Row, bool]:
    """A new queued run started by the step attempt `parent` = (run, node, scope, attempt);
    (the run, True), or (the one that attempt already started, False)."""
    run_id, node_id, scope, attempt = parent
    cur = await conn.execute(
        "insert into public.runs (workflow_id, workflow_version, inputs, budgets, "
        "parent_run_id, parent_node_id, parent_scope, parent_attempt, depth) "
        "values (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "on conflict (parent_run_id, parent_node_id, (coalesce(parent_scope, '')), parent_attempt) "
        "where parent_run_id is not null do nothing returning *",
        (workflow_id, version, Jsonb(inputs), Jsonb(budgets), run_id, node_id, scope or None, attempt, depth),
    )
    row = await cur.fetchone()
    if row is not None:
        return row, True
    existing = await find_child_run(conn, run_id, node_id, scope, attempt)
    assert existing is not None
    return existing, False


async def child_step(conn: Connection, run_id: str, node_id: str, scope: str, attempt: int) -> Row | None:
    """The step attempt a child run was started by (in its scope: a map item's, a loop
    round's, or the top level's), unless a retry superseded it."""
    cur = await conn.execute(
        "select node_id, attempt, status from public.run_steps "
        "where run_id = %s and scope = %s and node_id = %s and attempt = %s and superseded_at is null",
        (run_id, scope, node_id, attempt),
    )
    return await cur.fetchone()


_DESCENDANTS = """
with recursive tree as (
  select id, 1 as level from public.runs where parent_run_id = %(run)s
  union all
  select c.id, t.level + 1 from public.runs c join tree t on c.parent_run_id = t.id where t.level < 100
)
select r.*, (r.lease_owner is not null and r.lease_expires_at > now()) as held,
  greatest(0, extract(epoch from r.lease_expires_at - now()))::float8 as lease_left_s
  from public.runs r join tree t on t.id = r.id
 where r.status in ('queued', 'running', 'waiting')
 order by t.level desc, r.id
   for update of r
"""


async def active_descendants(conn: Connection, run_id: str) -> list[Row]:
    """The unfinished runs `run_id`'s steps started, and theirs, deepest first, each locked
    (children before their parents, the order in which a child's ending locks them), with
    `held` and `lease_left_s` as `lock_run` gives them."""
    cur = await conn.execute(_DESCENDANTS, {"run": run_id})  # type: ignore[arg-type]
    return await cur.fetchall()


async def children_to_settle(conn: Connection, run_id: str) -> list[Row]:
    """`id, status` of the child runs whose step still waits for them and that are queued (to
    start) or ended (to resolve that step), in whatever scope the step is."""
    cur = await conn.execute(
        "select c.id, c.status from public.runs c join public.run_steps s "
        "on s.run_id = c.parent_run_id and s.scope = coalesce(c.parent_scope, '') "
        "and s.node_id = c.parent_node_id and s.attempt = c.parent_attempt "
        "and s.superseded_at is null and s.status = 'waiting' "
        "where c.parent_run_id = %s and c.status in ('queued', 'succeeded', 'failed', 'cancelled')",
        (run_id,),
    )
    return await cur.fetchall()


async def active_runs_of_workflow(conn: Connection, workflow_id: str, *, lock: bool = True) -> list[Row]:
    """`id, parent_run_id` of the workflow's unfinished runs, each locked (unless `lock` is False)."""
    cur = await conn.execute(
        "select id, parent_run_id from public.runs "  # type: ignore[arg-type]
        "where workflow_id = %s and status in ('queued', 'running', 'waiting') order by id"
        + (" for update" if lock else ""),
        (workflow_id,),
    )
    return await cur.fetchall()

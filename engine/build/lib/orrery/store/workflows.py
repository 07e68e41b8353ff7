"""SQL for workflows and their immutable versions. Every function takes a connection
already inside a user transaction from `Database`; RLS decides what it sees, and the
owner of a new row is the database's `auth.uid()` default, never a parameter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg.types.json import Jsonb

from orrery.store.database import Connection
from orrery.store.pagination import Keyset

Row = dict[str, Any]

_WORKFLOW = (
    "w.id, w.name, w.description, w.current_version, w.created_at, w.updated_at, "
    "v.spec, v.spec_hash, jsonb_array_length(v.spec -> 'nodes') as node_count"
)
_CURRENT = "join public.workflow_versions v on v.workflow_id = w.id and v.version = w.current_version"
_LAST_RUN = (
    "left join lateral (select r.id, r.status, r.created_at from public.runs r "
    "where r.workflow_id = w.id order by r.created_at desc, r.id desc limit 1) lr on true"
)


async def insert_workflow(conn: Connection, name: str, description: str) -> Row:
    cur = await conn.execute(
        "insert into public.workflows (name, description) values (%s, %s) returning id",
        (name, description),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def insert_version(conn: Connection, workflow_id: str, version: int, spec: dict[str, Any]) -> None:
    await conn.execute(
        "insert into public.workflow_versions (workflow_id, version, spec) values (%s, %s, %s)",
        (workflow_id, version, Jsonb(spec)),
    )


async def fetch_workflow(conn: Connection, workflow_id: str, *, for_update: bool = False) -> Row | None:
    """The workflow with its current version's spec; `for_update` locks the workflow row."""
    lock = " for update of w" if for_update else ""
    cur = await conn.execute(
        f"select {_WORKFLOW} from public.workflows w {_CURRENT} where w.id = %s{lock}",  # type: ignore[arg-type]
        (workflow_id,),
    )
    return await cur.fetchone()


WORKFLOW_PAGES = Keyset("w.updated_at", "w.id")


async def list_workflows(
    conn: Connection, *, search: str | None, cursor: str | None, limit: int
) -> list[Row]:
    """Most recently edited first, keyset-paginated on (updated_at, id), each with its last run;
    `limit + 1` rows at most (`WORKFLOW_PAGES.page` cuts them)."""
    after, params = WORKFLOW_PAGES.after(cursor)
    clauses = [after]
    if search:
        clauses.append("w.name ilike %s")
        params.append(f"%{_escape_like(search)}%")
    params.append(limit + 1)
    sql = (
        f"select {_WORKFLOW}, lr.id as last_run_id, lr.status as last_run_status, "
        f"lr.created_at as last_run_created_at "
        f"from public.workflows w {_CURRENT} {_LAST_RUN} "
        f"where {' and '.join(clauses)} order by {WORKFLOW_PAGES.order} limit %s"
    )
    cur = await conn.execute(sql, params)  # type: ignore[arg-type]
    return await cur.fetchall()


async def update_workflow(conn: Connection, workflow_id: str, fields: Row) -> None:
    """Set `name` / `description` / `current_version` (the row is locked by the caller)."""
    columns = [c for c in ("name", "description", "current_version") if c in fields]
    if not columns:
        return
    sets = ", ".join(f"{c} = %s" for c in columns)
    await conn.execute(
        f"update public.workflows set {sets} where id = %s",  # type: ignore[arg-type]
        (*(fields[c] for c in columns), workflow_id),
    )


async def same_spec(conn: Connection, workflow_id: str, version: int, spec: dict[str, Any]) -> bool:
    """Whether `spec` equals that version's (jsonb equality: key order and spacing do not count)."""
    cur = await conn.execute(
        "select spec = %s as same from public.workflow_versions where workflow_id = %s and version = %s",
        (Jsonb(spec), workflow_id, version),
    )
    row = await cur.fetchone()
    return bool(row and row["same"])


async def delete_workflow(conn: Connection, workflow_id: str) -> bool:
    """Delete it with its versions and runs (foreign-key cascades); False if it is not visible."""
    cur = await conn.execute("delete from public.workflows where id = %s", (workflow_id,))
    return cur.rowcount > 0


async def list_versions(conn: Connection, workflow_id: str) -> list[Row]:
    cur = await conn.execute(
        "select version, created_at, created_by, spec_hash, "
        "jsonb_array_length(spec -> 'nodes') as node_count "
        "from public.workflow_versions where workflow_id = %s order by version desc",
        (workflow_id,),
    )
    return await cur.fetchall()


async def fetch_version(conn: Connection, workflow_id: str, version: int) -> Row | None:
    cur = await conn.execute(
        "select workflow_id, version, created_at, created_by, spec_hash, spec, "
        "jsonb_array_length(spec -> 'nodes') as node_count "
        "from public.workflow_versions where workflow_id = %s and version = %s",
        (workflow_id, version),
    )
    return await cur.fetchone()


async def exists(conn: Connection, workflow_id: str) -> bool:
    cur = await conn.execute("select 1 from public.workflows where id = %s", (workflow_id,))
    return await cur.fetchone() is not None


async def names_taken(conn: Connection, names: list[str]) -> set[str]:
    """Which of these names the user's workflows already have."""
    cur = await conn.execute("select name from public.workflows where name = any(%s)", (names,))
    return {row["name"] for row in await cur.fetchall()}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_REFERENCED = """
select r.id::text as id, r.version, w.id is not null as exists, w.name, v.spec
  from unnest(%s::uuid[], %s::int[]) as r(id, version)
  left join public.workflows w on w.id = r.id
  left join public.workflow_versions v
    on v.workflow_id = w.id and v.version = coalesce(r.version, w.current_version)
"""


async def fetch_referenced(
    conn: Connection, keys: Sequence[tuple[str, int | None]]
) -> dict[tuple[str, int | None], Row]:
    """For each (workflow id, version or None for the current one) a sub-workflow names:
    `exists` (the user has that workflow), its `name`, and the version's `spec` (None: no such
    version). Another user's workflow does not exist (RLS)."""
    if not keys:
        return {}
    cur = await conn.execute(_REFERENCED, ([k[0] for k in keys], [k[1] for k in keys]))
    return {(row["id"], row["version"]): row for row in await cur.fetchall()}

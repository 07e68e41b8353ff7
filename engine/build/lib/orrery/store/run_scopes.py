"""SQL for the steps of containers' bodies (map items, loop rounds), by scope: `scenes[3]` is
item 3 of the top-level container `scenes`, nested scopes join with `/`. A retry of some
items supersedes exactly their rows; the other items keep theirs."""

from __future__ import annotations

from collections.abc import Sequence

from orrery.store.database import Connection


async def supersede_scopes(conn: Connection, run_id: str, prefixes: Sequence[str]) -> int:
    """Every current row in these container iterations (`scenes[3]`) or whole containers'
    bodies (`scenes[`), nested ones included: their body runs again."""
    if not prefixes:
        return 0
    cur = await conn.execute(
        "update public.run_steps set superseded_at = now() "
        "where run_id = %s and scope <> '' and superseded_at is null "
        "and exists (select 1 from unnest(%s::text[]) p where scope = p or starts_with(scope, p || '/') "
        "or (right(p, 1) = '[' and starts_with(scope, p)))",
        (run_id, list(prefixes)),
    )
    return cur.rowcount


_UNFINISHED = (
    "(status in ('queued', 'running', 'waiting', 'cancelled') or (status = 'failed' and not handled))"
)
"""A step that did not finish: still to run, stopped, or failed with no error branch to take it."""


async def supersede_unfinished_in(conn: Connection, run_id: str, containers: Sequence[str]) -> int:
    """The rows of these top-level containers' bodies that did not finish (queued, running,
    waiting, cancelled, or failed with no error branch): they run again, the rest is kept."""
    if not containers:
        return 0
    cur = await conn.execute(
        "update public.run_steps set superseded_at = now() "
        "where run_id = %s and scope <> '' and superseded_at is null "
        "and split_part(split_part(scope, '/', 1), '[', 1) = any(%s) "
        f"and {_UNFINISHED}",
        (run_id, list(containers)),
    )
    return cur.rowcount


async def unfinished_items(conn: Connection, run_id: str, container: str) -> list[int]:
    """The items (iterations) of a top-level container whose body did not finish: a step
    failed (with no error branch), was cancelled, or is still to run."""
    cur = await conn.execute(
        "select distinct split_part(split_part(scope, '/', 1), '[', 2) as item from public.run_steps "
        "where run_id = %s and superseded_at is null and split_part(split_part(scope, '/', 1), '[', 1) = %s "
        f"and {_UNFINISHED}",
        (run_id, container),
    )
    return sorted(int(row["item"].rstrip("]")) for row in await cur.fetchall())

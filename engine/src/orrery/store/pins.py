"""SQL for pinned node outputs (`workflow_pins`): what a user pinned on the nodes of a workflow's
draft. Only test runs read them (`runs.workbench`); a normal run never does. RLS decides whose
pins a connection sees; the owner of a new row is the database's `auth.uid()` default."""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from orrery.store.database import Connection

Row = dict[str, Any]


async def list_pins(conn: Connection, workflow_id: str) -> list[Row]:
    """`node_id, output, updated_at` of every pin of the workflow, by node id."""
    cur = await conn.execute(
        "select node_id, output, updated_at from public.workflow_pins "
        "where workflow_id = %s order by node_id",
        (workflow_id,),
    )
    return await cur.fetchall()


async def put_pin(conn: Connection, workflow_id: str, node_id: str, output: Any) -> Row:
    """Pin (or re-pin) a node's output."""
    cur = await conn.execute(
        "insert into public.workflow_pins (workflow_id, node_id, output) values (%s, %s, %s) "
        "on conflict (owner_id, workflow_id, node_id) do update "
        "set output = excluded.output, updated_at = now() returning node_id, output, updated_at",
        (workflow_id, node_id, Jsonb(output)),
    )
    row = await cur.fetchone()
    assert row is not None
    return row


async def delete_pin(conn: Connection, workflow_id: str, node_id: str) -> bool:
    cur = await conn.execute(
        "delete from public.workflow_pins where workflow_id = %s and node_id = %s", (workflow_id, node_id)
    )
    return cur.rowcount > 0

"""What the live-event tests share: a running run to watch, and reading SSE bytes back."""

from __future__ import annotations

import uuid

import psycopg
from psycopg.types.json import Jsonb


def running_run(admin_url: str) -> tuple[str, str]:
    user, workflow_id, run_id = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, email) values (%s, %s)", (user, f"{user}@example.com"))
        conn.execute("insert into workflows (id, owner_id, name) values (%s, %s, 'w')", (workflow_id, user))
        conn.execute(
            "insert into workflow_versions (workflow_id, version, owner_id, spec, created_by) "
            "values (%s, 1, %s, %s, %s)",
            (workflow_id, user, Jsonb({"schema": "orrery.workflow/v1"}), user),
        )
        conn.execute(
            "insert into runs (id, owner_id, workflow_id, workflow_version, status) "
            "values (%s, %s, %s, 1, 'running')",
            (run_id, user, workflow_id),
        )
    return user, run_id


def parse(chunks: list[bytes]) -> tuple[list[int], list[str]]:
    """(the ids of the events received, the comments received)."""
    ids, comments = [], []
    for block in b"".join(chunks).split(b"\n\n"):
        for line in block.split(b"\n"):
            if line.startswith(b"id: "):
                ids.append(int(line[4:]))
            elif line.startswith(b": "):
                comments.append(line[2:].decode())
    return ids, comments

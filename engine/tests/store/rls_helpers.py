"""Users, their claims, and one row in every table, for the row-level security tests.

Rows are written the way the engine writes them: through `Database.as_user`,
a transaction acting as `authenticated` with the user's claims.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import psycopg

from orrery.store.database import Database

# Every table in `public`, parents before children. The security advisor test
# checks this list against the catalog, so a new table needs its RLS tests.
TABLES = (
    "workflows",
    "workflow_versions",
    "runs",
    "run_steps",
    "run_events",
    "credentials",
    "memory_collections",
    "memory_documents",
    "memories",
    "memory_uploads",
    "memory_crawls",
    "api_keys",
    "secrets",
    "schedules",
    "webhooks",
    "webhook_calls",
    "notifications",
    "notification_settings",
    "assets",
    "asset_deletions",
    "workflow_pins",
    "chat_sessions",
    "chat_messages",
)

# Tables whose rows hang off a parent row (owner_id + parent id).
CHILD_TABLES = (
    "workflow_versions",
    "runs",
    "run_steps",
    "run_events",
    "memory_documents",
    "memories",
    "memory_uploads",
    "memory_crawls",
    "schedules",
    "webhooks",
    "webhook_calls",
    "assets",
    "workflow_pins",
    "chat_sessions",
    "chat_messages",
)

# How to pick the owner's row in each table.
ROW = {
    "workflows": "id = %(workflow_id)s",
    "workflow_versions": "workflow_id = %(workflow_id)s",
    "runs": "id = %(run_id)s",
    "run_steps": "id = %(step_id)s",
    "run_events": "run_id = %(run_id)s",
    "credentials": "id = %(credential_id)s",
    "memory_collections": "id = %(collection_id)s",
    "memory_documents": "id = %(document_id)s",
    "memories": "id = %(memory_id)s",
    "memory_uploads": "document_id = %(document_id)s",
    "memory_crawls": "document_id = %(document_id)s",
    "api_keys": "id = %(api_key_id)s",
    "secrets": "id = %(secret_id)s",
    "schedules": "id = %(schedule_id)s",
    "webhooks": "id = %(webhook_id)s",
    "webhook_calls": "id = %(call_id)s",
    "notifications": "id = %(notification_id)s",
    "notification_settings": "owner_id = %(owner_id)s",
    "assets": "id = %(asset_id)s",
    "asset_deletions": "storage_key = %(deletion_key)s",
    "workflow_pins": "workflow_id = %(workflow_id)s and node_id = 'research'",
    "chat_sessions": "id = %(session_id)s",
    "chat_messages": "id = %(message_id)s",
}

# A change the owner is allowed to make, as (column, value) (None: nobody may update the table).
UPDATE: dict[str, tuple[str, str] | None] = {
    "workflows": ("name", "'Renamed'"),
    "workflow_versions": None,
    "runs": ("cancel_requested_at", "'2030-01-01T00:00:00Z'::timestamptz"),
    "run_steps": ("model", "'renamed-model'"),
    "run_events": None,
    "credentials": ("requests_per_minute", "30"),
    "memory_collections": ("description", "'Changed'"),
    "memory_documents": None,
    "memories": None,
    "memory_uploads": None,
    "memory_crawls": ("status", "'done'"),
    "api_keys": ("revoked_at", "'2030-01-01T00:00:00Z'::timestamptz"),
    "secrets": ("updated_at", "'2030-01-01T00:00:00Z'::timestamptz"),
    "schedules": ("name", "'Renamed'"),
    "webhooks": ("name", "'Renamed'"),
    "webhook_calls": None,
    "notifications": ("read_at", "'2030-01-01T00:00:00Z'::timestamptz"),
    "notification_settings": ("email", "'changed@example.test'"),
    "assets": None,
    "asset_deletions": None,
    "workflow_pins": ("output", "'{\"pinned\": 2}'::jsonb"),
    "chat_sessions": ("title", "'Renamed'"),
    "chat_messages": ("content", "'Changed'"),
}


def set_clause(table: str) -> str:
    change = UPDATE[table]
    return "created_at = now()" if change is None else f"{change[0]} = {change[1]}"


def changed_clause(table: str) -> str:
    change = UPDATE[table]
    assert change is not None
    return f"{change[0]} is not distinct from {change[1]}"


# Tables the owner may delete rows from directly (others go with their parent).
DELETABLE = (
    "workflows",
    "credentials",
    "memory_collections",
    "memory_documents",
    "memory_uploads",
    "secrets",
    "schedules",
    "webhooks",
    "notification_settings",
    "assets",
    "asset_deletions",
    "workflow_pins",
    "chat_sessions",
    "chat_messages",
)

# A new row for `owner_id`, attached to the parents named in the parameters.
INSERT = {
    "workflows": "insert into public.workflows (owner_id, name) values (%(owner_id)s, 'Another')",
    "workflow_versions": (
        "insert into public.workflow_versions (owner_id, workflow_id, version, spec) "
        "values (%(owner_id)s, %(workflow_id)s, 2, '{\"nodes\": []}')"
    ),
    "runs": (
        "insert into public.runs (owner_id, workflow_id, workflow_version) "
        "values (%(owner_id)s, %(workflow_id)s, 1)"
    ),
    "run_steps": (
        "insert into public.run_steps (owner_id, run_id, node_id, attempt) "
        "values (%(owner_id)s, %(run_id)s, 'another', 1)"
    ),
    "run_events": (
        "insert into public.run_events (owner_id, run_id, type) values (%(owner_id)s, %(run_id)s, 'step.log')"
    ),
    "credentials": (
        "insert into public.credentials (owner_id, provider, label, ciphertext, nonce, key_hint) "
        "values (%(owner_id)s, 'openai', 'Another', '\\x0102'::bytea, %(nonce)s, 'wxyz')"
    ),
    "memory_collections": (
        "insert into public.memory_collections (owner_id, name) values (%(owner_id)s, 'Another')"
    ),
    "memory_documents": (
        "insert into public.memory_documents "
        "(owner_id, collection_id, title, source, content_hash, chunk_count, char_count) "
        "values (%(owner_id)s, %(collection_id)s, 'Another', 'text', repeat('b', 64), 0, 0)"
    ),
    "memories": (
        "insert into public.memories (owner_id, collection_id, document_id, chunk_index, content, "
        "content_hash, dimensions, embedding) values (%(owner_id)s, %(collection_id)s, %(document_id)s, "
        "1, 'Another', repeat('c', 64), 3, '[1,0,0]')"
    ),
    # (one per document: each on a new document of the collection, inserted with it)
    "memory_uploads": (
        "with d as (insert into public.memory_documents "
        "(owner_id, collection_id, title, source, content_hash, chunk_count, char_count) "
        "values (%(owner_id)s, %(collection_id)s, 'Another file', 'file', "
        "encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 0, 0) returning owner_id, collection_id, id) "
        "insert into public.memory_uploads (owner_id, collection_id, document_id, content) "
        "select owner_id, collection_id, id, '\\x01'::bytea from d"
    ),
    "memory_crawls": (
        "with d as (insert into public.memory_documents "
        "(owner_id, collection_id, title, source, content_hash, chunk_count, char_count) "
        "values (%(owner_id)s, %(collection_id)s, 'Another site', 'url', "
        "encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 0, 0) returning owner_id, collection_id, id) "
        "insert into public.memory_crawls (owner_id, collection_id, document_id, follow, max_pages) "
        "select owner_id, collection_id, id, 'links', 20 from d"
    ),
    "api_keys": (
        "insert into public.api_keys (owner_id, name, prefix, key_hash, scopes) values "
        "(%(owner_id)s, 'Another', 'orr_ZZZZZZZZ', decode(repeat('ab', 32), 'hex'), array['runs:read'])"
    ),
    "secrets": (
        "insert into public.secrets (owner_id, name, ciphertext, nonce) "
        "values (%(owner_id)s, 'ANOTHER', decode(repeat('01', 20), 'hex'), %(nonce)s)"
    ),
    "schedules": (
        "insert into public.schedules (owner_id, workflow_id, cron) "
        "values (%(owner_id)s, %(workflow_id)s, '@daily')"
    ),
    "webhooks": (
        "insert into public.webhooks (owner_id, workflow_id, token_hash, token_prefix) "
        "values (%(owner_id)s, %(workflow_id)s, sha256(gen_random_uuid()::text::bytea), 'another')"
    ),
    "webhook_calls": (
        "insert into public.webhook_calls (owner_id, webhook_id, status) "
        "values (%(owner_id)s, %(webhook_id)s, 202)"
    ),
    "notifications": (
        "insert into public.notifications (owner_id, kind, title) "
        "values (%(owner_id)s, 'run_failed', 'Another')"
    ),
    # One row per user: another write is an upsert of it.
    "notification_settings": (
        "insert into public.notification_settings (owner_id, email) values (%(owner_id)s, 'b@example.test') "
        "on conflict (owner_id) do update set email = excluded.email"
    ),
    "assets": (
        "insert into public.assets (owner_id, run_id, name, mime, size, sha256, storage_key) values "
        "(%(owner_id)s::uuid, %(run_id)s, 'another.png', 'image/png', 1, repeat('d', 64), "
        "%(owner_id)s::uuid::text || '/' || gen_random_uuid()::text)"
    ),
    "asset_deletions": (
        "insert into public.asset_deletions (owner_id, storage_key) values "
        "(%(owner_id)s::uuid, %(owner_id)s::uuid::text || '/' || gen_random_uuid()::text)"
    ),
    "workflow_pins": (
        "insert into public.workflow_pins (owner_id, workflow_id, node_id, output) "
        "values (%(owner_id)s, %(workflow_id)s, 'another', '{}')"
    ),
    "chat_sessions": (
        "insert into public.chat_sessions (owner_id, workflow_id) values (%(owner_id)s, %(workflow_id)s)"
    ),
    "chat_messages": (
        "insert into public.chat_messages (owner_id, session_id, role, status, content) "
        "values (%(owner_id)s, %(session_id)s, 'user', 'sent', 'Another')"
    ),
}

SPEC: dict[str, Any] = {"schema": "orrery.workflow/v1", "inputs": {}, "nodes": [], "edges": []}


def claims(user_id: str) -> dict[str, str]:
    """Claims shaped like a Supabase access token's."""
    return {
        "sub": user_id,
        "role": "authenticated",
        "aud": "authenticated",
        "email": f"{user_id}@example.test",
    }


def create_user(admin_url: str) -> str:
    """A user in auth.users, created as Supabase Auth would (here: as the admin)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "insert into auth.users (email) values (%s) returning id::text",
            (f"{uuid.uuid4().hex}@example.test",),
        ).fetchone()
    assert row is not None
    return str(row[0])


def delete_user(admin_url: str, user_id: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("delete from auth.users where id = %s", (user_id,))


@dataclass(frozen=True, slots=True)
class Owned:
    """A user and the ids of the one row they own in every table."""

    user_id: str
    workflow_id: str
    run_id: str
    step_id: str
    credential_id: str
    collection_id: str = ""
    document_id: str = ""
    memory_id: str = ""
    api_key_id: str = ""
    secret_id: str = ""
    schedule_id: str = ""
    webhook_id: str = ""
    call_id: str = ""
    notification_id: str = ""
    asset_id: str = ""
    deletion_key: str = ""
    session_id: str = ""
    message_id: str = ""

    @property
    def claims(self) -> dict[str, str]:
        return claims(self.user_id)

    def params(self, **extra: Any) -> dict[str, Any]:
        return {
            "owner_id": self.user_id,
            "workflow_id": self.workflow_id,
            "run_id": self.run_id,
            "step_id": self.step_id,
            "credential_id": self.credential_id,
            "collection_id": self.collection_id,
            "document_id": self.document_id,
            "memory_id": self.memory_id,
            "api_key_id": self.api_key_id,
            "secret_id": self.secret_id,
            "schedule_id": self.schedule_id,
            "webhook_id": self.webhook_id,
            "call_id": self.call_id,
            "notification_id": self.notification_id,
            "asset_id": self.asset_id,
            "deletion_key": self.deletion_key,
            "session_id": self.session_id,
            "message_id": self.message_id,
            "nonce": b"\x00" * 12,
            **extra,
        }


async def create_everything(db: Database, user_id: str) -> Owned:
    """As the user: a workflow with a version, a run with a step and an event, a credential."""
    async with db.as_user(claims(user_id)) as conn:

        async def one(sql: str, params: tuple[Any, ...] = ()) -> Any:
            row = await (await conn.execute(sql, params)).fetchone()  # type: ignore[arg-type]
            assert row is not None
            return next(iter(row.values()))

        workflow_id = await one(
            "insert into public.workflows (name) values ('Video pipeline') returning id::text"
        )
        await conn.execute(
            "insert into public.workflow_versions (workflow_id, version, spec) values (%s, 1, %s)",
            (workflow_id, psycopg.types.json.Jsonb(SPEC)),
        )
        run_id = await one(
            "insert into public.runs (workflow_id, workflow_version, inputs) "
            'values (%s, 1, \'{"topic": "orreries"}\') returning id::text',
            (workflow_id,),
        )
        step_id = await one(
            "insert into public.run_steps (run_id, node_id) values (%s, 'research') returning id::text",
            (run_id,),
        )
        await conn.execute(
            "insert into public.run_events (run_id, type) values (%s, 'run.queued')", (run_id,)
        )
        credential_id = await one(
            "insert into public.credentials (provider, label, ciphertext, nonce, key_hint) "
            "values ('openai', 'Work', %s, %s, 'abcd') returning id::text",
            (b"\x8f" * 32, b"\x01" * 12),
        )
        collection_id = await one(
            "insert into public.memory_collections (name) values ('Channel') returning id::text"
        )
        document_id = await one(
            "insert into public.memory_documents "
            "(collection_id, title, source, content_hash, chunk_count, char_count) "
            "values (%s, 'Style guide', 'text', repeat('a', 64), 1, 11) returning id::text",
            (collection_id,),
        )
        memory_id = await one(
            "insert into public.memories (collection_id, document_id, chunk_index, content, content_hash, "
            "dimensions, embedding) values (%s, %s, 0, 'Be concise.', repeat('a', 64), 3, '[0,1,0]') "
            "returning id::text",
            (collection_id, document_id),
        )
        await conn.execute(
            "insert into public.memory_uploads (collection_id, document_id, filename, content) "
            "values (%s, %s, 'handbook.pdf', %s)",
            (collection_id, document_id, b"%PDF-1.7"),
        )
        await conn.execute(
            "insert into public.memory_crawls (collection_id, document_id, follow, max_pages) "
            "values (%s, %s, 'sitemap', 20)",
            (collection_id, document_id),
        )
        api_key_id = await one(
            "insert into public.api_keys (name, prefix, key_hash, scopes) "
            "values ('Script', 'orr_AbCd1234', %s, array['runs:write']) returning id::text",
            (uuid.uuid4().bytes * 2,),
        )
        secret_id = await one(
            "insert into public.secrets (name, ciphertext, nonce) "
            "values ('API_TOKEN', %s, %s) returning id::text",
            (b"\x8f" * 32, b"\x01" * 12),
        )
        schedule_id = await one(
            "insert into public.schedules (workflow_id, cron) values (%s, '0 9 * * 1') returning id::text",
            (workflow_id,),
        )
        webhook_id = await one(
            "insert into public.webhooks (workflow_id, token_hash, token_prefix) "
            "values (%s, sha256(gen_random_uuid()::text::bytea), 'abcd') returning id::text",
            (workflow_id,),
        )
        call_id = await one(
            "insert into public.webhook_calls (webhook_id, status) values (%s, 202) returning id::text",
            (webhook_id,),
        )
        notification_id = await one(
            "insert into public.notifications (owner_id, kind, title) values (%s, 'run_failed', 'Failed') "
            "returning id::text",
            (user_id,),
        )
        await conn.execute("insert into public.notification_settings (email) values ('a@example.test')")
        asset_id = await one(
            "insert into public.assets (owner_id, run_id, name, mime, size, sha256, storage_key) "
            "values (%s::uuid, %s, 'cover.png', 'image/png', 3, repeat('a', 64), "
            "%s::uuid::text || '/' || gen_random_uuid()::text) returning id::text",
            (user_id, run_id, user_id),
        )
        deletion_key = await one(
            "insert into public.asset_deletions (owner_id, storage_key) "
            "values (%s::uuid, %s::uuid::text || '/' || gen_random_uuid()::text) returning storage_key",
            (user_id, user_id),
        )
        await conn.execute(
            "insert into public.workflow_pins (workflow_id, node_id, output) values (%s, 'research', %s)",
            (workflow_id, psycopg.types.json.Jsonb({"pinned": 1})),
        )
        session_id = await one(
            "insert into public.chat_sessions (workflow_id) values (%s) returning id::text", (workflow_id,)
        )
        message_id = await one(
            "insert into public.chat_messages (session_id, role, status, run_id) "
            "values (%s, 'assistant', 'pending', %s) returning id::text",
            (session_id, run_id),
        )
    return Owned(
        user_id,
        workflow_id,
        run_id,
        step_id,
        credential_id,
        collection_id,
        document_id,
        memory_id,
        api_key_id,
        secret_id,
        schedule_id,
        webhook_id,
        call_id,
        notification_id,
        asset_id,
        deletion_key,
        session_id,
        message_id,
    )


def another_run(admin_url: str, owner: str, workflow_id: str) -> str:
    """One more queued run of the owner's workflow (version 1), as the admin; its id."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "insert into runs (owner_id, workflow_id, workflow_version) "
            "values (%s, %s, 1) returning id::text",
            (owner, workflow_id),
        ).fetchone()
    assert row is not None
    return str(row[0])


async def count(
    db: Database, user_claims: dict[str, str], table: str, where: str = "true", **params: Any
) -> int:
    async with db.as_user(user_claims) as conn:
        row = await (
            await conn.execute(f"select count(*) as n from public.{table} where {where}", params)  # type: ignore[arg-type]
        ).fetchone()
    assert row is not None
    return int(row["n"])

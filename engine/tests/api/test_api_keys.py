"""Personal API keys over HTTP: shown once and stored as a hash; a key acts as its user (RLS
as for a token), within its scopes; revoked or expired, it is refused at once; its last use is
recorded at most once a minute."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from orrery.store.database import Database
from tests.workflows.helpers import Api, sign_up

BASE = "/api/v1/api-keys"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


async def make_key(api: Api, *scopes: str, **extra: Any) -> dict[str, Any]:
    response = await api.post(BASE, {"name": "Nightly script", "scopes": list(scopes), **extra})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def key_row(admin_url: str, key_id: str) -> dict[str, Any]:
    with psycopg.connect(admin_url, row_factory=psycopg.rows.dict_row) as conn:
        row = conn.execute("select * from public.api_keys where id = %s", (key_id,)).fetchone()
    assert row is not None
    return row


async def test_a_new_key_is_shown_once_and_stored_as_its_hash(api: Api, admin_url: str) -> None:
    # When Ada creates a key for her script
    created = await make_key(api, "runs:write", "runs:read")

    # Then the answer holds the whole key, with a visible prefix
    key = created["key"]
    assert key.startswith("orr_")
    assert key.startswith(created["prefix"] + "_")
    assert len(created["prefix"]) == 12
    assert created["scopes"] == ["runs:read", "runs:write"]
    # and the list shows its prefix, never the key
    listed = await api.get(BASE)
    assert [k["prefix"] for k in listed.json()] == [created["prefix"]]
    assert key not in listed.text
    assert "key" not in listed.json()[0]
    # and the database holds its SHA-256 only
    row = key_row(admin_url, created["id"])
    assert bytes(row["key_hash"]) == hashlib.sha256(key.encode()).digest()
    assert key not in repr(row)


async def test_a_key_acts_as_its_user_and_sees_only_their_workflows(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given Ada's workflow and key, and Bob's workflow
    mine = await api.create("Ada's")
    bob = api.as_user(sign_up(admin_url, settings))
    theirs = await bob.create("Bob's")
    key = (await make_key(api, "runs:read"))["key"]

    # When her script lists workflows and asks for Bob's
    listed = await api.client.get("/api/v1/workflows", headers=bearer(key))
    other = await api.client.get(f"/api/v1/workflows/{theirs['id']}", headers=bearer(key))
    me = await api.client.get("/api/v1/me", headers=bearer(key))

    # Then it sees hers, and Bob's is not there
    assert listed.status_code == 200, listed.text
    assert [w["id"] for w in listed.json()["items"]] == [mine["id"]]
    assert other.status_code == 404
    assert me.json()["id"] == api.user.id


async def test_a_run_started_with_a_key_says_so_and_one_from_the_app_does_not(api: Api) -> None:
    # Given a workflow and a key that may start runs
    key = (await make_key(api, "runs:write", "runs:read"))["key"]
    workflow = await api.create("Pipeline")
    runs = f"/api/v1/workflows/{workflow['id']}/runs"

    # When a script starts one run with the key, and the user one from the app
    by_key = await api.client.post(runs, json={"inputs": {"topic": "kelp"}}, headers=bearer(key))
    by_hand = await api.post(runs, {"inputs": {"topic": "kelp"}})

    # Then each run says what started it, and the history filters by it
    assert by_key.status_code == 202, by_key.text
    assert (await api.get(f"/api/v1/runs/{by_key.json()['id']}")).json()["trigger_kind"] == "api"
    assert (await api.get(f"/api/v1/runs/{by_hand.json()['id']}")).json()["trigger_kind"] == "manual"
    listed = (await api.get("/api/v1/runs?trigger=api")).json()["items"]
    assert [r["id"] for r in listed] == [by_key.json()["id"]]


async def test_a_key_without_the_scope_is_refused_naming_it(api: Api) -> None:
    # Given a key that may only read runs
    key = (await make_key(api, "runs:read"))["key"]
    workflow = await api.create("Pipeline")

    # When the script tries to save a workflow, start a run, or manage keys
    saved = await api.client.put(
        f"/api/v1/workflows/{workflow['id']}",
        json={"name": "Renamed"},
        headers=bearer(key),
    )
    started = await api.client.post(
        f"/api/v1/workflows/{workflow['id']}/runs", json={"inputs": {}}, headers=bearer(key)
    )
    keys = await api.client.get(BASE, headers=bearer(key))

    # Then each is 403, naming what is missing
    assert saved.status_code == 403, saved.text
    assert "`workflows:write`" in saved.json()["detail"]
    assert started.status_code == 403
    assert "`runs:write`" in started.json()["detail"]
    assert keys.status_code == 403
    assert "sign in" in keys.json()["detail"]
    # and the workflow kept its name
    assert (await api.get(f"/api/v1/workflows/{workflow['id']}")).json()["name"] == "Pipeline"


async def test_a_revoked_key_is_refused_at_once(api: Api) -> None:
    # Given a key in use
    created = await make_key(api, "runs:read")
    assert (await api.client.get("/api/v1/runs", headers=bearer(created["key"]))).status_code == 200

    # When Ada revokes it
    revoked = await api.post(f"{BASE}/{created['id']}/revoke")

    # Then the very next call with it is 401, and the list says when it was revoked
    assert revoked.status_code == 200, revoked.text
    refused = await api.client.get("/api/v1/runs", headers=bearer(created["key"]))
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert (await api.get(BASE)).json()[0]["revoked_at"] is not None


async def test_an_expired_key_is_refused(api: Api, admin_url: str) -> None:
    # Given a key whose expiry has passed
    created = await make_key(api, "runs:read", expires_at=(datetime.now(UTC) + timedelta(days=1)).isoformat())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update public.api_keys set expires_at = now() - interval '1 second' where id = %s",
            (created["id"],),
        )

    # When the script calls with it
    refused = await api.client.get("/api/v1/runs", headers=bearer(created["key"]))

    # Then it is 401; and a key cannot be made already expired
    assert refused.status_code == 401
    past = await api.post(
        BASE, {"name": "Old", "scopes": ["runs:read"], "expires_at": "2020-01-01T00:00:00Z"}
    )
    assert past.status_code == 422
    assert past.json()["errors"][0]["field"] == "expires_at"


async def test_another_users_key_cannot_be_revoked(api: Api, settings: Settings, admin_url: str) -> None:
    # Given Ada's key
    created = await make_key(api, "runs:read")

    # When Bob tries to revoke it
    bob = api.as_user(sign_up(admin_url, settings))
    response = await bob.post(f"{BASE}/{created['id']}/revoke")

    # Then it is not there for him, and it still works
    assert response.status_code == 404
    assert (await api.client.get("/api/v1/runs", headers=bearer(created["key"]))).status_code == 200


async def test_a_made_up_or_malformed_key_is_refused(api: Api) -> None:
    # Given keys nobody created, or that are not keys at all
    # When a script calls with each
    # Then each is 401
    for key in ("orr_AbCd1234_" + "x" * 43, "orr_short", "orr_" + "%" * 60):
        response = await api.client.get("/api/v1/runs", headers=bearer(key))
        assert response.status_code == 401, key


async def test_last_use_is_recorded_at_most_once_a_minute(settings: Settings, admin_url: str) -> None:
    # Given an engine that does not remember keys between requests
    uncached = dataclasses.replace(settings, auth=dataclasses.replace(settings.auth, api_key_cache_ttl=0))
    async with AsyncTestClient(app=create_app(uncached)) as client:
        api = Api(client, sign_up(admin_url, settings))
        created = await make_key(api, "runs:read")
        assert key_row(admin_url, created["id"])["last_used_at"] is None

        # When the key is used twice in a row
        await client.get("/api/v1/runs", headers=bearer(created["key"]))
        first = key_row(admin_url, created["id"])["last_used_at"]
        await client.get("/api/v1/runs", headers=bearer(created["key"]))

        # Then its last use is recorded once; a use over a minute later records it again
        assert first is not None
        assert key_row(admin_url, created["id"])["last_used_at"] == first
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                "update public.api_keys set last_used_at = now() - interval '2 minutes' where id = %s",
                (created["id"],),
            )
        await client.get("/api/v1/runs", headers=bearer(created["key"]))
        assert key_row(admin_url, created["id"])["last_used_at"] > first - timedelta(seconds=1)
        assert (await api.get(BASE)).json()[0]["last_used_at"] is not None


async def test_a_key_of_a_deleted_user_is_refused(api: Api, admin_url: str) -> None:
    # Given a key whose user was then deleted (soft, as Supabase Auth does)
    created = await make_key(api, "runs:read")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("update auth.users set deleted_at = now() where id = %s", (api.user.id,))

    # Then it no longer works
    response = await api.client.get("/api/v1/runs", headers=bearer(created["key"]))
    assert response.status_code == 401


def test_the_engines_login_role_cannot_read_keys(engine_url: str, role_urls: dict[str, str]) -> None:
    # Given the API's and the workers' database logins
    for url in (engine_url, role_urls["orrery_worker"], role_urls["orrery_sweeper"]):
        # When one reads the keys table directly
        # Then it is refused: only the lookup by hash is open to the API
        with psycopg.connect(url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select key_hash from public.api_keys").fetchall()
    with (
        psycopg.connect(role_urls["orrery_worker"]) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("select * from orrery_private.authenticate_api_key(%s)", (b"\0" * 32,)).fetchall()


async def test_a_user_cannot_read_key_hashes_even_their_own(api: Api, db: Database) -> None:
    # Given Ada's key
    created = await make_key(api, "runs:read")

    # When her own session selects the hash column
    # Then it is refused
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        async with db.as_user(api.user.claims) as conn:
            await conn.execute("select key_hash from public.api_keys where id = %s", (created["id"],))

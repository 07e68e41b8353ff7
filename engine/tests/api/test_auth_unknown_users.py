"""A correctly signed token whose user is gone gets 401, on reads and on writes (issue 14, point 8)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.auth.users import ActiveUsers
from orrery.settings import Settings
from orrery.store.database import Database
from tests.auth import tokens
from tests.workflows.helpers import Api, pipeline, sign_up

GONE = {"status_code": 401, "detail": "the token's user does not exist or is disabled"}


def _said(body: dict[str, object]) -> dict[str, object]:
    """What the error body says (it also carries a request id and an empty `errors`)."""
    return {key: body[key] for key in GONE}


@pytest.fixture
def no_cache(settings: Settings) -> Settings:
    """The API with no user cache: a deleted user is refused on the very next request."""
    return dataclasses.replace(settings, auth=dataclasses.replace(settings.auth, user_check_ttl=0))


@pytest.fixture
async def client(no_cache: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=create_app(no_cache)) as c:
        yield c


def _admin(admin_url: str, sql: str, *params: Any) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql, params)  # type: ignore[arg-type]


async def _read_and_write(api: Api) -> tuple[Any, Any]:
    read = await api.get("/api/v1/workflows")
    write = await api.post("/api/v1/workflows", {"name": "After", "spec": pipeline()})
    return read, write


@pytest.mark.parametrize(
    ("what_happened", "sql"),
    [
        ("deleted", "delete from auth.users where id = %s"),
        ("soft-deleted by Supabase Auth", "update auth.users set deleted_at = now() where id = %s"),
        ("banned", "update auth.users set banned_until = now() + interval '1 day' where id = %s"),
    ],
)
async def test_a_user_who_is_gone_is_refused_with_their_still_valid_token(
    client: AsyncTestClient[Any], no_cache: Settings, admin_url: str, what_happened: str, sql: str
) -> None:
    # Given Ada, signed in, with a workflow
    api = Api(client, sign_up(admin_url, no_cache))
    await api.create("Before")
    assert (await api.get("/api/v1/workflows")).status_code == 200

    # When her account is deleted (or banned) while her access token has not expired
    _admin(admin_url, sql, api.user.id)

    # Then the token no longer opens anything: reads and writes get 401, not 200 and 500
    read, write = await _read_and_write(api)
    for response in (read, write):
        assert response.status_code == 401, what_happened
        assert _said(response.json()) == GONE
        assert response.headers["www-authenticate"] == "Bearer"


async def test_a_token_for_a_user_who_never_existed_is_refused(
    client: AsyncTestClient[Any], no_cache: Settings
) -> None:
    # Given a correctly signed token naming a user id nobody has
    headers = {"Authorization": f"Bearer {tokens.hs256(no_cache.auth.jwt_secret, sub=str(uuid.uuid4()))}"}

    # When it is used, then it is refused on reads, writes and `me`
    for response in [
        await client.get("/api/v1/workflows", headers=headers),
        await client.post("/api/v1/workflows", headers=headers, json={"name": "x", "spec": pipeline()}),
        await client.get("/api/v1/me", headers=headers),
    ]:
        assert (response.status_code, _said(response.json())) == (401, GONE)


async def test_a_user_lifted_from_a_ban_is_let_in_again(
    client: AsyncTestClient[Any], no_cache: Settings, admin_url: str
) -> None:
    # Given Ada, banned until a moment ago
    api = Api(client, sign_up(admin_url, no_cache))
    _admin(
        admin_url,
        "update auth.users set banned_until = now() - interval '1 second' where id = %s",
        api.user.id,
    )

    # When she calls the API, then she is served
    assert (await api.get("/api/v1/workflows")).status_code == 200


async def test_the_answer_is_cached_for_the_configured_seconds_then_asked_again(
    db: Database, admin_url: str, settings: Settings
) -> None:
    # Given a 5 s cache on a clock the test moves, and Ada, known to exist
    now = [1000.0]
    users = ActiveUsers(db, ttl=5, clock=lambda: now[0])
    ada = uuid.UUID(sign_up(admin_url, settings).id)
    assert await users.is_active(ada)

    # When her account is deleted
    _admin(admin_url, "delete from auth.users where id = %s", ada)

    # Then within the window the cached answer stands (one query per user per window) ...
    now[0] += 4.9
    assert await users.is_active(ada)
    # ... and once it has passed, she is refused
    now[0] += 0.2
    assert not await users.is_active(ada)


async def test_only_the_api_role_is_needed_to_ask(db: Database, admin_url: str, settings: Settings) -> None:
    # Given the API's own pool (orrery_engine, which cannot read auth.users)
    ada = uuid.UUID(sign_up(admin_url, settings).id)

    # When it asks about Ada and about nobody, then it gets the answers without reading auth.users
    users = ActiveUsers(db, ttl=0)
    assert (await users.is_active(ada), await users.is_active(uuid.uuid4())) == (True, False)

"""Login and signup limits of the local Auth stand-in, under attack (issue 14, point 10).

Served as `orrery auth` serves it (uvicorn, real sockets), so concurrency and
client addresses are real. Passwords checked are counted by wrapping the
real argon2 check, which still runs.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.auth_local import create_auth_app
from orrery.auth import passwords
from orrery.settings import Settings
from tests.auth.stand_in import serving_stand_in

PASSWORD = "correct horse"
LIMITED = {"code": 429, "error_code": "over_request_rate_limit", "msg": "Request rate limit reached"}


@pytest.fixture(autouse=True)
def _forget_attempts(admin_url: str) -> Iterator[None]:
    yield
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("truncate auth.orrery_login_limits")


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the stand-in verifies (the real check still runs)."""
    seen: list[str] = []
    real = passwords.verify_password

    async def counting(password_hash: str | None, password: str) -> bool:
        seen.append(password)
        return await real(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return seen


def with_auth(settings: Settings, **changes: Any) -> Settings:
    return dataclasses.replace(settings, auth=dataclasses.replace(settings.auth, **changes))


async def sign_in(client: httpx.AsyncClient, email: str, password: str, **headers: str) -> httpx.Response:
    return await client.post(
        "/auth/v1/token?grant_type=password", json={"email": email, "password": password}, headers=headers
    )


async def sign_up(client: httpx.AsyncClient, email: str, **headers: str) -> httpx.Response:
    return await client.post("/auth/v1/signup", json={"email": email, "password": PASSWORD}, headers=headers)


async def test_forty_concurrent_wrong_passwords_get_at_most_the_limit_checked(
    auth_settings: Settings, checked: list[str]
) -> None:
    # Given Ada's account, and a limit of 5 attempts per email
    assert auth_settings.auth.login_failures_per_email == 5
    with serving_stand_in(auth_settings) as url:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            assert (await sign_up(client, "ada@example.com")).status_code == 200

            # When 40 wrong passwords arrive at once
            responses = await asyncio.gather(
                *(sign_in(client, "ada@example.com", f"guess {n}") for n in range(40))
            )

    # Then exactly the limit, 5, were checked against her hash; the rest were refused unchecked
    assert len(checked) == 5
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(400) == len(checked)
    assert statuses.count(429) == 40 - len(checked)
    assert all(r.json() == LIMITED for r in responses if r.status_code == 429)


async def test_rotating_x_forwarded_for_from_an_untrusted_peer_does_not_escape_the_ip_limit(
    auth_settings: Settings, checked: list[str]
) -> None:
    # Given 3 failed logins allowed per client IP, and no proxy trusted (the default)
    strict = with_auth(auth_settings, login_failures_per_ip=3)
    with serving_stand_in(strict) as url:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            # When one client sprays addresses, claiming a new origin each time
            sprayed = [
                await sign_in(
                    client, f"victim{n}@example.com", "guess", **{"X-Forwarded-For": f"203.0.113.{n}"}
                )
                for n in range(6)
            ]

    # Then the header is ignored: after 3 failures the client itself is limited
    assert [r.status_code for r in sprayed] == [400, 400, 400, 429, 429, 429]
    assert len(checked) == 3


async def test_a_trusted_proxy_needs_the_proxy_secret_to_be_believed(auth_settings: Settings) -> None:
    # Given a stand-in that trusts loopback proxies presenting the secret, 3 failures per IP
    strict = with_auth(
        auth_settings, login_failures_per_ip=3, trusted_proxies=("127.0.0.1", "::1"), proxy_secret="s3cret"
    )
    with serving_stand_in(strict) as url:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            # When a local process that is not the web app rotates the header without the secret
            forged = [
                await sign_in(client, f"v{n}@example.com", "guess", **{"X-Forwarded-For": f"198.51.100.{n}"})
                for n in range(4)
            ]
            # And the web app (with the secret) forwards four different browsers' addresses
            proxied = [
                await sign_in(
                    client,
                    f"w{n}@example.com",
                    "guess",
                    **{"X-Forwarded-For": f"192.0.2.{n}", "X-Orrery-Proxy-Secret": "s3cret"},
                )
                for n in range(4)
            ]

    # Then the forger is limited as one client, and each real browser is counted on its own
    assert [r.status_code for r in forged] == [400, 400, 400, 429]
    assert [r.status_code for r in proxied] == [400, 400, 400, 400]


async def test_signups_are_limited_per_client_ip(auth_settings: Settings, admin_url: str) -> None:
    # Given 3 sign-ups allowed per client IP per window
    async with AsyncTestClient(app=create_auth_app(with_auth(auth_settings, signups_per_ip=3))) as client:
        # When one client creates accounts in a loop
        responses = [await sign_up(client, f"bot{n}@example.com") for n in range(5)]

    # Then the fourth is refused before any account is made
    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
    assert responses[3].json() == LIMITED
    with psycopg.connect(admin_url) as conn:
        made = conn.execute("select count(*) from auth.users where email like 'bot%%'").fetchone()
    assert made == (3,)


def _move_block_into_the_past(admin_url: str, email: str) -> None:
    """Time passes: the email's block (and its last attempt) end a moment ago."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update auth.orrery_login_limits set blocked_until = now() - interval '1 second', "
            "last_attempt_at = least(last_attempt_at, now() - interval '1 second') where key = %s",
            (f"email:{email}",),
        )


def _block_of(admin_url: str, email: str) -> tuple[Any, ...] | None:
    """The email's block: (until when, its length in seconds), or None when it has no counter."""
    with psycopg.connect(admin_url) as conn:
        return conn.execute(
            "select blocked_until, extract(epoch from blocked_until - last_attempt_at) "
            "from auth.orrery_login_limits where key = %s",
            (f"email:{email}",),
        ).fetchone()


async def test_a_locked_email_is_not_locked_out_for_good(auth_settings: Settings, admin_url: str) -> None:
    # Given Ada's account, and someone who guessed her password 5 times: her email is blocked
    async with AsyncTestClient(app=create_auth_app(auth_settings)) as client:
        await sign_up(client, "ada@example.com")
        for _ in range(5):
            assert (await sign_in(client, "ada@example.com", "guess")).status_code == 400
        assert (await sign_in(client, "ada@example.com", PASSWORD)).status_code == 429
        block = _block_of(admin_url, "ada@example.com")
        assert block is not None
        assert float(block[1]) == auth_settings.auth.login_backoff_s

        # When the guesser keeps trying while she is blocked
        for _ in range(10):
            assert (await sign_in(client, "ada@example.com", "guess")).status_code == 429

        # Then the block does not grow: refused attempts are not counted
        assert _block_of(admin_url, "ada@example.com") == block

        # When the block has passed and the guesser tries once more, wrongly
        _move_block_into_the_past(admin_url, "ada@example.com")
        assert (await sign_in(client, "ada@example.com", "guess")).status_code == 400

        # Then the next block is twice as long (exponential backoff, capped)
        again = _block_of(admin_url, "ada@example.com")
        assert again is not None
        assert float(again[1]) == 2 * auth_settings.auth.login_backoff_s

        # When that block has passed too and Ada herself signs in
        _move_block_into_the_past(admin_url, "ada@example.com")
        response = await sign_in(client, "ada@example.com", PASSWORD)

        # Then she is in, and her email starts afresh
        assert response.status_code == 200
        assert _block_of(admin_url, "ada@example.com") is None

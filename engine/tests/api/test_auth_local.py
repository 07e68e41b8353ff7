"""The local Supabase Auth stand-in (`orrery auth`) at /auth/v1, against the real database, as orrery_auth."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import jwt
import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.api.auth_local import create_auth_app
from orrery.settings import Settings

PASSWORD = "correct horse"


@pytest.fixture(autouse=True)
def _forget_attempts(admin_url: str) -> Iterator[None]:
    """Login and signup counters are not tied to a user; start every test without any."""
    yield
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("truncate auth.orrery_login_limits")


def client_for(auth_settings: Settings) -> AsyncTestClient[Any]:
    return AsyncTestClient(app=create_auth_app(auth_settings))


@pytest.fixture
async def client(auth_settings: Settings) -> AsyncIterator[AsyncTestClient[Any]]:
    async with client_for(auth_settings) as c:
        yield c


async def signup(client: AsyncTestClient[Any], email: str, password: str = PASSWORD, **extra: Any) -> Any:
    return await client.post("/auth/v1/signup", json={"email": email, "password": password, **extra})


async def sign_in(client: AsyncTestClient[Any], email: str, password: str = PASSWORD) -> Any:
    return await client.post(
        "/auth/v1/token?grant_type=password", json={"email": email, "password": password}
    )


async def refresh(client: AsyncTestClient[Any], refresh_token: str) -> Any:
    return await client.post("/auth/v1/token?grant_type=refresh_token", json={"refresh_token": refresh_token})


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['access_token']}"}


def supabase_error(status: int, error_code: str, msg: str) -> dict[str, Any]:
    return {"code": status, "error_code": error_code, "msg": msg}


async def test_signup_returns_a_session_with_supabase_shapes(
    client: AsyncTestClient[Any], settings: Settings, admin_url: str
) -> None:
    # (the stand-in and the engine's API are separate processes sharing the JWT secret)
    # Given a new visitor
    # When they sign up with a mixed-case email and some profile data
    response = await signup(
        client, "  Ada@Example.COM ", data={"name": "Ada"}, gotrue_meta_security={"captcha_token": None}
    )

    # Then they are signed in at once (no email confirmation locally)
    assert response.status_code == 200
    session = response.json()
    assert session["token_type"] == "bearer"
    assert session["expires_in"] == settings.auth.access_token_ttl
    assert session["expires_at"] > 0
    assert session["refresh_token"]
    user = session["user"]
    assert user["email"] == "ada@example.com"
    assert user["user_metadata"] == {"name": "Ada"}
    assert user["app_metadata"] == {"provider": "email", "providers": ["email"]}
    assert user["aud"] == user["role"] == "authenticated"
    for stamp in ("email_confirmed_at", "confirmed_at", "last_sign_in_at", "created_at", "updated_at"):
        assert user[stamp]
    assert (user["identities"], user["is_anonymous"], user["phone"]) == ([], False, "")

    # And the access token has Supabase's claim shape
    claims = jwt.decode(
        session["access_token"], settings.auth.jwt_secret, algorithms=["HS256"], audience="authenticated"
    )
    assert claims["iss"].endswith("/auth/v1")
    assert claims["sub"] == user["id"]
    assert claims["email"] == "ada@example.com"
    assert (claims["role"], claims["aal"], claims["is_anonymous"]) == ("authenticated", "aal1", False)
    assert claims["amr"][0]["method"] == "password"
    assert claims["exp"] - claims["iat"] == settings.auth.access_token_ttl
    assert claims["user_metadata"] == {"name": "Ada"}
    assert uuid.UUID(claims["session_id"])

    # And the engine's own guard accepts it
    async with AsyncTestClient(app=create_app(settings)) as engine:
        me = await engine.get("/api/v1/me", headers=bearer(session))
    assert me.json() == {"id": user["id"], "email": "ada@example.com", "role": "authenticated"}

    # And the password is stored as an argon2id hash, never in clear
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select encrypted_password from auth.users where id = %s", (user["id"],)
        ).fetchone()
    assert row is not None
    assert row[0].startswith("$argon2id$")


async def test_signing_up_twice_is_refused_whatever_the_case(client: AsyncTestClient[Any]) -> None:
    # Given an existing user
    await signup(client, "ada@example.com")

    # When someone signs up again with the same address in another case
    response = await signup(client, "ADA@example.com", password="another one")

    # Then Supabase's answer comes back
    assert response.status_code == 422
    assert response.json() == supabase_error(422, "user_already_exists", "User already registered")


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (
            {"email": "ada@example.com", "password": "12345"},
            422,
            supabase_error(422, "weak_password", "Password should be at least 6 characters.")
            | {"weak_password": {"reasons": ["length"]}},
        ),
        (
            {"email": "ada@example.com"},
            422,
            supabase_error(422, "validation_failed", "Signup requires a valid password"),
        ),
        (
            {"email": "not-an-email", "password": PASSWORD},
            400,
            supabase_error(400, "email_address_invalid", "Unable to validate email address: invalid format"),
        ),
        (
            {"password": PASSWORD},
            400,
            supabase_error(400, "validation_failed", "To sign up or sign in, please provide your email"),
        ),
    ],
    ids=["short password", "no password", "bad email", "no email"],
)
async def test_bad_signups_get_supabase_errors(
    client: AsyncTestClient[Any], body: dict[str, Any], status: int, expected: dict[str, Any]
) -> None:
    response = await client.post("/auth/v1/signup", json=body)
    assert response.status_code == status
    assert response.json() == expected


async def test_a_body_that_is_not_json_gets_a_supabase_error(client: AsyncTestClient[Any]) -> None:
    response = await client.post(
        "/auth/v1/signup", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error_code"] == "bad_json"


async def test_password_grant_signs_in_and_wrong_passwords_do_not(client: AsyncTestClient[Any]) -> None:
    # Given a user
    user = (await signup(client, "ada@example.com")).json()["user"]

    # When they sign in with the right password, a wrong one, and someone tries an unknown address
    right = await sign_in(client, "Ada@Example.com")
    wrong = await sign_in(client, "ada@example.com", "not it")
    unknown = await sign_in(client, "nobody@example.com")

    # Then only the right password gets a session; both failures look the same
    assert right.status_code == 200
    assert right.json()["user"]["id"] == user["id"]
    invalid = supabase_error(400, "invalid_credentials", "Invalid login credentials")
    assert (wrong.status_code, wrong.json()) == (400, invalid)
    assert (unknown.status_code, unknown.json()) == (400, invalid)


async def test_failed_logins_are_rate_limited_per_email(client: AsyncTestClient[Any]) -> None:
    # Given a user, and someone guessing their password 5 times
    await signup(client, "ada@example.com")
    for _ in range(5):
        assert (await sign_in(client, "ada@example.com", "guess")).status_code == 400

    # When the right password is tried next
    response = await sign_in(client, "ada@example.com")

    # Then it is not even checked: 429
    assert response.status_code == 429
    assert response.json() == supabase_error(429, "over_request_rate_limit", "Request rate limit reached")

    # And other addresses from the same client are not locked out by it
    await signup(client, "grace@example.com")
    assert (await sign_in(client, "grace@example.com")).status_code == 200


async def test_a_successful_login_clears_its_email_failures(client: AsyncTestClient[Any]) -> None:
    await signup(client, "ada@example.com")
    for _ in range(4):
        await sign_in(client, "ada@example.com", "typo")
    assert (await sign_in(client, "ada@example.com")).status_code == 200
    for _ in range(4):
        await sign_in(client, "ada@example.com", "typo")
    assert (await sign_in(client, "ada@example.com")).status_code == 200


async def test_failed_logins_are_rate_limited_per_client_ip(auth_settings: Settings) -> None:
    # Given a stand-in allowing 3 failures per IP, and one client spraying many addresses
    strict = dataclasses.replace(
        auth_settings, auth=dataclasses.replace(auth_settings.auth, login_failures_per_ip=3)
    )
    async with client_for(strict) as client:
        await signup(client, "ada@example.com")
        for n in range(3):
            assert (await sign_in(client, f"victim{n}@example.com", "guess")).status_code == 400

        # When that client tries yet another address, even a real one with the right password
        response = await sign_in(client, "ada@example.com")

    # Then the client is told to slow down
    assert response.status_code == 429


async def test_refresh_tokens_rotate_and_a_reused_one_ends_the_session(auth_settings: Settings) -> None:
    # Given no grace period for reuse, and a signed-in user
    no_grace = dataclasses.replace(
        auth_settings, auth=dataclasses.replace(auth_settings.auth, refresh_token_reuse_interval=0)
    )
    async with client_for(no_grace) as client:
        first = (await signup(client, "ada@example.com")).json()

        # When the session is refreshed
        second = (await refresh(client, first["refresh_token"])).json()

        # Then a new pair is issued, for the same session
        assert second["refresh_token"] != first["refresh_token"]
        old_claims = jwt.decode(first["access_token"], options={"verify_signature": False})
        new_claims = jwt.decode(second["access_token"], options={"verify_signature": False})
        assert new_claims["session_id"] == old_claims["session_id"]
        assert new_claims["amr"] == old_claims["amr"]

        # When the old refresh token is presented again (a thief replaying it)
        replay = await refresh(client, first["refresh_token"])

        # Then it is refused, and the legitimate newest token dies with the session
        assert replay.status_code == 400
        assert replay.json() == supabase_error(
            400, "refresh_token_already_used", "Invalid Refresh Token: Already Used"
        )
        after = await refresh(client, second["refresh_token"])
        assert after.json() == supabase_error(
            400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found"
        )
        user = await client.get("/auth/v1/user", headers=bearer(second))
        assert (user.status_code, user.json()["error_code"]) == (403, "session_not_found")


async def test_a_refresh_race_within_the_reuse_interval_is_tolerated(client: AsyncTestClient[Any]) -> None:
    # Given a session, refreshed by one tab
    first = (await signup(client, "ada@example.com")).json()
    tab_one = await refresh(client, first["refresh_token"])

    # When a second tab refreshes with the same token a moment later
    tab_two = await refresh(client, first["refresh_token"])

    # Then both get working tokens of the same session
    assert tab_one.status_code == tab_two.status_code == 200
    assert (await refresh(client, tab_one.json()["refresh_token"])).status_code == 200
    assert (await refresh(client, tab_two.json()["refresh_token"])).status_code == 200


async def test_an_unknown_refresh_token_is_refused(client: AsyncTestClient[Any]) -> None:
    response = await refresh(client, "made-up")
    assert response.status_code == 400
    assert response.json()["error_code"] == "refresh_token_not_found"


async def test_an_unsupported_grant_is_refused(client: AsyncTestClient[Any]) -> None:
    response = await client.post("/auth/v1/token?grant_type=client_credentials", json={})
    assert response.status_code == 400
    assert response.json()["msg"] == "unsupported_grant_type"


async def test_get_user_needs_a_valid_token(client: AsyncTestClient[Any]) -> None:
    # Given a signed-in user
    session = (await signup(client, "ada@example.com", data={"name": "Ada"})).json()

    # When they ask for themselves, without a token, and with a forged one
    me = await client.get("/auth/v1/user", headers=bearer(session))
    anonymous = await client.get("/auth/v1/user")
    forged = await client.get("/auth/v1/user", headers={"Authorization": "Bearer abc.def.ghi"})

    # Then only the real token gets the user, and refusals use Supabase's codes
    assert me.status_code == 200
    assert me.json()["id"] == session["user"]["id"]
    assert me.json()["user_metadata"] == {"name": "Ada"}
    assert anonymous.status_code == 401
    assert anonymous.json()["error_code"] == "no_authorization"
    assert forged.status_code == 403
    assert forged.json()["error_code"] == "bad_jwt"


async def test_update_user_changes_metadata_and_password(client: AsyncTestClient[Any]) -> None:
    # Given a signed-in user
    session = (await signup(client, "ada@example.com", data={"name": "Ada", "team": "x"})).json()

    # When they update their metadata and password
    response = await client.put(
        "/auth/v1/user",
        headers=bearer(session),
        json={"data": {"name": "Ada L.", "team": None}, "password": "a new password"},
    )

    # Then the user reflects it and only the new password signs in
    assert response.status_code == 200
    assert response.json()["user_metadata"] == {"name": "Ada L."}
    assert (await sign_in(client, "ada@example.com", "a new password")).status_code == 200
    assert (await sign_in(client, "ada@example.com")).status_code == 400


async def test_logout_ends_the_session_and_its_refresh_tokens(client: AsyncTestClient[Any]) -> None:
    # Given a user signed in on two devices
    laptop = (await signup(client, "ada@example.com")).json()
    phone = (await sign_in(client, "ada@example.com")).json()

    # When they sign out on the laptop only
    response = await client.post("/auth/v1/logout?scope=local", headers=bearer(laptop))

    # Then the laptop's refresh token is dead and the phone still works
    assert response.status_code == 204
    assert (await refresh(client, laptop["refresh_token"])).status_code == 400
    assert (await client.get("/auth/v1/user", headers=bearer(laptop))).status_code == 403
    phone = (await refresh(client, phone["refresh_token"])).json()

    # When they sign out everywhere (supabase-js's default)
    assert (await client.post("/auth/v1/logout", headers=bearer(phone))).status_code == 204

    # Then no session is left
    assert (await refresh(client, phone["refresh_token"])).status_code == 400


async def test_logout_others_keeps_only_the_current_session(client: AsyncTestClient[Any]) -> None:
    laptop = (await signup(client, "ada@example.com")).json()
    phone = (await sign_in(client, "ada@example.com")).json()
    response = await client.post("/auth/v1/logout?scope=others", headers=bearer(laptop))
    assert response.status_code == 204
    assert (await refresh(client, phone["refresh_token"])).status_code == 400
    assert (await refresh(client, laptop["refresh_token"])).status_code == 200


async def test_logout_needs_a_token_and_a_known_scope(client: AsyncTestClient[Any]) -> None:
    session = (await signup(client, "ada@example.com")).json()
    assert (await client.post("/auth/v1/logout")).status_code == 401
    bad_scope = await client.post("/auth/v1/logout?scope=everyone", headers=bearer(session))
    assert (bad_scope.status_code, bad_scope.json()["error_code"]) == (400, "validation_failed")


async def test_the_endpoints_supabase_js_may_probe(client: AsyncTestClient[Any]) -> None:
    assert (await client.get("/auth/v1/settings")).json()["external"]["email"] is True
    assert (await client.get("/auth/v1/health")).status_code == 200
    assert (await client.get("/auth/v1/.well-known/jwks.json")).json() == {"keys": []}


async def test_a_database_outage_is_a_503_in_supabase_shape(auth_settings: Settings) -> None:
    # Given a stand-in whose database cannot be reached
    down = dataclasses.replace(
        auth_settings,
        database=dataclasses.replace(
            auth_settings.database, url="postgresql://nobody@/nothing?host=/nonexistent", connect_timeout=0.5
        ),
    )
    async with client_for(down) as client:
        # When someone signs up, then they are told the service is unavailable, not a 500
        response = await signup(client, "ada@example.com")
    assert response.status_code == 503
    assert response.json() == supabase_error(
        503, "service_unavailable", "The authentication database is unavailable"
    )

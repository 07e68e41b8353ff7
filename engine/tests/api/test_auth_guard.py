"""The bearer guard: every route but the public few needs a verified token, checked before any SQL."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from typing import Any

import httpx
import jwt
import psycopg
import pytest
import respx
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm
from litestar import get
from litestar.di import NamedDependency
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.api.state import Services
from orrery.auth import Principal
from orrery.settings import Settings
from tests.auth import tokens
from tests.auth.tokens import DROP


@get("/api/v1/test-probe")
async def probe(services: NamedDependency[Services], principal: NamedDependency[Principal]) -> dict[str, Any]:
    """A stand-in for any later endpoint: it opens a user transaction as its first act."""
    async with services.db.as_user(principal.claims) as conn:
        cursor = await conn.execute("select auth.uid()::text as uid, current_user as role")
        row = await cursor.fetchone()
    assert row is not None
    return dict(row)


def _existing_user(admin_url: str) -> str:
    """A user in auth.users, as Supabase Auth makes one: the API serves only users that exist."""
    user_id = str(uuid.uuid4())
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "insert into auth.users (id, email) values (%s, %s)", (user_id, f"{user_id}@example.test")
        )
    return user_id


def _unreachable_database(settings: Settings) -> Settings:
    return dataclasses.replace(
        settings,
        database=dataclasses.replace(
            settings.database, url="postgresql://nobody@/nothing?host=/nonexistent", connect_timeout=0.5
        ),
    )


def _refusals(secret: str) -> list[tuple[str, dict[str, str], str]]:
    now = int(time.time())
    bearer = lambda token: {"Authorization": f"Bearer {token}"}  # noqa: E731
    return [
        ("no token", {}, "missing bearer token"),
        ("only an X-User-Id header", {"X-User-Id": str(uuid.uuid4())}, "missing bearer token"),
        ("the anon key as apikey", {"apikey": tokens.hs256(secret, role="anon")}, "missing bearer token"),
        ("alg none", bearer(tokens.unsigned()), "unsupported algorithm"),
        ("another secret", bearer(tokens.hs256("x" * 40)), "invalid signature"),
        ("tampered", bearer(tokens.tampered(tokens.hs256(secret), role="service_role")), "invalid signature"),
        ("expired", bearer(tokens.hs256(secret, exp=now - 120)), "token expired"),
        ("not yet valid", bearer(tokens.hs256(secret, nbf=now + 600)), "token not yet valid"),
        ("wrong audience", bearer(tokens.hs256(secret, aud="somewhere-else")), "invalid audience"),
        ("no expiry", bearer(tokens.hs256(secret, exp=DROP)), "token has no exp claim"),
        ("anon", bearer(tokens.hs256(secret, role="anon")), "an anonymous token does not identify a user"),
        ("service_role", bearer(tokens.hs256(secret, role="service_role")), "token role is not allowed"),
        ("bad subject", bearer(tokens.hs256(secret, sub="root")), "token subject is not a user id"),
        ("garbage", bearer("abc.def.ghi"), "malformed token"),
    ]


REFUSAL_IDS = [r[0] for r in _refusals("only-the-ids-are-used-here-" * 2)]


@pytest.mark.parametrize("case", REFUSAL_IDS)
async def test_refused_with_401_and_the_reason_even_when_the_database_is_down(
    settings: Settings, case: str
) -> None:
    # Given an engine whose database cannot be reached, and a request that does not prove a user
    _, headers, detail = next(r for r in _refusals(settings.auth.jwt_secret) if r[0] == case)
    app = create_app(_unreachable_database(settings))
    app.register(probe)

    # When it calls endpoints that need a user
    async with AsyncTestClient(app=app) as client:
        responses = [await client.get(path, headers=headers) for path in ("/api/v1/me", "/api/v1/test-probe")]

    # Then each answers 401 with the reason: the token was checked before any SQL (not 503)
    for response in responses:
        assert response.status_code == 401
        body = response.json()
        assert body == {
            "status_code": 401,
            "detail": detail,
            "errors": [],
            "request_id": response.headers["x-request-id"],
        }
        assert response.headers["www-authenticate"] == "Bearer"


async def test_a_valid_token_then_needs_the_database_to_know_its_user(settings: Settings) -> None:
    # Given the same unreachable database
    app = create_app(_unreachable_database(settings))
    app.register(probe)
    headers = {"Authorization": f"Bearer {tokens.hs256(settings.auth.jwt_secret)}"}

    # When a signed-in user calls the probe, then the guard, asking whether the user still exists,
    # answers the database's 503 (a dependency down, never a 401 that would sign them out)
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/api/v1/test-probe", headers=headers)
    assert response.status_code == 503


async def test_refusals_check_out_no_connection(settings: Settings) -> None:
    # Given a healthy engine
    app = create_app(settings)
    app.register(probe)
    async with AsyncTestClient(app=app) as client:
        # When many bad tokens arrive
        for _, headers, _ in _refusals(settings.auth.jwt_secret):
            assert (await client.get("/api/v1/test-probe", headers=headers)).status_code == 401

        # Then the pool never handed out a connection
        services: Services = client.app.state.services
        assert services.db.pool.get_stats().get("requests_num", 0) == 0


async def test_the_verified_claims_become_the_database_identity(settings: Settings, admin_url: str) -> None:
    # Given a signed-in user
    user_id = _existing_user(admin_url)
    app = create_app(settings)
    app.register(probe)
    headers = {"Authorization": f"Bearer {tokens.hs256(settings.auth.jwt_secret, sub=user_id)}"}

    # When an endpoint opens the user's transaction, then SQL runs as that user under RLS
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/api/v1/test-probe", headers=headers)
    assert response.status_code == 200
    assert response.json() == {"uid": user_id, "role": "authenticated"}


async def test_me_answers_from_the_token_and_ignores_identity_headers(
    settings: Settings, admin_url: str
) -> None:
    # Given a token for Ada, and a header claiming to be someone else
    ada = _existing_user(admin_url)
    headers = {
        "Authorization": f"Bearer {tokens.hs256(settings.auth.jwt_secret, sub=ada, email='ada@example.com')}",
        "X-User-Id": str(uuid.uuid4()),
    }

    # When she asks who she is
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get("/api/v1/me", headers=headers)

    # Then the answer comes from the token only
    assert response.status_code == 200
    assert response.json() == {"id": ada, "email": "ada@example.com", "role": "authenticated"}


@pytest.mark.parametrize("path", ["/healthz", "/schema/openapi.json"])
async def test_public_paths_need_no_token(settings: Settings, path: str) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        assert (await client.get(path)).status_code == 200


@pytest.mark.parametrize("path", ["/auth/v1/settings", "/auth/v1/health", "/auth/v1/signup"])
async def test_the_engine_serves_no_auth_stand_in(settings: Settings, path: str) -> None:
    # The local Auth stand-in is its own process (`orrery auth`): the API holds no auth credentials
    async with AsyncTestClient(app=create_app(settings)) as client:
        assert (await client.get(path)).status_code in (401, 404)
        assert (await client.post(path, json={"email": "a@b.co", "password": "secret123"})).status_code in (
            401,
            404,
        )


async def test_public_path_patterns_do_not_leak_to_lookalike_paths(settings: Settings) -> None:
    # Given a protected route whose path contains a public prefix further in
    @get("/api/v1/schema/healthz/auth/v1")
    async def lookalike(principal: NamedDependency[Principal]) -> str:
        return "secret"

    app = create_app(settings)
    app.register(lookalike)
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/api/v1/schema/healthz/auth/v1")).status_code == 401


async def test_openapi_declares_bearer_auth_and_leaves_out_the_local_stand_in(settings: Settings) -> None:
    async with AsyncTestClient(app=create_app(settings)) as client:
        schema = (await client.get("/schema/openapi.json")).json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [{"BearerToken": []}]
    assert not [path for path in schema["paths"] if path.startswith("/auth/v1")]


@pytest.mark.parametrize(
    ("origin", "allowed"), [("http://127.0.0.1:3000", True), ("https://evil.test", False)]
)
async def test_cors_allows_exactly_the_web_origin(settings: Settings, origin: str, allowed: bool) -> None:
    # Given a browser preflight for an authenticated call (supabase-js sends x-supabase-api-version)
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": (
            "authorization,content-type,apikey,x-client-info,x-supabase-api-version"
        ),
    }
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.options("/api/v1/workflows", headers=headers)
    assert (response.headers.get("access-control-allow-origin") == origin) is allowed


async def test_with_a_real_supabase_project_es256_tokens_work_and_the_stand_in_is_gone(
    settings: Settings, admin_url: str
) -> None:
    # Given an engine configured for a hosted Supabase project that signs with ES256
    remote = dataclasses.replace(
        settings,
        auth=dataclasses.replace(
            settings.auth,
            supabase_url="https://project.test",
            jwks_url="https://project.test/auth/v1/.well-known/jwks.json",
        ),
    )
    private = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(ECAlgorithm.to_jwk(private.public_key())) | {"kid": "k1", "alg": "ES256", "use": "sig"}
    user_id = _existing_user(admin_url)
    token = jwt.encode(tokens.claims(sub=user_id), private, algorithm="ES256", headers={"kid": "k1"})

    with respx.mock(assert_all_called=True) as stub:
        stub.get(remote.auth.jwks_url).mock(return_value=httpx.Response(200, json={"keys": [jwk]}))
        async with AsyncTestClient(app=create_app(remote)) as client:
            # When the user calls the engine, and someone tries the local sign-up
            me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            signup = await client.post("/auth/v1/signup", json={"email": "a@b.co", "password": "secret123"})

    # Then the token is verified with the project's key, and there is no local stand-in
    assert me.status_code == 200
    assert me.json()["id"] == user_id
    assert signup.status_code == 404

"""TokenVerifier: which HS256 tokens name a user, and the reason given for every one that does not."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import jwt
import pytest

from orrery.auth import Principal, TokenVerifier
from orrery.errors import AuthenticationError, ConfigurationError, MissingToken
from orrery.settings import AuthSettings
from tests.auth import tokens
from tests.auth.tokens import DROP

SECRET = "a-test-secret-that-is-long-enough-for-hs256-and-even-for-hs512-!!"


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier(AuthSettings(supabase_url=None, jwt_secret=SECRET, anon_key=""))


async def test_a_supabase_access_token_becomes_a_principal(verifier: TokenVerifier) -> None:
    # Given a token Supabase Auth would issue for a user
    user_id, session_id = uuid.uuid4(), str(uuid.uuid4())
    token = tokens.hs256(SECRET, sub=str(user_id), email="ada@example.com", session_id=session_id)

    # When it is verified
    principal = await verifier.verify_authorization(f"Bearer {token}")

    # Then the principal carries the user and the claims to hand to the database
    assert principal == Principal(
        user_id=user_id,
        role="authenticated",
        email="ada@example.com",
        session_id=session_id,
        claims=jwt.decode(token, SECRET, algorithms=["HS256"], audience="authenticated"),
    )


async def test_the_scheme_is_case_insensitive_and_a_little_clock_skew_is_fine(
    verifier: TokenVerifier,
) -> None:
    # Given a token that expired a few seconds ago and a lowercase scheme
    token = tokens.hs256(SECRET, exp=int(time.time()) - 5)

    # When verified, then it is still accepted (leeway for clock skew)
    assert (await verifier.verify_authorization(f"bearer {token}")).role == "authenticated"


REFUSALS: list[tuple[str, Callable[[], str | None], str]] = [
    ("no header", lambda: None, "missing bearer token"),
    ("another scheme", lambda: "Basic dXNlcjpwYXNz", "missing bearer token"),
    ("an empty bearer", lambda: "Bearer ", "missing bearer token"),
    ("not a JWT", lambda: "Bearer not-a.jwt", "malformed token"),
    ("alg none", lambda: f"Bearer {tokens.unsigned()}", "unsupported algorithm"),
    (
        "HS512, not allowed",
        lambda: f"Bearer {jwt.encode(tokens.claims(), SECRET, algorithm='HS512')}",
        "unsupported algorithm",
    ),
    (
        "another secret",
        lambda: f"Bearer {tokens.hs256('not-the-secret-at-all-xxxxxxxxxxxx')}",
        "invalid signature",
    ),
    (
        "a payload changed after signing",
        lambda: f"Bearer {tokens.tampered(tokens.hs256(SECRET), sub=str(uuid.uuid4()))}",
        "invalid signature",
    ),
    ("expired", lambda: f"Bearer {tokens.hs256(SECRET, exp=int(time.time()) - 120)}", "token expired"),
    (
        "not yet valid",
        lambda: f"Bearer {tokens.hs256(SECRET, nbf=int(time.time()) + 600)}",
        "token not yet valid",
    ),
    (
        "issued in the future",
        lambda: f"Bearer {tokens.hs256(SECRET, iat=int(time.time()) + 600)}",
        "token not yet valid",
    ),
    ("another audience", lambda: f"Bearer {tokens.hs256(SECRET, aud='another-app')}", "invalid audience"),
    ("no audience", lambda: f"Bearer {tokens.hs256(SECRET, aud=DROP)}", "token has no aud claim"),
    ("no expiry", lambda: f"Bearer {tokens.hs256(SECRET, exp=DROP)}", "token has no exp claim"),
    ("no subject", lambda: f"Bearer {tokens.hs256(SECRET, sub=DROP)}", "token has no sub claim"),
    ("no role", lambda: f"Bearer {tokens.hs256(SECRET, role=DROP)}", "token has no role claim"),
    (
        "the anon key",
        lambda: f"Bearer {tokens.hs256(SECRET, role='anon', sub=DROP)}",
        "an anonymous token does not identify a user",
    ),
    (
        "an anon token with a subject",
        lambda: f"Bearer {tokens.hs256(SECRET, role='anon')}",
        "an anonymous token does not identify a user",
    ),
    (
        "a service_role token",
        lambda: f"Bearer {tokens.hs256(SECRET, role='service_role')}",
        "token role is not allowed",
    ),
    (
        "a subject that is not a UUID",
        lambda: f"Bearer {tokens.hs256(SECRET, sub='admin')}",
        "token subject is not a user id",
    ),
    (
        "a UUID in another spelling",
        lambda: f"Bearer {tokens.hs256(SECRET, sub=uuid.uuid4().hex)}",
        "token subject is not a user id",
    ),
    (
        "ES256 without a JWKS configured",
        lambda: "Bearer eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln",
        "unsupported algorithm",
    ),
]


@pytest.mark.parametrize(
    ("authorization", "detail"), [(r[1], r[2]) for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
async def test_every_refusal_says_why(
    verifier: TokenVerifier, authorization: Callable[[], str | None], detail: str
) -> None:
    # Given a request's Authorization header that does not prove a user
    header = authorization()

    # When it is verified
    with pytest.raises(AuthenticationError) as refused:
        await verifier.verify_authorization(header)

    # Then the refusal names the reason
    assert str(refused.value) == detail


async def test_a_missing_token_is_told_apart_from_a_bad_one(verifier: TokenVerifier) -> None:
    with pytest.raises(MissingToken):
        await verifier.verify_authorization(None)


@pytest.mark.parametrize(
    "secret",
    ["-----BEGIN PUBLIC KEY-----\nMFkw...\n-----END PUBLIC KEY-----", '{"kty": "EC"}', ""],
    ids=["a PEM public key", "a JWK", "nothing"],
)
def test_a_public_key_is_never_accepted_as_the_hs256_secret(secret: str) -> None:
    # Given a misconfiguration that would let anyone sign HS256 tokens with a public key
    settings = AuthSettings(supabase_url=None, jwt_secret=secret, anon_key="")

    # When the verifier is built, then it refuses to start
    with pytest.raises(ConfigurationError):
        TokenVerifier(settings)

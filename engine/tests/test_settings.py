"""Configuration that forgives: booleans in the words people write, and a project on
asymmetric (JWKS) keys needs no shared JWT secret."""

from __future__ import annotations

import uuid

import httpx
import pytest
import respx

from orrery.auth import TokenVerifier
from orrery.errors import AuthenticationError, ConfigurationError
from orrery.settings import load_auth_settings, load_database_settings, load_runner_settings
from tests.auth import tokens
from tests.auth.test_jwks import JWKS_URL, SigningKey

BASE = {"DATABASE_URL": "postgresql://engine@localhost/orrery", "REDIS_URL": "redis://localhost:6379/0"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("on", True),
        (" On ", True),
        ("0", False),
        ("false", False),
        ("False", False),
        ("NO", False),
        ("off", False),
        ("", False),
    ],
)
def test_a_boolean_takes_the_words_people_write(raw: str, expected: bool) -> None:
    # When the operator writes the switch their way
    settings = load_runner_settings({"ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS": raw})
    # Then it means what they meant
    assert settings.http_allow_private_networks is expected


@pytest.mark.parametrize("raw", ["2", "enable", "y", "truthy"])
def test_a_boolean_that_is_no_such_word_says_which_words_it_takes(raw: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        load_runner_settings({"ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS": raw})
    assert str(refused.value) == (
        f"ORRERY_HTTP_ALLOW_PRIVATE_NETWORKS must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def test_a_project_on_asymmetric_keys_needs_no_jwt_secret() -> None:
    # Given a Supabase project on asymmetric keys: its URL (so its JWKS), no shared secret,
    # and the engine's own secret for signing claims
    env = {**BASE, "SUPABASE_URL": "https://project.test", "ORRERY_CLAIMS_SECRET": "claims-" + "x" * 40}

    # When the API's settings are read
    auth = load_auth_settings(env)
    database = load_database_settings(env)

    # Then they load, verifying tokens by the JWKS, and claims are signed with the engine's secret
    assert auth.jwt_secret is None
    assert auth.jwks_url == "https://project.test/auth/v1/.well-known/jwks.json"
    assert database.claims_secret == env["ORRERY_CLAIMS_SECRET"]


def test_without_a_jwt_secret_the_claims_need_a_secret_of_their_own() -> None:
    with pytest.raises(ConfigurationError, match="ORRERY_CLAIMS_SECRET is not set"):
        load_auth_settings({**BASE, "SUPABASE_URL": "https://project.test"})


def test_without_a_jwks_the_jwt_secret_is_still_required() -> None:
    with pytest.raises(ConfigurationError, match="SUPABASE_JWT_SECRET is not set"):
        load_auth_settings(dict(BASE))
    # and the local Auth stand-in always needs it: it signs the tokens
    with pytest.raises(ConfigurationError, match="SUPABASE_JWT_SECRET is not set"):
        load_auth_settings(
            {**BASE, "SUPABASE_JWKS_URL": JWKS_URL, "ORRERY_CLAIMS_SECRET": "c" * 40}, process="auth"
        )


def test_the_jwt_secret_still_signs_claims_when_there_is_no_claims_secret() -> None:
    assert load_database_settings({**BASE, "SUPABASE_JWT_SECRET": "s" * 40}).claims_secret == "s" * 40


async def test_a_jwks_only_verifier_accepts_published_keys_and_refuses_hs256() -> None:
    # Given the engine of a project on asymmetric keys
    settings = load_auth_settings({**BASE, "SUPABASE_JWKS_URL": JWKS_URL, "ORRERY_CLAIMS_SECRET": "c" * 40})
    key = SigningKey("ES256")
    with respx.mock(assert_all_called=False) as stub:
        stub.get(JWKS_URL).mock(return_value=httpx.Response(200, json={"keys": [key.jwk]}))
        async with httpx.AsyncClient() as http:
            verifier = TokenVerifier(settings, http)
            user = uuid.uuid4()
            # When a token signed by the project's key arrives, it names the user
            assert (await verifier.verify(key.sign(sub=str(user)))).user_id == user
            # And an HS256 token (no secret to check it against) is refused
            with pytest.raises(AuthenticationError, match="unsupported algorithm"):
                await verifier.verify(tokens.hs256("any-secret-at-all-" + "x" * 30))

"""ES256 and RS256 tokens verified with the project's JWKS, served by a stub of the outside world."""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest
import respx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from orrery.auth import TokenVerifier
from orrery.auth.jwks import JwksCache, parse_jwks
from orrery.errors import AuthenticationError
from orrery.settings import AuthSettings
from tests.auth import tokens

JWKS_URL = "https://project.test/auth/v1/.well-known/jwks.json"
SECRET = "the-legacy-hs256-secret-of-the-project-0123456789"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class SigningKey:
    """A private key on our side of the stub, and its public JWK."""

    def __init__(self, alg: str, kid: str | None = None) -> None:
        self.alg = alg
        self.kid = kid or f"{alg.lower()}-{uuid.uuid4().hex[:8]}"
        if alg == "ES256":
            self.private: Any = ec.generate_private_key(ec.SECP256R1())
            self.jwk = json.loads(ECAlgorithm.to_jwk(self.private.public_key()))
        else:
            self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self.jwk = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        self.jwk.update({"kid": self.kid, "alg": alg, "use": "sig"})

    def sign(self, **overrides: Any) -> str:
        return jwt.encode(
            tokens.claims(**overrides), self.private, algorithm=self.alg, headers={"kid": self.kid}
        )

    def public_pem(self) -> bytes:
        return bytes(
            self.private.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )


@pytest.fixture
def stub() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        yield router


def serve(stub: respx.MockRouter, *keys: SigningKey) -> respx.Route:
    return stub.get(JWKS_URL).mock(return_value=httpx.Response(200, json={"keys": [k.jwk for k in keys]}))


@pytest.fixture
async def verifier_and_clock() -> Any:
    settings = AuthSettings(
        supabase_url="https://project.test", jwt_secret=SECRET, anon_key="", jwks_url=JWKS_URL
    )
    clock = Clock()
    async with httpx.AsyncClient() as http:
        verifier = TokenVerifier(settings, http)
        verifier.jwks = JwksCache(JWKS_URL, http, refresh_interval=30.0, max_age=600.0, clock=clock)
        yield verifier, clock


@pytest.mark.parametrize("alg", ["ES256", "RS256"])
async def test_tokens_signed_with_a_published_key_are_accepted(
    stub: respx.MockRouter, verifier_and_clock: Any, alg: str
) -> None:
    # Given a project publishing its signing key
    verifier, _ = verifier_and_clock
    key = SigningKey(alg)
    serve(stub, key)
    user_id = uuid.uuid4()

    # When a token it signed is verified
    principal = await verifier.verify(key.sign(sub=str(user_id)))

    # Then it names the user
    assert principal.user_id == user_id


async def test_the_legacy_hs256_secret_still_works_next_to_the_jwks(
    stub: respx.MockRouter, verifier_and_clock: Any
) -> None:
    verifier, _ = verifier_and_clock
    route = serve(stub, SigningKey("ES256"))
    assert (await verifier.verify(tokens.hs256(SECRET))).role == "authenticated"
    assert route.call_count == 0  # HS256 never needs the JWKS


async def test_an_unknown_kid_refetches_once_then_is_rate_limited(
    stub: respx.MockRouter, verifier_and_clock: Any
) -> None:
    # Given keys fetched once
    verifier, clock = verifier_and_clock
    old = SigningKey("ES256")
    route = serve(stub, old)
    await verifier.verify(old.sign())
    assert route.call_count == 1

    # When the project rotates to a new key and a token signed with it arrives
    new = SigningKey("ES256")
    serve(stub, old, new)
    clock.now += 31
    await verifier.verify(new.sign())

    # Then the JWKS was refetched once
    assert route.call_count == 2

    # And made-up kids right after do not trigger more fetches
    for _ in range(5):
        with pytest.raises(AuthenticationError, match="unknown signing key"):
            await verifier.verify(SigningKey("ES256").sign())
    assert route.call_count == 2

    # Until the interval has passed: then one more fetch
    clock.now += 31
    with pytest.raises(AuthenticationError, match="unknown signing key"):
        await verifier.verify(SigningKey("ES256").sign())
    assert route.call_count == 3


async def test_cached_keys_keep_working_while_the_jwks_is_down(
    stub: respx.MockRouter, verifier_and_clock: Any
) -> None:
    # Given a key fetched and cached
    verifier, clock = verifier_and_clock
    key = SigningKey("RS256")
    route = serve(stub, key)
    await verifier.verify(key.sign())

    # When the JWKS goes down (errors, then times out) and the cache grows old
    route.mock(return_value=httpx.Response(503))
    clock.now += 3600
    first = await verifier.verify(key.sign())
    route.mock(side_effect=httpx.ConnectTimeout("down"))
    clock.now += 3600
    second = await verifier.verify(key.sign())

    # Then tokens signed with the cached key are still accepted, and a refetch was tried each time
    assert first.role == second.role == "authenticated"
    assert route.call_count == 3


async def test_a_jwks_never_reached_refuses_with_unknown_key(
    stub: respx.MockRouter, verifier_and_clock: Any
) -> None:
    verifier, _ = verifier_and_clock
    stub.get(JWKS_URL).mock(side_effect=httpx.ConnectError("down"))
    with pytest.raises(AuthenticationError, match="unknown signing key"):
        await verifier.verify(SigningKey("ES256").sign())


async def test_hs256_signed_with_the_public_key_is_refused(
    stub: respx.MockRouter, verifier_and_clock: Any
) -> None:
    # Given the project's public key, which anyone can download
    verifier, _ = verifier_and_clock
    key = SigningKey("RS256")
    serve(stub, key)

    # When an attacker signs an HS256 token with it as the HMAC secret (the classic key confusion)
    def b64(raw: bytes) -> str:
        return jwt.utils.base64url_encode(raw).decode()

    signing_input = (
        f"{b64(json.dumps({'alg': 'HS256', 'kid': key.kid}).encode())}."
        f"{b64(json.dumps(tokens.claims()).encode())}"
    )
    signature = hmac.new(key.public_pem(), signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64(signature)}"

    # Then it is refused: HS256 is only ever checked against the shared secret
    with pytest.raises(AuthenticationError, match="invalid signature"):
        await verifier.verify(token)


async def test_a_token_bringing_its_own_key_is_refused(
    stub: respx.MockRouter, verifier_and_clock: Any
) -> None:
    # Given the project's real key, and an attacker's key the project never published
    verifier, _ = verifier_and_clock
    real = SigningKey("ES256", kid="real")
    serve(stub, real)
    attacker = SigningKey("ES256", kid="real")  # same kid, different key

    # When the attacker's token embeds its key (jwk) and a key URL (jku, x5u)
    token = jwt.encode(
        tokens.claims(),
        attacker.private,
        algorithm="ES256",
        headers={
            "kid": "real",
            "jwk": attacker.jwk,
            "jku": "https://evil.test/jwks",
            "x5u": "https://evil.test/c",
        },
    )

    # Then the embedded key is ignored and the signature does not match the published one
    with pytest.raises(AuthenticationError, match="invalid signature"):
        await verifier.verify(token)
    assert not any("evil.test" in str(call.request.url) for call in stub.calls)


async def test_an_algorithm_must_match_its_key(stub: respx.MockRouter, verifier_and_clock: Any) -> None:
    # Given an EC key published for ES256
    verifier, _ = verifier_and_clock
    key = SigningKey("ES256", kid="ec")
    serve(stub, key)

    # When a token claims RS256 with that kid
    rsa_key = SigningKey("RS256", kid="ec")
    with pytest.raises(AuthenticationError, match="algorithm does not match the signing key"):
        await verifier.verify(rsa_key.sign())


async def test_asymmetric_tokens_are_checked_like_any_other(
    stub: respx.MockRouter, verifier_and_clock: Any
) -> None:
    verifier, _ = verifier_and_clock
    key = SigningKey("ES256")
    serve(stub, key)
    with pytest.raises(AuthenticationError, match="token expired"):
        await verifier.verify(key.sign(exp=1))
    with pytest.raises(AuthenticationError, match="invalid audience"):
        await verifier.verify(key.sign(aud="elsewhere"))
    no_kid = jwt.encode(tokens.claims(), key.private, algorithm="ES256")
    with pytest.raises(AuthenticationError, match="token has no key id"):
        await verifier.verify(no_kid)


def test_only_asymmetric_public_verification_keys_are_kept() -> None:
    # Given a JWKS with one good key and several that must never be used
    good = SigningKey("ES256", kid="good")
    weak_rsa = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    weak = json.loads(RSAAlgorithm.to_jwk(weak_rsa.public_key())) | {"kid": "weak"}
    private = json.loads(ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1()))) | {"kid": "private"}
    document = {
        "keys": [
            good.jwk,
            {"kty": "oct", "k": "c2VjcmV0", "kid": "hmac", "alg": "HS256"},
            weak,
            private,
            good.jwk | {"kid": "encryption", "use": "enc"},
            good.jwk | {"kid": "no-kid"} | {"kid": None},
            {"kty": "RSA", "kid": "broken", "n": "x", "e": "AQAB"},
        ]
    }

    # When it is parsed, then only the good key remains
    assert set(parse_jwks(document)) == {"good"}

"""Turn a bearer access token into a `Principal`, or refuse it with a clear reason.

What a token must be to name a user here:
- signed with an allowed algorithm: HS256 with `SUPABASE_JWT_SECRET` (and
  never any other HMAC secret), or ES256/RS256 with a key from the project's
  JWKS chosen by `kid` and of the matching key type. `alg: none` and every
  other algorithm are refused; `jku`, `jwk`, `x5u` and `x5c` headers are never
  read, so a token cannot bring its own key.
- current: `exp` in the future and `nbf`/`iat` not in the future, with
  `LEEWAY` seconds of clock skew.
- for us: `aud` is `authenticated` (settings.auth.jwt_audience).
- a user: `role` is `authenticated` and `sub` is a UUID. `anon` tokens (the
  anon key) and `service_role` tokens are refused: the HTTP API acts for
  users only, and maintenance uses the database's service role directly,
  never a bearer token.

The issuer is not checked: the signing key is the trust anchor, and the
local stand-in's issuer depends on the URL the browser used to reach it.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import jwt
from jwt.exceptions import (
    DecodeError,
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAlgorithmError,
    InvalidAudienceError,
    InvalidKeyError,
    InvalidSignatureError,
    MissingRequiredClaimError,
    PyJWTError,
)

from orrery.auth.jwks import ASYMMETRIC_ALGORITHMS, JwksCache
from orrery.auth.principal import Principal
from orrery.errors import AuthenticationError, ConfigurationError, MissingToken
from orrery.settings import AuthSettings

HMAC_ALGORITHM = "HS256"
ALLOWED_ALGORITHMS = frozenset({HMAC_ALGORITHM, *ASYMMETRIC_ALGORITHMS})
USER_ROLE = "authenticated"
LEEWAY = 30
"""Seconds of clock skew tolerated on `exp`, `nbf` and `iat`."""
MAX_TOKEN_LENGTH = 16_384

_REQUIRED_CLAIMS = ["exp", "aud"]  # `role` and `sub` are checked in `_principal`
_BEARER = re.compile(r"^\s*bearer\s+(\S+)\s*$", re.IGNORECASE)
_KEY_MATERIAL = re.compile(r"^\s*(-----BEGIN|ssh-|ecdsa-|\{)")


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header value."""
    match = _BEARER.match(authorization or "")
    if match is None:
        raise MissingToken("missing bearer token")
    return match.group(1)


class TokenVerifier:
    """Verifies access tokens for one process; holds the JWKS cache when there is a JWKS."""

    def __init__(self, settings: AuthSettings, http: httpx.AsyncClient | None = None) -> None:
        if not settings.jwt_secret and not settings.jwks_url:
            raise ConfigurationError("SUPABASE_JWT_SECRET or a JWKS URL is needed to verify tokens")
        if settings.jwt_secret and _KEY_MATERIAL.match(settings.jwt_secret):
            # A PEM or JWK here would make HS256 tokens verifiable with a public key.
            raise ConfigurationError("SUPABASE_JWT_SECRET must be the project's shared HS256 secret")
        self._settings = settings
        self.jwks: JwksCache | None = None
        if settings.jwks_url and http is not None:
            self.jwks = JwksCache(
                settings.jwks_url,
                http,
                refresh_interval=settings.jwks_refresh_interval,
                max_age=settings.jwks_max_age,
            )

    async def verify_authorization(self, authorization: str | None) -> Principal:
        """Verify the token of an `Authorization` header value."""
        return await self.verify(bearer_token(authorization))

    async def verify(self, token: str) -> Principal:
        if len(token) > MAX_TOKEN_LENGTH:
            raise AuthenticationError("malformed token")
        try:
            header = jwt.get_unverified_header(token)
        except PyJWTError as exc:
            raise AuthenticationError("malformed token") from exc
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in ALLOWED_ALGORITHMS:
            raise AuthenticationError("unsupported algorithm")
        key = await self._key(algorithm, header)
        claims = self._decode(token, key, algorithm)
        return _principal(claims)

    async def _key(self, algorithm: str, header: dict[str, Any]) -> Any:
        if algorithm == HMAC_ALGORITHM:
            if not self._settings.jwt_secret:  # a project on asymmetric keys only
                raise AuthenticationError("unsupported algorithm")
            return self._settings.jwt_secret
        if self.jwks is None:
            raise AuthenticationError("unsupported algorithm")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationError("token has no key id")
        jwk = await self.jwks.get(kid)
        if jwk is None:
            raise AuthenticationError("unknown signing key")
        if jwk.algorithm_name != algorithm:
            raise AuthenticationError("algorithm does not match the signing key")
        return jwk.key

    def _decode(self, token: str, key: Any, algorithm: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self._settings.jwt_audience,
                leeway=LEEWAY,
                options={"require": _REQUIRED_CLAIMS},
            )
        except ExpiredSignatureError as exc:
            raise AuthenticationError("token expired") from exc
        except ImmatureSignatureError as exc:
            raise AuthenticationError("token not yet valid") from exc
        except InvalidAudienceError as exc:
            raise AuthenticationError("invalid audience") from exc
        except MissingRequiredClaimError as exc:
            raise AuthenticationError(f"token has no {exc.claim} claim") from exc
        except (InvalidSignatureError, InvalidKeyError) as exc:
            raise AuthenticationError("invalid signature") from exc
        except InvalidAlgorithmError as exc:
            raise AuthenticationError("unsupported algorithm") from exc
        except DecodeError as exc:
            raise AuthenticationError("malformed token") from exc
        except PyJWTError as exc:
            raise AuthenticationError(f"invalid token: {exc}") from exc
        return claims


def _principal(claims: dict[str, Any]) -> Principal:
    role = claims.get("role")
    if role is None:
        raise AuthenticationError("token has no role claim")
    if role == "anon":
        raise AuthenticationError("an anonymous token does not identify a user")
    if role != USER_ROLE:
        raise AuthenticationError("token role is not allowed")
    if claims.get("sub") is None:
        raise AuthenticationError("token has no sub claim")
    sub = str(claims["sub"])
    try:
        user_id = uuid.UUID(sub)
    except ValueError as exc:
        raise AuthenticationError("token subject is not a user id") from exc
    if str(user_id) != sub.lower():
        raise AuthenticationError("token subject is not a user id")
    email = claims.get("email")
    session_id = claims.get("session_id")
    return Principal(
        user_id=user_id,
        role=role,
        email=email if isinstance(email, str) and email else None,
        session_id=session_id if isinstance(session_id, str) else None,
        claims=claims,
    )

"""Access-token verification and the local Supabase Auth stand-in.

`verifier.TokenVerifier` turns a bearer token into a `Principal` (HS256 with
the shared secret, ES256/RS256 with the project's JWKS). `local/` is the
stand-in for Supabase Auth's HTTP API that the embedded stack serves at
`/auth/v1`; it is never used when `SUPABASE_URL` points at a real project.
"""

from __future__ import annotations

from orrery.auth.principal import Principal
from orrery.auth.verifier import TokenVerifier

__all__ = ["Principal", "TokenVerifier"]

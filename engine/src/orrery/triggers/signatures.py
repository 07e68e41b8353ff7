"""Webhook signatures: HMAC of the body (or of `<timestamp>.<body>`) with a shared secret.

The caller puts the hex digest in the webhook's header, bare or prefixed (`sha256=...`, as
GitHub does). With a timestamp header, the signed text is `<timestamp>.<body>` (as Stripe and
Slack do) and a call whose Unix time is more than the tolerance away from ours is refused, so a
captured call cannot be replayed later. Digests are compared in constant time.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import datetime

from orrery.crypto.signing import hmac_hex as sign
from orrery.triggers.errors import SignatureInvalid

__all__ = ["sign", "verify"]


def verify(
    *,
    secret: str,
    algorithm: str,
    header: str,
    timestamp_header: str | None,
    tolerance_s: int,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
) -> None:
    """Return when the call is signed with `secret`; `SignatureInvalid` saying why otherwise."""
    given = headers.get(header.lower(), "").strip()
    if not given:
        raise SignatureInvalid(f"the {header} header with the call's signature is missing")
    given = given.split("=", 1)[1] if given.lower().startswith(f"{algorithm}=") else given
    timestamp: str | None = None
    if timestamp_header:
        timestamp = headers.get(timestamp_header.lower(), "").strip()
        if not timestamp.isdigit():
            raise SignatureInvalid(f"the {timestamp_header} header must be the call's Unix time")
        if abs(now.timestamp() - int(timestamp)) > tolerance_s:
            raise SignatureInvalid(
                f"the call's time ({timestamp_header}) is more than {tolerance_s} s from now: "
                "a replay, or a clock off"
            )
    expected = sign(secret, algorithm, body, timestamp)
    if not hmac.compare_digest(expected, given.lower()):
        raise SignatureInvalid(f"the {header} signature does not match the body")

"""HMAC signatures over a body (or `<timestamp>.<body>`), as webhooks are signed: the one
definition both sides use (webhook calls the engine verifies, notifications it sends)."""

from __future__ import annotations

import hashlib
import hmac

DIGESTS = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}


def hmac_hex(secret: str, algorithm: str, body: bytes, timestamp: str | None = None) -> str:
    """The hex HMAC of `body`, or of `<timestamp>.<body>` when a timestamp is given."""
    signed = f"{timestamp}.".encode() + body if timestamp is not None else body
    return hmac.new(secret.encode(), signed, DIGESTS[algorithm]).hexdigest()

"""`ResolvedCredential`: a user's provider key, decrypted for one agent call."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ResolvedCredential:
    """A decrypted credential. Lives only in the worker for the length of one step; its
    `repr` leaves the key out, so logging one by mistake shows no secret."""

    id: str
    provider: str
    label: str
    api_key: str = field(repr=False)
    base_url: str | None = None
    requests_per_minute: int | None = None
    """The user's own lower limit for this key (None: the operator's default)."""
    tokens_per_minute: int | None = None
    """The user's own lower limit for this key (None: the operator's default)."""

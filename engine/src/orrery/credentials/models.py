"""The credentials API's schemas. The secret goes in (`CredentialCreate.api_key`) and never
comes out: a read carries only `key_hint`, at most its last 4 characters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

CredentialProvider = Literal["openai", "anthropic", "google", "groq", "mistral", "openai_compatible"]


class CredentialRead(msgspec.Struct, kw_only=True):
    id: UUID
    provider: str
    label: str
    base_url: str | None
    key_hint: Annotated[str, Meta(description="At most the key's last 4 characters, for recognising it.")]
    requests_per_minute: int | None = None
    """Your limit on requests per minute with this key (all workers together); None: the operator's."""
    tokens_per_minute: int | None = None
    """Your limit on tokens per minute with this key (all workers together); None: the operator's."""
    created_at: datetime


RequestsPerMinute = Annotated[
    int,
    Meta(
        ge=1,
        le=1_000_000,
        description="Requests per minute with this key, across all workers (lower than the operator's only).",
    ),
]
TokensPerMinute = Annotated[
    int,
    Meta(
        ge=1,
        le=1_000_000_000,
        description="Tokens (in + out) per minute with this key, across all workers.",
    ),
]


class CredentialLimitsUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Your own limits on a saved key; null removes yours (the operator's default applies)."""

    requests_per_minute: RequestsPerMinute | None = None
    tokens_per_minute: TokensPerMinute | None = None


class CredentialCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    provider: CredentialProvider
    label: Annotated[str, Meta(min_length=1, max_length=100, description="Your name for this key.")]
    api_key: Annotated[
        str,
        Meta(max_length=8192, description="The provider's API key (optional for OpenAI-compatible servers)."),
    ] = ""
    base_url: (
        Annotated[
            str,
            Meta(
                max_length=2048,
                description="For `openai_compatible` only: the API's base URL, e.g. http://localhost:11434/v1.",
            ),
        ]
        | None
    ) = None

    def __repr__(self) -> str:  # the key stays out of any log line
        return f"CredentialCreate(provider={self.provider!r}, label={self.label!r}, api_key=<hidden>)"


class ModelProviderRead(msgspec.Struct, kw_only=True):
    id: str
    label: str
    needs_credential: bool
    base_url: Literal["none", "required"]
    example_models: list[str]

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
    created_at: datetime


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

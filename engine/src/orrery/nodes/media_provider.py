"""What the media nodes (`image`, `speech`, `transcribe`) share: which provider, and its key.

`demo` runs offline (labelled demo in the output and the UI); `openai` calls OpenAI (or an
OpenAI-compatible server) with one of the run owner's saved keys, through the SSRF guard.
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from orrery.agents.media import MediaCall
from orrery.nodes.base import NodeContext
from orrery.spec import ConfigIssue

MediaProvider = Annotated[
    Literal["demo", "openai"],
    Meta(description="`demo`: offline, no key (labelled demo). `openai`: your saved OpenAI key."),
]
CredentialId = Annotated[
    str, Meta(min_length=1, max_length=64, description="One of your saved keys (Settings).")
]


def credential_issues(provider: str, credential_id: str | None) -> list[ConfigIssue]:
    if provider != "demo" and not credential_id:
        return [ConfigIssue("credential_id", f"Choose one of your saved keys for {provider}.")]
    return []


async def provider_call(ctx: NodeContext, credential_id: str | None) -> MediaCall:
    """The call to the provider with the owner's key (decrypted here, never logged)."""
    assert credential_id is not None
    return MediaCall(ctx.http, await ctx.credential(credential_id))

"""A pydantic-ai model for a provider, a model name and the user's credential.

Each provider goes through pydantic-ai's own model class and provider (its SDK client
underneath); base URLs are passed explicitly so a stray `OPENAI_BASE_URL` in the
worker's environment cannot redirect a user's key. SDK-level retries are turned off by
the caller (`max_retries=0`): the runner owns retries, with backoff and Retry-After.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx2
from pydantic_ai.models import Model

from orrery.agents.catalog import PROVIDERS, label_of
from orrery.agents.credential import ResolvedCredential
from orrery.agents.demo import demo_model
from orrery.agents.errors import CredentialMissing


@dataclass
class BuiltModel:
    model: Model
    provider: Any | None
    """The pydantic-ai provider, an async context manager that closes the HTTP client it made."""


def build_model(
    provider: str,
    model_name: str,
    credential: ResolvedCredential | None,
    http_client: httpx2.AsyncClient | None = None,
) -> BuiltModel:
    """Raises `CredentialMissing` when the provider needs a key and none fits.

    `http_client` (the caller's, closed by the caller) carries an OpenAI-compatible
    endpoint's requests: a user-chosen base URL must go through the SSRF guard on every
    connection, not only when it is first checked."""
    info = PROVIDERS.get(provider)
    if info is None:
        raise CredentialMissing(f"Unknown model provider `{provider}`.")
    if provider == "demo":
        return BuiltModel(demo_model(), None)
    if credential is None:
        raise CredentialMissing(f"This agent uses {info.label}: choose one of your saved {info.label} keys.")
    if credential.provider != provider:
        raise CredentialMissing(
            f"The saved key “{credential.label}” is for {label_of(credential.provider)}, "
            f"but this agent uses {info.label}."
        )
    key = credential.api_key
    if provider in ("openai", "openai_compatible"):
        from pydantic_ai.models.openai import OpenAIChatModel
        from pydantic_ai.providers.openai import OpenAIProvider

        base_url = credential.base_url if provider == "openai_compatible" else info.default_base_url
        if not base_url:
            raise CredentialMissing(f"The saved key “{credential.label}” has no base URL.")
        # Local servers (Ollama, llama.cpp) take no key, but the SDK wants a non-empty one.
        openai = OpenAIProvider(
            base_url=base_url,
            api_key=key or "not-needed",
            http_client=http_client if provider == "openai_compatible" else None,
        )
        return BuiltModel(OpenAIChatModel(model_name, provider=openai), openai)
    if provider == "anthropic":
        from pydantic_ai.models.anthropic import AnthropicModel
        from pydantic_ai.providers.anthropic import AnthropicProvider

        anthropic = AnthropicProvider(api_key=key, base_url=info.default_base_url)
        return BuiltModel(AnthropicModel(model_name, provider=anthropic), anthropic)
    if provider == "google":
        from pydantic_ai.models.google import GoogleModel
        from pydantic_ai.providers.google import GoogleProvider

        google = GoogleProvider(api_key=key)
        return BuiltModel(GoogleModel(model_name, provider=google), google)
    if provider == "groq":
        from pydantic_ai.models.groq import GroqModel
        from pydantic_ai.providers.groq import GroqProvider

        groq = GroqProvider(api_key=key, base_url=info.default_base_url)
        return BuiltModel(GroqModel(model_name, provider=groq), groq)
    if provider == "mistral":
        from pydantic_ai.models.mistral import MistralModel
        from pydantic_ai.providers.mistral import MistralProvider

        mistral = MistralProvider(api_key=key, base_url=info.default_base_url)
        return BuiltModel(MistralModel(model_name, provider=mistral), mistral)
    raise CredentialMissing(f"{info.label} is not supported by this build.")  # pragma: no cover

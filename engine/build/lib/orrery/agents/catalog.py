"""The model providers an agent can use, as data (no pydantic-ai import): the node's
config schema, the credentials API and the settings page read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

ProviderId = Literal["demo", "openai", "anthropic", "google", "groq", "mistral", "openai_compatible"]


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    id: str
    label: str
    needs_credential: bool
    base_url: Literal["none", "required"]
    """Whether a saved credential carries a base URL (OpenAI-compatible endpoints)."""
    default_base_url: str | None
    example_models: tuple[str, ...]


PROVIDERS: Final[dict[str, ProviderInfo]] = {
    p.id: p
    for p in (
        ProviderInfo("demo", "Demo model (offline, not a real AI)", False, "none", None, ("demo",)),
        ProviderInfo(
            "openai", "OpenAI", True, "none", "https://api.openai.com/v1", ("gpt-4o-mini", "gpt-4.1", "gpt-5")
        ),
        ProviderInfo(
            "anthropic",
            "Anthropic",
            True,
            "none",
            "https://api.anthropic.com",
            ("claude-sonnet-4-6", "claude-haiku-4-5"),
        ),
        ProviderInfo("google", "Google Gemini", True, "none", None, ("gemini-2.5-flash", "gemini-2.5-pro")),
        ProviderInfo(
            "groq",
            "Groq",
            True,
            "none",
            "https://api.groq.com",
            ("llama-3.3-70b-versatile", "openai/gpt-oss-120b"),
        ),
        ProviderInfo(
            "mistral",
            "Mistral",
            True,
            "none",
            "https://api.mistral.ai",
            ("mistral-large-latest", "mistral-small-latest"),
        ),
        ProviderInfo(
            "openai_compatible",
            "OpenAI-compatible (Ollama, vLLM, llama.cpp, OpenRouter)",
            True,
            "required",
            None,
            ("llama3.2", "qwen2.5"),
        ),
    )
}

CREDENTIAL_PROVIDERS: Final = tuple(p.id for p in PROVIDERS.values() if p.needs_credential)


def label_of(provider: str) -> str:
    info = PROVIDERS.get(provider)
    return info.label if info else provider

"""Language-model agents for the `agent` node, built on pydantic-ai.

- `providers`: the model providers (OpenAI, Anthropic, Gemini, Groq, Mistral, any
  OpenAI-compatible endpoint) and the offline `demo` model, as pydantic-ai models.
- `demo`: the demo model (pydantic-ai's `FunctionModel`): deterministic, no network.
- `execution`: one agent run: instructions, prompt, tools, structured output, streamed
  text, usage and cost; provider failures become `errors.AgentError`s.
- `tools`: the tools an agent may call (`http_fetch` through the SSRF guard, `current_time`).
- `pricing`: costs from genai-prices (cached tokens, tiers), the operator's override on top;
  "unknown" (None) when neither knows the model.
- `fallback`: the chain of models tried when one is unavailable.
- `cache`: the opt-in, per-user response cache (Redis).
- `limits`: requests/tokens per minute per key and a concurrency cap per provider, shared
  by every worker through Redis.
- `errors`: the step errors an agent run ends with (`orrery.errors.StepError`), each with its code.

This package imports nothing of ours but `orrery.errors` and `orrery.net`; modules are
imported directly (this file imports nothing, so importing `orrery.agents.credential`
does not load pydantic-ai).
"""

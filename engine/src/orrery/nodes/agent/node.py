"""The agent node's declaration: its config and catalog entry are complete; its execution
comes with the agent-node issue (pydantic-ai in `orrery.agents`, plugged into the same
step contract). PLACEHOLDER: `execute` raises `NotAvailable` until then."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from orrery.nodes.base import NodeContext, NodeResult
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import NotAvailable
from orrery.nodes.fields import MaxAttempts, RetryDelaySeconds, Template, TimeoutSeconds
from orrery.spec import ConfigIssue, TemplateField

AgentTool = Literal["http_fetch", "current_time"]
JSON_TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})


class AgentConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    provider: Annotated[
        str,
        Meta(
            pattern=r"^[a-z][a-z0-9_-]{0,63}$",
            description="The model provider; `demo` is an offline model for trying workflows out.",
        ),
    ] = "demo"
    model: Annotated[str, Meta(min_length=1, max_length=200, description="The provider's model name.")] = (
        "demo"
    )
    credential_id: (
        Annotated[uuid.UUID, Meta(description="One of your saved provider keys (not needed for `demo`).")]
        | None
    ) = None
    instructions: Annotated[
        Template, Meta(description="The system prompt: who the agent is, how it works.")
    ] = ""
    prompt: Annotated[
        Template, Meta(min_length=1, description="The task, with `{{ }}` references to run data.")
    ]
    temperature: Annotated[float, Meta(ge=0, le=2)] | None = None
    max_tokens: Annotated[int, Meta(ge=1, le=1_000_000)] | None = None
    output_schema: (
        Annotated[
            dict[str, Any], Meta(description="A JSON Schema the output must match (structured output).")
        ]
        | None
    ) = None
    tools: Annotated[list[AgentTool], Meta(description="Tools the agent may call.")] = []
    retries: Annotated[
        int,
        Meta(ge=0, le=10, description="Times the model may retry when its output breaks `output_schema`."),
    ] = 1
    timeout_s: TimeoutSeconds = 120.0
    max_attempts: MaxAttempts = 3
    retry_initial_delay_s: RetryDelaySeconds = 2.0


class AgentNode(NodeType[AgentConfig]):
    type = "agent"
    label = "Agent"
    category = "AI"
    description = "A language model with instructions, a prompt, tools and an optional output schema."
    icon = "bot"
    config_type = AgentConfig
    default_config = {"provider": "demo", "model": "demo", "prompt": "{{ inputs }}"}

    def check(self, config: AgentConfig) -> list[ConfigIssue]:
        issues: list[ConfigIssue] = []
        if len(set(config.tools)) != len(config.tools):
            issues.append(ConfigIssue("tools", "Each tool may be listed once."))
        schema = config.output_schema
        if schema is not None:
            kind = schema.get("type")
            kinds = kind if isinstance(kind, list) else [kind]
            if kind is not None and not all(isinstance(k, str) and k in JSON_TYPES for k in kinds):
                issues.append(ConfigIssue("output_schema.type", f"{kind!r} is not a JSON Schema type."))
            if not isinstance(schema.get("properties", {}), dict):
                issues.append(ConfigIssue("output_schema.properties", "`properties` must be an object."))
        if config.provider != "demo" and config.credential_id is None:
            issues.append(
                ConfigIssue("credential_id", f"Choose a saved {config.provider} key for this agent.")
            )
        return issues

    def templates(self, config: AgentConfig) -> list[TemplateField]:
        return [TemplateField("instructions", config.instructions), TemplateField("prompt", config.prompt)]

    async def execute(self, ctx: NodeContext, config: AgentConfig) -> NodeResult:
        # PLACEHOLDER, replaced by the agent-node issue.
        raise NotAvailable(
            "Agent nodes run on the runner with a model provider; not available in this build."
        )

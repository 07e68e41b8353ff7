"""`agent`: a model call with instructions, a prompt template, tools and an output schema."""

from __future__ import annotations

from orrery.nodes.agent.node import AgentConfig, AgentNode

__all__ = ["AgentConfig", "AgentNode"]

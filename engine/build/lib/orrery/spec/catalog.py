"""What the validator needs to know about node types, as a Protocol.

`spec` imports nothing else of ours, so it cannot ask the node registry directly;
`orrery.nodes.registry.Registry` implements `NodeCatalog`, and tests may pass any
object with the same method.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol


class ConfigIssue(NamedTuple):
    """A config field that breaks its type's schema: `path` inside the config, e.g. `routes[0].name`."""

    path: str
    message: str


class TemplateField(NamedTuple):
    """A config string that reads run data.

    `expression` False: a template with `{{ ... }}` parts (a prompt, a URL). True: a bare
    reference expression such as `steps.research.output.title` (router operands, pick maps).
    """

    path: str
    text: str
    expression: bool = False
    body: bool = False
    """Evaluated in a container's iteration (a map's `result`, a loop's `until`): it may read
    the body's steps and the container's variable (`map`, `loop`), not only what is upstream."""


@dataclass(frozen=True, slots=True)
class NodeInspection:
    """What one node's type says about one node's config."""

    config_issues: list[ConfigIssue] = field(default_factory=list)
    output_handles: list[str] | None = None
    """The node's named outputs; None: one default output (any `source_handle` is accepted)."""
    required_handles: list[str] = field(default_factory=list)
    """Outputs that must have an edge (a router's routes)."""
    templates: list[TemplateField] = field(default_factory=list)
    body_variable: str | None = None
    """For a container type (`map`, `loop`): the name its body's templates read (`map.item`,
    `loop.iteration`); None: the node is not a container."""


class NodeCatalog(Protocol):
    def inspect(self, type: str, version: int, config: Mapping[str, Any]) -> NodeInspection | None:
        """None if this version of this type is unknown. When the config is invalid, only
        `config_issues` (and `body_variable`) are meaningful."""
        ...

"""The node types, registered once, and the catalog the API publishes at GET /api/v1/node-types.

`Registry` also implements `orrery.spec.NodeCatalog`, so `spec.validate(doc, registry)`
checks configs, handles and template references against the registered types, and
`bind(node)` gives the runner and the runs service a `BoundNode`: the node with its type
and decoded config, asked what to do (execute, wait, resume, time out, output).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from orrery.errors import StepError
from orrery.nodes.agent import AgentNode
from orrery.nodes.approval import ApprovalNode
from orrery.nodes.base import (
    ContainerLimits,
    IterationError,
    IterationOutcome,
    IterationPlan,
    NodeContext,
    NodeResult,
    StepPolicy,
    Verdict,
    WorkflowReference,
)
from orrery.nodes.browser import BrowserNode
from orrery.nodes.clips import ClipsNode
from orrery.nodes.code import CodeNode
from orrery.nodes.definition import NodeType
from orrery.nodes.errors import InvalidNodeConfig, UnknownNodeType
from orrery.nodes.http import HttpNode
from orrery.nodes.image import ImageNode
from orrery.nodes.input import InputNode
from orrery.nodes.loop import LoopNode
from orrery.nodes.map import MapNode
from orrery.nodes.memory_search import MemorySearchNode
from orrery.nodes.memory_write import MemoryWriteNode
from orrery.nodes.output import OutputNode
from orrery.nodes.router import RouterNode
from orrery.nodes.services import NodeServices
from orrery.nodes.speech import SpeechNode
from orrery.nodes.subworkflow import SubworkflowNode
from orrery.nodes.templates import compile_issue
from orrery.nodes.transcribe import TranscribeNode
from orrery.nodes.transform import TransformNode
from orrery.nodes.video import VideoNode
from orrery.spec import (
    ConfigIssue,
    Node,
    NodeDefaults,
    NodeInspection,
    TemplateField,
    Workflow,
    scan_expression,
    scan_template,
    secret_names,
)

CATEGORIES = ("Inputs & outputs", "AI", "Media", "Memory", "Logic", "Tools", "Human")
"""Palette order in the editor."""


class Registry:
    def __init__(self, types: Iterable[NodeType[Any]]) -> None:
        self._types: dict[tuple[str, int], NodeType[Any]] = {}
        self._latest: dict[str, int] = {}
        for node_type in types:
            key = (node_type.type, node_type.version)
            if key in self._types:
                raise ValueError(f"node type {key} is registered twice")
            self._types[key] = node_type
            self._latest[node_type.type] = max(node_type.version, self._latest.get(node_type.type, 0))

    def get(self, type: str, version: int | None = None) -> NodeType[Any]:
        """A type by slug and version (None: the latest). Raises `UnknownNodeType`."""
        node_type = self._types.get((type, self._latest.get(type, 0) if version is None else version))
        if node_type is None:
            raise UnknownNodeType(f"Unknown node type `{type}` (version {version}).")
        return node_type

    def bind(self, node: Node, defaults: NodeDefaults | None = None) -> BoundNode:
        """`node` with its type and decoded config (and its policy under the workflow's node
        `defaults`). Raises `UnknownNodeType` / `InvalidNodeConfig`."""
        node_type = self.get(node.type, node.type_version)
        config = self.decode_config(node)
        handles = node_type.output_handles(config)
        policy = node_type.policy(config)
        if defaults is not None:
            policy = node_type.defaulted_policy(policy, defaults, frozenset(node.config))
        return BoundNode(
            node=node,
            type=node_type,
            config=config,
            policy=policy,
            default_handle=handles[0] if handles else None,
            reads=self._reads(node_type, config),
            secrets=self._secrets(node_type, config),
        )

    def decode_config(self, node: Node) -> Any:
        """A node's config as its type's struct. Raises `UnknownNodeType` / `InvalidNodeConfig`."""
        config, issues = self.get(node.type, node.type_version).decode(node.config)
        if config is None or issues:
            first = issues[0]
            where = f" at `{first.path}`" if first.path else ""
            raise InvalidNodeConfig(
                f"The config of `{node.id}` is invalid{where}: {first.message}",
                [(issue.path, issue.message) for issue in issues],
            )
        return config

    def policy(self, node: Node) -> StepPolicy:
        return self.get(node.type, node.type_version).policy(self.decode_config(node))

    @staticmethod
    def _reads(node_type: NodeType[Any], config: Any) -> frozenset[str] | None:
        """The upstream steps whose outputs a node's templates reference (the validator's
        template references); None when one reads `steps` by a computed key (any of them), or
        when the type reads upstream outputs in its own way (`reads_every_upstream_step`)."""
        if node_type.reads_every_upstream_step:
            return None
        found: set[str] = set()
        for field in _all_templates(node_type, config):
            scan = scan_expression(field.text) if field.expression else scan_template(field.text)
            if scan.error:
                return None
            for reference in scan.references:
                if reference.root != "steps":
                    continue
                first = reference.keys[0] if reference.keys else None
                if not isinstance(first, str):
                    return None
                found.add(first)
        return frozenset(found)

    @staticmethod
    def _secrets(node_type: NodeType[Any], config: Any) -> frozenset[str]:
        """The secrets a node's templates read by name (`{{ secrets.NAME }}`)."""
        found: set[str] = set()
        for field in _all_templates(node_type, config):
            scan = scan_expression(field.text) if field.expression else scan_template(field.text)
            found |= secret_names(scan.references)
        return frozenset(found)

    def secret_references(self, doc: Workflow) -> list[tuple[str, str]]:
        """(node id, secret name) for every secret the document's nodes read; a node whose type
        or config is invalid reads none (the validator says why)."""
        found: list[tuple[str, str]] = []
        for node in doc.nodes:
            node_type = self._types.get((node.type, node.type_version))
            if node_type is None:
                continue
            config, issues = node_type.decode(node.config)
            if config is None or issues:
                continue
            found.extend((node.id, name) for name in sorted(self._secrets(node_type, config)))
        return found

    async def execute(self, ctx: NodeContext, node: Node) -> NodeResult:
        """One attempt of `node`; the runner wraps it with its timeout, retries and events."""
        node_type = self.get(node.type, node.type_version)
        return await node_type.execute(ctx, self.decode_config(node))

    def workflow_references(self, doc: Workflow) -> list[tuple[str, WorkflowReference]]:
        """(node id, reference) for every workflow the document's nodes run (sub-workflows);
        a node whose type or config is invalid references nothing (the validator says why)."""
        found: list[tuple[str, WorkflowReference]] = []
        for node in doc.nodes:
            node_type = self._types.get((node.type, node.type_version))
            if node_type is None:
                continue
            config, issues = node_type.decode(node.config)
            if config is None or issues:
                continue
            found.extend((node.id, reference) for reference in node_type.workflow_references(config))
        return found

    # --- spec.NodeCatalog -----------------------------------------------------------------

    def inspect(self, type: str, version: int, config: Mapping[str, Any]) -> NodeInspection | None:
        node_type = self._types.get((type, version))
        if node_type is None:
            return None
        decoded, issues = node_type.decode(config)
        if decoded is None or issues:
            return NodeInspection(config_issues=issues, body_variable=node_type.body_variable)
        templates = _all_templates(node_type, decoded)
        # Filters are checked against the renderer's environment (spec only parses).
        compile_issues = [
            ConfigIssue(field.path, message)
            for field in templates
            if "|" in field.text and (message := compile_issue(field.text, expression=field.expression))
        ]
        if compile_issues:
            return NodeInspection(config_issues=compile_issues, body_variable=node_type.body_variable)
        return NodeInspection(
            output_handles=node_type.output_handles(decoded),
            required_handles=node_type.required_handles(decoded),
            templates=templates,
            body_variable=node_type.body_variable,
        )

    # --- the published catalog ------------------------------------------------------------

    def catalog(self) -> list[dict[str, Any]]:
        """Every registered type and version, in palette order: what GET /api/v1/node-types serves."""
        order = {category: i for i, category in enumerate(CATEGORIES)}
        entries = sorted(
            self._types.values(), key=lambda t: (order.get(t.category, len(order)), t.type, t.version)
        )
        return [self._entry(t) for t in entries]

    def _entry(self, node_type: NodeType[Any]) -> dict[str, Any]:
        outputs = node_type.outputs
        return {
            "type": node_type.type,
            "version": node_type.version,
            "latest": self._latest[node_type.type] == node_type.version,
            "label": node_type.label,
            "category": node_type.category,
            "description": node_type.description,
            "icon": node_type.icon,
            "inputs": msgspec.to_builtins(list(node_type.inputs)),
            "outputs": outputs if outputs == "dynamic" else msgspec.to_builtins(list(outputs)),
            "config_schema": node_type.config_schema(),
            "default_config": dict(node_type.default_config),
        }


def _all_templates(node_type: NodeType[Any], config: Any) -> list[TemplateField]:
    """A node's templates; a container's `body_templates` marked as read in its iterations."""
    body = [field._replace(body=True) for field in node_type.body_templates(config)]
    return [*node_type.templates(config), *body]


def build_registry(services: NodeServices | None = None) -> Registry:
    """The node types of this build (each registered here, once), with these services."""
    services = services or NodeServices()
    return Registry(
        [
            InputNode(),
            OutputNode(),
            AgentNode(services),
            HttpNode(),
            TransformNode(),
            CodeNode(services.code),
            RouterNode(),
            ApprovalNode(),
            MemorySearchNode(),
            MemoryWriteNode(),
            MapNode(),
            LoopNode(),
            SubworkflowNode(),
            ImageNode(),
            SpeechNode(),
            VideoNode(),
            TranscribeNode(),
            ClipsNode(),
            BrowserNode(services.browser),
        ]
    )


@functools.cache
def default_registry() -> Registry:
    """The registry with the built-in services (the API, validation, tests)."""
    return build_registry()


def node_type_catalog() -> list[dict[str, Any]]:
    """GET /api/v1/node-types."""
    return default_registry().catalog()


@dataclass(frozen=True, slots=True, eq=False)
class BoundNode:
    """A workflow node with its type and decoded config: what the runner and the runs
    service ask about it, so neither names a node type."""

    node: Node
    type: NodeType[Any]
    config: Any
    policy: StepPolicy
    default_handle: str | None
    """The handle an edge without `source_handle` leaves from (None: any)."""
    reads: frozenset[str] | None
    """The upstream steps its templates reference (None: any of them)."""
    secrets: frozenset[str] = frozenset()
    """The secrets its templates read (`{{ secrets.NAME }}`): the worker resolves them for each
    attempt, and redacts their values from what the attempt leaves behind."""

    @property
    def pure(self) -> bool:
        return self.type.pure

    async def execute(self, ctx: NodeContext) -> NodeResult:
        """One attempt; the runner wraps it with its timeout, retries and events."""
        return await self.type.execute(ctx, self.config)

    def wait_limit_s(self) -> float | None:
        return self.type.wait_limit_s(self.config)

    def resume(self, pending: Any, verdict: Verdict) -> NodeResult:
        return self.type.resume(self.config, pending, verdict)

    def on_timeout(self, pending: Any) -> Verdict:
        return self.type.on_timeout(self.config, pending)

    def run_output(self) -> str | None:
        return self.type.run_output(self.config)

    @property
    def container(self) -> BoundContainer | None:
        """How its body runs, for a container (`map`, `loop`); None for a plain node."""
        if self.type.body_variable is None:
            return None
        return BoundContainer(self.type, self.config)


@dataclass(frozen=True, slots=True, eq=False)
class BoundContainer:
    """A container node as the runner asks it about its body (see `NodeType.iterations`...)."""

    type: NodeType[Any]
    config: Any

    async def iterations(self, ctx: NodeContext, limits: ContainerLimits) -> IterationPlan:
        return await self.type.iterations(ctx, self.config, limits)

    def variables(self, plan: IterationPlan, index: int, results: list[Any]) -> dict[str, Any]:
        return self.type.variables(self.config, plan, index, results)

    async def iteration_result(self, ctx: NodeContext, sinks: list[str]) -> Any:
        return await self.type.iteration_result(ctx, self.config, sinks)

    async def iteration_ends(self, ctx: NodeContext, result: Any) -> bool:
        return await self.type.iteration_ends(ctx, self.config, result)

    def iteration_failed(self, failure: IterationError) -> StepError:
        return self.type.iteration_failed(self.config, failure)

    def collect(self, plan: IterationPlan, outcome: IterationOutcome) -> NodeResult:
        return self.type.collect(self.config, plan, outcome)

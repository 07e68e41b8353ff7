"""`NodeType`: one node type's declaration (label, ports, config struct), its `execute`,
and the hooks through which it owns its behaviour in a run (the runner names no type):
- a result that waits (`NodeResult.waiting`), for how long (`wait_limit_s`), what a
  verdict makes of it (`resume`) and what the timeout decides (`on_timeout`);
- what it contributes to the run's outputs (`run_output`);
- which workflows it runs as child runs (`workflow_references`, checked by validation);
- whether it is pure (`pure`), and its retry policy (`policy`, under the workflow's node
  defaults: `defaulted_policy`);
- for a container (`body_variable` set: `map`, `loop`), how its body runs: the plan of its
  iterations (`iterations`), what each one's templates see (`variables`), what each one
  gives (`iteration_result`), whether to stop (`iteration_ends`), what a failed one makes of
  the step (`iteration_failed`), and the step's output (`collect`). The runner runs the body's
  steps; the node type only decides.

Each node type is a subclass in its own folder (`nodes/<slug>/`), registered once in
`registry.py`. A saved workflow names `type` and `type_version`; a changed config
shape is a new version (a new subclass) so older workflows keep running.
"""

from __future__ import annotations

import builtins
import inspect
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, Literal, TypeVar

import msgspec

from orrery.errors import StepError
from orrery.nodes.base import (
    ContainerLimits,
    IterationError,
    IterationOutcome,
    IterationPlan,
    NodeContext,
    NodeResult,
    Port,
    StepPolicy,
    Verdict,
    WorkflowReference,
)
from orrery.nodes.errors import DecisionRefused, NotAvailable, WaitTimedOut
from orrery.spec import ConfigIssue, NodeDefaults, TemplateField

C = TypeVar("C", bound=msgspec.Struct)

DEFAULT_INPUTS: tuple[Port, ...] = (Port("in", "In"),)
DEFAULT_OUTPUTS: tuple[Port, ...] = (Port("out", "Out"),)


class NodeType(ABC, Generic[C]):
    type: ClassVar[str]
    """The slug, the same in the engine and the web."""
    version: ClassVar[int] = 1
    label: ClassVar[str]
    category: ClassVar[str]
    description: ClassVar[str]
    icon: ClassVar[str]
    """A lucide icon name."""
    inputs: ClassVar[tuple[Port, ...]] = DEFAULT_INPUTS
    outputs: ClassVar[tuple[Port, ...] | Literal["dynamic"]] = DEFAULT_OUTPUTS
    default_config: ClassVar[Mapping[str, Any]] = {}
    """What the editor puts in a new node of this type (it validates)."""
    default_policy: ClassVar[StepPolicy] = StepPolicy(timeout_s=30.0, max_attempts=1)
    reads_every_upstream_step: ClassVar[bool] = False
    """The node reads upstream outputs other than through its templates' references (a code
    node's `input.steps`): its steps and recorded input hold every upstream step's output."""
    pure: ClassVar[bool] = False
    """No side effects (reads only): the runner may start it before its start is durable and
    run it again after a crash. Anything that calls out or writes stays impure."""

    body_variable: ClassVar[str | None] = None
    """A container type: the name its body's templates read (`map`, `loop`). None: a plain node."""

    config_type: builtins.type[C]

    def decode(self, config: Mapping[str, Any]) -> tuple[C | None, list[ConfigIssue]]:
        """The config as its struct, or the issues that stop it from being one."""
        try:
            decoded: C = msgspec.convert(config, self.config_type)
        except msgspec.ValidationError as exc:
            return None, [config_issue(exc)]
        return decoded, self.check(decoded)

    def check(self, config: C) -> list[ConfigIssue]:
        """Rules the struct cannot express (unique names, fields that depend on each other)."""
        return []

    def output_handles(self, config: C) -> list[str] | None:
        """Named outputs; None: one default output."""
        return None

    def required_handles(self, config: C) -> list[str]:
        return []

    def templates(self, config: C) -> list[TemplateField]:
        return []

    def workflow_references(self, config: C) -> list[WorkflowReference]:
        """The workflows this node runs (a sub-workflow's): validation checks them against the
        database, as the owner (`nodes.references`)."""
        return []

    def policy(self, config: C) -> StepPolicy:
        """Timeout and retries, from the config's `timeout_s` / `max_attempts` /
        `retry_initial_delay_s` where it has them, else the type's defaults."""
        base = self.default_policy
        return StepPolicy(
            timeout_s=getattr(config, "timeout_s", base.timeout_s),
            max_attempts=getattr(config, "max_attempts", base.max_attempts),
            retry_initial_delay_s=getattr(config, "retry_initial_delay_s", base.retry_initial_delay_s),
        )

    def defaulted_policy(
        self, policy: StepPolicy, defaults: NodeDefaults, given: frozenset[str]
    ) -> StepPolicy:
        """`policy` with the workflow's node defaults (`settings.node_defaults`) for the settings
        this type's config has (`timeout_s`, `max_attempts`, `retry_initial_delay_s`) and this
        node's config does not set (`given`: its keys). A type whose config has none keeps its own."""
        fields = self.config_type.__struct_fields__
        changes: dict[str, Any] = {}
        for name in ("timeout_s", "max_attempts", "retry_initial_delay_s"):
            value = getattr(defaults, name)
            if value is not None and name in fields and name not in given:
                changes[name] = value
        return msgspec.structs.replace(policy, **changes) if changes else policy

    @abstractmethod
    async def execute(self, ctx: NodeContext, config: C) -> NodeResult:
        """One attempt. Returns a result or raises a `NodeError`."""

    def wait_limit_s(self, config: C) -> float | None:
        """For a result that waits: seconds until `on_timeout` decides (None: until someone does)."""
        return None

    def resume(self, config: C, pending: Any, verdict: Verdict) -> NodeResult:
        """The final result of a waiting step (`pending`: the output it waited with), given a
        verdict. Raises `DecisionRefused` for a verdict it cannot take, or a `NodeError` the
        step fails with (a rejection with nowhere to go)."""
        raise DecisionRefused(f"A `{self.type}` step does not wait for decisions.")

    def on_timeout(self, config: C, pending: Any) -> Verdict:
        """The verdict when `wait_limit_s` passes with none; raises a `WaitTimedOut` to fail."""
        raise WaitTimedOut("Nobody decided in time.")

    def run_output(self, config: C) -> str | None:
        """The name under which this node's output becomes one of the run's outputs (None: it
        does not)."""
        return None

    # --- containers (only for a type with a `body_variable`) ------------------------------

    def body_templates(self, config: C) -> list[TemplateField]:
        """Templates evaluated in each iteration of the body (`TemplateField.body`)."""
        return []

    async def iterations(self, ctx: NodeContext, config: C, limits: ContainerLimits) -> IterationPlan:
        """How the body runs for this step (a map resolves its items here). Raises a `NodeError`
        the step fails with (not a list, too many items)."""
        raise NotAvailable(f"A `{self.type}` node has no body to run.")

    def variables(self, config: C, plan: IterationPlan, index: int, results: list[Any]) -> dict[str, Any]:
        """What iteration `index`'s templates see besides `inputs` and `steps`, by name
        (`{"map": {...}}`); `results`: the results of the iterations before it, in order, when
        iterations run one at a time (a loop; empty otherwise)."""
        return {}

    async def iteration_result(self, ctx: NodeContext, config: C, sinks: list[str]) -> Any:
        """What one finished iteration gives (`ctx`: the iteration's steps and variables):
        by default the output of the body's last node (`sinks`), or `{node: output}` of several."""
        if len(sinks) == 1:
            return ctx.steps.get(sinks[0])
        return {sink: ctx.steps.get(sink) for sink in sinks}

    async def iteration_ends(self, ctx: NodeContext, config: C, result: Any) -> bool:
        """After an iteration: whether the body should run no more (a loop's `until`)."""
        return False

    def iteration_failed(self, config: C, failure: IterationError) -> StepError:
        """The error the step fails with when an iteration fails and the plan stops on failure."""
        where = f" at `{failure.node_id}`" if failure.node_id else ""
        return StepError(f"Iteration {failure.index} failed{where}: {failure.message}")

    def collect(self, config: C, plan: IterationPlan, outcome: IterationOutcome) -> NodeResult:
        """The step's result once its body stopped."""
        return NodeResult(output={"results": outcome.results})

    def config_schema(self) -> dict[str, Any]:
        """The config's JSON Schema (2020-12), top level inlined, nested types under `$defs`."""
        (ref,), components = msgspec.json.schema_components([self.config_type], ref_template="#/$defs/{name}")
        name = ref["$ref"].rsplit("/", 1)[-1]
        schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
        schema.update(components.pop(name))
        schema["title"] = self.label
        if components:
            schema["$defs"] = components
        _clean_descriptions(schema)
        return schema


def _clean_descriptions(schema: Any) -> None:
    """Docstrings become descriptions; drop their source indentation."""
    if isinstance(schema, dict):
        if isinstance(schema.get("description"), str):
            schema["description"] = inspect.cleandoc(schema["description"])
        for value in schema.values():
            _clean_descriptions(value)
    elif isinstance(schema, list):
        for value in schema:
            _clean_descriptions(value)


_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_FIELD = re.compile(r"(?:missing required|contains unknown) field `(?P<field>[^`]+)`")


def config_issue(error: msgspec.ValidationError) -> ConfigIssue:
    """msgspec's "Expected `int`, got `str` - at `$.routes[0].x`" as (path, message)."""
    text = str(error)
    path = ""
    match = _AT.search(text)
    if match:
        text = text[: match.start()]
        path = match["path"].removeprefix(".")
    field = _FIELD.search(text)
    if field:
        path = f"{path}.{field['field']}" if path else field["field"]
    return ConfigIssue(path, text)

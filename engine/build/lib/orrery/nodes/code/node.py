"""The `code` node: JavaScript written by the user, run in an isolated V8 sandbox.

The code is the body of `async function (input)`: `input` is `{inputs, steps}` (the run's
inputs, and `steps.<node>.output` for every finished upstream node, as templates see them),
and what it returns (JSON) is the step's output; `await` works, `console.*` lines become step
logs. Limits per node (time, memory) are capped by the operator's maxima (`CodeSettings`).
Syntax errors are found at validation, with their line.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

from orrery.nodes.base import NodeContext, NodeResult, StepPolicy
from orrery.nodes.code.outcome import log_lines, result_of
from orrery.nodes.code.sandbox import Job, Sandboxes
from orrery.nodes.code.syntax import MAX_CODE_CHARS, syntax_problem
from orrery.nodes.definition import NodeType
from orrery.nodes.templates import scope_of
from orrery.settings import CodeSettings, load_code_settings
from orrery.spec import ConfigIssue

MiB = 1024 * 1024
QUEUE_ALLOWANCE_S = 60.0
"""The step's timeout is the code's time limit plus this: time to wait for a free sandbox."""

EXAMPLE = """// input.inputs: the run's inputs. input.steps.<node>.output: what upstream nodes returned.
// What you return (JSON) is this step's output. await works; console.log shows in the logs.
const { inputs } = input;
console.log("inputs:", inputs);
return { ...inputs };
"""


class CodeConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    code: Annotated[
        str,
        Meta(
            max_length=MAX_CODE_CHARS,
            description=(
                "JavaScript: the body of `async function (input)`. `input.inputs` and "
                "`input.steps.<node>.output` are the run's data; the returned value (JSON) is the output."
            ),
            extra_json_schema={"format": "javascript"},
        ),
    ] = ""
    time_limit_s: Annotated[
        float, Meta(gt=0, le=600, description="Stop the code after this many seconds (the server caps it).")
    ] = 2.0
    memory_limit_mb: Annotated[
        int, Meta(ge=16, le=4096, description="Stop the code when it uses more memory (the server caps it).")
    ] = 64


class CodeNode(NodeType[CodeConfig]):
    type = "code"
    pure = True
    reads_every_upstream_step = True  # `input.steps` is every upstream step, as users expect
    label = "Code"
    category = "Logic"
    description = "Run JavaScript on upstream data: reshape, compute, filter. No network or files."
    icon = "code"
    config_type = CodeConfig
    default_config = {"code": EXAMPLE, "time_limit_s": 2.0, "memory_limit_mb": 64}
    default_policy = StepPolicy(timeout_s=2.0 + QUEUE_ALLOWANCE_S, max_attempts=1)

    def __init__(self, settings: CodeSettings | None = None) -> None:
        self._settings = settings
        self._sandboxes: Sandboxes | None = None

    @property
    def settings(self) -> CodeSettings:
        """The operator's limits: given, or read from the environment on first use."""
        if self._settings is None:
            self._settings = load_code_settings()
        return self._settings

    @property
    def sandboxes(self) -> Sandboxes:
        if self._sandboxes is None:
            self._sandboxes = Sandboxes(self.settings)
        return self._sandboxes

    def check(self, config: CodeConfig) -> list[ConfigIssue]:
        issues: list[ConfigIssue] = []
        problem = syntax_problem(config.code)
        if problem is not None:
            issues.append(ConfigIssue("code", problem.describe()))
        limits = self.settings
        if config.time_limit_s > limits.max_timeout_s:
            issues.append(
                ConfigIssue(
                    "time_limit_s",
                    f"At most {limits.max_timeout_s:g} s on this server (ORRERY_CODE_MAX_TIMEOUT_S).",
                )
            )
        if config.memory_limit_mb > limits.max_memory_mb:
            issues.append(
                ConfigIssue(
                    "memory_limit_mb",
                    f"At most {limits.max_memory_mb} MB on this server (ORRERY_CODE_MAX_MEMORY_MB).",
                )
            )
        return issues

    def policy(self, config: CodeConfig) -> StepPolicy:
        return StepPolicy(timeout_s=config.time_limit_s + QUEUE_ALLOWANCE_S, max_attempts=1)

    async def execute(self, ctx: NodeContext, config: CodeConfig) -> NodeResult:
        limits = self.settings
        memory = config.memory_limit_mb * MiB
        step_input = msgspec.json.encode(scope_of(ctx)).decode()
        job = Job(
            code=config.code,
            input=step_input,
            time_limit_s=config.time_limit_s,
            memory_limit_bytes=memory,
            # V8 needs about twice its heap in resident memory while it collects garbage.
            resident_cap_bytes=2 * memory + 64 * MiB,
            max_output_chars=limits.max_output_bytes,
        )
        report = await self.sandboxes.run(job)
        for level, message in log_lines(report):
            await ctx.log(message, level=level)
        return result_of(
            report,
            config.code,
            time_limit_s=config.time_limit_s,
            memory_mb=config.memory_limit_mb,
            max_bytes=limits.max_output_bytes,
            input_chars=len(step_input),
        )

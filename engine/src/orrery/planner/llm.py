"""The model planner: a provider's model analyses the request through structured output.

The model is asked for an `Analysis` (`ANALYSIS_SCHEMA`), nothing else: it never writes
node configs, so the draft is built by the same code as the demo planner's
(`orrery.planner.draft`) and names only real node types. It runs through the agent
machinery (`orrery.agents.execution.run_agent`): the same providers, the user's saved key,
the SSRF guard for an OpenAI-compatible base URL, a schema-breaking answer sent back to
the model with the reasons, provider failures as agent errors (mapped to a 502 here).
"""

from __future__ import annotations

from typing import Any, Final

import msgspec

from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import AgentError
from orrery.agents.execution import AgentRequest, run_agent
from orrery.agents.pricing import PriceTable
from orrery.events.types import HeldLimit
from orrery.net import SafeHttpClient
from orrery.planner.analysis import ANALYSIS_SCHEMA, STEP_KINDS, Analysis, normalise
from orrery.planner.errors import PlannerModelFailed
from orrery.planner.refine import EDIT_SCHEMA, Edit
from orrery.spec import Workflow

INSTRUCTIONS: Final = f"""You plan AI-agent workflows. Read the user's request and work out:
the goal; the steps, in order, each one thing; which steps need which earlier steps'
outputs (`after`; steps with the same `after` run in parallel); where a step runs once per
item of a list an earlier step makes (`for_each` on that step, `items` on the list maker);
where the user wants to approve something before it goes on (an `approval` step); and a
schedule if they asked for one. Step kinds: {", ".join(STEP_KINDS)}. `research`, `write`,
`summarise` and `agent` are AI agents; `memory_write` saves the previous step's output to the
user's memory; `memory_search` searches their notes; `http` fetches a URL. Keep tasks
short and concrete; never use curly braces in them."""

TIMEOUT_S: Final = 90.0


class _Quiet:
    """The planner streams nothing: deltas and tool logs are dropped."""

    async def log(self, message: str, **data: Any) -> None:
        return None

    async def delta(self, text: str) -> None:
        return None

    async def held(self, *, provider: str, limit: HeldLimit, allowance: str, wait_s: float) -> None:
        return None

    async def resumed(self) -> None:
        return None


EDIT_INSTRUCTIONS: Final = f"""You change AI-agent workflows. You get a workflow's steps (id,
type, label) and what the user wants changed. Answer with one edit: `remove` a step
(`target`: its id); `approve`: an approval step `before` or `after` a step (`target`: its id;
none: just before the end); or `add` new steps at the end (`plan`: an analysis of the steps to
add, as for a new request; step kinds: {", ".join(STEP_KINDS)}). Never use curly braces."""


async def edit_with_model(
    doc: Workflow,
    instruction: str,
    *,
    provider: str,
    model: str,
    credential: ResolvedCredential | None,
    http: SafeHttpClient,
    prices: PriceTable,
) -> Edit:
    """The model's reading of `instruction` as one edit of `doc`. Raises `PlannerModelFailed`."""
    steps = "\n".join(
        f"- {n.id} ({n.type}): {n.label or ''}" for n in doc.nodes if n.type not in ("input", "output")
    )
    output = await _ask(
        f"The workflow's steps:\n{steps}\n\nThe change:\n{instruction}",
        EDIT_INSTRUCTIONS,
        EDIT_SCHEMA,
        provider=provider,
        model=model,
        credential=credential,
        http=http,
        prices=prices,
    )
    try:
        return msgspec.convert(output, Edit, strict=False)
    except msgspec.ValidationError as exc:
        raise PlannerModelFailed(f"The planner model's answer was not an edit: {exc}") from None


async def _ask(
    prompt: str,
    instructions: str,
    schema: dict[str, Any],
    *,
    provider: str,
    model: str,
    credential: ResolvedCredential | None,
    http: SafeHttpClient,
    prices: PriceTable,
) -> Any:
    request = AgentRequest(
        provider=provider,
        model=model,
        prompt=prompt,
        instructions=instructions,
        credential=credential,
        output_schema=schema,
        retries=2,
        timeout_s=TIMEOUT_S,
    )
    try:
        return (await run_agent(request, _Quiet(), http, prices)).output
    except AgentError as exc:
        raise PlannerModelFailed(f"The planner model could not plan: {exc}") from None


async def analyse_with_model(
    description: str,
    *,
    provider: str,
    model: str,
    credential: ResolvedCredential | None,
    http: SafeHttpClient,
    prices: PriceTable,
) -> Analysis:
    """The model's analysis of `description`. Raises `PlannerModelFailed`."""
    output = await _ask(
        f"The request:\n\n{description}",
        INSTRUCTIONS,
        ANALYSIS_SCHEMA,
        provider=provider,
        model=model,
        credential=credential,
        http=http,
        prices=prices,
    )
    try:
        analysis = msgspec.convert(output, Analysis, strict=False)
    except msgspec.ValidationError as exc:
        raise PlannerModelFailed(f"The planner model's answer was not a plan: {exc}") from None
    return normalise(analysis)

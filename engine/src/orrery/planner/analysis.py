"""The analysis of a request: what a planner (demo or model) works out before any node exists.

An `Analysis` is the goal, the steps (each with its kind, what it does, which steps it
needs), which of them run once per item of a list (`for_each`), where a human approves
(an `approval` step) and a schedule the request asked for. Steps that need the same
upstream steps and not each other run in parallel. `orrery.planner.draft` turns it into
a workflow document; the model planner fills the same struct through structured output
(`ANALYSIS_SCHEMA`), so both planners are drafted by the same code and only name real
node types.
"""

from __future__ import annotations

import re
from typing import Any, Final, Literal

import msgspec

StepKind = Literal[
    "research", "write", "summarise", "agent", "approval", "memory_write", "memory_search", "http"
]
STEP_KINDS: Final[tuple[str, ...]] = StepKind.__args__  # type: ignore[attr-defined]
MAX_STEPS: Final = 40
"""Steps an analysis may have: a longer plan is cut here (the product promises drafts, not epics)."""


class Step(msgspec.Struct, kw_only=True):
    id: str
    """Unique among the steps (letters, digits and `_`); normalised by `normalise`."""
    kind: StepKind
    title: str
    """A short label for the node."""
    task: str
    """What the step does, in words an agent can follow (an agent's prompt starts with it)."""
    explanation: str = ""
    """Why the step is there, shown beside the node."""
    after: list[str] = []
    """The steps whose outputs it needs; empty: it starts from the run's input."""
    for_each: bool = False
    """It runs once per item of the list its upstream step makes (inside a `map`)."""
    items: int | None = None
    """For a step whose output a `for_each` step walks: how many items to make."""
    url: str | None = None
    """For an `http` step: the address to fetch (None: the run's `url` input)."""


class Analysis(msgspec.Struct, kw_only=True):
    goal: str
    steps: list[Step]
    schedule: str | None = None
    """When the request asked for it to run ("every Monday at 8am"): not a node; its cron
    comes from `orrery.planner.schedule`."""


ANALYSIS_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "goal": {"type": "string", "description": "The user's goal, in one sentence."},
        "schedule": {
            "type": ["string", "null"],
            "description": "When it should run if the user said so, in their words with the time if "
            "given (e.g. 'every Monday at 8am', 'daily', 'every 2 hours'), else null.",
        },
        "steps": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_STEPS,
            "description": "The steps in order. A step runs after the steps it names in `after`.",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "description": "snake_case, unique"},
                    "kind": {"type": "string", "enum": list(STEP_KINDS)},
                    "title": {"type": "string", "description": "A 2-5 word label"},
                    "task": {"type": "string", "description": "The instruction for this step"},
                    "explanation": {"type": "string", "description": "One sentence: why this step"},
                    "after": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "ids of earlier steps whose output it needs ([] = the user's input); "
                        "steps with the same `after` run in parallel",
                    },
                    "for_each": {
                        "type": "boolean",
                        "description": "true: runs once per item of the list its single `after` step makes",
                    },
                    "items": {
                        "type": ["integer", "null"],
                        "description": "For a step whose list a for_each step walks: how many items",
                    },
                    "url": {"type": ["string", "null"], "description": "For an http step: the URL"},
                },
                "required": ["id", "kind", "title", "task", "explanation", "after", "for_each"],
            },
        },
    },
    "required": ["goal", "steps"],
}
"""The JSON Schema a model's structured output must match (no `$ref`: every provider takes it)."""

_NOT_ID = re.compile(r"[^a-z0-9_]+")


def normalise(analysis: Analysis) -> Analysis:
    """The analysis with ids that are identifiers and unique, `after` naming only earlier
    steps (unknown or later ids dropped, so the steps are in an order that runs), at most
    `MAX_STEPS` steps, and a `for_each` step only where it has exactly one upstream step."""
    renamed: dict[str, str] = {}
    taken: set[str] = {"start", "result"}
    steps: list[Step] = []
    for step in analysis.steps[:MAX_STEPS]:
        new_id = unique_id(step.id or step.title or step.kind, taken)
        renamed.setdefault(step.id, new_id)
        after = [renamed[a] for a in dict.fromkeys(step.after) if a in renamed and renamed[a] != new_id]
        for_each = step.for_each and len(after) == 1
        steps.append(
            msgspec.structs.replace(
                step,
                id=new_id,
                after=after,
                for_each=for_each,
                title=(step.title.strip() or step.kind.replace("_", " ").capitalize())[:80],
                task=step.task.strip() or step.title.strip() or step.kind,
            )
        )
        renamed[step.id] = new_id
    return msgspec.structs.replace(analysis, steps=steps)


def unique_id(text: str, taken: set[str]) -> str:
    """An identifier from `text` (`Write a script` -> `write_a_script`), not in `taken` (then added)."""
    base = _NOT_ID.sub("_", text.lower()).strip("_")[:40].strip("_") or "step"
    if base[0].isdigit():
        base = f"step_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate

"""The planner's errors, specialising the engine's tree (`orrery.errors`), so `api/errors.py`
maps them with the rest: a draft that repair could not make valid is a 422 listing the
validator's problems; a model that could not be asked is a 502 naming why."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from orrery.errors import InvalidInput, UpstreamFailed
from orrery.spec import Problem


class DraftInvalid(InvalidInput):
    """The draft still had validator problems after the last repair round (422, with them)."""

    def __init__(self, problems: Sequence[Problem], rounds: int) -> None:
        super().__init__(
            f"The drafted workflow still had {len(problems)} problem(s) after {rounds} repair round(s); "
            "try describing the steps more plainly.",
            [msgspec.to_builtins(problem) for problem in problems],
        )
        self.problems = list(problems)
        self.rounds = rounds


class PlannerModelFailed(UpstreamFailed):
    """The model asked to plan failed (a bad key, a rate limit, an answer that never fit): 502."""

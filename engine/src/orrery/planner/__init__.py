"""The planner: a workflow drafted from a sentence, and a saved one changed by an instruction.

service = PlannerService(workflows, credentials, http)   # one per process, built in the lifespan
result = await service.plan(claims, PlanRequest(description="research three topics, ..."))
proposal = await service.refine(claims, workflow_id, RefineRequest(instruction="ask me before ..."))

An analysis of the request (demo cues, or a model's structured output) is drafted into a
document of real node types, validated, and repaired from the validator's problems for a
bounded number of rounds: a draft returned is never invalid.
"""

from __future__ import annotations

from orrery.planner.errors import DraftInvalid, PlannerModelFailed
from orrery.planner.service import MAX_REPAIR_ROUNDS, PlannerService, finish, plan_offline

__all__ = [
    "MAX_REPAIR_ROUNDS",
    "DraftInvalid",
    "PlannerModelFailed",
    "PlannerService",
    "finish",
    "plan_offline",
]

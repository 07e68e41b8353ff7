"""Planning: a request -> an analysis -> a draft -> the validator -> repair, bounded.

`plan` picks the planner: the user's saved key (its provider's model, through structured
output) when the request names one, else the offline demo planner. Either way the draft
goes through `finish`: validated against the node registry, repaired from the problems
for at most `MAX_REPAIR_ROUNDS` rounds; still invalid is `DraftInvalid` (422, with the
problems). Nothing is saved: the editor opens the draft as an unsaved change. A schedule
the request asked for ("every Monday") comes back as a cron (`orrery.planner.schedule`),
the same for both planners, for the editor to create on save.
`refine` proposes a changed version of a saved workflow, with the diff, the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from orrery.agents.catalog import PROVIDERS
from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import AgentError
from orrery.agents.pricing import PriceTable
from orrery.credentials import CredentialService
from orrery.errors import InvalidInput
from orrery.net import SafeHttpClient
from orrery.nodes import Registry, default_registry
from orrery.planner.analysis import Analysis
from orrery.planner.demo import analyse
from orrery.planner.diff import diff_documents
from orrery.planner.draft import Draft, ModelChoice, build_draft
from orrery.planner.errors import DraftInvalid
from orrery.planner.llm import analyse_with_model, edit_with_model
from orrery.planner.models import PlanRequest, PlanResult, RefineRequest, RefineResult
from orrery.planner.refine import apply_edit, refine_document
from orrery.planner.repair import repair_once
from orrery.planner.schedule import propose
from orrery.spec import Problem, Workflow, validate
from orrery.workflows import WorkflowService

MAX_REPAIR_ROUNDS: Final = 3
DEMO_PLANNER: Final = "demo"


@dataclass(frozen=True, slots=True)
class Finished:
    document: Workflow
    repair_rounds: int


def finish(doc: Workflow, registry: Registry, max_rounds: int = MAX_REPAIR_ROUNDS) -> Finished:
    """`doc` validated, and repaired until valid for at most `max_rounds` rounds.
    Raises `DraftInvalid` with the last round's problems."""
    problems: list[Problem] = validate(doc, registry)
    rounds = 0
    while problems and rounds < max_rounds:
        repaired = repair_once(doc, problems, registry)
        if repaired is None:
            break
        rounds += 1
        doc = repaired
        problems = validate(doc, registry)
    if problems:
        raise DraftInvalid(problems, rounds)
    return Finished(doc, rounds)


def plan_offline(description: str, registry: Registry | None = None) -> PlanResult:
    """The demo planner's valid draft for `description` (no database, no network)."""
    return _result(build_draft(analyse(_text(description, "description"))), registry, DEMO_PLANNER)


@dataclass
class PlannerService:
    workflows: WorkflowService
    credentials: CredentialService
    http: SafeHttpClient
    registry: Registry = field(default_factory=default_registry)
    prices: PriceTable = field(default_factory=PriceTable.load)

    async def plan(self, claims: Mapping[str, Any], request: PlanRequest) -> PlanResult:
        description = _text(request.description, "description")
        if request.credential_id is None:
            return _result(build_draft(analyse(description)), self.registry, DEMO_PLANNER)
        credential, model = await self._model(claims, request.credential_id, request.model)
        analysis: Analysis = await analyse_with_model(
            description,
            provider=credential.provider,
            model=model,
            credential=credential,
            http=self.http,
            prices=self.prices,
        )
        choice = ModelChoice(provider=credential.provider, model=model, credential_id=credential.id)
        return _result(build_draft(analysis, choice), self.registry, f"{credential.provider}:{model}")

    async def _model(
        self, claims: Mapping[str, Any], credential_id: Any, model: str | None
    ) -> tuple[ResolvedCredential, str]:
        """The user's saved key and the model to plan with (a 422 naming what is wrong)."""
        try:
            credential = await self.credentials.resolve(claims, str(credential_id))
        except AgentError as exc:
            raise InvalidInput(str(exc), [{"key": "credential_id", "message": str(exc)}]) from None
        info = PROVIDERS.get(credential.provider)
        chosen = model or (info.example_models[0] if info and info.example_models else "")
        if not chosen:
            raise InvalidInput("Name the model to plan with.", [{"key": "model", "message": "Required."}])
        return credential, chosen

    async def refine(
        self, claims: Mapping[str, Any], workflow_id: str, request: RefineRequest
    ) -> RefineResult:
        instruction = _text(request.instruction, "instruction")
        saved = await self.workflows.get(claims, workflow_id)
        before = saved.spec
        planner = DEMO_PLANNER
        if request.credential_id is None:
            proposed, explanations = refine_document(before, instruction)
        else:
            credential, model = await self._model(claims, request.credential_id, request.model)
            edit = await edit_with_model(
                before,
                instruction,
                provider=credential.provider,
                model=model,
                credential=credential,
                http=self.http,
                prices=self.prices,
            )
            proposed, explanations = apply_edit(before, edit, instruction)
            planner = f"{credential.provider}:{model}"
        finished = finish(proposed, self.registry)
        kept = {n.id for n in finished.document.nodes}
        return RefineResult(
            document=finished.document,
            explanations={k: v for k, v in explanations.items() if k in kept},
            planner=planner,
            repair_rounds=finished.repair_rounds,
            diff=diff_documents(before, finished.document),
            based_on_version=saved.current_version,
        )


def _text(value: str, key: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(f"The {key} is empty.", [{"key": key, "message": "Say what you want, in words."}])
    return text


def _result(draft: Draft, registry: Registry | None, planner: str) -> PlanResult:
    finished = finish(draft.document, registry or default_registry())
    explanations = {n.id: draft.explanations.get(n.id, _fallback(n.type)) for n in finished.document.nodes}
    return PlanResult(
        document=finished.document,
        explanations=explanations,
        planner=planner,
        repair_rounds=finished.repair_rounds,
        schedule=draft.schedule,
        schedule_proposal=propose(draft.schedule),
    )


def _fallback(node_type: str) -> str:
    return f"Added so the draft validates (a {node_type} node)."

"""What a node sees of its run while one attempt executes: `StepContext`, the runner's
`NodeContext`. Its logs become `step.log` events (at most `MAX_LOGS_PER_ATTEMPT`), a wait for
a shared provider limit `step.held` then `step.resumed`, its deltas live-only `step.delta`
events, all with the step's scope; credentials and memory are the run owner's (RLS). In a
container's body it also carries the containers' variables (`map.item`...)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import msgspec

from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import CredentialUnreadable
from orrery.credentials.errors import SecretUnreadable
from orrery.events import types as ev
from orrery.events.transitions import Change, now
from orrery.events.types import HeldLimit
from orrery.nodes import ChildRun, ChildRunRequest, NotAvailable
from orrery.nodes.base import (
    AssetAccess,
    MemoryAccess,
    MemoryHit,
    MemoryWriteResult,
    Transcript,
    idempotency_key,
)
from orrery.runner import children
from orrery.runner.redaction import NOTHING, Redactor, StreamRedactor
from orrery.store import runs

if TYPE_CHECKING:
    from orrery.runner.execution import RunExecution
    from orrery.runner.frames import Frame

MAX_LOGS_PER_ATTEMPT = 500
"""A step attempt's `step.log` events beyond this are dropped (one last log says so)."""
LEVELS = frozenset({"debug", "info", "warning", "error"})


class LogBudget:
    """Admits a step attempt's first `limit` logs, then one that says the rest are dropped."""

    def __init__(self, limit: int = MAX_LOGS_PER_ATTEMPT) -> None:
        self.limit = limit
        self.seen = 0

    def admit(self, message: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """The log to record for this one (it, or the notice), or None to drop it."""
        self.seen += 1
        if self.seen <= self.limit:
            return message, data
        if self.seen == self.limit + 1:
            return f"Further logs of this attempt dropped (at most {self.limit} are kept).", {
                "level": "warning"
            }
        return None


class StepContext:
    """Implements `orrery.nodes.NodeContext` for one attempt of one node."""

    def __init__(
        self,
        execution: RunExecution,
        frame: Frame,
        node_id: str,
        attempt: int,
        steps: Mapping[str, Any],
        predecessors: Sequence[str],
        *,
        variables: Mapping[str, Any] | None = None,
        secrets: Mapping[str, str] | None = None,
    ) -> None:
        self._execution = execution
        self._frame = frame
        self._logs = LogBudget()
        self.run_id = execution.run_id
        self.owner_id = execution.owner_id
        self.node_id = node_id
        self.attempt = attempt
        self.scope = frame.scope
        self.idempotency_key = idempotency_key(execution.run_id, node_id, attempt, frame.scope)
        self.inputs = execution.inputs
        self.steps = steps
        self.predecessors = predecessors
        self.variables = frame.variables if variables is None else variables
        self.http = execution.deps.http
        self.child_run: ChildRun | None = None
        """The child run this attempt started (`start_child_run`), if any."""
        self.secrets: Mapping[str, str] = secrets or {}
        """The secrets the node's config reads, once `load_secrets` resolved them."""
        self.redactor: Redactor = Redactor(self.secrets) if self.secrets else NOTHING
        self._deltas: StreamRedactor | None = None
        """The attempt's streamed text, masked as a stream (made at its first delta)."""

    async def load_secrets(self, names: frozenset[str]) -> None:
        """Resolve the secrets the node's config reads, as the run's owner (RLS); raises
        `SecretMissing` / `SecretUnreadable` (the step fails)."""
        if not names:
            return
        service = self._execution.deps.secrets
        if service is None:
            raise SecretUnreadable("This worker cannot read secrets (no ORRERY_MASTER_KEY).")
        self.secrets = await service.resolve(self._execution.claims, sorted(names))
        self.redactor = Redactor(self.secrets)

    def within(self, iteration: Frame, steps: Mapping[str, Any]) -> StepContext:
        """This (container) step's context as one iteration of its body sees it: the iteration's
        steps and variables (for its `result` and `until`); logs still go to the step."""
        return StepContext(
            self._execution,
            self._frame,
            self.node_id,
            self.attempt,
            steps,
            (),
            variables=iteration.variables,
            secrets=self.secrets,
        )

    async def log(self, message: str, **data: Any) -> None:
        admitted = self._logs.admit(message, data)
        if admitted is None:
            return
        message, data = admitted
        message, data = self.redactor.text(message), self.redactor.value(data)
        level = str(data.pop("level", "info"))
        event = ev.StepLog(
            run_id=self.run_id,
            at=now(),
            node_id=self.node_id,
            attempt=self.attempt,
            scope=self.scope or None,
            level=level if level in LEVELS else "info",  # type: ignore[arg-type]
            message=message,
            data=data or None,
        )
        self._execution.committer.submit(Change(events=(event,)))

    async def delta(self, text: str) -> None:
        if self.redactor:
            # Tokens split a secret's value anywhere: masked as a stream, its possible start held back.
            if self._deltas is None:
                self._deltas = StreamRedactor(self.redactor)
            text = self._deltas.feed(text)
        if text:
            await self._publish_delta(text)

    async def end_deltas(self) -> None:
        """The attempt ended: what its stream held back is given out (masked)."""
        if self._deltas is not None:
            rest, self._deltas = self._deltas.end(), None
            if rest:
                await self._publish_delta(rest)

    async def _publish_delta(self, text: str) -> None:
        event = ev.StepDelta(
            run_id=self.run_id,
            at=now(),
            node_id=self.node_id,
            attempt=self.attempt,
            scope=self.scope or None,
            text=text,
        )
        await self._execution.deps.publisher.publish_delta(self.run_id, event)

    async def held(self, *, provider: str, limit: HeldLimit, allowance: str, wait_s: float) -> None:
        at = now()
        event = ev.StepHeld(
            run_id=self.run_id,
            at=at,
            node_id=self.node_id,
            attempt=self.attempt,
            scope=self.scope or None,
            limit=limit,
            provider=provider,
            allowance=allowance,
            retry_after_s=round(wait_s, 1),
            until=at + timedelta(seconds=wait_s),
        )
        self._execution.committer.submit(Change(events=(event,)))

    async def resumed(self) -> None:
        event = ev.StepResumed(
            run_id=self.run_id, at=now(), node_id=self.node_id, attempt=self.attempt, scope=self.scope or None
        )
        self._execution.committer.submit(Change(events=(event,)))

    async def credential(self, credential_id: str) -> ResolvedCredential:
        """The run owner's saved key, decrypted as the owner (RLS): never logged or stored."""
        service = self._execution.deps.credentials
        if service is None:
            raise CredentialUnreadable("This worker has no ORRERY_MASTER_KEY, so saved keys cannot be used.")
        return await service.resolve(self._execution.claims, credential_id)

    @property
    def memory(self) -> MemoryAccess:
        """The run owner's memory collections, as the owner (RLS)."""
        service = self._execution.deps.memory
        if service is None:
            raise NotAvailable("This worker has no memory service.")
        access = service.access(self._execution.claims)
        return _RedactedWrites(access, self.redactor) if self.redactor else access

    @property
    def assets(self) -> AssetAccess:
        """The run owner's files, as the owner (RLS); what this step saves is an asset of the run."""
        service = self._execution.deps.assets
        if service is None:
            raise NotAvailable("This worker has no asset store.")
        return service.access(self._execution.claims, self.run_id, self.node_id, self.scope)

    async def conversation(self) -> Sequence[Transcript]:
        """The transcripts of the agent steps on this node's live path (in its own level: the
        same iteration, in a body), in the order they finished: read from Postgres as the
        owner, once the run's writes so far are in."""
        execution = self._execution
        ancestors = self._frame.state.live_ancestors(self.node_id)
        if not ancestors:
            return ()
        await execution.committer.flush()
        async with execution.deps.db.as_user(execution.claims) as conn:
            rows = await runs.step_transcripts(conn, self.run_id, ancestors, self.scope)
        return [Transcript(node_id=row["node_id"], messages=row["transcript"]) for row in rows]

    async def start_child_run(self, request: ChildRunRequest) -> ChildRun:
        """A sub-workflow's child run (`runner.children`), at most one per attempt. A secret's
        value never becomes a run's input: read it in the child workflow as `secrets.NAME`."""
        if self.redactor:
            request = msgspec.structs.replace(request, inputs=self.redactor.value(request.inputs))
        self.child_run = await children.start_child_run(
            self._execution, self.node_id, self.attempt, self.scope, request
        )
        return self.child_run


class _RedactedWrites:
    """A step's memory, when its config read secrets: what it writes is stored without them."""

    def __init__(self, access: MemoryAccess, redactor: Redactor) -> None:
        self._access = access
        self._redactor = redactor

    async def search(
        self, collection: str, query: str, *, k: int = 5, metadata: Mapping[str, Any] | None = None
    ) -> list[MemoryHit]:
        return await self._access.search(collection, query, k=k, metadata=metadata)

    async def write(
        self, collection: str, content: str, *, title: str, metadata: Mapping[str, Any] | None = None
    ) -> MemoryWriteResult:
        redact = self._redactor
        return await self._access.write(
            collection,
            redact.text(content),
            title=redact.text(title),
            metadata=redact.value(metadata) if metadata is not None else None,
        )

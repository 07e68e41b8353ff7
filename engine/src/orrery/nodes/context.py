"""`LocalContext`: an in-memory `NodeContext` (for tests, previews and tools that run one node)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from orrery.agents.credential import ResolvedCredential
from orrery.agents.errors import CredentialMissing
from orrery.events.types import HeldLimit
from orrery.net import SafeHttpClient
from orrery.nodes.base import (
    AssetAccess,
    ChildRun,
    ChildRunRequest,
    MemoryAccess,
    Transcript,
    idempotency_key,
)
from orrery.nodes.errors import NodeError


@dataclass
class LocalContext:
    http: SafeHttpClient
    inputs: Mapping[str, Any] = field(default_factory=dict)
    steps: Mapping[str, Any] = field(default_factory=dict)
    predecessors: Sequence[str] = ()
    run_id: str = "local"
    owner_id: str = "local"
    node_id: str = "node"
    attempt: int = 1
    scope: str = ""
    variables: Mapping[str, Any] = field(default_factory=dict)
    secrets: Mapping[str, str] = field(default_factory=dict)
    logs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    deltas: list[str] = field(default_factory=list)
    holds: list[dict[str, Any]] = field(default_factory=list)
    """The limit waits (`held`) and their ends (`{"resumed": True}`), in order."""
    credentials: Mapping[str, ResolvedCredential] = field(default_factory=dict)
    memories: MemoryAccess | None = None
    files: AssetAccess | None = None
    transcripts: Sequence[Transcript] = ()
    child_runs: list[ChildRunRequest] = field(default_factory=list)
    """The child runs nodes asked for (none is started: only a worker starts runs)."""

    @property
    def memory(self) -> MemoryAccess:
        if self.memories is None:
            raise NodeError("This context has no memory.")
        return self.memories

    @property
    def assets(self) -> AssetAccess:
        if self.files is None:
            raise NodeError("This context has no asset store.")
        return self.files

    async def conversation(self) -> Sequence[Transcript]:
        return self.transcripts

    @property
    def idempotency_key(self) -> str:
        return idempotency_key(self.run_id, self.node_id, self.attempt, self.scope)

    async def log(self, message: str, **data: Any) -> None:
        self.logs.append((message, data))

    async def delta(self, text: str) -> None:
        self.deltas.append(text)

    async def held(self, *, provider: str, limit: HeldLimit, allowance: str, wait_s: float) -> None:
        self.holds.append({"provider": provider, "limit": limit, "allowance": allowance, "wait_s": wait_s})

    async def resumed(self) -> None:
        self.holds.append({"resumed": True})

    async def credential(self, credential_id: str) -> ResolvedCredential:
        found = self.credentials.get(credential_id)
        if found is None:
            raise CredentialMissing("The saved key this agent names was not found (deleted?).")
        return found

    async def start_child_run(self, request: ChildRunRequest) -> ChildRun:
        self.child_runs.append(request)
        return ChildRun(run_id=f"{self.run_id}-child-{len(self.child_runs)}")

"""The node execution contract: what the runner gives a node and what it gets back.

The runner calls `registry.execute(ctx, node)` (or a `NodeType.run`) once per attempt,
with a `NodeContext`. A node returns a `NodeResult` or raises a `NodeError`; it never
touches the database or the event stream itself (house rule 3): the runner adds ids,
timing, retries and persistence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import msgspec

from orrery.agents.credential import ResolvedCredential
from orrery.events.types import HeldLimit
from orrery.net import SafeHttpClient

MAX_KEY_CHARS = 255


def idempotency_key(run_id: str, node_id: str, attempt: int, scope: str = "") -> str:
    """`run:node:attempt` (`run:scope/node:attempt` in a container's body): the same for a
    re-execution of the same attempt, sent with side effects. A key over 255 characters (deeply
    nested long ids) is its SHA-256 instead."""
    key = f"{run_id}:{scope}/{node_id}:{attempt}" if scope else f"{run_id}:{node_id}:{attempt}"
    if len(key) > MAX_KEY_CHARS:
        return f"{run_id}:{hashlib.sha256(key.encode()).hexdigest()}"
    return key


class NodeContext(Protocol):
    """What a node may see and do while it runs; the runner implements it."""

    @property
    def run_id(self) -> str: ...

    @property
    def node_id(self) -> str: ...

    @property
    def owner_id(self) -> str:
        """The run owner's user id (per-user caches and limits are keyed by it)."""
        ...

    @property
    def attempt(self) -> int:
        """1 for the first attempt."""
        ...

    @property
    def scope(self) -> str:
        """The container iteration this step runs in (`scenes[3]`, nested `a[0]/b[2]`); "" at the
        top level."""
        ...

    @property
    def idempotency_key(self) -> str:
        """`idempotency_key(run_id, node_id, attempt, scope)`."""
        ...

    @property
    def inputs(self) -> Mapping[str, Any]:
        """The run's inputs (declared ones, defaults filled in)."""
        ...

    @property
    def steps(self) -> Mapping[str, Any]:
        """node id -> output of the upstream steps this node reads: those its templates
        reference, or, referencing none, its live direct predecessors (every upstream step
        when a template reads `steps` by a computed key). A skipped node maps to None.
        Templates read it as `steps.<id>.output`; the step's recorded input is the same."""
        ...

    @property
    def variables(self) -> Mapping[str, Any]:
        """The variables of the containers around this step, by name (`map`: `{item, index}`,
        `loop`: `{iteration, index, previous, results}`); empty at the top level. Templates read
        them as `map.item`, `loop.previous`..."""
        ...

    @property
    def predecessors(self) -> Sequence[str]:
        """The direct upstream nodes whose edge into this node is live, in document order."""
        ...

    @property
    def secrets(self) -> Mapping[str, str]:
        """The run owner's secrets this node's config reads (`{{ secrets.NAME }}`), resolved by the
        worker for this attempt only. Never log, store or return them: the runner redacts their
        values from the step's output, error, logs and deltas."""
        ...

    @property
    def http(self) -> SafeHttpClient:
        """The SSRF-guarded HTTP client; the runner builds it once from settings."""
        ...

    async def log(self, message: str, **data: Any) -> None:
        """A `step.log` event."""
        ...

    async def delta(self, text: str) -> None:
        """A `step.delta` event (streamed tokens; not stored)."""
        ...

    async def held(self, *, provider: str, limit: HeldLimit, allowance: str, wait_s: float) -> None:
        """A `step.held` event: the attempt waits for a provider limit shared with every worker."""
        ...

    async def resumed(self) -> None:
        """A `step.resumed` event: the held attempt goes ahead."""
        ...

    async def credential(self, credential_id: str) -> ResolvedCredential:
        """One of the run owner's saved provider keys, decrypted (only inside the worker, as
        the owner: RLS decides which rows exist). Never log, store or emit it. Raises
        `orrery.agents.errors.CredentialMissing` (not found) / `CredentialUnreadable`."""
        ...

    @property
    def memory(self) -> MemoryAccess:
        """The run owner's long-term memory (pgvector), as the owner (RLS)."""
        ...

    @property
    def assets(self) -> AssetAccess:
        """The run owner's files: store what this step makes as assets of the run, read the
        bytes of an asset a reference names (as the owner: RLS)."""
        ...

    async def conversation(self) -> Sequence[Transcript]:
        """The transcripts of the agent steps upstream of this node on its live path in
        this run, oldest first (short-term memory). Empty when there are none."""
        ...

    async def start_child_run(self, request: ChildRunRequest) -> ChildRun:
        """Start a run of another of the owner's workflows as this step's child (a sub-workflow),
        or find the one this attempt already started (a re-execution after a worker died). The
        node then returns a waiting result: the step is resolved with the child's outputs (or
        its failure) when the child ends. Raises a `NodeError` when it cannot start: the depth
        limit, a workflow or version that is not there, one with problems, inputs that do not
        fit its inputs."""
        ...


class Usage(msgspec.Struct, frozen=True, omit_defaults=True):
    """What a model call cost."""

    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float | None = None
    """USD; None when the model has no known price (an unknown cost, not a free one)."""
    model: str | None = None
    cached: bool = False
    """The answer came from the response cache: no provider was called."""


class NodeResult(msgspec.Struct, omit_defaults=True):
    output: Any = None
    handles: list[str] | None = None
    """The outputs the run follows from here; None: all of them (a node with one output).
    A router names the routes taken; `[]` takes none (its whole subtree is skipped)."""
    usage: Usage | None = None
    waiting: bool = False
    """The step waits for a decision (an approval): the runner parks it, with this output as
    what is pending, until `NodeType.resume` gets a verdict or `on_timeout` gives one."""
    transcript: list[dict[str, Any]] | None = None
    """An agent step's messages (pydantic-ai JSON), kept for the short-term memory of agents
    downstream in the same run; not part of the output."""


class Verdict(msgspec.Struct, frozen=True):
    """What was decided for a waiting step: by a person, or by its timeout's default."""

    approved: bool
    comment: str | None = None
    edited: Any = msgspec.UNSET
    """A replacement for the value under review (approved only, where the node allows it)."""


class StepPolicy(msgspec.Struct, frozen=True):
    """How the runner schedules one node's attempts (read from its config where it has such fields)."""

    timeout_s: float | None = 60.0
    max_attempts: int = 1
    retry_initial_delay_s: float = 1.0


class Port(msgspec.Struct, frozen=True):
    id: str
    label: str


class MemoryHit(msgspec.Struct, frozen=True):
    """One chunk found by a memory search."""

    chunk_id: str
    document_id: str
    document_title: str
    chunk_index: int
    content: str
    score: float
    """Cosine similarity, 1.0 = same direction."""
    metadata: dict[str, Any] = {}


class MemoryWriteResult(msgspec.Struct, frozen=True):
    document_id: str
    collection_id: str
    chunks: int
    deduplicated: bool
    """True when the same content was already in the collection (nothing new was stored)."""


class MemoryAccess(Protocol):
    """A run owner's memory collections, addressed by name (a node names its collection)."""

    async def search(
        self, collection: str, query: str, *, k: int = 5, metadata: Mapping[str, Any] | None = None
    ) -> list[MemoryHit]:
        """The top-k chunks of `collection` most similar to `query`, optionally only those
        whose metadata contains `metadata`. A collection that does not exist yet has no hits."""
        ...

    async def write(
        self,
        collection: str,
        content: str,
        *,
        title: str,
        metadata: Mapping[str, Any] | None = None,
    ) -> MemoryWriteResult:
        """Store `content` as a document of `collection` (created with the built-in embedding
        model when missing), chunked and embedded; content already there is not stored twice."""
        ...


class RunQuota(msgspec.Struct, frozen=True):
    """The most files, and bytes in all, a run may hold once a step's file is added: checked in
    the transaction that adds it, under a lock on the run's files, so steps saving at once
    cannot pass it by a file each."""

    max_files: int
    max_bytes: int


class AssetAccess(Protocol):
    """Files as a step sees them: a reference `{asset_id, name, mime, size}` travels in outputs
    (never the bytes); these turn bytes into one and back."""

    async def save(self, name: str, data: bytes, *, quota: RunQuota | None = None) -> dict[str, Any]:
        """Store `data` as an asset of this run and step (its type decided from the bytes,
        refused over the limits, and over `quota`: the run's files with this one); its
        reference. Raises a `NodeError` saying why not."""
        ...

    async def load(self, reference: Any) -> tuple[dict[str, Any], bytes]:
        """The reference (re-read) and bytes of the owner's asset that `reference` names (a
        reference or an asset id). Raises a `NodeError` when it is not there."""
        ...

    async def run_files(self) -> list[dict[str, Any]]:
        """The references of this run's assets, newest first (at most 200)."""
        ...


class Transcript(msgspec.Struct, frozen=True):
    """What one earlier agent step said: its node id and its pydantic-ai messages
    (`ModelMessagesTypeAdapter` JSON: the request with instructions and prompt, tool calls,
    the final response)."""

    node_id: str
    messages: list[dict[str, Any]]


# --- containers (map, loop): a body run once per item or iteration ----------------------


class ContainerLimits(msgspec.Struct, frozen=True):
    """The operator's bounds on containers (`RunnerSettings`), given by the runner."""

    max_items: int = 1000
    """`ORRERY_MAP_MAX_ITEMS`: items one map may run its body for."""
    max_iterations: int = 100
    """`ORRERY_LOOP_MAX_ITERATIONS`: iterations one loop may run."""


class IterationPlan(msgspec.Struct, frozen=True):
    """How a container's step runs its body, as its node type decided when the step started:
    the runner runs iterations 0, 1, ... (at most `concurrency` at once) until `count` are done,
    `iteration_ends` says stop, `limit` is reached, or one fails and `stop_on_failure`."""

    count: int | None
    """Iterations to run (a map's items); None: until `iteration_ends`, at most `limit`."""
    limit: int
    concurrency: int = 1
    stop_on_failure: bool = True
    items: list[Any] | None = None
    """What iteration i is about (a map's items), for `variables`."""


class IterationError(msgspec.Struct, frozen=True):
    """An iteration whose body failed: its index and the failed step's error."""

    index: int
    code: str
    message: str
    node_id: str | None = None


class IterationOutcome(msgspec.Struct, frozen=True):
    """What a container's body gave, once the runner stopped running it: each iteration's
    result in index order (None for a failed one), the failures, and whether the node's
    `iteration_ends` stopped it (rather than `count` or `limit`)."""

    results: list[Any]
    errors: list[IterationError]
    ended_by_node: bool = False


# --- sub-workflows: a step that runs another workflow as a child run -----------------------


class ChildRunRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A run of another workflow for a step to start: which one, and with which inputs."""

    workflow_id: str
    version: int | None = None
    """A pinned version; None: the workflow's current version when the child starts."""
    inputs: dict[str, Any] = {}
    """Checked against the child's declared inputs, as the API checks a run's."""


class ChildRun(msgspec.Struct, frozen=True, kw_only=True):
    """The child run a step started (or had started)."""

    run_id: str


class WorkflowReference(msgspec.Struct, frozen=True, kw_only=True):
    """A workflow a node runs (a sub-workflow node's), as validation checks it: it must exist,
    be the owner's, have the pinned version, and not lead back to the workflow that runs it."""

    workflow_id: str | None
    """None: not chosen yet."""
    version: int | None = None
    path: str = "config.workflow_id"
    """Where the reference is in the node (a problem's `path`)."""

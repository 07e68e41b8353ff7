"""`RunnerDeps`: what a worker process gives every execution (built once, at boot)."""

from __future__ import annotations

from dataclasses import dataclass, field

from orrery.assets import AssetService
from orrery.credentials import CredentialService, SecretService
from orrery.events.live import LivePublisher
from orrery.memory import MemoryService
from orrery.net import SafeHttpClient
from orrery.nodes import Registry
from orrery.queue.dispatcher import RunDispatcher
from orrery.runner.batcher import CommitBatcher
from orrery.runner.gate import StepGate
from orrery.runner.keeper import LeaseKeeper
from orrery.runner.plan import PlanCache
from orrery.settings import RunnerSettings
from orrery.store.database import Database


@dataclass
class RunnerDeps:
    db: Database
    publisher: LivePublisher
    dispatcher: RunDispatcher
    registry: Registry
    """The node types, built by the worker with its services (the price table, ...)."""
    settings: RunnerSettings
    worker_id: str
    http: SafeHttpClient
    worker_slots: StepGate = field(default_factory=lambda: StepGate(64))
    """Steps this worker process executes at once, across its runs, shared fairly when they
    wait (users evenly, then new runs' first steps ahead of long runs' later ones)."""
    credentials: CredentialService | None = None
    """Decrypts the run owner's saved provider keys for agent nodes (None: no master key)."""
    memory: MemoryService | None = None
    """Long-term memory for memory nodes (None: memory nodes fail with `NotAvailable`)."""
    secrets: SecretService | None = None
    """Decrypts the run owner's secrets that node configs read (`{{ secrets.NAME }}`)."""
    assets: AssetService | None = None
    """Files for media nodes (None: they fail with `NotAvailable`)."""
    leases: Database | None = None
    """A small pool of its own (same login) for taking, renewing and giving up leases (None:
    `db`'s). With dozens of runs in flight every connection of `db` is busy with their commits,
    and a request for one waits its turn: measured with 100 runs in flight, a new run's lease
    waited 2.2-2.4 s for a connection, and renewals queued the same way (some timed out)."""

    plans: PlanCache = field(default_factory=PlanCache)
    """The plans of the workflow versions this process executed lately (by owner and spec hash)."""

    commits: CommitBatcher = field(init=False)
    """Commits the runs' plain batches, several runs per transaction."""
    keeper: LeaseKeeper = field(init=False)
    """Renews the leases of every run this process holds, one transaction per interval."""

    def __post_init__(self) -> None:
        self.keeper = LeaseKeeper(self.lease_db, self.settings)
        self.commits = CommitBatcher(self.db, self.publisher)

    @property
    def lease_db(self) -> Database:
        """Where the lease is taken, renewed and given up."""
        return self.leases or self.db

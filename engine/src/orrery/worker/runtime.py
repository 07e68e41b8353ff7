"""Everything a worker process shares across its runs, created when the worker
boots (on Dramatiq's event-loop thread), closed when it stops.

Dramatiq distributes runs, not nodes: each `execute_run` message hands one run
to this process, which executes its ready nodes concurrently on the loop.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import socket
from dataclasses import dataclass, field
from typing import Any

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from redis.asyncio import Redis

from orrery.agents.pricing import PriceTable
from orrery.assets import AssetService
from orrery.assets.housekeeping import housekeep_forever
from orrery.credentials import CredentialService, SecretService
from orrery.crypto import CredentialCipher
from orrery.events.live import LivePublisher
from orrery.memory import LocalEmbedder, MemoryService
from orrery.memory.recovery import recover_forever
from orrery.net import SafeHttpClient
from orrery.nodes import NodeServices, Registry, build_registry
from orrery.notifications.delivery import Deliverer, deliver_forever
from orrery.queue.control import listen_for_control, publish_control
from orrery.queue.dispatcher import DramatiqDispatcher
from orrery.queue.held_back import HeldBackRuns
from orrery.runner.deps import RunnerDeps
from orrery.runner.execution import execute_run
from orrery.runner.gate import StepGate
from orrery.runner.lease import DEFERRED
from orrery.runner.signals import RunSignals
from orrery.runner.sweeper import sweep_forever
from orrery.runs import RunService
from orrery.settings import Settings
from orrery.store.claims import owner_claims
from orrery.store.database import Database
from orrery.triggers.scheduler import Scheduler, schedule_forever

log = logging.getLogger(__name__)

GC_YOUNG = 10_000
"""Allocations between two young-generation collections in a worker process (Python's: 700)."""
NOT_EXECUTED = frozenset({"gone", "busy", "finished", DEFERRED, "already executing here"})
"""Outcomes of a message that executed nothing, so freed no slot of its owner's."""


@dataclass
class WorkerRuntime:
    settings: Settings
    deps: RunnerDeps | None = None
    redis: Redis | None = None
    http: SafeHttpClient | None = None
    sweeper_db: Database | None = None
    lease_db: Database | None = None
    executions: dict[str, RunSignals] = field(default_factory=dict)
    """The runs this process is executing, by id: where control messages go."""
    started: asyncio.Event = field(default_factory=asyncio.Event)
    _held_back: HeldBackRuns = field(init=False)
    _background: list[asyncio.Task[Any]] = field(default_factory=list)

    async def start(self, broker: dramatiq.Broker) -> None:
        db = Database(self.settings.database)
        await db.open()
        self.lease_db = Database(
            self.settings.database,
            application_name=f"{self.settings.database.application_name}-leases",
            max_size=self.settings.database.lease_pool_max,
        )
        await self.lease_db.open()
        self.redis = Redis.from_url(self.settings.redis.url, socket_connect_timeout=2)
        self._held_back = HeldBackRuns(self.redis)
        worker_id = f"{socket.gethostname()}:{os.getpid()}"
        master_key = self.settings.credentials.master_key
        self.http = SafeHttpClient(
            allow_private_networks=self.settings.runner.http_allow_private_networks,
            allowed_hosts=self.settings.runner.http_allowed_hosts,
        )
        cipher = CredentialCipher(master_key) if master_key else None
        credentials = CredentialService(db, cipher)
        self.deps = RunnerDeps(
            db=db,
            publisher=LivePublisher(self.redis),
            dispatcher=DramatiqDispatcher(broker),  # type: ignore[arg-type]
            registry=_registry(self.settings, self.redis),
            settings=self.settings.runner,
            worker_id=worker_id,
            http=self.http,
            worker_slots=StepGate(self.settings.runner.max_parallel_per_worker),
            credentials=credentials,
            memory=MemoryService(
                db,
                LocalEmbedder.from_settings(self.settings.memory),
                self.http,
                credentials,
                # the pages a crawl adds are embedded by jobs of their own
                jobs=DramatiqDispatcher(broker),  # type: ignore[arg-type]
                limits=self.settings.memory,
            ),
            secrets=SecretService(db, cipher),
            assets=AssetService.from_settings(db, self.settings),
            leases=self.lease_db,
        )
        self._background = [
            asyncio.create_task(listen_for_control(self.redis, self._on_control), name="control"),
        ]
        # The sweeper works across users: its own login (orrery_sweeper), never the runs' pool.
        if self.settings.database.sweeper_url:
            self.sweeper_db = Database(
                self.settings.database,
                url=self.settings.database.sweeper_url,
                application_name="orrery-sweeper",
                max_size=1,
            )
            await self.sweeper_db.open()
            self._background.append(
                asyncio.create_task(
                    sweep_forever(self.sweeper_db, self.deps.dispatcher, self.settings.runner),
                    name="sweeper",
                )
            )
            self._background.append(
                asyncio.create_task(
                    recover_forever(
                        self.sweeper_db,
                        DramatiqDispatcher(broker),  # type: ignore[arg-type]
                        interval_s=self.settings.runner.sweep_interval_s,
                        stale_after_s=self.settings.memory.stale_after_s,
                        busy_at=self.settings.memory.busy_owner_documents,
                    ),
                    name="document-recovery",
                )
            )
            if self.deps.assets is not None:
                self._background.append(
                    asyncio.create_task(
                        housekeep_forever(self.sweeper_db, self.deps.assets), name="asset-housekeeping"
                    )
                )
            self._background += self._trigger_loops(db, self.sweeper_db, credentials)
        else:
            log.warning(
                "SWEEPER_DATABASE_URL is not set: this worker will not recover abandoned runs or "
                "lost embedding jobs, fire schedules or send notifications on"
            )
        # What exists now (modules, the registry, pools, clients) lives as long as the process.
        # Frozen out of the cyclic collector's sight, a full collection scans only what the runs
        # allocate: with 100 runs in flight they took 100-500 ms each (the loop stalled), and
        # ~25 ms frozen; 15-20% of the worker's CPU per step (bench/profile_chain.py concurrent).
        gc.collect()
        gc.freeze()
        # A young collection every GC_YOUNG allocations instead of 700: with 100 runs in flight
        # (bench/profile_chain.py concurrent, 4 x 2,000 node-steps) 14 collections took 0.19 s
        # instead of 375 taking 0.33 s, ~3% of the process's CPU; the runs' objects are mostly
        # short-lived and acyclic (freed by their counts), so little waits longer to be freed.
        gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
        self.started.set()
        log.info("worker %s ready", worker_id)

    def _trigger_loops(
        self, db: Database, sweeper_db: Database, credentials: CredentialService
    ) -> list[asyncio.Task[Any]]:
        """The scheduler and the notification sender: like the sweeper, cross-user work found
        through the sweeper's login and done as each owner (triggers/scheduler.py)."""
        assert self.deps is not None
        assert self.redis is not None
        assert self.http is not None
        triggers = self.settings.triggers
        runs = RunService(
            db=db,
            dispatcher=self.deps.dispatcher,
            publisher=self.deps.publisher,
            control=lambda run_id, action: publish_control(self.redis, run_id, action),  # type: ignore[arg-type]
            settings=self.settings.runner,
            registry=self.deps.registry,
        )
        scheduler = Scheduler(sweeper_db, db, runs, triggers)
        deliverer = Deliverer(
            sweeper_db, db, self.http, credentials.cipher, triggers, self.settings.http.web_origin
        )
        return [
            asyncio.create_task(schedule_forever(scheduler, triggers.scheduler_interval_s), name="scheduler"),
            asyncio.create_task(deliver_forever(deliverer, triggers.scheduler_interval_s), name="notifier"),
        ]

    async def stop(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        if self.deps is not None:
            await self.deps.keeper.close()
            await self.deps.commits.close()
            if self.deps.assets is not None:
                await self.deps.assets.aclose()
            await self.deps.db.close()
        if self.lease_db is not None:
            await self.lease_db.close()
        if self.sweeper_db is not None:
            await self.sweeper_db.close()
        if self.redis is not None:
            await self.redis.aclose()
        if self.http is not None:
            await self.http.aclose()

    def _on_control(self, run_id: str, action: str) -> None:
        signals = self.executions.get(run_id)
        if signals is None:
            return
        if action == "cancel":
            signals.request_cancel()
        elif action == "reload":
            signals.request_reload()

    async def execute_run(self, run_id: str, owner_id: str) -> str:
        # Dramatiq may hand over a message before the boot hook has finished.
        await asyncio.wait_for(self.started.wait(), timeout=30)
        assert self.deps is not None
        if run_id in self.executions:
            self.executions[run_id].request_reload()
            return "already executing here"
        signals = RunSignals()
        self.executions[run_id] = signals
        try:
            outcome = await execute_run(self.deps, run_id, owner_id, signals)
        finally:
            self.executions.pop(run_id, None)
            self.deps.worker_slots.forget(run_id)
        log.info("run %s: %s", run_id, outcome)
        if outcome == DEFERRED:
            await self._held_back.add(owner_id, run_id)
        elif outcome not in NOT_EXECUTED and self.deps.settings.max_running_runs_per_user:
            await self._held_back.send_next(owner_id, self.deps.dispatcher)
        return outcome

    async def embed_document(self, document_id: str, owner_id: str) -> None:
        """Embed a memory document as its owner (RLS applies, as for runs)."""
        await asyncio.wait_for(self.started.wait(), timeout=30)
        assert self.deps is not None
        assert self.deps.memory is not None
        row = await self.deps.memory.embed_document(owner_claims(owner_id), document_id)
        log.info("memory document %s: %s", document_id, row["status"] if row else "deleted")

    async def crawl_site(self, document_id: str, owner_id: str) -> None:
        """Add a URL document's site as its owner (RLS applies, as for runs)."""
        await asyncio.wait_for(self.started.wait(), timeout=30)
        assert self.deps is not None
        assert self.deps.memory is not None
        crawl = await self.deps.memory.crawl_site(owner_claims(owner_id), document_id)
        log.info(
            "memory document %s: crawl %s",
            document_id,
            f"{crawl['pages_done']} of {crawl['pages_found']} pages" if crawl else "not needed",
        )

    async def give_up_document(self, document_id: str, owner_id: str, attempts: int) -> None:
        """The embedding job failed its every attempt: say so on the document."""
        await asyncio.wait_for(self.started.wait(), timeout=30)
        assert self.deps is not None
        assert self.deps.memory is not None
        await self.deps.memory.fail_document(
            owner_claims(owner_id),
            document_id,
            f"Embedding failed {attempts + 1} times (the database or the embedding model was "
            "unavailable); delete the document and add it again.",
        )
        log.warning("memory document %s: gave up after %d attempts", document_id, attempts + 1)


def _registry(settings: Settings, redis: Redis | None = None) -> Registry:
    """The node types, with the services this worker's settings give them (the price table,
    the agents' policies and Valkey for their cache and limits, the code node's limits)."""
    prices = PriceTable.load(settings.agents.price_table) if settings.agents.price_table else None
    return build_registry(
        NodeServices(
            prices=prices, code=settings.code, browser=settings.browser, agents=settings.agents, redis=redis
        )
    )


class RuntimeMiddleware(dramatiq.Middleware):
    """Starts the `WorkerRuntime` on the AsyncIO middleware's loop after the worker boots."""

    def __init__(self, runtime: WorkerRuntime) -> None:
        self.runtime = runtime

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        loop_thread = get_event_loop_thread()
        assert loop_thread is not None, "the AsyncIO middleware must come first"
        loop_thread.run_coroutine(self.runtime.start(broker))

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        loop_thread = get_event_loop_thread()
        if loop_thread is not None:
            loop_thread.run_coroutine(self.runtime.stop())


_runtime: WorkerRuntime | None = None


def install(broker: dramatiq.Broker, settings: Settings) -> WorkerRuntime:
    """Called once per process by `setup_broker()`, before actors are imported."""
    global _runtime
    from dramatiq.middleware.asyncio import AsyncIO

    _runtime = WorkerRuntime(settings)
    broker.add_middleware(AsyncIO())
    broker.add_middleware(RuntimeMiddleware(_runtime))
    return _runtime


def current() -> WorkerRuntime:
    assert _runtime is not None, "orrery.worker.runtime.install() was not called"
    return _runtime

"""What the HTTP layer shares across requests: created in the lifespan, never at import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.datastructures import State
from redis.asyncio import Redis

from orrery.assets import AssetService
from orrery.credentials import CredentialService
from orrery.events.hub import RunEventHub
from orrery.events.stream import RunEventStream
from orrery.memory import MemoryService
from orrery.runs import RunService
from orrery.settings import Settings
from orrery.store.database import Database
from orrery.workflows import WorkflowService


@dataclass
class Services:
    settings: Settings
    db: Database
    redis: Redis
    runs: RunService
    hub: RunEventHub
    event_stream: RunEventStream
    broker: Any
    workflows: WorkflowService
    credentials: CredentialService
    memory: MemoryService
    assets: AssetService


def services(state: State) -> Services:
    found: Services = state.services
    return found


def run_service(state: State) -> RunService:
    return services(state).runs


def event_stream(state: State) -> RunEventStream:
    return services(state).event_stream


def workflow_service(state: State) -> WorkflowService:
    return services(state).workflows


def credential_service(state: State) -> CredentialService:
    return services(state).credentials


def memory_service(state: State) -> MemoryService:
    return services(state).memory


def asset_service(state: State) -> AssetService:
    return services(state).assets

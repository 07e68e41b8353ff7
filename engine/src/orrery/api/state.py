"""What the HTTP layer shares across requests: created in the lifespan, never at import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.datastructures import State
from redis.asyncio import Redis

from orrery.assets import AssetService
from orrery.auth.key_service import ApiKeyService
from orrery.chat import ChatService
from orrery.credentials import CredentialService, SecretService
from orrery.events.hub import RunEventHub
from orrery.events.stream import RunEventStream
from orrery.memory import MemoryService
from orrery.notifications.service import NotificationService
from orrery.planner import PlannerService
from orrery.runs import RunService
from orrery.settings import Settings
from orrery.store.database import Database
from orrery.triggers.schedules import ScheduleService
from orrery.triggers.webhooks import WebhookService
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
    api_keys: ApiKeyService
    secrets: SecretService
    schedules: ScheduleService
    webhooks: WebhookService
    notifications: NotificationService
    assets: AssetService
    planner: PlannerService
    chat: ChatService


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


def api_key_service(state: State) -> ApiKeyService:
    return services(state).api_keys


def secret_service(state: State) -> SecretService:
    return services(state).secrets


def schedule_service(state: State) -> ScheduleService:
    return services(state).schedules


def webhook_service(state: State) -> WebhookService:
    return services(state).webhooks


def notification_service(state: State) -> NotificationService:
    return services(state).notifications


def asset_service(state: State) -> AssetService:
    return services(state).assets


def planner_service(state: State) -> PlannerService:
    return services(state).planner


def chat_service(state: State) -> ChatService:
    return services(state).chat

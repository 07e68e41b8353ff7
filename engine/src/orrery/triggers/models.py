"""What the API takes and returns about schedules, webhooks and their calls (msgspec: the
OpenAPI schema comes from these). Create structs have defaults; Update structs default every
field to `UNSET`, so an update changes only what it names."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

Name = Annotated[str, msgspec.Meta(max_length=200)]
Cron = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
TimeZone = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Missed = Literal["skip", "run_once"]
MaxFailures = Annotated[int, msgspec.Meta(ge=1, le=1000)]
Template = Annotated[str, msgspec.Meta(max_length=10_000)]
HeaderName = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9-]+$")]
Secret = Annotated[str, msgspec.Meta(min_length=8, max_length=500)]
ResponseMode = Literal["async", "wait"]
Algorithm = Literal["sha256", "sha1"]
BodyLimit = Annotated[int, msgspec.Meta(ge=1, le=10 * 1024 * 1024)]


# -- schedules ----------------------------------------------------------------------------


class ScheduleCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    cron: Cron
    """Five fields (`minute hour day month weekday`, e.g. `0 9 * * 1`) or `@hourly`, `@daily`, ..."""
    timezone: TimeZone = "UTC"
    """An IANA time zone (`Europe/Paris`): the cron is read on its clock."""
    name: Name = ""
    inputs: dict[str, Any] = {}
    """The run's inputs, the same for every fire."""
    paused: bool = False
    missed: Missed = "skip"
    """After downtime: `skip` the fires missed, or `run_once` for them (one run, not one each)."""
    max_consecutive_failures: MaxFailures | None = None
    """Pause the schedule (and notify) after this many failed runs in a row; the engine's
    default (`ORRERY_SCHEDULE_MAX_FAILURES`) when omitted."""


class ScheduleUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    cron: Cron | msgspec.UnsetType = msgspec.UNSET
    timezone: TimeZone | msgspec.UnsetType = msgspec.UNSET
    name: Name | msgspec.UnsetType = msgspec.UNSET
    inputs: dict[str, Any] | msgspec.UnsetType = msgspec.UNSET
    paused: bool | msgspec.UnsetType = msgspec.UNSET
    """`false` resumes (and clears a pause made by failures); the next fire is from now on."""
    missed: Missed | msgspec.UnsetType = msgspec.UNSET
    max_consecutive_failures: MaxFailures | msgspec.UnsetType = msgspec.UNSET


class ScheduleRead(msgspec.Struct, kw_only=True):
    id: UUID
    workflow_id: UUID
    name: str
    cron: str
    timezone: str
    inputs: dict[str, Any]
    paused: bool
    missed: Missed
    next_fire_at: datetime | None
    """The next fire (None while paused)."""
    next_fires: list[datetime]
    """The next three fires (none while paused)."""
    last_fire_at: datetime | None = None
    consecutive_failures: int = 0
    max_consecutive_failures: int
    disabled_at: datetime | None = None
    """When repeated failures paused it."""
    created_at: datetime
    updated_at: datetime


class CronPreview(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    cron: Cron
    timezone: TimeZone = "UTC"


class CronFires(msgspec.Struct, kw_only=True):
    next_fires: list[datetime]


# -- webhooks -----------------------------------------------------------------------------


class WebhookCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Name = ""
    enabled: bool = True
    mapping: dict[str, Template] = {}
    """Run input name -> template over the call: `{{ body.order.id }}`, `{{ query.ref }}`,
    `{{ headers['x-source'] }}` (header names lower-case). A template that is exactly one
    expression keeps its type (a number stays a number)."""
    response_mode: ResponseMode = "async"
    """`async`: answer 202 with the run at once; `wait`: answer with its outputs when it ends
    within `wait_timeout_s`, else 202."""
    wait_timeout_s: Annotated[int, msgspec.Meta(ge=1, le=300)] = 30
    hmac_secret: Secret | None = None
    """Verify each call's HMAC signature with this shared secret (never returned)."""
    hmac_header: HeaderName | None = None
    """The header carrying the signature, hex, optionally prefixed `sha256=`; required with a secret."""
    hmac_algorithm: Algorithm = "sha256"
    timestamp_header: HeaderName | None = None
    """A header with the call's Unix time: then the signature is over `<timestamp>.<body>`,
    and a call older (or newer) than `timestamp_tolerance_s` is refused (replays)."""
    timestamp_tolerance_s: Annotated[int, msgspec.Meta(ge=1, le=86400)] = 300
    max_body_bytes: BodyLimit = 256 * 1024
    rate_limit_per_minute: Annotated[int, msgspec.Meta(ge=1, le=100_000)] = 60


class WebhookUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    enabled: bool | msgspec.UnsetType = msgspec.UNSET
    mapping: dict[str, Template] | msgspec.UnsetType = msgspec.UNSET
    response_mode: ResponseMode | msgspec.UnsetType = msgspec.UNSET
    wait_timeout_s: Annotated[int, msgspec.Meta(ge=1, le=300)] | msgspec.UnsetType = msgspec.UNSET
    hmac_secret: Secret | msgspec.UnsetType | None = msgspec.UNSET
    """A new secret; `null` stops verifying signatures (and forgets the header)."""
    hmac_header: HeaderName | msgspec.UnsetType | None = msgspec.UNSET
    hmac_algorithm: Algorithm | msgspec.UnsetType = msgspec.UNSET
    timestamp_header: HeaderName | msgspec.UnsetType | None = msgspec.UNSET
    timestamp_tolerance_s: Annotated[int, msgspec.Meta(ge=1, le=86400)] | msgspec.UnsetType = msgspec.UNSET
    max_body_bytes: Annotated[int, msgspec.Meta(ge=1, le=10 * 1024 * 1024)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    rate_limit_per_minute: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | msgspec.UnsetType = msgspec.UNSET


class WebhookRead(msgspec.Struct, kw_only=True):
    id: UUID
    workflow_id: UUID
    name: str
    token_prefix: str
    """The URL's token begins with this (the whole URL is shown once, at creation)."""
    enabled: bool
    mapping: dict[str, str]
    response_mode: ResponseMode
    wait_timeout_s: int
    signed: bool
    """Calls must carry a valid HMAC signature."""
    hmac_header: str | None = None
    hmac_algorithm: Algorithm
    timestamp_header: str | None = None
    timestamp_tolerance_s: int
    max_body_bytes: int
    rate_limit_per_minute: int
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookRead, kw_only=True):
    url: str
    """The webhook's URL, with its token: shown this once, never again (only its hash is kept)."""


class WebhookCallRead(msgspec.Struct, kw_only=True):
    id: UUID
    at: datetime
    status: int
    run_id: UUID | None = None
    error: str | None = None


class HookAnswer(msgspec.Struct, kw_only=True, omit_defaults=True):
    """What a webhook call gets: the run it started (202), or its ending (wait mode, 200)."""

    run_id: UUID
    status: str
    events_url: str
    outputs: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


class HookTest(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A sample call, to see what the mapping makes of it (no run is started)."""

    body: Any = None
    query: dict[str, str] = {}
    headers: dict[str, str] = {}


class HookTestResult(msgspec.Struct, kw_only=True):
    inputs: dict[str, Any] | None = None
    """The run's inputs this call would give, when the mapping works."""
    errors: list[dict[str, str]] = []
    """Per input: what went wrong (`field`: `mapping.<input>`)."""

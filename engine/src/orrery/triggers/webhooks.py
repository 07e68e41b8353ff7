"""Webhooks: what users do with them (create, list, change, delete, see their calls, test a
mapping), and what happens when one is called.

A webhook's URL is `/api/v1/hooks/{token}`: 256 random bits, shown once; only its sha256 is
stored. A call carries no user. The API's login role may ask one thing across users, whose
webhook a token hash is (`orrery_private.webhook_by_token`); everything after that is done as
that owner (signed claims, RLS), exactly as for a request they made: reading the webhook,
starting the run, recording the call.

A call, in order: known and enabled (else 404), body within the webhook's limit (413), within
its rate limit (429, counted per minute in Redis), signed if the webhook wants it (401), the
body readable (400), the mapping makes the run's inputs (422), the run starts (422 when the
workflow cannot run). Every call that reached a webhook is recorded with its status, run and
error. The answer: 202 with the run at once, or (`wait`) 200 with its outputs once it ended
within the webhook's timeout, else 202.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from redis.asyncio import Redis
from redis.exceptions import RedisError

from orrery.crypto import CredentialCipher, Sealed, Undecryptable
from orrery.errors import BadRequest, ConfigurationError, DependencyUnavailable, OrreryError, StepError
from orrery.events.transitions import now as utc_now
from orrery.nodes.templates import compile_issue, render_value
from orrery.runs import RunService, Trigger
from orrery.runs.errors import WorkflowNotFound
from orrery.settings import TriggerSettings
from orrery.spec import SpecError, decode_workflow
from orrery.store import runs, workflows
from orrery.store import webhooks as store
from orrery.store.claims import owner_claims
from orrery.store.database import Connection, Database
from orrery.triggers.errors import (
    CallRateLimited,
    CallTooLarge,
    InvalidTrigger,
    MappingFailed,
    SignatureInvalid,
    WebhookNotFound,
)
from orrery.triggers.models import (
    HookAnswer,
    HookTest,
    HookTestResult,
    WebhookCallRead,
    WebhookCreate,
    WebhookCreated,
    WebhookRead,
    WebhookUpdate,
)
from orrery.triggers.signatures import verify

log = logging.getLogger(__name__)

HOOK_PATH = "/api/v1/hooks"
TOKEN_BYTES = 32
RECENT_CALLS = 50


@dataclass
class Call:
    """One HTTP call of a webhook, as the API received it."""

    token: str
    body: bytes
    query: Mapping[str, str]
    headers: Mapping[str, str]
    """Names lower-case."""
    content_type: str = ""


@dataclass
class WebhookService:
    db: Database
    redis: Redis
    runs: RunService
    settings: TriggerSettings
    cipher: CredentialCipher | None
    status_of: Callable[[Exception], int] = field(default=lambda exc: 500)
    """The HTTP status an error answers (`api.errors.status_for`): what a call's record says."""
    clock: Callable[[], datetime] = field(default=utc_now)

    # -- managing ---------------------------------------------------------------------------
    async def create(
        self, claims: Mapping[str, Any], workflow_id: str, data: WebhookCreate
    ) -> WebhookCreated:
        webhook_id = str(uuid.uuid4())
        token = secrets.token_urlsafe(TOKEN_BYTES)
        fields = {
            "id": webhook_id,
            "workflow_id": workflow_id,
            "name": data.name.strip(),
            "token_hash": hashlib.sha256(token.encode()).digest(),
            "token_prefix": token[:8],
            **self._settings_fields(claims, webhook_id, msgspec.structs.asdict(data)),
        }
        _check_signing(fields)
        async with self.db.as_user(claims) as conn:
            await _check_mapping(conn, workflow_id, data.mapping)
            row = await store.insert(conn, fields)
        read = _read(row)
        return WebhookCreated(**msgspec.structs.asdict(read), url=self.url(token))

    def url(self, token: str) -> str:
        return f"{self.settings.public_url}{HOOK_PATH}/{token}"

    async def of_workflow(self, claims: Mapping[str, Any], workflow_id: str) -> list[WebhookRead]:
        async with self.db.as_user(claims) as conn:
            if not await workflows.exists(conn, workflow_id):
                raise WorkflowNotFound(f"workflow {workflow_id} not found")
            rows = await store.list_for_workflow(conn, workflow_id)
        return [_read(row) for row in rows]

    async def get(self, claims: Mapping[str, Any], webhook_id: str) -> WebhookRead:
        async with self.db.as_user(claims) as conn:
            row = await store.fetch(conn, webhook_id)
        if row is None:
            raise WebhookNotFound(f"webhook {webhook_id} not found")
        return _read(row)

    async def update(self, claims: Mapping[str, Any], webhook_id: str, data: WebhookUpdate) -> WebhookRead:
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
        if changes.get("hmac_secret", "") is None:
            changes["hmac_header"] = None
        fields = self._settings_fields(claims, webhook_id, changes)
        async with self.db.as_user(claims) as conn:
            row = await store.fetch(conn, webhook_id)
            if row is None:
                raise WebhookNotFound(f"webhook {webhook_id} not found")
            _check_signing({**row, **fields})
            if "mapping" in fields:
                await _check_mapping(conn, str(row["workflow_id"]), fields["mapping"])
            updated = await store.update(conn, webhook_id, fields) if fields else row
        assert updated is not None
        return _read(updated)

    async def delete(self, claims: Mapping[str, Any], webhook_id: str) -> None:
        async with self.db.as_user(claims) as conn:
            if not await store.delete(conn, webhook_id):
                raise WebhookNotFound(f"webhook {webhook_id} not found")

    async def calls(self, claims: Mapping[str, Any], webhook_id: str) -> list[WebhookCallRead]:
        async with self.db.as_user(claims) as conn:
            if await store.fetch(conn, webhook_id) is None:
                raise WebhookNotFound(f"webhook {webhook_id} not found")
            rows = await store.list_calls(conn, webhook_id, RECENT_CALLS)
        return [msgspec.convert(row, WebhookCallRead, strict=False) for row in rows]

    async def test(self, claims: Mapping[str, Any], webhook_id: str, sample: HookTest) -> HookTestResult:
        """What the mapping makes of a sample call (nothing is started or recorded)."""
        async with self.db.as_user(claims) as conn:
            row = await store.fetch(conn, webhook_id)
        if row is None:
            raise WebhookNotFound(f"webhook {webhook_id} not found")
        scope = {
            "body": sample.body,
            "query": dict(sample.query),
            "headers": {k.lower(): v for k, v in sample.headers.items()},
        }
        try:
            return HookTestResult(inputs=await _inputs(row["mapping"], scope))
        except MappingFailed as exc:
            return HookTestResult(errors=[{k: str(v) for k, v in e.items()} for e in exc.errors])

    def _settings_fields(
        self, claims: Mapping[str, Any], webhook_id: str, data: dict[str, Any]
    ) -> dict[str, Any]:
        """The columns for these settings, the signing secret sealed."""
        fields = {k: v for k, v in data.items() if k in store.EDITABLE}
        if fields.get("hmac_secret"):
            fields["hmac_secret"] = self._seal(str(claims["sub"]), webhook_id, fields["hmac_secret"])
        if "name" in fields:
            fields["name"] = fields["name"].strip()
        return fields

    def _seal(self, owner_id: str, webhook_id: str, secret: str) -> str:
        if self.cipher is None:
            raise ConfigurationError("ORRERY_MASTER_KEY is not set: webhook signing secrets cannot be stored")
        sealed = self.cipher.seal(secret, owner_id=owner_id, credential_id=f"webhook:{webhook_id}")
        return base64.b64encode(sealed.nonce + sealed.ciphertext).decode()

    def _open(self, owner_id: str, webhook_id: str, stored: str) -> str:
        if self.cipher is None:
            raise ConfigurationError("ORRERY_MASTER_KEY is not set: webhook signatures cannot be checked")
        raw = base64.b64decode(stored)
        sealed = Sealed(ciphertext=raw[12:], nonce=raw[:12])
        try:
            return self.cipher.open(sealed, owner_id=owner_id, credential_id=f"webhook:{webhook_id}")
        except Undecryptable as exc:
            raise ConfigurationError(
                "this webhook's signing secret does not open under the master key"
            ) from exc

    # -- a call ---------------------------------------------------------------------------
    async def call(self, call: Call) -> tuple[int, HookAnswer]:
        """Start the webhook's run for this call; (HTTP status, answer). Errors raise, recorded."""
        token_hash = hashlib.sha256(call.token.encode()).digest()
        async with self.db.as_login_role() as conn:
            found = await store.owner_of_token(conn, token_hash)
        if found is None:
            raise WebhookNotFound("no webhook has this URL")
        owner_id, webhook_id = str(found["owner_id"]), str(found["id"])
        claims = owner_claims(owner_id)
        run_id: str | None = None
        try:
            async with self.db.as_user(claims) as conn:
                hook = await store.fetch(conn, webhook_id)
            if hook is None or not hook["enabled"]:
                raise WebhookNotFound("no webhook has this URL")
            inputs = await self._accept(hook, call, owner_id)
            run, _ = await self.runs.start(
                claims, str(hook["workflow_id"]), inputs, trigger=Trigger(kind="webhook", id=webhook_id)
            )
            run_id = str(run.id)
            answer = HookAnswer(run_id=run.id, status=run.status, events_url=f"/api/v1/runs/{run.id}/events")
            status = 202
            if hook["response_mode"] == "wait":
                ended = await self.runs.await_end(claims, run_id, hook["wait_timeout_s"])
                if ended is not None:
                    answer.status, answer.outputs, answer.error = ended.status, ended.outputs, ended.error
                    status = 200
        except OrreryError as exc:
            await self._record(owner_id, webhook_id, self.status_of(exc), run_id, str(exc))
            raise
        await self._record(owner_id, webhook_id, status, run_id, None)
        return status, answer

    async def _accept(self, hook: Mapping[str, Any], call: Call, owner_id: str) -> dict[str, Any]:
        """The run's inputs from a call that passes the webhook's checks."""
        limit = min(hook["max_body_bytes"], self.settings.webhook_max_body_bytes)
        if len(call.body) > limit:
            raise CallTooLarge(f"the body is {len(call.body)} bytes; this webhook takes at most {limit}")
        hook_id, per_minute = str(hook["id"]), hook["rate_limit_per_minute"]
        if hook["hmac_secret"]:
            # Signed: only calls that pass the check count against the webhook's rate, so calls
            # with a wrong or no signature (anyone who learnt the URL) cannot use up the sender's
            # minute. They count on their own, against the same number, and are refused with 429
            # past it (and no longer recorded each).
            try:
                verify(
                    secret=self._open(owner_id, hook_id, hook["hmac_secret"]),
                    algorithm=hook["hmac_algorithm"],
                    header=hook["hmac_header"],
                    timestamp_header=hook["timestamp_header"],
                    tolerance_s=hook["timestamp_tolerance_s"],
                    headers=call.headers,
                    body=call.body,
                    now=self.clock(),
                )
            except SignatureInvalid:
                await self._count(hook_id, per_minute, counter="refused")
                raise
        await self._count(hook_id, per_minute)
        scope = {"body": _body(call), "query": dict(call.query), "headers": dict(call.headers)}
        return await _inputs(hook["mapping"], scope)

    async def _count(self, webhook_id: str, per_minute: int, *, counter: str = "calls") -> None:
        """One more call this minute on `counter` ("calls", or "refused": signatures that did not
        pass); `CallRateLimited` over the webhook's limit."""
        minute = int(self.clock().timestamp() // 60)
        key = f"orrery:hook:{webhook_id}:{minute}" + ("" if counter == "calls" else f":{counter}")
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, 120)
                count, _ = await pipe.execute()
        except (RedisError, OSError) as exc:
            raise DependencyUnavailable("the rate limiter (Valkey) is unavailable") from exc
        if int(count) > per_minute:
            retry = 60 - int(self.clock().timestamp()) % 60
            what = "calls" if counter == "calls" else "calls with a signature that does not pass"
            raise CallRateLimited(f"this webhook takes {per_minute} {what} a minute", retry_after_s=retry)

    async def _record(
        self, owner_id: str, webhook_id: str, status: int, run_id: str | None, error: str | None
    ) -> None:
        try:
            async with self.db.as_user(owner_claims(owner_id)) as conn:
                await store.record_call(
                    conn, owner_id=owner_id, webhook_id=webhook_id, status=status, run_id=run_id, error=error
                )
        except DependencyUnavailable:
            log.warning(
                "webhook %s: a call (%s) could not be recorded: the database is unavailable",
                webhook_id,
                status,
            )


def _body(call: Call) -> Any:
    """The body as the mapping sees it: JSON decoded, a form as a dict, else text."""
    if not call.body:
        return None
    kind = call.content_type.split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        try:
            return msgspec.json.decode(call.body)
        except msgspec.DecodeError as exc:
            raise BadRequest(f"the body is not JSON: {exc}") from exc
    text = call.body.decode("utf-8", errors="replace")
    if kind == "application/x-www-form-urlencoded":
        return dict(parse_qsl(text, keep_blank_values=True))
    return text


async def _inputs(mapping: Mapping[str, str], scope: Mapping[str, Any]) -> dict[str, Any]:
    """Each input from its template (no mapping: a JSON object body is the inputs)."""
    if not mapping:
        body = scope.get("body")
        return dict(body) if isinstance(body, dict) else {}
    inputs: dict[str, Any] = {}
    problems: list[dict[str, object]] = []
    for name, template in mapping.items():
        try:
            inputs[name] = await render_value(template, scope)
        except StepError as exc:
            problems.append({"field": f"mapping.{name}", "message": str(exc)})
    if problems:
        raise MappingFailed("the webhook's mapping could not make the run's inputs from this call", problems)
    return inputs


def _check_signing(fields: Mapping[str, Any]) -> None:
    if bool(fields.get("hmac_secret")) != bool(fields.get("hmac_header")):
        raise InvalidTrigger(
            "a signing secret goes with the header that carries the signature",
            [{"field": "hmac_header", "message": "required with hmac_secret (and only with it)"}],
        )


async def _check_mapping(conn: Connection, workflow_id: str, mapping: Mapping[str, str]) -> None:
    """The workflow is the user's; each template compiles and names one of its inputs."""
    found = await runs.fetch_version_to_run(conn, workflow_id, None)
    if found is None:
        raise WorkflowNotFound(f"workflow {workflow_id} not found")
    try:
        known = set(decode_workflow(found["spec"]).inputs)
    except SpecError:
        known = None
    problems: list[dict[str, object]] = []
    for name, template in mapping.items():
        issue = compile_issue(template)
        if issue:
            problems.append({"field": f"mapping.{name}", "message": issue})
        elif known is not None and name not in known:
            problems.append({"field": f"mapping.{name}", "message": "the workflow has no input of this name"})
    if problems:
        raise InvalidTrigger("the webhook's mapping has problems", problems)


def _read(row: Mapping[str, Any]) -> WebhookRead:
    return msgspec.convert({**row, "signed": bool(row["hmac_secret"])}, WebhookRead, strict=False)

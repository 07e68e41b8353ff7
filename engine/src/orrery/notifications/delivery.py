"""Sends notifications on: to the user's outgoing webhook (signed) and by email (SMTP).

Notifications are made in the transactions where things happen (a database trigger, the runner,
the scheduler), none of which should wait on someone else's server. So each worker process runs
this loop beside its sweeper: it finds notifications due for delivery as `orrery_sweeper` (id,
owner, age and when due: nothing else), then per notification, as its owner (RLS): takes it
(`for update skip locked`, then not due for `SENDING_LEASE_S`: one worker sends each), reads the
owner's settings, sends with no transaction open, marks it delivered. Owners are served side by
side, each owner's notifications in turn, so one user's slow server delays only theirs. A failed
attempt (the user's server down or answering 5xx, 408 or 429; the mail relay
refusing) is tried again after `RETRY_AFTER_S`, up to `DELIVERY_ATTEMPTS` in all, sending only to
the channels that did not take it yet; a permanent refusal (another 4xx) is not. The inbox shows
each notification's delivery: when, or the last failure and the next try. A notification older
than a day is not sent any more.

The outgoing webhook's URL goes through the SSRF guard (`SafeHttpClient`). Its body is the
notification as JSON; `X-Orrery-Timestamp` is the Unix time and `X-Orrery-Signature` is
`sha256=<hex HMAC of "<timestamp>.<body>">` under the user's secret (when they set one).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import smtplib
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import msgspec

from orrery.crypto import CredentialCipher, Sealed, Undecryptable
from orrery.crypto.signing import hmac_hex
from orrery.events.transitions import now
from orrery.net import SafeHttpClient
from orrery.net.errors import BlockedAddress, NetError, UnsupportedUrl
from orrery.notifications.service import SETTINGS_ROW
from orrery.settings import TriggerSettings
from orrery.store import notifications as store
from orrery.store.claims import owner_claims
from orrery.store.database import Database

log = logging.getLogger(__name__)

DELIVERY_ATTEMPTS = 6
"""Attempts per notification, the first included."""
RETRY_AFTER_S = (30, 120, 480, 1920, 7680)
"""The wait before each attempt after a failed one: 30 s, 2 min, 8 min, 32 min, ~2 h."""
OWNERS_AT_ONCE = 8
"""Owners whose notifications a worker sends side by side."""
SENDING_LEASE_S = 120
"""How long a notification being sent is not due to another worker (more than a send's 10 s
webhook timeout and the mail relay's 10 s)."""
_RETRIED_STATUSES = frozenset({408, 429})
"""A 4xx worth trying again (timeout, rate limit); any other 4xx is the user's server's refusal."""

PER_OWNER_PER_ROUND = 10
"""An owner's notifications tried in one round at most (a user with a thousand undelivered to a
server that hangs holds a round up for ten sends, not a thousand)."""
_DUE = """
select id, owner_id from (
  select id, owner_id, next_delivery_at,
         row_number() over (partition by owner_id order by next_delivery_at, id) as turn
    from public.notifications
   where delivered_at is null and next_delivery_at <= now() and created_at > now() - interval '1 day'
) due
 where turn <= %s
 order by turn, next_delivery_at, id limit 100
"""
_CLAIM = """
select id, kind, title, run_id, node_id, scope, schedule_id, created_at, delivery_attempts, sent_to
  from public.notifications
 where id = %s and delivered_at is null and next_delivery_at <= now()
   for update skip locked
"""
_PAYLOAD = ("id", "kind", "title", "run_id", "node_id", "scope", "schedule_id", "created_at")


class DeliveryFailed(Exception):
    """A channel did not take a notification; `permanent`: trying again would not help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass
class Deliverer:
    discovery: Database
    """The sweeper's login: finds undelivered notifications across users."""
    db: Database
    """The worker's login: sends each as its owner."""
    http: SafeHttpClient
    cipher: CredentialCipher | None
    settings: TriggerSettings
    web_origin: str

    async def tick(self) -> int:
        """Try every notification due once; returns how many were handled. Each owner's are
        sent one after another, owners side by side (at most `OWNERS_AT_ONCE`) and taking turns
        for the round's page (at most `PER_OWNER_PER_ROUND` each): a user whose server is slow to
        answer, or who has a thousand notifications waiting, holds up only their own."""
        async with self.discovery.as_login_role() as conn:
            cur = await conn.execute(_DUE, (PER_OWNER_PER_ROUND,))
            rows = await cur.fetchall()
        by_owner: dict[str, list[str]] = {}
        for row in rows:
            by_owner.setdefault(str(row["owner_id"]), []).append(str(row["id"]))
        room = asyncio.Semaphore(OWNERS_AT_ONCE)

        async def owners(owner_id: str, ids: list[str]) -> int:
            async with room:
                return sum([await self._deliver_logged(note_id, owner_id) for note_id in ids])

        return sum(await asyncio.gather(*(owners(owner, ids) for owner, ids in by_owner.items())))

    async def _deliver_logged(self, notification_id: str, owner_id: str) -> bool:
        try:
            return await self.deliver(notification_id, owner_id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database went away mid-round: next round
            log.warning("notification %s: delivery failed: %s", notification_id, exc)
            return False

    async def deliver(self, notification_id: str, owner_id: str) -> bool:
        """Send one notification as its owner: taken for `SENDING_LEASE_S` in a short
        transaction (another worker skips it meanwhile), sent with no transaction open (a slow
        server holds no database connection), then marked delivered or failed. A worker that
        dies while sending leaves it due again once the lease passes: sent at least once."""
        claims = owner_claims(owner_id)
        async with self.db.as_user(claims) as conn:
            cur = await conn.execute(_CLAIM, (notification_id,))
            note = await cur.fetchone()
            if note is None:
                return False
            settings = await store.fetch_settings(conn)
            await store.hold_delivery(conn, notification_id, now() + timedelta(seconds=SENDING_LEASE_S))
        sent = list(note["sent_to"])
        failures: list[tuple[str, DeliveryFailed]] = []
        for channel, send in self._channels(owner_id, settings, self._payload(note)):
            if channel in sent:
                continue
            try:
                await send()
                sent.append(channel)
            except DeliveryFailed as failed:
                failures.append((channel, failed))
        attempts = note["delivery_attempts"] + 1
        async with self.db.as_user(claims) as conn:
            if not failures:
                await store.mark_delivered(conn, notification_id, now(), attempts=attempts, sent_to=sent)
                return True
            retry = attempts < DELIVERY_ATTEMPTS and not all(f.permanent for _, f in failures)
            retry_at = now() + timedelta(seconds=RETRY_AFTER_S[attempts - 1]) if retry else None
            error = "; ".join(f"{channel}: {failed}" for channel, failed in failures)
            log.warning(
                "notification %s of user %s, attempt %d: %s (%s)",
                notification_id,
                owner_id,
                attempts,
                error,
                f"next at {retry_at:%H:%M:%S}" if retry_at else "not tried again",
            )
            await store.mark_failed(
                conn, notification_id, attempts=attempts, sent_to=sent, error=error, retry_at=retry_at
            )
        return True

    def _channels(
        self, owner_id: str, settings: Mapping[str, Any] | None, payload: dict[str, Any]
    ) -> list[tuple[str, Callable[[], Awaitable[None]]]]:
        """Where the owner's notifications go: ("webhook" | "email", its send)."""
        if settings is None:
            return []
        channels: list[tuple[str, Callable[[], Awaitable[None]]]] = []
        if settings["webhook_url"]:
            channels.append(("webhook", lambda: self._post(owner_id, settings, payload)))
        if settings["email"] and self.settings.smtp_host:
            channels.append(("email", lambda: self._email(settings["email"], payload)))
        return channels

    def _payload(self, note: Mapping[str, Any]) -> dict[str, Any]:
        """The notification as its JSON body says it, with a link to the run (or the app)."""
        ids = ("id", "run_id", "schedule_id")
        data = {k: (str(note[k]) if k in ids and note[k] is not None else note[k]) for k in _PAYLOAD}
        data["created_at"] = note["created_at"].isoformat()
        data["url"] = f"{self.web_origin}/runs/{note['run_id']}" if note["run_id"] else self.web_origin
        return data

    async def _post(self, owner_id: str, settings: Mapping[str, Any], payload: dict[str, Any]) -> None:
        body = msgspec.json.encode(payload)
        timestamp = str(int(now().timestamp()))
        headers = {"Content-Type": "application/json", "X-Orrery-Timestamp": timestamp}
        secret = self._secret(owner_id, settings["webhook_secret"])
        if secret:
            headers["X-Orrery-Signature"] = f"sha256={hmac_hex(secret, 'sha256', body, timestamp)}"
        try:
            response = await self.http.request(
                "POST",
                settings["webhook_url"],
                headers=headers,
                content=body,
                timeout_s=10,
                follow_redirects=False,
            )
        except (UnsupportedUrl, BlockedAddress) as exc:  # trying again would not change it
            raise DeliveryFailed(f"your webhook's URL is refused: {exc}", permanent=True) from exc
        except NetError as exc:
            raise DeliveryFailed(f"your webhook could not be reached: {exc}") from exc
        if response.status >= 300:
            permanent = response.status < 500 and response.status not in _RETRIED_STATUSES
            raise DeliveryFailed(f"your webhook answered {response.status}", permanent=permanent)

    def _secret(self, owner_id: str, stored: str | None) -> str | None:
        if not stored or self.cipher is None:
            return None
        raw = base64.b64decode(stored)
        try:
            return self.cipher.open(
                Sealed(ciphertext=raw[12:], nonce=raw[:12]), owner_id=owner_id, credential_id=SETTINGS_ROW
            )
        except Undecryptable:
            log.warning("the notification webhook secret of user %s does not open: sent unsigned", owner_id)
            return None

    async def _email(self, to: str, payload: dict[str, Any]) -> None:
        try:
            await asyncio.to_thread(_send_mail, self.settings, to, payload)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryFailed(f"the mail server refused {to}", permanent=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"the mail server did not take it: {exc}") from exc


def _send_mail(settings: TriggerSettings, to: str, payload: Mapping[str, Any]) -> None:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = " ".join(f"Orrery: {payload['title']}".split())[:200]
    message.set_content(f"{payload['title']}\n\n{payload['url']}\n")
    assert settings.smtp_host is not None
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)


async def deliver_forever(deliverer: Deliverer, interval_s: float) -> None:
    while True:
        await asyncio.sleep(interval_s)
        try:
            await deliverer.tick()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("notification delivery round failed: %s", exc)

"""Notifications: a user is told when an approval waits, a run fails, a schedule pauses itself;
the inbox lists them and counts the unread; they go on to the user's webhook and email."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest

from orrery.crypto import CredentialCipher
from orrery.net import SafeHttpClient
from orrery.notifications.delivery import Deliverer
from orrery.settings import Settings
from orrery.store.database import Database
from orrery.triggers.models import ScheduleCreate
from orrery.triggers.schedules import ScheduleService
from tests.runner.conftest import Api, WorkerProcess, make_user
from tests.runner.test_scheduling import edge, node, workflow
from tests.support.local_server import running_server
from tests.support.smtp_server import running_smtp
from tests.triggers.conftest import SchedulerParts

APPROVAL = workflow(
    [
        node("start", "input"),
        node("review", "approval", {"message": "Publish?"}),
        node("result", "output", {"name": "done", "value": "yes"}),
    ],
    [edge("start", "review"), edge("review", "result", "approved")],
)


def over_budget() -> dict[str, Any]:
    """A workflow that fails: three steps, a budget of two."""
    spec = workflow(
        [node("start", "input"), node("a", "transform", {"template": "a"}), node("result", "output")],
        [edge("start", "a"), edge("a", "result")],
    )
    spec["settings"] = {"budgets": {"max_steps": 2}}
    return spec


async def inbox(api: Api, **params: Any) -> dict[str, Any]:
    response = await api.client.get("/api/v1/notifications", params=params, headers=api.headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def eventually(check: Any, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = await check()
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.1)


async def test_an_approval_waiting_notifies_and_is_approved_from_the_notification(
    api: Api, worker: WorkerProcess
) -> None:
    # Given a run that reaches an approval
    run_id = (await api.start(api.create_workflow(APPROVAL))).json()["id"]
    await api.wait_step(run_id, "review", "waiting")

    # When the user opens the bell
    page = await eventually(lambda: _with_items(api))

    # Then one unread notification asks for the decision, naming the run and the step
    assert page["unread"] == 1
    [note] = page["items"]
    assert (note["kind"], note["run_id"], note["node_id"]) == ("approval_waiting", run_id, "review")
    assert note["read_at"] is None

    # When they approve from it (the runs API's decision) and mark it read
    decided = await api.post(f"/api/v1/runs/{run_id}/steps/{note['node_id']}/decision", {"approved": True})
    marked = await api.post("/api/v1/notifications/read", {"ids": [note["id"]]})

    # Then the run goes on to succeed and nothing is unread
    assert decided.status_code == 200, decided.text
    assert marked.json() == {"unread": 0}
    assert (await api.wait(run_id))["status"] == "succeeded"
    unread = await api.client.get("/api/v1/notifications/unread", headers=api.headers)
    assert unread.json() == {"unread": 0}


async def _with_items(api: Api) -> dict[str, Any] | None:
    page = await inbox(api)
    return page if page["items"] else None


async def test_a_failed_run_notifies_its_owner_and_nobody_else(
    api: Api, worker: WorkerProcess, settings: Settings, admin_url: str
) -> None:
    # Given a run that fails over its step budget
    run_id = (await api.start(api.create_workflow(over_budget()))).json()["id"]
    assert (await api.wait(run_id))["status"] == "failed"

    # When its owner and another user look at their notifications
    page = await inbox(api)
    bob = make_user(admin_url, settings.auth.jwt_secret)
    theirs = await api.client.get("/api/v1/notifications", headers={"Authorization": f"Bearer {bob.token}"})

    # Then the owner is told the run failed, and why; the other user sees nothing
    assert [(n["kind"], n["run_id"]) for n in page["items"]] == [("run_failed", run_id)]
    assert "max_steps" in page["items"][0]["title"]
    assert theirs.json()["items"] == []


async def test_a_schedule_whose_runs_fail_pauses_itself_and_notifies(
    parts: SchedulerParts, db: Database, api: Api, worker: WorkerProcess, settings: Settings
) -> None:
    # Given a schedule every minute of a workflow that fails, paused after two failures in a row
    workflow_id = api.create_workflow(over_budget())
    service = ScheduleService(db, settings.triggers, parts.clock)
    schedule = await service.create(
        api.user.claims,
        workflow_id,
        ScheduleCreate(cron="* * * * *", name="Hourly digest", max_consecutive_failures=2),
    )

    # When it fires twice and both runs fail
    for _ in range(2):
        parts.clock.advance(minutes=1)
        [fired] = await parts.scheduler().tick()
        assert fired.run_id is not None
        assert (await api.wait(fired.run_id))["status"] == "failed"

    # Then it is paused, and its owner is told so (beside the two failed runs)
    paused = await service.get(api.user.claims, str(schedule.id))
    assert paused.paused
    assert paused.consecutive_failures == 2
    assert paused.next_fire_at is None
    kinds = [n["kind"] for n in (await inbox(api))["items"]]
    assert sorted(kinds) == ["run_failed", "run_failed", "schedule_disabled"]


@pytest.fixture
def cipher(settings: Settings) -> CredentialCipher:
    assert settings.credentials.master_key is not None
    return CredentialCipher(settings.credentials.master_key)


async def test_notifications_go_to_the_users_webhook_signed_and_by_email_once(
    api: Api, no_worker_running: None, parts: SchedulerParts, settings: Settings, cipher: CredentialCipher
) -> None:
    # Given a user who wants notifications POSTed to their server (signed) and emailed,
    # on an engine whose operator configured an SMTP relay
    secret = "notify-secret-0123456789"
    with running_server() as web, running_smtp() as smtp:
        saved = await api.client.put(
            "/api/v1/notification-settings",
            json={"webhook_url": web.url("/echo"), "webhook_secret": secret, "email": "ada@example.com"},
            headers=api.headers,
        )
        assert saved.status_code == 200, saved.text
        assert saved.json()["webhook_signed"] is True
        assert "webhook_secret" not in saved.json()
        # and a failed run's notice
        await _failed_run_notice(api)
        run_id = (await inbox(api))["items"][0]["run_id"]

        # When two workers' senders go round (the SMTP relay on this machine, plain)
        triggers = replace(settings.triggers, smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_starttls=False)
        async with SafeHttpClient(allow_private_networks=True) as http:
            senders = [
                Deliverer(parts.sweeper_db, parts.worker_db, http, cipher, triggers, "http://web.test")
                for _ in range(2)
            ]
            await asyncio.gather(*(s.tick() for s in senders))
            await asyncio.gather(*(s.tick() for s in senders))

        # Then the user's server got it once, signed over "<timestamp>.<body>"
        posts = [r for r in web.requests if r["path"] == "/echo"]
        assert len(posts) == 1
        headers = {k.lower(): v for k, v in posts[0]["headers"].items()}
        signed = f"{headers['x-orrery-timestamp']}.{posts[0]['body']}".encode()
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        assert headers["x-orrery-signature"] == f"sha256={expected}"
        body = json.loads(posts[0]["body"])
        assert (body["kind"], body["run_id"], body["url"]) == (
            "run_failed",
            run_id,
            f"http://web.test/runs/{run_id}",
        )
        # And one email went to them
        assert [(m.recipients, m.message["Subject"][:18]) for m in smtp.received] == [
            (["ada@example.com"], "Orrery: Run failed")
        ]


async def _failed_run_notice(api: Api) -> str:
    """A run of the user's that failed: its notification (the row the run's ending makes, written
    here as the admin, so no worker runs meanwhile: the session's worker, paused by
    `no_worker_running` in the delivery tests, has a sender of its own)."""
    with psycopg.connect(api.admin_url, autocommit=True) as conn:
        row = conn.execute(
            "insert into public.notifications (owner_id, kind, title, run_id) "
            "values (%s, 'run_failed', 'Run failed: it reached its max_steps budget', %s) returning id",
            (api.user.id, str(uuid.uuid4())),
        ).fetchone()
    assert row is not None
    items = (await inbox(api))["items"]
    assert [n["id"] for n in items] == [str(row[0])]
    return str(row[0])


def _later(admin_url: str, notification_id: str) -> None:
    """As if its next attempt's time had come."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update public.notifications set next_delivery_at = now() - interval '1 second' "
            "where id = %s and next_delivery_at is not null",
            (notification_id,),
        )


async def _delivery(api: Api) -> dict[str, Any]:
    item: dict[str, Any] = (await inbox(api))["items"][0]
    return {k: item[k] for k in ("delivered_at", "delivery_error", "next_delivery_at", "delivery_attempts")}


async def test_a_notification_the_users_server_could_not_take_is_sent_again_once_it_is_back(
    api: Api, no_worker_running: None, parts: SchedulerParts, settings: Settings, admin_url: str
) -> None:
    # Given a user whose notifications go to their server and by email, and whose server is down (503)
    with running_server() as web, running_smtp() as smtp:
        web.switches["hook"] = 503
        saved = await api.client.put(
            "/api/v1/notification-settings",
            json={"webhook_url": web.url("/switch?key=hook"), "email": "ada@example.com"},
            headers=api.headers,
        )
        assert saved.status_code == 200, saved.text
        notice = await _failed_run_notice(api)
        triggers = replace(settings.triggers, smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_starttls=False)
        async with SafeHttpClient(allow_private_networks=True) as http:
            sender = Deliverer(parts.sweeper_db, parts.worker_db, http, None, triggers, "http://web.test")

            # When the sender goes round
            await sender.tick()

            # Then the email went, the webhook failed, and the inbox says so and when it is tried again
            hook_calls = lambda: [r for r in web.requests if r["path"] == "/switch"]  # noqa: E731
            assert (len(hook_calls()), len(smtp.received)) == (1, 1)
            failed = await _delivery(api)
            assert failed["delivered_at"] is None
            assert failed["delivery_error"] == "webhook: your webhook answered 503"
            assert failed["delivery_attempts"] == 1
            assert (
                20
                <= (datetime.fromisoformat(failed["next_delivery_at"]) - datetime.now(UTC)).total_seconds()
                <= 31
            )
            # and a round before that time sends nothing
            await sender.tick()
            assert len(hook_calls()) == 1

            # When the server is back and the retry's time comes
            web.switches["hook"] = 200
            _later(admin_url, notice)
            await sender.tick()

            # Then the webhook gets it, the email is not sent twice, and the inbox says delivered
            assert (len(hook_calls()), len(smtp.received)) == (2, 1)
            delivered = await _delivery(api)
            assert delivered["delivered_at"] is not None
            assert (delivered["delivery_error"], delivered["next_delivery_at"]) == (None, None)
            assert delivered["delivery_attempts"] == 2
            _later(admin_url, notice)
            await sender.tick()
            assert len(hook_calls()) == 2


async def test_a_refusal_is_not_tried_again_and_a_server_down_for_hours_is_tried_six_times(
    api: Api, no_worker_running: None, parts: SchedulerParts, settings: Settings, admin_url: str
) -> None:
    # Given a user whose server answers 404 to notifications
    with running_server() as web:
        web.switches["hook"] = 404
        saved = await api.client.put(
            "/api/v1/notification-settings",
            json={"webhook_url": web.url("/switch?key=hook")},
            headers=api.headers,
        )
        assert saved.status_code == 200, saved.text
        notice = await _failed_run_notice(api)
        async with SafeHttpClient(allow_private_networks=True) as http:
            sender = Deliverer(parts.sweeper_db, parts.worker_db, http, None, settings.triggers, "http://x")

            # When the sender goes round, and again later
            await sender.tick()
            _later(admin_url, notice)
            await sender.tick()

            # Then it was tried once: the refusal stands, and the inbox says no attempt follows
            assert len([r for r in web.requests if r["path"] == "/switch"]) == 1
            refused = await _delivery(api)
            assert refused["delivery_error"] == "webhook: your webhook answered 404"
            assert (refused["delivered_at"], refused["next_delivery_at"]) == (None, None)

            # When, instead, the server is down (502) while the notification is retried
            web.switches["hook"] = 502
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(
                    "update public.notifications set next_delivery_at = now(), delivery_attempts = 0 "
                    "where id = %s",
                    (notice,),
                )
            for _ in range(8):
                await sender.tick()
                _later(admin_url, notice)

            # Then it is tried six times in all, then no more
            assert len([r for r in web.requests if r["path"] == "/switch"]) == 1 + 6
            given_up = await _delivery(api)
            assert given_up["delivery_attempts"] == 6
            assert given_up["delivery_error"] == "webhook: your webhook answered 502"
            assert (given_up["delivered_at"], given_up["next_delivery_at"]) == (None, None)


async def test_a_user_whose_server_hangs_does_not_hold_up_another_users_notifications(
    api: Api, no_worker_running: None, parts: SchedulerParts, settings: Settings, admin_url: str
) -> None:
    # Given Ada, whose server takes her notification and does not answer, and Bob, whose
    # server answers at once; each has a run that failed (Ada's first)
    bob = Api(api.client, make_user(admin_url, settings.auth.jwt_secret), admin_url)
    with running_server() as web:
        for user, path in ((api, "/hold?key=ada"), (bob, "/echo")):
            await _notify_at(user, web.url(path))
            await _failed_run_notice(user)
        async with SafeHttpClient(allow_private_networks=True) as http:
            sender = Deliverer(parts.sweeper_db, parts.worker_db, http, None, settings.triggers, "http://x")

            # When a worker's sender goes round
            round_ = asyncio.ensure_future(sender.tick())

            # Then Bob's server gets his notification while Ada's is still waiting for hers
            # (well before her call's 10 s timeout: it does not wait for her server)
            bobs = await eventually(lambda: _arrived(web, "/echo"), timeout=5)
            ada_waiting = await _arrived(web, "/hold")
            assert bobs
            assert ada_waiting
            assert not round_.done()

            async def bobs_delivered() -> bool:
                return (await _delivery(bob))["delivered_at"] is not None

            assert await eventually(bobs_delivered, timeout=5)
            assert not round_.done()
            # and once her server answers, hers is delivered too
            web.holds.setdefault("ada", threading.Event()).set()
            await asyncio.wait_for(round_, 20)  # (its count may include other tests' leftover notices)
            assert (await _delivery(api))["delivered_at"] is not None


async def _notify_at(user: Api, webhook_url: str) -> None:
    """The user's notifications go to this webhook (their settings, saved through the API)."""
    saved = await user.client.put(
        "/api/v1/notification-settings", json={"webhook_url": webhook_url}, headers=user.headers
    )
    assert saved.status_code == 200, saved.text


async def _arrived(web: Any, path: str) -> bool:
    return any(r["path"] == path for r in web.requests)


async def test_a_webhook_url_the_ssrf_guard_refuses_is_not_tried_again(
    api: Api, no_worker_running: None, parts: SchedulerParts, settings: Settings
) -> None:
    # Given a user whose notification URL points into the engine's own network
    saved = await api.client.put(
        "/api/v1/notification-settings", json={"webhook_url": "http://127.0.0.1:9/hook"}, headers=api.headers
    )
    assert saved.status_code == 200, saved.text
    await _failed_run_notice(api)

    # When a worker's sender (private networks refused, as deployed) goes round
    async with SafeHttpClient() as http:
        await Deliverer(parts.sweeper_db, parts.worker_db, http, None, settings.triggers, "http://x").tick()

    # Then the inbox says the URL is refused, and no attempt follows
    refused = await _delivery(api)
    assert refused["delivery_error"].startswith("webhook: your webhook's URL is refused")
    assert (refused["delivered_at"], refused["next_delivery_at"], refused["delivery_attempts"]) == (
        None,
        None,
        1,
    )


async def test_a_user_with_a_pile_of_notifications_waits_their_turn_behind_another_users_one(
    api: Api, no_worker_running: None, parts: SchedulerParts, settings: Settings, admin_url: str
) -> None:
    # Given Ada, with 150 notifications waiting since a minute ago (her runs failed in a burst),
    # and Bob, with one just now; both have webhooks
    bob = Api(api.client, make_user(admin_url, settings.auth.jwt_secret), admin_url)
    with running_server() as web:
        for user, path in ((api, "/echo?who=ada"), (bob, "/echo?who=bob")):
            await _notify_at(user, web.url(path))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                "insert into public.notifications (owner_id, kind, title, run_id, next_delivery_at) "
                "select %s, 'run_failed', 'Run failed', gen_random_uuid(), now() - interval '1 minute' "
                "from generate_series(1, 150)",
                (api.user.id,),
            )
        await _failed_run_notice(bob)
        async with SafeHttpClient(allow_private_networks=True) as http:
            sender = Deliverer(parts.sweeper_db, parts.worker_db, http, None, settings.triggers, "http://x")

            # When a worker's sender goes round once
            await sender.tick()

            # Then Bob's notification went in that round, and only a share of Ada's (ten)
            assert (await _delivery(bob))["delivered_at"] is not None
            assert _delivered_count(admin_url, api.user.id) == 10
            # and Ada's all go in the rounds that follow
            for _ in range(15):
                await sender.tick()
            assert len([r for r in web.requests if r["path"] == "/echo"]) == 151
            assert _delivered_count(admin_url, api.user.id) == 150


def _delivered_count(admin_url: str, owner_id: str) -> int:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select count(*) from public.notifications where owner_id = %s and delivered_at is not null",
            (owner_id,),
        ).fetchone()
    return int(row[0]) if row else 0

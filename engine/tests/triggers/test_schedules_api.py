"""Schedules through the HTTP API, as the editor's Triggers panel uses them."""

from __future__ import annotations

from datetime import datetime

from orrery.settings import Settings
from tests.runner.conftest import Api, make_user
from tests.triggers.test_scheduler import SIMPLE


async def test_a_schedule_is_created_paused_and_resumed_showing_its_next_fires(api: Api) -> None:
    # Given a workflow
    workflow_id = api.create_workflow(SIMPLE)

    # When the user schedules it every Monday at 9 in Paris, then pauses it
    created = await api.post(
        f"/api/v1/workflows/{workflow_id}/schedules",
        {"cron": "0 9 * * 1", "timezone": "Europe/Paris", "inputs": {"topic": "weekly"}, "name": "Weekly"},
    )
    schedule = created.json()
    paused = await api.client.patch(
        f"/api/v1/schedules/{schedule['id']}", json={"paused": True}, headers=api.headers
    )
    listed = await api.client.get(f"/api/v1/workflows/{workflow_id}/schedules", headers=api.headers)

    # Then it showed its next three fires, Mondays at 9 in Paris, and paused has none
    assert created.status_code == 201, created.text
    fires = [datetime.fromisoformat(f) for f in schedule["next_fires"]]
    assert len(fires) == 3
    assert {(f.weekday(), f.hour, f.minute) for f in fires} <= {(0, 8, 0), (0, 7, 0)}  # 9:00 CET/CEST in UTC
    assert paused.json()["paused"] is True
    assert paused.json()["next_fires"] == []
    assert [s["name"] for s in listed.json()] == ["Weekly"]


async def test_a_bad_cron_time_zone_or_inputs_is_a_422_naming_the_field(api: Api) -> None:
    # Given a workflow whose input `topic` is a string
    workflow_id = api.create_workflow(SIMPLE)
    path = f"/api/v1/workflows/{workflow_id}/schedules"

    # When schedules are sent with a wrong cron, an unknown time zone, inputs of the wrong type
    answers = [
        await api.post(path, {"cron": "every monday"}),
        await api.post(path, {"cron": "0 9 * * 1", "timezone": "Mars/Olympus"}),
        await api.post(path, {"cron": "0 9 * * 1", "inputs": {"topic": 3}}),
        await api.post("/api/v1/schedules/preview", {"cron": "61 * * * *"}),
    ]

    # Then each is a 422 naming what was wrong
    assert [a.status_code for a in answers] == [422, 422, 422, 422]
    assert [a.json()["errors"][0]["field"] for a in answers] == ["cron", "timezone", "inputs.topic", "cron"]


async def test_another_user_cannot_see_or_change_a_schedule(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given Alice's schedule
    workflow_id = api.create_workflow(SIMPLE)
    body = {"cron": "@daily", "inputs": {"topic": "t"}}
    schedule = (await api.post(f"/api/v1/workflows/{workflow_id}/schedules", body)).json()

    # When Bob reads, pauses or deletes it
    bob = make_user(admin_url, settings.auth.jwt_secret)
    headers = {"Authorization": f"Bearer {bob.token}"}
    answers = [
        await api.client.get(f"/api/v1/schedules/{schedule['id']}", headers=headers),
        await api.client.patch(f"/api/v1/schedules/{schedule['id']}", json={"paused": True}, headers=headers),
        await api.client.delete(f"/api/v1/schedules/{schedule['id']}", headers=headers),
    ]

    # Then it does not exist for him
    assert [a.status_code for a in answers] == [404, 404, 404]

"""Secrets over HTTP: added and replaced by name, listed by name only (never a value), stored
encrypted, deleted; a workflow reading one its owner does not have is flagged; an export warns
about credentials typed into headers and URLs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.api.app import create_app
from orrery.settings import Settings
from tests.workflows.helpers import Api, sign_up

BASE = "/api/v1/secrets"
VALUE = "xoxb-PLANTED-secret-value-123456"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


def http_node(url: str, **headers: str) -> dict[str, Any]:
    return {
        "schema": "orrery.workflow/v1",
        "inputs": {},
        "nodes": [
            {"id": "start", "type": "input", "position": {"x": 0, "y": 0}, "config": {}},
            {
                "id": "call",
                "type": "http",
                "position": {"x": 0, "y": 100},
                "config": {"method": "GET", "url": url, "headers": headers},
            },
            {"id": "result", "type": "output", "position": {"x": 0, "y": 200}, "config": {}},
        ],
        "edges": [
            {"id": "e1", "source": "start", "target": "call"},
            {"id": "e2", "source": "call", "target": "result"},
        ],
    }


async def test_a_secret_is_listed_by_name_only_and_stored_encrypted(api: Api, admin_url: str) -> None:
    # When Ada adds a secret, then replaces its value
    added = await api.client.put(f"{BASE}/SLACK_TOKEN", json={"value": VALUE}, headers=api.user.headers)
    replaced = await api.client.put(
        f"{BASE}/SLACK_TOKEN", json={"value": VALUE + "-v2"}, headers=api.user.headers
    )

    # Then she gets 201, then 200, and neither answer nor the list holds the value
    assert (added.status_code, replaced.status_code) == (201, 200), replaced.text
    listed = await api.get(BASE)
    assert [s["name"] for s in listed.json()] == ["SLACK_TOKEN"]
    for response in (added, replaced, listed):
        assert VALUE not in response.text
        assert "value" not in response.json() if isinstance(response.json(), dict) else True
    # and the database holds one row, encrypted
    with psycopg.connect(admin_url) as conn:
        rows = conn.execute("select name, ciphertext from public.secrets").fetchall()
    assert len(rows) == 1
    assert VALUE.encode() not in bytes(rows[0][1])
    # and once deleted it is gone
    assert (await api.delete(f"{BASE}/SLACK_TOKEN")).status_code == 204
    assert (await api.get(BASE)).json() == []
    assert (await api.delete(f"{BASE}/SLACK_TOKEN")).status_code == 404


async def test_bad_names_and_short_values_are_refused(api: Api) -> None:
    # When a secret is given a name a template cannot read, or a value too short to redact
    bad_name = await api.client.put(f"{BASE}/9lives", json={"value": VALUE}, headers=api.user.headers)
    short = await api.client.put(f"{BASE}/PIN", json={"value": "123"}, headers=api.user.headers)

    # Then each is a 4xx naming what is wrong
    assert bad_name.status_code in (400, 422), bad_name.text
    assert short.status_code in (400, 422), short.text
    assert "value" in short.text


async def test_api_keys_cannot_manage_secrets(api: Api) -> None:
    # Given a key that may do everything a key may do
    key = (
        await api.post(
            "/api/v1/api-keys", {"name": "All", "scopes": ["runs:write", "runs:read", "workflows:write"]}
        )
    ).json()["key"]

    # When a script lists or sets secrets with it
    headers = {"Authorization": f"Bearer {key}"}
    listed = await api.client.get(BASE, headers=headers)
    put = await api.client.put(f"{BASE}/X_TOKEN", json={"value": VALUE}, headers=headers)

    # Then both are refused
    assert (listed.status_code, put.status_code) == (403, 403)


async def test_validation_flags_a_secret_that_does_not_exist(api: Api) -> None:
    # Given Ada has a secret API_TOKEN
    await api.client.put(f"{BASE}/API_TOKEN", json={"value": VALUE}, headers=api.user.headers)
    spec = http_node(
        "https://example.com/?k={{ secrets.API_TOKEN }}", Authorization="Bearer {{ secrets.MISSING_ONE }}"
    )

    # When she validates and saves a workflow that reads it and one she does not have
    checked = await api.post("/api/v1/workflows/validate", {"spec": spec})
    saved = await api.create("Uses secrets", spec)

    # Then only the missing one is a problem, with a stable code
    for problems in (checked.json()["errors"], saved["problems"]):
        flagged = [p for p in problems if p["code"] == "unknown_secret"]
        assert len(flagged) == 1, problems
        assert flagged[0]["node_id"] == "call"
        assert "`secrets.MISSING_ONE`" in flagged[0]["message"]


async def test_an_export_warns_about_literal_credentials(api: Api) -> None:
    # Given a workflow with a token typed into a header and a key in its URL
    spec = http_node(
        "https://api.example.com/v1?api_key=abcdef1234567890", Authorization="Bearer hunter2hunter2hunter2"
    )
    workflow = await api.create("Careless", spec)

    # When it is exported
    exported = (await api.get(f"/api/v1/workflows/{workflow['id']}/export")).json()

    # Then the export warns about each, saying to use a secret; and it imports back as it is
    paths = sorted(w["path"] for w in exported["warnings"])
    assert paths == ["config.headers.Authorization", "config.url"]
    assert all(w["code"] == "literal_credential" and "secrets." in w["message"] for w in exported["warnings"])
    assert (await api.post("/api/v1/workflows/import", exported)).status_code == 201


async def test_an_export_of_a_workflow_using_secrets_warns_about_nothing(api: Api) -> None:
    # Given a workflow that reads its credentials from secrets
    spec = http_node(
        "https://api.example.com/v1?api_key={{ secrets.API_KEY }}", Authorization="Bearer {{ secrets.TOKEN }}"
    )
    workflow = await api.create("Careful", spec)

    # When it is exported
    exported = (await api.get(f"/api/v1/workflows/{workflow['id']}/export")).json()

    # Then there is nothing to warn about
    assert exported["warnings"] == []

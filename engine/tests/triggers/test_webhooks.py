"""Webhooks as another service calls them: a secret URL, a mapping to the run's inputs, signatures,
limits, and every call on record."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any
from urllib.parse import urlsplit

import psycopg

from orrery.settings import Settings
from tests.runner.conftest import Api, WorkerProcess, make_user
from tests.runner.test_scheduling import edge, node, workflow

SPEC = workflow(
    [
        node("start", "input"),
        node("result", "output", {"name": "summary", "value": "{{ inputs.topic }} x{{ inputs.count }}"}),
    ],
    [edge("start", "result")],
    inputs={"topic": {"type": "string"}, "count": {"type": "integer"}},
)
JSON = {"Content-Type": "application/json"}
MAPPING = {"topic": "{{ body.order.title }}", "count": "{{ query.n | int }}"}


async def create_hook(api: Api, workflow_id: str, **settings: Any) -> dict[str, Any]:
    response = await api.post(f"/api/v1/workflows/{workflow_id}/webhooks", {"mapping": MAPPING, **settings})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def path_of(hook: dict[str, Any]) -> str:
    return urlsplit(hook["url"]).path


async def calls(api: Api, hook: dict[str, Any]) -> list[dict[str, Any]]:
    response = await api.client.get(f"/api/v1/webhooks/{hook['id']}/calls", headers=api.headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


async def test_a_webhook_call_starts_a_run_with_mapped_inputs_and_is_recorded(
    api: Api, admin_url: str
) -> None:
    # Given a webhook on a workflow, mapping the body and the query to its inputs
    workflow_id = api.create_workflow(SPEC)
    hook = await create_hook(api, workflow_id, name="Orders")
    token = path_of(hook).rsplit("/", 1)[1]

    # When another service calls its URL, with no bearer token
    response = await api.client.post(f"{path_of(hook)}?n=3", json={"order": {"title": "Tide tables"}})

    # Then it answers 202 with the run, which a webhook started, with the mapped inputs
    assert response.status_code == 202, response.text
    answer = response.json()
    assert answer["events_url"] == f"/api/v1/runs/{answer['run_id']}/events"
    run = await api.run(answer["run_id"])
    assert run["inputs"] == {"topic": "Tide tables", "count": 3}
    assert (run["trigger_kind"], run["trigger_id"], run["trigger_name"]) == ("webhook", hook["id"], "Orders")
    # And the call is on record, the run's history can be filtered by trigger
    assert [(c["status"], c["run_id"]) for c in await calls(api, hook)] == [(202, answer["run_id"])]
    by_trigger = await api.client.get("/api/v1/runs", params={"trigger": "webhook"}, headers=api.headers)
    assert [r["id"] for r in by_trigger.json()["items"]] == [answer["run_id"]]
    manual = await api.client.get("/api/v1/runs", params={"trigger": "manual"}, headers=api.headers)
    assert manual.json()["items"] == []
    # And the URL's token is nowhere in the database, only its hash
    with psycopg.connect(admin_url) as conn:
        stored = conn.execute("select token_hash, token_prefix from public.webhooks").fetchone()
        dump = conn.execute("select row_to_json(w)::text from public.webhooks w").fetchone()
    assert stored is not None
    assert dump is not None
    assert bytes(stored[0]) == hashlib.sha256(token.encode()).digest()
    assert token not in dump[0]
    assert len(token) >= 22  # 128 bits or more, base64url


async def test_a_signed_webhook_refuses_a_bad_signature_and_a_replay(api: Api) -> None:
    # Given a webhook that wants an HMAC-SHA256 of "<timestamp>.<body>"
    workflow_id = api.create_workflow(SPEC)
    secret = "a-shared-secret-0123"
    hook = await create_hook(
        api, workflow_id, hmac_secret=secret, hmac_header="X-Signature", timestamp_header="X-Timestamp"
    )
    assert hook["signed"] is True
    assert "hmac_secret" not in hook
    body = b'{"order": {"title": "Signed"}}'

    def signed(at: int, key: str = secret) -> dict[str, str]:
        digest = hmac.new(key.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
        return {"X-Signature": f"sha256={digest}", "X-Timestamp": str(at), "Content-Type": "application/json"}

    url = f"{path_of(hook)}?n=1"

    # When it is called with a good signature, a wrong one, none, and a good one from an hour ago
    good = await api.client.post(url, content=body, headers=signed(int(time.time())))
    wrong = await api.client.post(url, content=body, headers=signed(int(time.time()), "another-secret-xyz"))
    missing = await api.client.post(url, content=body, headers={"Content-Type": "application/json"})
    replay = await api.client.post(url, content=body, headers=signed(int(time.time()) - 3600))

    # Then only the good one starts a run; the others are 401 saying why, and all are recorded
    assert good.status_code == 202, good.text
    assert [wrong.status_code, missing.status_code, replay.status_code] == [401, 401, 401]
    assert "does not match" in wrong.json()["detail"]
    assert "missing" in missing.json()["detail"]
    assert "replay" in replay.json()["detail"]
    assert [c["status"] for c in await calls(api, hook)] == [401, 401, 401, 202]


async def test_calls_with_a_wrong_signature_do_not_use_up_the_senders_minute(api: Api) -> None:
    # Given a signed webhook taking 2 calls a minute (early in a minute: its counts are per minute)
    workflow_id = api.create_workflow(SPEC)
    secret = "a-shared-secret-0123"
    hook = await create_hook(
        api, workflow_id, rate_limit_per_minute=2, hmac_secret=secret, hmac_header="X-Signature"
    )
    url = f"{path_of(hook)}?n=1"
    body = b'{"order": {"title": "Signed"}}'
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)

    # When someone who learnt its URL sends it five calls with a made-up signature
    forged = [
        await api.client.post(url, content=body, headers={"X-Signature": "sha256=" + "0" * 64, **JSON})
        for _ in range(5)
    ]
    # and then the sender calls it twice, signed
    good = [
        await api.client.post(url, content=body, headers={"X-Signature": f"sha256={digest}", **JSON})
        for _ in range(2)
    ]

    # Then the forged ones are refused, 401 and past the limit 429; the sender's two calls start runs
    assert [f.status_code for f in forged] == [401, 401, 429, 429, 429]
    assert "signature that does not pass" in forged[2].json()["detail"]
    assert [g.status_code for g in good] == [202, 202], good[0].text
    # And every call is on record
    assert [c["status"] for c in await calls(api, hook)] == [202, 202, 429, 429, 429, 401, 401]


async def test_a_webhook_refuses_a_body_over_its_limit_and_calls_over_its_rate(api: Api) -> None:
    # Given a webhook taking 100 bytes and 2 calls a minute
    workflow_id = api.create_workflow(SPEC)
    hook = await create_hook(api, workflow_id, max_body_bytes=100, rate_limit_per_minute=2)
    url = f"{path_of(hook)}?n=1"

    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)  # (early in a minute: its counts are per minute)

    # When it gets a body too large, then three calls
    large = await api.client.post(url, json={"order": {"title": "x" * 200}})
    answers = [await api.client.post(url, json={"order": {"title": "ok"}}) for _ in range(3)]

    # Then the large one is 413, the third call 429 with Retry-After
    assert large.status_code == 413, large.text
    assert [a.status_code for a in answers] == [202, 202, 429]
    assert 1 <= int(answers[2].headers["retry-after"]) <= 60
    assert [c["status"] for c in await calls(api, hook)] == [429, 202, 202, 413]


async def test_a_disabled_deleted_or_unknown_webhook_answers_404(api: Api) -> None:
    # Given a webhook, disabled, and another one, deleted
    workflow_id = api.create_workflow(SPEC)
    disabled = await create_hook(api, workflow_id)
    deleted = await create_hook(api, workflow_id)
    patched = await api.client.patch(
        f"/api/v1/webhooks/{disabled['id']}", json={"enabled": False}, headers=api.headers
    )
    assert patched.status_code == 200, patched.text
    removed = await api.client.delete(f"/api/v1/webhooks/{deleted['id']}", headers=api.headers)
    assert removed.status_code == 204

    # When each is called, and a URL nobody made
    answers = [
        await api.client.post(path_of(disabled), json={}),
        await api.client.post(path_of(deleted), json={}),
        await api.client.post("/api/v1/hooks/not-a-token-anyone-made", json={}),
    ]

    # Then all three are 404, and nothing ran
    assert [a.status_code for a in answers] == [404, 404, 404]
    listed = await api.client.get("/api/v1/runs", headers=api.headers)
    assert listed.json()["items"] == []


async def test_a_mapping_that_does_not_fit_the_call_is_a_422_naming_the_input(api: Api) -> None:
    # Given a webhook mapping `body.order.title`
    workflow_id = api.create_workflow(SPEC)
    hook = await create_hook(api, workflow_id)

    # When it is called without an order, and tested with a sample that has one
    response = await api.client.post(f"{path_of(hook)}?n=2", json={"customer": "Ada"})
    tested = await api.post(
        f"/api/v1/webhooks/{hook['id']}/test", {"body": {"order": {"title": "Sample"}}, "query": {"n": "4"}}
    )

    # Then the call is refused naming the input; the test shows the inputs the sample would give
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["mapping.topic"]
    assert tested.json() == {"inputs": {"topic": "Sample", "count": 4}, "errors": []}


async def test_a_webhook_with_a_template_that_names_no_input_is_refused_at_creation(api: Api) -> None:
    # Given a workflow with inputs `topic` and `count`
    workflow_id = api.create_workflow(SPEC)

    # When a webhook maps an input it does not have, and a template that does not compile
    response = await api.post(
        f"/api/v1/workflows/{workflow_id}/webhooks",
        {"mapping": {"colour": "{{ body.c }}", "topic": "{{ body."}},
    )

    # Then it is a 422 naming both
    assert response.status_code == 422, response.text
    assert sorted(e["field"] for e in response.json()["errors"]) == ["mapping.colour", "mapping.topic"]


async def test_another_user_cannot_see_or_change_a_webhook(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given Alice's webhook
    workflow_id = api.create_workflow(SPEC)
    hook = await create_hook(api, workflow_id)

    # When Bob reads, changes, deletes it, or lists its calls
    bob = make_user(admin_url, settings.auth.jwt_secret)
    headers = {"Authorization": f"Bearer {bob.token}"}
    answers = [
        await api.client.get(f"/api/v1/webhooks/{hook['id']}", headers=headers),
        await api.client.patch(f"/api/v1/webhooks/{hook['id']}", json={"enabled": False}, headers=headers),
        await api.client.get(f"/api/v1/webhooks/{hook['id']}/calls", headers=headers),
        await api.client.delete(f"/api/v1/webhooks/{hook['id']}", headers=headers),
        await api.client.get(f"/api/v1/workflows/{workflow_id}/webhooks", headers=headers),
    ]

    # Then it does not exist for him
    assert [a.status_code for a in answers] == [404, 404, 404, 404, 404]


async def test_a_webhook_in_wait_mode_answers_with_the_run_outputs(api: Api, worker: WorkerProcess) -> None:
    # Given a webhook that waits for the run's outputs
    workflow_id = api.create_workflow(SPEC)
    hook = await create_hook(api, workflow_id, response_mode="wait", wait_timeout_s=30)

    # When it is called
    response = await api.client.post(f"{path_of(hook)}?n=2", json={"order": {"title": "Waves"}})

    # Then the answer has the outputs of the ended run
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "succeeded"
    assert response.json()["outputs"] == {"summary": "Waves x2"}


async def test_a_switch_sent_as_a_number_is_refused_not_guessed(api: Api) -> None:
    # Given a workflow
    workflow_id = api.create_workflow(SPEC)

    # When a webhook is created with `"enabled": 0` (not a boolean)
    response = await api.post(f"/api/v1/workflows/{workflow_id}/webhooks", {"enabled": 0})

    # Then it is refused naming the field, and no webhook exists
    assert response.status_code == 400, response.text
    assert response.json()["errors"] == [{"field": "enabled", "message": "Expected `bool`"}]
    listed = await api.client.get(f"/api/v1/workflows/{workflow_id}/webhooks", headers=api.headers)
    assert listed.json() == []

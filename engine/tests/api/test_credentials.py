"""Provider credentials over HTTP: saved encrypted, listed with a hint only, deleted; another
user sees nothing; the worker's `resolve` is the only way back to the key."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator

import psycopg
import pytest
from litestar.testing import AsyncTestClient

from orrery.agents.errors import CredentialMissing
from orrery.api.app import create_app
from orrery.credentials import CredentialService
from orrery.crypto import CredentialCipher
from orrery.settings import CredentialSettings, Settings
from orrery.store.database import Database
from tests.workflows.helpers import Api, sign_up

BASE = "/api/v1/credentials"
KEY = "sk-proj-PLANTED-abcdefghijklmnopqrstuvwxyz0123WXYZ"


@pytest.fixture
async def api(settings: Settings, admin_url: str) -> AsyncIterator[Api]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield Api(client, sign_up(admin_url, settings))


async def test_a_saved_key_is_listed_with_its_hint_only(
    api: Api, admin_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # When Ada saves an OpenAI key and an OpenAI-compatible endpoint
    created = await api.post(BASE, {"provider": "openai", "label": " Work ", "api_key": f" {KEY} "})
    local = await api.post(
        BASE,
        {"provider": "openai_compatible", "label": "Ollama", "base_url": "http://localhost:11434/v1"},
    )

    # Then each comes back without the key, with its last 4 characters as a hint
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == {
        "id",
        "provider",
        "label",
        "base_url",
        "key_hint",
        "requests_per_minute",
        "tokens_per_minute",
        "created_at",
    }
    assert (body["provider"], body["label"], body["key_hint"], body["base_url"]) == (
        "openai",
        "Work",
        "WXYZ",
        None,
    )
    assert local.status_code == 201, local.text
    assert local.json()["key_hint"] == ""
    # and the list shows both, newest first, never the key
    listed = await api.get(BASE)
    assert [c["label"] for c in listed.json()] == ["Ollama", "Work"]
    for response in (created, local, listed):
        assert KEY not in response.text
        assert KEY[:-4] not in response.text
    # and the database holds ciphertext only
    with psycopg.connect(admin_url) as conn:
        row = conn.execute(
            "select ciphertext, nonce, key_hint from public.credentials where label = 'Work'"
        ).fetchone()
    assert row is not None
    assert KEY.encode() not in bytes(row[0])
    assert len(bytes(row[1])) == 12
    # and no log line has it
    assert KEY not in caplog.text


async def test_the_worker_resolves_it_for_the_owner_only(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given Ada's saved key
    created = (await api.post(BASE, {"provider": "anthropic", "label": "Claude", "api_key": KEY})).json()
    bob = sign_up(admin_url, settings, "bob@example.com")
    assert settings.credentials.master_key is not None
    db = Database(settings.database)
    await db.open()
    try:
        service = CredentialService(db, CredentialCipher(settings.credentials.master_key))

        # When the worker resolves it as Ada, it gets the key
        resolved = await service.resolve(api.user.claims, created["id"])
        assert (resolved.api_key, resolved.provider, resolved.label) == (KEY, "anthropic", "Claude")
        assert KEY not in repr(resolved)

        # But acting as Bob, it is not there (RLS)
        with pytest.raises(CredentialMissing):
            await service.resolve(bob.claims, created["id"])

        # And a ciphertext moved to Bob's row does not decrypt (bound to owner and row)
        bobs = await api.as_user(bob).post(
            BASE, {"provider": "anthropic", "label": "Mine", "api_key": "sk-bob-1234567"}
        )
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(
                "update public.credentials b set ciphertext = a.ciphertext, nonce = a.nonce "
                "from public.credentials a where a.id = %s and b.id = %s",
                (created["id"], bobs.json()["id"]),
            )
        with pytest.raises(Exception, match="cannot be decrypted"):
            await service.resolve(bob.claims, bobs.json()["id"])
    finally:
        await db.close()


async def test_another_user_sees_and_deletes_nothing(api: Api, settings: Settings, admin_url: str) -> None:
    created = (await api.post(BASE, {"provider": "groq", "label": "Groq", "api_key": KEY})).json()
    bob = api.as_user(sign_up(admin_url, settings, "bob@example.com"))

    assert (await bob.get(BASE)).json() == []
    assert (await bob.delete(f"{BASE}/{created['id']}")).status_code == 404
    assert [c["id"] for c in (await api.get(BASE)).json()] == [created["id"]]

    # And Ada deletes it
    assert (await api.delete(f"{BASE}/{created['id']}")).status_code == 204
    assert (await api.get(BASE)).json() == []
    assert (await api.delete(f"{BASE}/{created['id']}")).status_code == 404


async def test_the_owner_lowers_a_keys_limits_and_the_worker_applies_them(
    api: Api, settings: Settings, admin_url: str
) -> None:
    # Given Ada's OpenAI key, and Bob
    created = (await api.post(BASE, {"provider": "openai", "label": "Team", "api_key": KEY})).json()
    assert (created["requests_per_minute"], created["tokens_per_minute"]) == (None, None)
    bob = api.as_user(sign_up(admin_url, settings, "bob@example.com"))

    # When Ada limits it to 30 requests and 20k tokens a minute
    limited = await api.patch(
        f"{BASE}/{created['id']}/limits", {"requests_per_minute": 30, "tokens_per_minute": 20_000}
    )

    # Then the key shows her limits, and the worker resolving it carries them
    assert limited.status_code == 200, limited.text
    assert (limited.json()["requests_per_minute"], limited.json()["tokens_per_minute"]) == (30, 20_000)
    assert KEY not in limited.text
    assert settings.credentials.master_key is not None
    db = Database(settings.database)
    await db.open()
    try:
        service = CredentialService(db, CredentialCipher(settings.credentials.master_key))
        resolved = await service.resolve(api.user.claims, created["id"])
        assert (resolved.requests_per_minute, resolved.tokens_per_minute) == (30, 20_000)
    finally:
        await db.close()
    # and Bob cannot change them (the key is not there for him), nor can anyone set a zero limit
    assert (await bob.patch(f"{BASE}/{created['id']}/limits", {"requests_per_minute": 1})).status_code == 404
    zero = await api.patch(f"{BASE}/{created['id']}/limits", {"requests_per_minute": 0})
    assert zero.status_code == 400
    assert "requests_per_minute" in zero.text
    # and null gives the operator's default back
    cleared = await api.patch(f"{BASE}/{created['id']}/limits", {"requests_per_minute": None})
    assert (cleared.json()["requests_per_minute"], cleared.json()["tokens_per_minute"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"provider": "openai", "label": "x"}, 422, "api_key"),
        (
            {"provider": "openai", "label": "x", "api_key": KEY, "base_url": "https://x.test/v1"},
            422,
            "base_url",
        ),
        ({"provider": "openai_compatible", "label": "x", "api_key": KEY}, 422, "base_url"),
        ({"provider": "openai_compatible", "label": "x", "base_url": "ftp://x"}, 422, "base_url"),
        (
            {"provider": "openai_compatible", "label": "x", "base_url": "http://u:p@x.test/v1"},
            422,
            "base_url",
        ),
        ({"provider": "openai", "label": "  ", "api_key": KEY}, 422, "label"),
        ({"provider": "openai", "label": "x", "api_key": "sk abc def"}, 422, "api_key"),
        ({"provider": "demo", "label": "x", "api_key": KEY}, 400, None),
        ({"provider": "openai", "label": "x", "api_key": "k" * 9000}, 400, None),
    ],
)
async def test_bad_requests_say_what_is_wrong_without_echoing_the_key(
    api: Api, body: dict[str, str], status: int, field: str | None
) -> None:
    response = await api.post(BASE, body)
    assert response.status_code == status, response.text
    if field is not None:
        assert response.json()["errors"][0]["field"] == field
    assert KEY not in response.text
    assert "k" * 100 not in response.text


async def test_a_label_is_unique_per_user(api: Api) -> None:
    assert (await api.post(BASE, {"provider": "openai", "label": "Main", "api_key": KEY})).status_code == 201
    again = await api.post(BASE, {"provider": "mistral", "label": "Main", "api_key": KEY})
    assert again.status_code == 409
    assert "Main" in again.json()["detail"]


async def test_without_a_master_key_saving_is_unavailable_but_listing_works(
    settings: Settings, admin_url: str
) -> None:
    # Given an engine started without ORRERY_MASTER_KEY
    keyless = dataclasses.replace(settings, credentials=CredentialSettings())
    async with AsyncTestClient(app=create_app(keyless)) as client:
        api = Api(client, sign_up(admin_url, settings))

        # Then saving a key says why it cannot, and listing still answers
        refused = await api.post(BASE, {"provider": "openai", "label": "x", "api_key": KEY})
        assert refused.status_code == 503
        assert "ORRERY_MASTER_KEY" in refused.json()["detail"]
        assert (await api.get(BASE)).json() == []


async def test_the_provider_list_names_the_demo_model_plainly(api: Api) -> None:
    providers = {p["id"]: p for p in (await api.get("/api/v1/model-providers")).json()}
    assert providers["demo"]["needs_credential"] is False
    assert "not a real AI" in providers["demo"]["label"]
    assert providers["openai_compatible"]["base_url"] == "required"
    assert set(providers) == {"demo", "openai", "anthropic", "google", "groq", "mistral", "openai_compatible"}

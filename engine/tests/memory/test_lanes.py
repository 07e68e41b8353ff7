"""Fair memory: one user's pile of documents does not hold up another user's one document
(the memory queue's busy lane, memory/lanes.py), and the pile itself is all embedded; a lost
job is sent again to the lane it would have taken."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from orrery.memory import MemoryService
from orrery.memory.models import MemoryDocumentCreate
from orrery.settings import Settings
from tests.memory.conftest import Jobs, collection, recover_as_sweeper
from tests.runner.conftest import Api, Isolated, make_user, start_worker
from tests.workflows.helpers import User

pytestmark = pytest.mark.slow

BASE = "/api/v1/memory"
WORDS = ["tide", "harbour", "ferry", "lantern", "granite", "orchard", "meadow", "falcon", "copper", "willow"]


def long_text(seed: int, paragraphs: int = 12) -> str:
    """A document of a dozen distinct paragraphs: a dozen chunks or so to embed."""
    return "\n\n".join(
        " ".join(f"{WORDS[(seed + p + w) % len(WORDS)]}{seed}-{p}-{w}" for w in range(60))
        for p in range(paragraphs)
    )


async def add_document(api: Api, text: str) -> str:
    created = await api.client.post(
        f"{BASE}/collections", json={"name": f"Notes {time.monotonic_ns()}"}, headers=api.headers
    )
    assert created.status_code == 201, created.text
    added = await api.client.post(
        f"{BASE}/collections/{created.json()['id']}/documents",
        json={"source": "text", "text": text},
        headers=api.headers,
    )
    assert added.status_code in (201, 202), added.text
    return str(added.json()["document"]["id"])


async def ready_times(admin_url: str, ids: list[str], patience_s: float = 180) -> dict[str, Any]:
    """When each document became ready (its last touch), once all are."""
    deadline = time.monotonic() + patience_s
    while True:
        with psycopg.connect(admin_url) as conn:
            rows = conn.execute(
                "select id::text, status, updated_at from public.memory_documents where id = any(%s::uuid[])",
                (ids,),
            ).fetchall()
        if all(r[1] in ("ready", "failed") for r in rows) or time.monotonic() > deadline:
            assert {r[1] for r in rows} == {"ready"}, rows
            return {r[0]: r[2] for r in rows}
        await asyncio.sleep(0.2)


async def test_another_users_document_is_embedded_before_one_users_pile(
    isolated: Isolated, tmp_path: Path, settings: Settings, admin_url: str
) -> None:
    # Given one worker with two threads (one kept for the memory queue, the other shared with
    # its busy lane), and Ada, who adds six long documents at once (two are hers before she
    # counts as busy, ORRERY_BUSY_OWNER_DOCUMENTS; four go to the busy lane)
    worker = start_worker(isolated.env, tmp_path, threads=2, name="memory-lanes")
    ada = isolated.api
    bob = Api(ada.client, make_user(admin_url, settings.auth.jwt_secret), admin_url)
    try:
        adas = [await add_document(ada, long_text(seed)) for seed in range(6)]

        # When Bob adds one short document just after
        bobs = await add_document(bob, "Bob's note: the ferry leaves at nine.")

        # Then his is embedded before most of hers: it did not queue behind the pile
        times = await ready_times(admin_url, [*adas, bobs])
        after_bob = [d for d in adas if times[d] > times[bobs]]
        order = sorted([*adas, bobs], key=lambda d: times[d])
        assert len(after_bob) >= 3, [
            (("bob" if d == bobs else f"ada{adas.index(d)}"), times[d].strftime("%S.%f")) for d in order
        ]
    finally:
        worker.stop()


async def test_a_users_third_document_and_its_lost_job_go_to_the_busy_lane_another_users_do_not(
    queued: MemoryService,
    jobs: Jobs,
    ada: User,
    bob: User,
    settings: Settings,
    role_urls: dict[str, str],
    admin_url: str,
) -> None:
    # Given Ada, who adds three documents one after another, and Bob, who adds one
    assert settings.memory.busy_owner_documents == 2
    adas = [
        str(
            (
                await queued.add_document(
                    ada.claims,
                    str((await collection(queued, ada, f"Ada {n}")).id),
                    MemoryDocumentCreate(source="text", text=long_text(n, 2)),
                )
            ).document.id
        )
        for n in range(3)
    ]
    bobs = str(
        (
            await queued.add_document(
                bob.claims,
                str((await collection(queued, bob)).id),
                MemoryDocumentCreate(source="text", text="Bob's note"),
            )
        ).document.id
    )

    # Then her third went to the busy lane (she had two others being read or embedded), his did not
    assert [jobs.busy[d] for d in (*adas, bobs)] == [False, False, True, False]

    # When their jobs are lost (nothing touched them for a minute and a half) and a worker's
    # recovery sends them again
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "update public.memory_documents set updated_at = now() - interval '90 seconds' "
            "where id = any(%s::uuid[])",
            ([*adas, bobs],),
        )
    jobs.busy.clear()
    await recover_as_sweeper(settings, role_urls, jobs)

    # Then each of Ada's goes to the busy lane (each has two others in progress), Bob's does not
    assert [jobs.busy.get(d) for d in (*adas, bobs)] == [True, True, True, False]

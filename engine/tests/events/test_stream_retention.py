"""A run whose events retention dropped (its month of run_events gone whole) is opened from the
start: the stream says there is nothing to send, rather than waiting for an end that will never
come down it (heartbeats forever)."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg

from orrery.events import types as ev
from orrery.settings import Settings
from orrery.store.database import Database
from tests.events.watch import watched_run


async def test_a_finished_run_whose_events_were_dropped_has_nothing_to_stream(
    settings: Settings, admin_url: str
) -> None:
    db = Database(settings.database)
    await db.open()
    try:
        async with watched_run(db, settings.redis.url, admin_url) as run:
            # Given a run that started and succeeded long ago
            await run.commit(ev.RunStarted(run_id=run.run_id, at=datetime.now(UTC)))
            await run.commit(ev.RunSucceeded(run_id=run.run_id, at=datetime.now(UTC)))
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(
                    "update runs set status = 'succeeded', finished_at = now() where id = %s", (run.run_id,)
                )
                # and whose events retention has since dropped with their month
                conn.execute("delete from run_events where run_id = %s", (run.run_id,))

            # When a client asks for its events from the start
            items = await run.stream.open(run.claims, run.run_id, 0)

            # Then there is nothing to send (204), not a stream that never ends
            assert items is None
            assert run.hub.subscriber_count == 0
    finally:
        await db.close()

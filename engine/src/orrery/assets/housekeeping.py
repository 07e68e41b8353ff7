"""What workers do for every user's files in the background: remove the files of asset rows
that went without their owner's purge, and apply the operator's retention to runs' assets.

`AssetService.purge` removes a user's deleted files right after the user's own deletes. Two
cases are left for the background:
- rows that went while nobody was purging as their owner: a user deleted from Auth (their
  rows go by cascade, the trigger lists their keys), or a crash between a delete and its
  purge. `purge_listed_files` removes the listed files, then their list rows.
- retention (`ASSETS_RETENTION_DAYS`): the files runs made are deleted that many days after
  they were made. `expire_run_assets` finds whose runs have such files, and deletes them as
  each owner (RLS applies), then purges as that owner. Uploads by hand (no run) are kept.

Both are found on the sweeper's login (`orrery_sweeper`), which sees the storage keys of
deleted files and the owner, run and age of run assets, never names or bytes
(supabase/migrations/20261209500100_asset_housekeeping.sql).
"""

from __future__ import annotations

import logging
from typing import Final

from orrery.assets.service import AssetService
from orrery.store.database import Database
from orrery.store.sweeping import every

log = logging.getLogger(__name__)

INTERVAL_S: Final = 60.0
"""How often a worker looks. Two workers in a round at once do no harm: deleting a deleted
file or row does nothing."""
LISTED_FOR_S: Final = 60.0
"""A listed file is left this long to the purge of the request that listed it."""


async def purge_listed_files(
    sweeper: Database, assets: AssetService, *, older_than_s: float = LISTED_FOR_S
) -> int:
    """Remove the files listed for deletion at least `older_than_s` ago, whoever they were;
    how many. Files first, then their list rows: a crash in between leaves them listed."""
    purged = 0
    while True:
        async with sweeper.as_login_role() as conn:
            cur = await conn.execute(
                "select storage_key from public.asset_deletions"
                " where created_at < now() - make_interval(secs => %s) order by created_at limit 500",
                (older_than_s,),
            )
            keys = [row["storage_key"] for row in await cur.fetchall()]
        if not keys:
            return purged
        await assets.store.delete(keys)
        async with sweeper.as_login_role() as conn:
            await conn.execute("delete from public.asset_deletions where storage_key = any(%s)", (keys,))
        purged += len(keys)


async def expire_run_assets(sweeper: Database, assets: AssetService, *, retention_days: int) -> int:
    """Delete the run assets made more than `retention_days` ago, as their owners, files
    included; how many."""
    async with sweeper.as_login_role() as conn:
        cur = await conn.execute(
            "select distinct owner_id from public.assets"
            " where run_id is not null and created_at < now() - make_interval(days => %s) limit 100",
            (retention_days,),
        )
        owners = [str(row["owner_id"]) for row in await cur.fetchall()]
    expired = 0
    for owner in owners:
        claims = {"sub": owner, "role": "authenticated", "aud": "authenticated"}
        async with assets.db.as_user(claims) as conn:
            cur = await conn.execute(
                "delete from public.assets"
                " where run_id is not null and created_at < now() - make_interval(days => %s)",
                (retention_days,),
            )
            expired += cur.rowcount
        await assets.purge(claims)
    return expired


async def housekeep_once(sweeper: Database, assets: AssetService) -> tuple[int, int]:
    """One round: (run assets expired, listed files purged)."""
    days = assets.settings.retention_days
    expired = await expire_run_assets(sweeper, assets, retention_days=days) if days else 0
    purged = await purge_listed_files(sweeper, assets)
    if expired or purged:
        log.info("assets: %d run file(s) past retention deleted, %d listed file(s) removed", expired, purged)
    return expired, purged


async def housekeep_forever(
    sweeper: Database, assets: AssetService, *, interval_s: float = INTERVAL_S
) -> None:
    await every(interval_s, "asset housekeeping", lambda: housekeep_once(sweeper, assets))

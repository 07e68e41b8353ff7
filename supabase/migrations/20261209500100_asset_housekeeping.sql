-- Asset housekeeping by workers (engine/src/orrery/assets/housekeeping.py).
--
-- Files listed for deletion whose owner's purge never ran (a user deleted from Auth, whose
-- rows went by cascade; a crash between a delete and its purge) are removed by a worker on
-- the sweeper's login: it sees their storage keys and age (no names) and may clear the list.
-- Retention (ASSETS_RETENTION_DAYS): the sweeper's login sees the owner, run and age of run
-- assets, never their names, types or bytes; the deleting is done as each owner (RLS).

grant select (storage_key, created_at) on public.asset_deletions to orrery_sweeper;
grant delete on public.asset_deletions to orrery_sweeper;

create policy "The sweeper sees the files listed for deletion"
  on public.asset_deletions for select to orrery_sweeper using (true);
create policy "The sweeper clears the files it removed"
  on public.asset_deletions for delete to orrery_sweeper using (true);

grant select (owner_id, run_id, created_at) on public.assets to orrery_sweeper;

create policy "The sweeper sees whose run assets are how old"
  on public.assets for select to orrery_sweeper using (run_id is not null);

-- Lost embedding jobs are sent again (engine/src/orrery/memory/recovery.py).
--
-- A memory document stays `queued` or `embedding` for ever if its job is lost (Redis
-- restarted without its data). Workers find such documents on the sweeper's login,
-- orrery_sweeper, which sees only the id, owner, status and age of documents in progress,
-- never their title or text, and may touch nothing but `updated_at` (so that one document is
-- re-sent once per stale period). The job itself runs as the document's owner.

grant select (id, owner_id, status, updated_at) on public.memory_documents to orrery_sweeper;
grant update (updated_at) on public.memory_documents to orrery_sweeper;

create policy "The sweeper sees memory documents in progress"
  on public.memory_documents for select to orrery_sweeper
  using (status in ('queued', 'embedding'));

create policy "The sweeper touches memory documents in progress"
  on public.memory_documents for update to orrery_sweeper
  using (status in ('queued', 'embedding'))
  with check (status in ('queued', 'embedding'));

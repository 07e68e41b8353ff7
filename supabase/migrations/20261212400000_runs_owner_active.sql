-- A user's unfinished runs, by owner: how a worker counts the runs of a user that are
-- executing before it starts a new one (ORRERY_MAX_RUNNING_RUNS_PER_USER). A user with a
-- long history is not scanned whole at every start. Only status is in the predicate, which
-- changes at a run's start and end: lease renewals and event appends stay HOT updates.
create index runs_owner_id_active_idx on public.runs (owner_id)
  where status in ('queued', 'running', 'waiting');

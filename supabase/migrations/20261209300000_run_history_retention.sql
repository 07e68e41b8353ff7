-- Retention of old runs' history (issue 21): the events and step details of runs that
-- finished more than ORRERY_RUN_EVENTS_RETENTION_DAYS ago are compacted, in bounded batches,
-- by the workers' sweeper (engine/src/orrery/runner/retention.py).
--
-- What a compacted run keeps: its row (status, inputs, outputs, usage, timings), every step
-- row with its output, error, usage and timings, and the events that state an outcome
-- (run.* and each step's succeeded / failed / skipped / cancelled, which carry the final
-- output and error). What goes: the events in between (step.queued, step.started, step.log,
-- step.retrying, step.waiting; token deltas are never stored), the steps' recorded inputs
-- (copies of upstream outputs and the run's inputs, kept on those) and agent transcripts.
-- Replaying a compacted run's events still gives its outcome, with gaps in seq.
--
-- The sweeper (orrery_sweeper) sees no finished run (least_privilege_roles.sql), so it gets
-- one function instead of grants: `orrery_private.compact_run_history`, security definer,
-- which compacts at most `batch` runs per call and answers how many. It can only ever remove
-- history older than the age it is given, and returns no content.

alter table public.runs add column history_compacted_at timestamptz;

comment on column public.runs.history_compacted_at is
  'When the run''s events and step details were compacted by the retention policy (null: not yet).';

-- The runs still to compact, oldest first.
create index runs_history_to_compact_idx on public.runs (finished_at)
  where history_compacted_at is null and finished_at is not null;

create function orrery_private.compact_run_history(older_than interval, batch integer)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  compacted integer;
begin
  if older_than < interval '1 hour' or batch < 1 or batch > 10000 then
    raise exception 'compact_run_history: older_than must be at least an hour and batch 1..10000';
  end if;
  with picked as (
    select r.id from public.runs r
     where r.history_compacted_at is null
       and r.finished_at is not null
       and r.finished_at < now() - older_than
       and r.status in ('succeeded', 'failed', 'cancelled')
     order by r.finished_at
     limit batch
       for update skip locked
  ), events as (
    delete from public.run_events e
     using picked p
     where e.run_id = p.id
       and e.type in ('step.queued', 'step.started', 'step.log', 'step.retrying', 'step.waiting')
  ), steps as (
    update public.run_steps s
       set input = null, transcript = null
      from picked p
     where s.run_id = p.id
       and (s.input is not null or s.transcript is not null)
  ), marked as (
    update public.runs r
       set history_compacted_at = now()
      from picked p
     where r.id = p.id
    returning r.id
  )
  select count(*) into compacted from marked;
  return compacted;
end
$$;

comment on function orrery_private.compact_run_history(interval, integer) is
  'Compacts the history of at most `batch` runs that finished before now() - older_than; returns how many.';

revoke all on function orrery_private.compact_run_history(interval, integer) from public;
grant usage on schema orrery_private to orrery_sweeper;
grant execute on function orrery_private.compact_run_history(interval, integer) to orrery_sweeper;

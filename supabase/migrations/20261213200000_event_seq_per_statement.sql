-- Run events are numbered without updating their run once per event (issue 21, throughput).
--
-- `assign_run_event_seq` (20261121000300_runs.sql) updated `runs.last_event_seq` for every
-- event inserted: ~3 updates of the run's row per node-step, each a new row version with
-- its RLS check and `updated_at` trigger. Under 100 concurrent runs those updates were more
-- than half of Postgres's statement time (pg_stat_statements, bench/bench_scaling.py), and
-- Postgres used more CPU per node-step than the workers.
--
-- Now the row trigger locks the run's row (as before: a run's events commit in seq order)
-- and numbers the event after the highest seq the run has: its counter, or its events
-- inserted earlier in the same statement (a row-level BEFORE trigger sees the rows its
-- statement inserted before). A statement-level trigger then moves each run's counter
-- once per statement, to the highest seq the statement gave it. What the counter says after
-- each statement, and every seq given, are what they were; a statement inserting a commit's
-- events (the runner inserts all of a commit's events in one) updates the run's row once.
-- Any seq supplied is still replaced, and the trigger still runs as the caller (RLS: a user
-- appends only to their own runs).

create or replace function public.assign_run_event_seq()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  run_owner uuid;
  counter bigint;
  latest bigint;
begin
  select r.last_event_seq, r.owner_id,
         (select e.seq from public.run_events e where e.run_id = r.id order by e.seq desc limit 1)
    into counter, run_owner, latest
    from public.runs r
   where r.id = new.run_id
     for update of r;
  if not found then
    raise exception 'run % does not exist', new.run_id
      using errcode = 'foreign_key_violation';
  end if;
  new.seq := greatest(counter, coalesce(latest, 0)) + 1;
  new.owner_id := coalesce(new.owner_id, run_owner);
  return new;
end;
$$;

comment on function public.assign_run_event_seq() is
  'Trigger: numbers a run''s event after its counter and its events inserted before (row lock held until commit).';

create function public.advance_run_event_seq()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.runs r
     set last_event_seq = added.seq
    from (select a.run_id, max(a.seq) as seq from added a group by a.run_id) added
   where r.id = added.run_id
     and r.last_event_seq < added.seq;
  return null;
end;
$$;

comment on function public.advance_run_event_seq() is
  'Trigger: moves each run''s last_event_seq to the highest seq the statement inserted, once per statement.';

revoke all on function public.advance_run_event_seq() from public, anon, authenticated, service_role;

create trigger run_events_advance_seq
  after insert on public.run_events
  referencing new table as added
  for each statement execute function public.advance_run_event_seq();

-- Less Postgres work per appended run event (issue 21, "Throughput": Postgres CPU per node-step).
--
-- pg_stat_statements under bench_scaling put the `run_events` insert at about a third of
-- Postgres's statement time per node-step. Besides the row itself, each event paid for:
--   * the signed-claims check `orrery_private.uid()` (a security-definer SQL function: a read of
--     the claims key and two sha256) three times: the seq trigger's read of its run is checked by
--     the runs' select and update policies (`for update`) and its read of the run's latest event
--     by the events' select policy, each an init plan evaluated again for every event; and the
--     statement trigger's update of the run's counter three more times per statement;
--   * two foreign-key checks, one against `runs` (owner_id, run_id) and one against `auth.users`
--     (owner_id). `run_steps` has the same pair.
--
-- 1. The foreign keys from `run_events.owner_id` and `run_steps.owner_id` to `auth.users` go.
--    They are implied: the composite keys (owner_id, run_id) -> runs (owner_id, id) pin each row's
--    owner to its run's owner (both columns are not null, so the composite key is always checked),
--    and `runs.owner_id` references `auth.users` on delete cascade. A user deleted takes their
--    runs, and a run deleted takes its steps and events (on delete cascade): the same rows go as
--    before, one cascade later. An owner that is not a user cannot be inserted, since it would
--    have to be a run's owner. (Deleting a user also no longer visits run_events and run_steps
--    through a second path; retention's partition upkeep no longer locks `auth.users`.) The
--    composite keys' index (owner_id, run_id) stays.
--
-- 2. The seq trigger reads and locks its run through `orrery_private.lock_run_for_event(run_id)`,
--    a security-definer function that checks the signed user once and looks only among that
--    user's runs, without the policies' three claims checks. What a caller can do with it:
--    lock (`for update`) one of the signed user's own runs and read its event counter, its owner
--    (the caller) and its highest event seq: all of which that user could already do under RLS
--    (`select ... for update` on their runs, `select` of their events). It never finds, locks or
--    reads another user's run, nor any run when the claims are unsigned (uid() is null): no row.
--    When it finds nothing, the trigger takes the old path, the same statement as before, as the
--    caller, under RLS: so a run of another user, a missing run, or an unsigned caller still end in
--    "run ... does not exist" (foreign_key_violation), and `service_role` (no signed user;
--    bypasses RLS) still numbers any run's events. Seq numbering, the owner default, the row lock
--    held until commit and the error are what they were; the insert itself is still checked by
--    run_events' insert policy (owner_id = the signed user) and by the composite foreign key.
--
-- 3. The statement trigger that moves each run's counter (`advance_run_event_seq`) runs as its
--    owner (security definer). It only touches the runs named in its transition table: rows this
--    statement inserted, which by then passed the insert policy (owner_id = the signed user) and
--    the composite foreign key (after-row checks fire before after-statement triggers), i.e. runs
--    of the caller, whose rows the seq trigger already locked. It is executable by no one
--    directly (trigger only), and changes one column to the highest seq just inserted, as before.
--
-- Measured with bench/bench_event_insert.py (before/after this migration) and bench_scaling
-- (bench/README.md, "runner").

-- 1: the redundant foreign keys --------------------------------------------------------------

alter table public.run_events drop constraint run_events_owner_id_fkey;
alter table public.run_steps drop constraint run_steps_owner_id_fkey;

-- 2: the seq trigger's read of its run -------------------------------------------------------

create function orrery_private.lock_run_for_event(run uuid)
returns table (counter bigint, latest bigint, owner uuid)
language plpgsql
volatile
security definer
set search_path = ''
set row_security = off
set plan_cache_mode = force_generic_plan
as $$
begin
  return query
  select r.last_event_seq,
         (select e.seq from public.run_events e where e.run_id = run order by e.seq desc limit 1),
         r.owner_id
    from public.runs r
   where r.id = run
     and r.owner_id = (select orrery_private.uid())
     for update of r;
end;
$$;

comment on function orrery_private.lock_run_for_event(uuid) is
  'The seq trigger''s read of a run of the signed user: locks it (until commit) and returns its event '
  'counter, highest event seq and owner; no row for any other run or without a signed user.';

revoke all on function orrery_private.lock_run_for_event(uuid) from public, anon, authenticated, service_role;
grant execute on function orrery_private.lock_run_for_event(uuid) to authenticated, service_role;

create or replace function public.assign_run_event_seq()
returns trigger
language plpgsql
security invoker
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  run_owner uuid;
  counter bigint;
  latest bigint;
begin
  select l.counter, l.owner, l.latest
    into counter, run_owner, latest
    from orrery_private.lock_run_for_event(new.run_id) l;
  if not found then
    -- Not a run of the signed user: as before, as the caller (RLS decides what it sees).
    select r.last_event_seq, r.owner_id,
           (select e.seq from public.run_events e where e.run_id = new.run_id order by e.seq desc limit 1)
      into counter, run_owner, latest
      from public.runs r
     where r.id = new.run_id
       for update of r;
    if not found then
      raise exception 'run % does not exist', new.run_id
        using errcode = 'foreign_key_violation';
    end if;
  end if;
  new.seq := greatest(counter, coalesce(latest, 0)) + 1;
  new.owner_id := coalesce(new.owner_id, run_owner);
  return new;
end;
$$;

-- 3: the statement trigger, as its owner ------------------------------------------------------

create or replace function public.advance_run_event_seq()
returns trigger
language plpgsql
security definer
set search_path = ''
set row_security = off
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

revoke all on function public.advance_run_event_seq() from public, anon, authenticated, service_role;

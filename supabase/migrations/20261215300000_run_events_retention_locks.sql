-- Retention and partition upkeep that never stall the runs (review of
-- 20261214500000_run_events_partitions.sql, measured on PostgreSQL 18).
--
-- 1. An old month is now emptied (`truncate` of its partition), not detached and dropped.
--    Dropping a partition removes its foreign-key triggers, and that takes an ACCESS EXCLUSIVE
--    lock on `public.runs` and `auth.users`; detaching takes SHARE ROW EXCLUSIVE on both. Either
--    queues every statement on runs (the API's reads, the workers' lease renewals and commits,
--    sign-ins) behind the sweeper for up to its lock timeout. A truncate locks the month's own
--    partition and nothing else (run_events references runs; nothing references run_events),
--    and inserts of other months never open that partition (rows are routed to partitions
--    lazily). It does wait for the commits in flight that inserted events (the seq trigger's
--    generic plan opens every partition, so an open insert holds a share lock on each): those
--    last milliseconds, and the 200 ms lock timeout bounds what an insert may wait behind the
--    truncate. The emptied partition stays attached: an empty table per retired month costs a
--    catalog entry, and a run of that month retried later still has where to write. A month
--    already empty is left alone (no lock taken at all).
-- 2. One month at a time, each in its own subtransaction with a 200 ms lock timeout: a month
--    whose partition is in use (a long read, a retried run's open transaction) is skipped until
--    the next round, and the months emptied before it stay emptied. The second look after the
--    lock uses the same condition as the first (a run retried and finished again between the
--    two looks keeps its month).
-- 3. Making a month's partition locks the default partition against inserts while that month's
--    rows move out of it and the new partition is attached: an insert into the default for that
--    month in between made the attach fail ("updated partition constraint for default partition
--    would be violated"), every round, and rolled back the other months made with it. Each month
--    is now made in its own subtransaction too.
-- 4. A second sweeper (another worker process) that finds the upkeep under way returns at once
--    (`pg_try_advisory_xact_lock`) instead of waiting for the lock and failing on the timeout.
-- 5. `row_security = off` on the three definer functions: should their owner ever be a role
--    subject to row-level security, Postgres raises an error instead of quietly showing them no
--    runs (which would have looked like "every run of the month finished long ago").
-- 6. Compaction also removes the step's recorded input carried by a pure step's `step.succeeded`
--    (events/transitions.py folds the start into it): compacted runs lose their recorded inputs,
--    as README.md promises.
-- 7. `service_role` (Supabase's admin tools) may insert a run without an id again: it is given
--    the id default's function.

grant usage on schema orrery_private to service_role;
grant execute on function orrery_private.time_ordered_uuid() to service_role;

-- 3: the default partition held still while a month moves out of it -------------------------

create or replace function orrery_private.create_run_events_partition(month date)
returns boolean
language plpgsql
volatile
set search_path = ''
set row_security = off
as $$
declare
  first_day date := date_trunc('month', month)::date;
  name text := 'run_events_' || to_char(first_day, 'YYYY_MM');
  lo uuid := orrery_private.run_id_floor(first_day::timestamp at time zone 'UTC');
  hi uuid := orrery_private.run_id_floor((first_day + interval '1 month')::timestamp at time zone 'UTC');
begin
  if first_day < date '2000-01-01' or first_day >= date '2100-01-01' then
    raise exception 'run_events partitions are made for months from 2000-01 to 2099-12, not %', first_day;
  end if;
  if to_regclass(format('orrery_partitions.%I', name)) is not null then
    return false;
  end if;
  -- No insert reaches the default partition from here to the attach (the attach checks that the
  -- default holds no row of the new range, and would fail on one written meanwhile).
  lock table orrery_partitions.run_events_default in share row exclusive mode;
  execute format(
    'create table orrery_partitions.%I (like public.run_events including defaults including constraints)', name);
  perform orrery_private.seal_partition(format('orrery_partitions.%I', name)::regclass);
  execute format(
    'with moved as (delete from orrery_partitions.run_events_default where run_id >= %L and run_id < %L '
    'returning run_id, seq, owner_id, type, data, created_at) '
    'insert into orrery_partitions.%I (run_id, seq, owner_id, type, data, created_at) select * from moved',
    lo, hi, name);
  execute format(
    'alter table public.run_events attach partition orrery_partitions.%I for values from (%L) to (%L)',
    name, lo, hi);
  return true;
end
$$;

create or replace function orrery_private.prepare_run_event_partitions(months_ahead integer)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '200ms'
set row_security = off
as $$
declare
  made integer := 0;
  this_month date := date_trunc('month', now() at time zone 'UTC')::date;
begin
  if months_ahead is null or months_ahead < 0 or months_ahead > 12 then
    raise exception 'prepare_run_event_partitions: months_ahead must be 0..12';
  end if;
  if not pg_try_advisory_xact_lock(hashtext('orrery.run_events.partitions')) then
    return 0;  -- another sweeper is at it
  end if;
  for n in 0..months_ahead loop
    begin
      if orrery_private.create_run_events_partition((this_month + make_interval(months => n))::date) then
        made := made + 1;
      end if;
    exception when lock_not_available then
      -- The default partition or the parent is busy: this month is made next round.
      null;
    end;
  end loop;
  return made;
end
$$;

-- 1, 2: old months emptied one at a time, locking only their own partition ---------------------

drop function orrery_private.drop_old_run_event_partitions(interval);

-- Whether a month of runs (ids in [lo, hi)) holds a run not finished, or finished at `cutoff` or
-- later: such a month's events stay.
create function orrery_private.run_month_in_use(lo uuid, hi uuid, cutoff timestamptz)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select from public.runs r
     where r.id >= lo and r.id < hi
       and (r.finished_at is null or r.finished_at >= cutoff))
$$;

revoke all on function orrery_private.run_month_in_use(uuid, uuid, timestamptz) from public;

create function orrery_private.empty_old_run_event_partitions(older_than interval)
returns text[]
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '200ms'
set row_security = off
as $$
declare
  cutoff timestamptz := now() - older_than;
  part record;
  first_day date;
  lo uuid;
  hi uuid;
  holds_rows boolean;
  emptied text[] := '{}';
begin
  if older_than is null or older_than < interval '1 day' then
    raise exception 'empty_old_run_event_partitions: older_than must be at least a day';
  end if;
  if not pg_try_advisory_xact_lock(hashtext('orrery.run_events.partitions')) then
    return emptied;  -- another sweeper is at it
  end if;
  for part in
    select c.relname::text as name
      from pg_catalog.pg_inherits i
      join pg_catalog.pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'public.run_events'::regclass
       and c.relnamespace = 'orrery_partitions'::regnamespace
       and c.relname ~ '^run_events_[0-9]{4}_[0-9]{2}$'
     order by c.relname
  loop
    first_day := to_date(substr(part.name, 12), 'YYYY_MM');
    exit when ((first_day + interval '1 month')::timestamp at time zone 'UTC') > cutoff;
    lo := orrery_private.run_id_floor(first_day::timestamp at time zone 'UTC');
    hi := orrery_private.run_id_floor((first_day + interval '1 month')::timestamp at time zone 'UTC');
    -- A month holding a run not finished, or finished within the retention, stays whole.
    continue when orrery_private.run_month_in_use(lo, hi, cutoff);
    begin
      execute format('select exists (select from orrery_partitions.%I)', part.name) into holds_rows;
      continue when not holds_rows;  -- emptied before
      -- A run of the month retried meanwhile (finished -> queued) appends to this partition: lock
      -- it, then look again with the same condition, so that such a retry either is seen (the
      -- month stays) or, still uncommitted, holds its lock past the timeout (the month waits
      -- for the next round).
      execute format('lock table orrery_partitions.%I in access exclusive mode', part.name);
      continue when orrery_private.run_month_in_use(lo, hi, cutoff);
      execute format('truncate table orrery_partitions.%I', part.name);
      emptied := emptied || part.name;
    exception when lock_not_available then
      null;  -- in use: next round
    end;
  end loop;
  return emptied;
end
$$;

comment on function orrery_private.empty_old_run_event_partitions(interval) is
  'Retention: empties (truncates) each month partition of run_events whose month ended and whose runs all '
  'finished before now() - older_than, one month at a time, locking only that partition; returns the '
  'names emptied this call.';

revoke all on function orrery_private.empty_old_run_event_partitions(interval) from public;
grant execute on function orrery_private.empty_old_run_event_partitions(interval) to orrery_sweeper;

-- 6: compaction removes the inputs folded into step.succeeded ---------------------------------

create or replace function orrery_private.compact_run_history(older_than interval, batch integer)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
set row_security = off
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
  ), folded_inputs as (
    -- A pure step's start is folded into its step.succeeded, input included (events/transitions.py).
    update public.run_events e
       set data = e.data - 'input'
      from picked p
     where e.run_id = p.id
       and e.type = 'step.succeeded'
       and e.data ? 'input'
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

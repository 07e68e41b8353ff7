-- `run_events` partitioned by time, one partition per month of run starts; retention drops
-- whole partitions (issue 21, "Beyond one machine": capacity model, retention).
--
-- Design
-- ------
-- Partition key: `run_id`, by range. From here a run's id is time-ordered (UUIDv7 layout, RFC
-- 9562: the first 48 bits are the Unix time in milliseconds at which the run was created, the
-- rest random), made by `orrery_private.time_ordered_uuid()`, the new default of `runs.id`. A
-- month of runs is then one range of ids, [floor(month start), floor(next month start)), so
--   * the run's creation time is carried on each of its events without a new column: the
--     table's columns and every statement that inserts into it stay as they were;
--   * all of one run's events live in one partition, so the primary key (run_id, seq) stays a
--     real primary key (a partitioned table's unique constraints must include the partition
--     key: this one does), and the seq trigger, the replay (`where run_id = $1 and seq > $2`)
--     and the run page read one partition (pruned by run_id, at plan or at execution time);
--   * a month's partition can go as a whole once every run started in it has finished and is
--     older than the retention: that is one index range scan of `runs` by primary key.
-- Partitioning by the event's own `created_at` was the other candidate; it was not taken: one
-- run's events would straddle months, (run_id, seq) could no longer be a key (only the trigger
-- would keep it unique), the seq trigger would probe every partition per insert, and deciding
-- that a month may go would need a join of its events with their runs.
--
-- Partitions (all in schema `orrery_partitions`, which no API role may use; queries go through
-- `public.run_events`, whose grants and RLS policies are the only way in):
--   * `run_events_YYYY_MM`: the runs created in that month (UTC). The migration makes this month
--     and the next two; the workers' sweeper keeps two months ahead
--     (`orrery_private.prepare_run_event_partitions`, runner/retention.py).
--   * `run_events_legacy_low` / `run_events_legacy_high`: ids below 2000-01 / from 2100-01. Runs
--     created before this migration have random (v4) ids, spread over the whole id space: about
--     99% of them fall in these two and stay there; their history is still compacted row by row
--     (`compact_run_history`), as before. They are never dropped.
--   * `run_events_default`: whatever no other partition takes (the ~1% of old v4 ids between
--     2000 and 2100, or a run of a month whose partition is not there yet), so an insert never
--     fails. Making a month's partition first moves that month's rows out of the default.
--
-- The seq: unchanged. `assign_run_event_seq` (row trigger, cloned onto every partition) and
-- `advance_run_event_seq` (statement trigger with a transition table, on the parent) are
-- re-created on the new table; they lock the run's row and number its events as before.
--
-- Retention (`orrery_private.drop_old_run_event_partitions(older_than)`, security definer,
-- executable by orrery_sweeper alone): a month partition whose month ended more than
-- `older_than` ago and whose runs (the ids in its range) have all finished more than
-- `older_than` ago is detached and dropped. A month holding an unfinished run, or a run finished
-- recently, is kept whole (its old runs are still compacted row by row, as today); the month's
-- partition is locked and its runs looked at again before the drop, so that a run retried at that
-- moment either keeps the month or writes its new events after it is gone. What goes is
-- every event of those runs: their rows in `runs` and `run_steps` (status, outputs, errors,
-- usage, timings) stay. A run's `last_event_seq` stays too, so a retried run numbers on.
--
-- Locks: making and dropping a partition are brief catalog changes (an attach scans only the
-- new table and the default partition), done at most once a month, under one advisory lock, and
-- with `lock_timeout` so that a long transaction makes the sweeper try again next round rather
-- than queue the runners' inserts behind it.
--
-- Existing rows are moved in this migration (one `insert ... select`, while the table is locked).

create schema if not exists orrery_partitions;
revoke all on schema orrery_partitions from public;
comment on schema orrery_partitions is
  'Partitions of public tables (run_events by month). Reached only through their parent table.';

-- Time-ordered ids ---------------------------------------------------------------------------

create function orrery_private.time_ordered_uuid()
returns uuid
language sql
volatile
parallel safe
set search_path = ''
as $$
  -- A random (v4) uuid whose first 48 bits are replaced by the Unix time in milliseconds and
  -- whose version nibble is set to 7.
  select encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
              from 1 for 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

comment on function orrery_private.time_ordered_uuid() is
  'A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. The ids of runs.';

revoke all on function orrery_private.time_ordered_uuid() from public;
grant execute on function orrery_private.time_ordered_uuid() to authenticated;

create function orrery_private.run_id_floor(at timestamptz)
returns uuid
language sql
immutable
strict
parallel safe
set search_path = ''
as $$
  select encode(
    overlay('\x00000000000000000000000000000000'::bytea
            placing substring(int8send(floor(extract(epoch from at) * 1000)::bigint) from 3)
            from 1 for 6),
    'hex')::uuid
$$;

comment on function orrery_private.run_id_floor(timestamptz) is
  'The smallest time-ordered run id made at or after `at`: a bound of run_events'' month partitions.';

revoke all on function orrery_private.run_id_floor(timestamptz) from public;

alter table public.runs alter column id set default orrery_private.time_ordered_uuid();

-- The partitioned table ------------------------------------------------------------------------

lock table public.run_events in access exclusive mode;
alter table public.run_events rename to run_events_unpartitioned;
alter table public.run_events_unpartitioned rename constraint run_events_pkey to run_events_unpartitioned_pkey;
alter index public.run_events_owner_id_run_id_idx rename to run_events_unpartitioned_owner_id_run_id_idx;

-- The constraints are named as Postgres named them on the old table (while it exists, Postgres
-- would pick other names: they are chosen unique in the schema).
create table public.run_events (
  run_id uuid constraint run_events_run_id_not_null not null,
  seq bigint constraint run_events_seq_not_null not null constraint run_events_seq_check check (seq >= 1),
  owner_id uuid constraint run_events_owner_id_not_null not null default auth.uid()
    constraint run_events_owner_id_fkey references auth.users (id) on delete cascade,
  type text constraint run_events_type_not_null not null
    constraint run_events_type_check check (type ~ '^(run|step)\.[a-z_]+$' and type <> 'step.delta'),
  data jsonb constraint run_events_data_not_null not null default '{}',
  created_at timestamptz constraint run_events_created_at_not_null not null default now(),
  constraint run_events_pkey primary key (run_id, seq),
  constraint run_events_run_fkey foreign key (owner_id, run_id)
    references public.runs (owner_id, id) on delete cascade
) partition by range (run_id);
alter table public.run_events enable row level security;
alter table public.run_events force row level security;

comment on table public.run_events is
  'Durable, append-only event log of a run; seq per run, assigned on insert. Partitioned by run_id '
  '(time-ordered): one partition per month of run starts (20261214500000_run_events_partitions.sql).';

-- Makes a partition unreachable but through its parent, whatever default privileges say.
create function orrery_private.seal_partition(part regclass)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  execute format('revoke all on table %s from public, anon, authenticated, service_role', part);
  execute format('alter table %s enable row level security', part);
  execute format('alter table %s force row level security', part);
end
$$;

revoke all on function orrery_private.seal_partition(regclass) from public;

create table orrery_partitions.run_events_legacy_low partition of public.run_events
  for values from (minvalue) to ('00dc6acf-ac00-0000-0000-000000000000');  -- floor(2000-01-01)
create table orrery_partitions.run_events_legacy_high partition of public.run_events
  for values from ('03bb2cc3-d800-0000-0000-000000000000') to (maxvalue);  -- floor(2100-01-01)
create table orrery_partitions.run_events_default partition of public.run_events default;

do $$
begin
  if orrery_private.run_id_floor('2000-01-01T00:00:00Z') <> '00dc6acf-ac00-0000-0000-000000000000'
     or orrery_private.run_id_floor('2100-01-01T00:00:00Z') <> '03bb2cc3-d800-0000-0000-000000000000' then
    raise exception 'run_events partitions: the legacy bounds are not floor(2000-01) and floor(2100-01)';
  end if;
end
$$;

select orrery_private.seal_partition('orrery_partitions.run_events_legacy_low');
select orrery_private.seal_partition('orrery_partitions.run_events_legacy_high');
select orrery_private.seal_partition('orrery_partitions.run_events_default');

-- One month's partition: made apart and attached (the parent is locked only in share update
-- exclusive mode, so inserts and reads go on), after moving the month's rows out of the default.
create function orrery_private.create_run_events_partition(month date)
returns boolean
language plpgsql
volatile
set search_path = ''
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

comment on function orrery_private.create_run_events_partition(date) is
  'Makes run_events'' partition for the runs created in `month` (UTC), unless it exists; true if made.';

revoke all on function orrery_private.create_run_events_partition(date) from public;

select orrery_private.create_run_events_partition(((now() at time zone 'UTC')::date + make_interval(months => n))::date)
  from generate_series(0, 2) as n;

-- The rows, moved (before the triggers exist: their seq and owner are kept as they were).
insert into public.run_events (run_id, seq, owner_id, type, data, created_at)
select run_id, seq, owner_id, type, data, created_at from public.run_events_unpartitioned;

drop table public.run_events_unpartitioned;

-- The foreign keys (owner_id; owner_id, run_id). Replay uses the primary key.
create index run_events_owner_id_run_id_idx on public.run_events (owner_id, run_id);

create trigger run_events_assign_seq
  before insert on public.run_events
  for each row execute function public.assign_run_event_seq();

create trigger run_events_advance_seq
  after insert on public.run_events
  referencing new table as added
  for each statement execute function public.advance_run_event_seq();

-- The seq trigger reads the run's latest event through `new.run_id` (a parameter known when the
-- statement starts, so the other partitions are pruned before they are opened) rather than
-- through the locked run's `r.id` (known only row by row: every partition was opened for each
-- event, a cost growing with the number of months kept), with one generic plan (a custom plan
-- would be planned again for every event while PL/pgSQL weighs the two: measured erratic, up
-- to several times the cost per event, bench/bench_event_insert.py). Same rows, same numbering,
-- same lock (20261213200000_event_seq_per_statement.sql).
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
  new.seq := greatest(counter, coalesce(latest, 0)) + 1;
  new.owner_id := coalesce(new.owner_id, run_owner);
  return new;
end;
$$;

-- Privileges and policies, as they were (20261121000300_runs.sql, 20261206300200_signed_claims.sql).
revoke all on public.run_events from anon, authenticated, service_role;
grant select, insert on public.run_events to authenticated;
grant select, insert, delete on public.run_events to service_role;

create policy "Run events are readable by their owner"
  on public.run_events for select to authenticated
  using (owner_id = (select orrery_private.uid()));

create policy "Run events can be appended by their owner"
  on public.run_events for insert to authenticated
  with check (owner_id = (select orrery_private.uid()));

-- The sweeper's two calls ----------------------------------------------------------------------

create function orrery_private.prepare_run_event_partitions(months_ahead integer)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  made integer := 0;
  this_month date := date_trunc('month', now() at time zone 'UTC')::date;
begin
  if months_ahead is null or months_ahead < 0 or months_ahead > 12 then
    raise exception 'prepare_run_event_partitions: months_ahead must be 0..12';
  end if;
  perform pg_advisory_xact_lock(hashtext('orrery.run_events.partitions'));
  for n in 0..months_ahead loop
    if orrery_private.create_run_events_partition((this_month + make_interval(months => n))::date) then
      made := made + 1;
    end if;
  end loop;
  return made;
end
$$;

comment on function orrery_private.prepare_run_event_partitions(integer) is
  'Makes run_events'' partitions for this month and the next `months_ahead` (UTC); returns how many were made.';

revoke all on function orrery_private.prepare_run_event_partitions(integer) from public;
grant execute on function orrery_private.prepare_run_event_partitions(integer) to orrery_sweeper;

create function orrery_private.drop_old_run_event_partitions(older_than interval)
returns text[]
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  cutoff timestamptz := now() - older_than;
  part record;
  first_day date;
  lo uuid;
  hi uuid;
  dropped text[] := '{}';
begin
  if older_than is null or older_than < interval '1 day' then
    raise exception 'drop_old_run_event_partitions: older_than must be at least a day';
  end if;
  perform pg_advisory_xact_lock(hashtext('orrery.run_events.partitions'));
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
    continue when ((first_day + interval '1 month')::timestamp at time zone 'UTC') > cutoff;
    lo := orrery_private.run_id_floor(first_day::timestamp at time zone 'UTC');
    hi := orrery_private.run_id_floor((first_day + interval '1 month')::timestamp at time zone 'UTC');
    continue when exists (
      select from public.runs r
       where r.id >= lo and r.id < hi
         and (r.finished_at is null or r.finished_at >= cutoff));
    -- A run of the month retried meanwhile (finished -> queued) appends to this partition: lock
    -- it, then look again for runs that are not finished, so that such a retry either is seen
    -- (the month stays) or waits and writes its events after the month is gone (to the default).
    execute format('lock table orrery_partitions.%I in access exclusive mode', part.name);
    continue when exists (
      select from public.runs r
       where r.status in ('queued', 'running', 'waiting')
         and r.id >= lo and r.id < hi);
    execute format('alter table public.run_events detach partition orrery_partitions.%I', part.name);
    execute format('drop table orrery_partitions.%I', part.name);
    dropped := dropped || part.name;
  end loop;
  return dropped;
end
$$;

comment on function orrery_private.drop_old_run_event_partitions(interval) is
  'Retention: detaches and drops each month partition of run_events whose month ended and whose runs all '
  'finished before now() - older_than; returns the names dropped.';

revoke all on function orrery_private.drop_old_run_event_partitions(interval) from public;
grant execute on function orrery_private.drop_old_run_event_partitions(interval) to orrery_sweeper;

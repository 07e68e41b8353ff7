-- Runs, their steps (one row per node attempt) and their durable event log.
--
-- A run pins one workflow version. The runner (ARCHITECTURE.md §1, issue 5)
-- executes it under a lease: `lease_owner` names the worker, `lease_token`
-- is a fencing token bumped on every new lease (only the holder of the
-- current token may commit), `lease_expires_at` lets another worker take
-- over once it lapses. Workers act with the run owner's claims, so RLS
-- applies to them as to the API; only maintenance uses `service_role`.
--
-- `run_events` is the per-run event log behind the SSE stream (§5). Its
-- `seq` is assigned by the database from `runs.last_event_seq` under the
-- run's row lock, so events of a run commit in seq order: a reader that has
-- seen seq N never later finds a smaller one appear. `step.delta` events are
-- live-only and never stored.
--
-- Tenancy: every row carries `owner_id`; children reference their parent
-- through (owner_id, parent_id), so no row can point at another owner's run
-- or version.

create table public.runs (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  workflow_id uuid not null,
  workflow_version integer not null,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
  inputs jsonb not null default '{}' check (jsonb_typeof(inputs) = 'object'),
  outputs jsonb check (jsonb_typeof(outputs) = 'object'),
  error jsonb check (jsonb_typeof(error) = 'object'),
  -- Limits for this run: {"max_steps": .., "max_tokens": .., "max_cost_usd": ..}.
  budgets jsonb not null default '{}' check (jsonb_typeof(budgets) = 'object'),
  tokens_in bigint not null default 0 check (tokens_in >= 0),
  tokens_out bigint not null default 0 check (tokens_out >= 0),
  cost_usd numeric not null default 0 check (cost_usd >= 0),
  -- The `Idempotency-Key` of the request that created it: one run per key and owner.
  idempotency_key text check (char_length(idempotency_key) between 1 and 255),
  lease_owner text,
  lease_token bigint not null default 0 check (lease_token >= 0),
  lease_expires_at timestamptz,
  cancel_requested_at timestamptz,
  -- The seq of the run's latest durable event (0: none yet).
  last_event_seq bigint not null default 0 check (last_event_seq >= 0),
  -- created_at is when the run was queued.
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint runs_finished_when_terminal
    check ((status in ('succeeded', 'failed', 'cancelled')) = (finished_at is not null)),
  constraint runs_lease_complete check ((lease_owner is null) = (lease_expires_at is null)),
  -- Target of the children's (owner_id, run_id) foreign keys; serves owner_id's.
  constraint runs_owner_id_id_key unique (owner_id, id),
  constraint runs_owner_id_idempotency_key_key unique (owner_id, idempotency_key),
  constraint runs_workflow_version_fkey foreign key (owner_id, workflow_id, workflow_version)
    references public.workflow_versions (owner_id, workflow_id, version) on delete cascade
);
alter table public.runs enable row level security;
alter table public.runs force row level security;

comment on table public.runs is 'One execution of a pinned workflow version.';
comment on column public.runs.lease_token is 'Fencing token: bumped on every new lease; only its holder commits step results.';
comment on column public.runs.last_event_seq is 'Seq of the latest run_events row; assigned by the run_events trigger.';

-- History: a user's runs, newest first (cursor on created_at, id).
create index runs_owner_id_created_at_idx on public.runs (owner_id, created_at desc, id desc);
-- A workflow's runs tab and the dashboard's "last run", newest first.
create index runs_workflow_id_created_at_idx on public.runs (workflow_id, created_at desc, id desc);
-- The foreign key to the pinned version.
create index runs_owner_id_workflow_id_workflow_version_idx
  on public.runs (owner_id, workflow_id, workflow_version);
-- The sweeper: runs not finished yet. Neither lease nor event columns are
-- indexed, so lease renewals and event appends stay HOT updates.
create index runs_active_idx on public.runs (created_at)
  where status in ('queued', 'running', 'waiting');

create trigger runs_set_updated_at
  before update on public.runs
  for each row execute function public.set_updated_at();

create table public.run_steps (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  run_id uuid not null,
  node_id text not null check (char_length(node_id) between 1 and 128),
  attempt integer not null default 1 check (attempt >= 1),
  status text not null default 'queued'
    check (status in ('queued', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled')),
  input jsonb,
  output jsonb,
  error jsonb check (jsonb_typeof(error) = 'object'),
  model text,
  tokens_in bigint not null default 0 check (tokens_in >= 0),
  tokens_out bigint not null default 0 check (tokens_out >= 0),
  cost_usd numeric not null default 0 check (cost_usd >= 0),
  -- Sent with side effects (`run:node:attempt`) so the other side can deduplicate.
  idempotency_key text check (char_length(idempotency_key) between 1 and 255),
  -- Approval steps: who decided, when, and {approved, comment, output}.
  -- Not a foreign key to auth.users, for the same reason as created_by.
  decided_by uuid,
  decided_at timestamptz,
  decision jsonb check (jsonb_typeof(decision) = 'object'),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint run_steps_finished_when_terminal
    check ((status in ('succeeded', 'failed', 'skipped', 'cancelled')) = (finished_at is not null)),
  constraint run_steps_run_id_node_id_attempt_key unique (run_id, node_id, attempt),
  constraint run_steps_run_fkey foreign key (owner_id, run_id)
    references public.runs (owner_id, id) on delete cascade
);
alter table public.run_steps enable row level security;
alter table public.run_steps force row level security;

comment on table public.run_steps is 'One attempt of one node in a run: state, input, output, error, usage and timings.';

-- The foreign keys (owner_id; owner_id, run_id).
create index run_steps_owner_id_run_id_idx on public.run_steps (owner_id, run_id);

create trigger run_steps_set_updated_at
  before update on public.run_steps
  for each row execute function public.set_updated_at();

create table public.run_events (
  run_id uuid not null,
  seq bigint not null check (seq >= 1),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  type text not null check (type ~ '^(run|step)\.[a-z_]+$' and type <> 'step.delta'),
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (run_id, seq),
  constraint run_events_run_fkey foreign key (owner_id, run_id)
    references public.runs (owner_id, id) on delete cascade
);
alter table public.run_events enable row level security;
alter table public.run_events force row level security;

comment on table public.run_events is 'Durable, append-only event log of a run; seq per run, assigned on insert.';

-- The foreign keys (owner_id; owner_id, run_id). Replay uses the primary key.
create index run_events_owner_id_run_id_idx on public.run_events (owner_id, run_id);

-- Numbers the event from its run, taking the run's row lock until commit so a
-- run's events commit in seq order; any seq supplied is replaced. Runs as the
-- caller, so under RLS a user can only append to their own runs. An event
-- written without owner_id (by `service_role`, which has no auth.uid())
-- takes its run's owner.
create function public.assign_run_event_seq()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  run_owner uuid;
begin
  update public.runs
     set last_event_seq = last_event_seq + 1
   where id = new.run_id
  returning last_event_seq, owner_id into new.seq, run_owner;
  if not found then
    raise exception 'run % does not exist', new.run_id
      using errcode = 'foreign_key_violation';
  end if;
  new.owner_id := coalesce(new.owner_id, run_owner);
  return new;
end;
$$;

comment on function public.assign_run_event_seq() is 'Trigger: numbers a run''s events from runs.last_event_seq.';

revoke all on function public.assign_run_event_seq() from public, anon, authenticated, service_role;

create trigger run_events_assign_seq
  before insert on public.run_events
  for each row execute function public.assign_run_event_seq();

-- Privileges. The API (acting as the user) creates runs, cancels them and
-- records approval decisions; the runner (acting as the run's owner) writes
-- state, results, usage, leases and events. Pins, inputs and identities are
-- never updated. Events are append-only. Runs and their steps are deleted
-- only with their workflow or their owner (the cascades).
revoke all on public.runs from anon, authenticated, service_role;
revoke all on public.run_steps from anon, authenticated, service_role;
revoke all on public.run_events from anon, authenticated, service_role;

grant select, insert on public.runs to authenticated;
grant update (
  status, outputs, error, tokens_in, tokens_out, cost_usd,
  lease_owner, lease_token, lease_expires_at, cancel_requested_at, last_event_seq,
  started_at, finished_at
) on public.runs to authenticated;
grant select, insert on public.run_steps to authenticated;
grant update (
  status, input, output, error, model, tokens_in, tokens_out, cost_usd, idempotency_key,
  decided_by, decided_at, decision, started_at, finished_at
) on public.run_steps to authenticated;
grant select, insert on public.run_events to authenticated;

grant select, insert, update, delete on public.runs to service_role;
grant select, insert, update, delete on public.run_steps to service_role;
grant select, insert, delete on public.run_events to service_role;

create policy "Runs are readable by their owner"
  on public.runs for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Runs can be started by their owner"
  on public.runs for insert to authenticated
  with check (owner_id = (select auth.uid()));

create policy "Runs are updatable by their owner"
  on public.runs for update to authenticated
  using (owner_id = (select auth.uid()))
  with check (owner_id = (select auth.uid()));

create policy "Run steps are readable by their owner"
  on public.run_steps for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Run steps can be created by their owner"
  on public.run_steps for insert to authenticated
  with check (owner_id = (select auth.uid()));

create policy "Run steps are updatable by their owner"
  on public.run_steps for update to authenticated
  using (owner_id = (select auth.uid()))
  with check (owner_id = (select auth.uid()));

create policy "Run events are readable by their owner"
  on public.run_events for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Run events can be appended by their owner"
  on public.run_events for insert to authenticated
  with check (owner_id = (select auth.uid()));

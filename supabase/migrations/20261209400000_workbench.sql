-- The editor as a workbench (issue 18): test runs of one node, pinned outputs, forks.
--
-- runs.kind: 'run' (a normal run, every node executes), 'test' (the editor's "Run this
-- node": one node executes, the steps upstream of it are seeded with earlier outputs or
-- pins) or 'fork' (a finished run re-run from one of its steps, everything upstream of it
-- seeded from the origin). A fork names its origin: forked_from_run_id, forked_from_step.
-- The origin may go (retention, a delete): the fork keeps its step name and loses the link.
--
-- run_steps.seeded_from: a step that was not executed in this run but given its output when
-- the run was created: 'pin' (the workflow's pinned output of that node) or the id of the
-- run whose output it reused. Null for every executed step. Written on insert only, but the
-- runner's upsert names every column it writes, so `update` is granted on it.
--
-- workflow_pins: the output a user pinned on a node of a workflow's draft. A side table,
-- not a field of the workflow document: a version's spec is immutable and is what every
-- normal run executes, so pins there would make each pin a new version, copy sample data
-- (often a real LLM answer) into every version, and put it one `if` away from a normal run.
-- Here a normal run never reads them; only test runs do (`runs.service`).

alter table public.runs
  add column kind text not null default 'run' check (kind in ('run', 'test', 'fork')),
  add column forked_from_run_id uuid,
  add column forked_from_step text check (char_length(forked_from_step) between 1 and 200),
  add constraint runs_forked_from_fkey foreign key (owner_id, forked_from_run_id)
    references public.runs (owner_id, id) on delete set null (forked_from_run_id),
  add constraint runs_fork_has_origin_step
    check ((kind = 'fork') = (forked_from_step is not null));

comment on column public.runs.kind is 'run: a normal run; test: one node tested from the editor; fork: re-run from a step of another run.';
comment on column public.runs.forked_from_run_id is 'The run this fork re-ran from (null once that run is gone).';
comment on column public.runs.forked_from_step is 'The node of the origin run this fork re-ran from.';

-- A run's forks (the run page lists them); the FK's set null looks them up too.
create index runs_owner_id_forked_from_run_id_idx on public.runs (owner_id, forked_from_run_id)
  where forked_from_run_id is not null;

alter table public.run_steps
  add column seeded_from text check (seeded_from = 'pin' or seeded_from ~ '^[0-9a-f-]{36}$');

comment on column public.run_steps.seeded_from is
  'Not executed in this run: its output was a pin (''pin'') or reused from the run with this id.';

grant update (seeded_from) on public.run_steps to authenticated;

create table public.workflow_pins (
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  workflow_id uuid not null,
  node_id text not null check (char_length(node_id) between 1 and 200),
  output jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (owner_id, workflow_id, node_id),
  constraint workflow_pins_workflow_fkey foreign key (owner_id, workflow_id)
    references public.workflows (owner_id, id) on delete cascade
);
alter table public.workflow_pins enable row level security;
alter table public.workflow_pins force row level security;

comment on table public.workflow_pins is 'A node output pinned in the editor: test runs use it instead of executing the node.';

create policy "Pins are readable by their owner" on public.workflow_pins
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Pins can be added by their owner" on public.workflow_pins
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Pins can be changed by their owner" on public.workflow_pins
  for update to authenticated
  using (owner_id = (select orrery_private.uid())) with check (owner_id = (select orrery_private.uid()));
create policy "Pins can be removed by their owner" on public.workflow_pins
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

-- The API (orrery_engine) acts as `authenticated`; workers never read pins.
grant select, insert, delete on public.workflow_pins to authenticated;
grant update (output, updated_at) on public.workflow_pins to authenticated;

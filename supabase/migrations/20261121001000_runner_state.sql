-- What the DynamicWorkflowRunner needs on each step row beyond its result.
--
-- * `handles`: the output handles a step made live (a router's chosen route,
--   an approval's `approved` / `rejected`); null means the node's defaults.
--   The runner rebuilds which edges are live from it when a run resumes.
-- * `executions`: how many times a worker started this attempt. A worker
--   killed mid-step leaves the row `running`; the next worker re-executes the
--   same attempt (same idempotency key) and counts it here, so a step whose
--   worker dies every time fails after its max attempts instead of looping.
-- * `superseded_at`: set on the steps a "retry from this node" re-runs; the
--   rows stay for inspection, and the runner ignores them when scheduling.
-- * `waiting_until`: an approval step's deadline, after which its default
--   decision applies.

alter table public.run_steps
  add column handles text[],
  add column executions integer not null default 0 check (executions >= 0),
  add column superseded_at timestamptz,
  add column waiting_until timestamptz;

comment on column public.run_steps.handles is 'Output handles this step made live; null: the node''s default handles.';
comment on column public.run_steps.executions is 'Times a worker started this attempt (worker deaths included).';
comment on column public.run_steps.superseded_at is 'Set when a retry re-runs this node; the row stays for inspection.';

grant update (handles, executions, superseded_at, waiting_until) on public.run_steps to authenticated;

-- The runner loads a run's current steps; the sweeper finds expired approvals.
create index run_steps_run_id_current_idx on public.run_steps (run_id, node_id, attempt desc)
  where superseded_at is null;
create index run_steps_waiting_until_idx on public.run_steps (waiting_until)
  where status = 'waiting' and waiting_until is not null;

-- Which worker executed an attempt (host:pid): for inspection, and to see
-- runs spread over workers.
alter table public.run_steps add column worker text;
grant update (worker) on public.run_steps to authenticated;

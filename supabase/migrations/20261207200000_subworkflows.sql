-- Sub-workflows (issue 15): a step of one run starts a run of another workflow, its child.
--
-- A child run is a real run of its own workflow (its own page, steps, events, budgets,
-- behind the same policies as any run), linked to the step attempt that started it:
-- `parent_run_id`, `parent_node_id`, `parent_scope` (the container iteration of that step,
-- `scenes[3]`; null at the top level) and `parent_attempt`. That link is unique, so a step
-- attempt executed again (its worker died) finds the child it started instead of starting
-- a second one. `depth` is 0 for a run a person (or a trigger) started and its parent's
-- depth + 1 for a child; the engine refuses a child deeper than ORRERY_MAX_RUN_DEPTH.
--
-- Tenancy: the parent is referenced through (owner_id, parent_run_id), as every child row
-- references its parent here, so a run can only be the child of a run of the same owner.
-- Deleting the parent (with its workflow) keeps the child, which is a run of another
-- workflow with its own history, and forgets only the link (`set null (parent_run_id)`);
-- `parent_node_id` and `depth` still say it was started by a step.
--
-- No new grant and no new policy: the links are written once, when the child is inserted
-- by its owner (`insert` is granted on whole rows; nothing updates them), and the rows stay
-- behind the policies of runs (owner only, through orrery_private.uid(), see
-- 20261206300200_signed_claims.sql).

alter table public.runs
  add column parent_run_id uuid,
  add column parent_node_id text check (char_length(parent_node_id) between 1 and 128),
  add column parent_scope text check (char_length(parent_scope) between 1 and 1000),
  add column parent_attempt integer check (parent_attempt >= 1),
  add column depth integer not null default 0 check (depth between 0 and 100),
  add constraint runs_parent_step_complete check (
    (parent_node_id is null) = (parent_attempt is null)
    and (parent_node_id is null) = (depth = 0)
    and (parent_run_id is null or parent_node_id is not null)
    and (parent_scope is null or parent_node_id is not null)
  ),
  add constraint runs_parent_run_fkey foreign key (owner_id, parent_run_id)
    references public.runs (owner_id, id) on delete set null (parent_run_id);

comment on column public.runs.parent_run_id is
  'For a sub-workflow''s run: the run whose step started it (null once that run is deleted).';
comment on column public.runs.parent_scope is
  'The container iteration of the step that started this run (`scenes[3]`); null at the top level.';
comment on column public.runs.depth is
  '0 for a run a person started; a child run is its parent''s depth + 1.';

-- The foreign key, and a run's children, newest first (GET /runs?parent_run_id=...).
create index runs_owner_id_parent_run_id_created_at_idx
  on public.runs (owner_id, parent_run_id, created_at desc, id desc)
  where parent_run_id is not null;

-- One child per step attempt: a re-executed attempt finds the child it already started.
create unique index runs_parent_step_attempt_key
  on public.runs (parent_run_id, parent_node_id, (coalesce(parent_scope, '')), parent_attempt)
  where parent_run_id is not null;

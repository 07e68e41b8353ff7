-- Control flow (issue 15): map and loop containers run their body once per item or
-- iteration, and any node may send its failure down an `error` branch.
--
-- A body step belongs to one iteration of its container: its `scope` says which
-- (`scenes[3]`: item 3 of the map `scenes`; nested containers join with `/`,
-- `scenes[3]/refine[0]`), '' at the top level. A node's steps are keyed by
-- (scope, node_id, attempt), so the same body node has its own attempts per item.
--
-- A failure the node's `error` branch took is `handled`: the step is `failed` and the
-- run goes on.
--
-- No new policy: the rows stay behind the policies of run_steps (owner only, through
-- orrery_private.uid(), see 20261206300200_signed_claims.sql).

alter table public.run_steps
  add column scope text not null default ''
    constraint run_steps_scope_check check (
      scope ~ '^([A-Za-z_][A-Za-z0-9_]{0,63}\[[0-9]{1,6}\](/[A-Za-z_][A-Za-z0-9_]{0,63}\[[0-9]{1,6}\]){0,7})?$'
    ),
  add column handled boolean not null default false;

comment on column public.run_steps.scope is
  'The container iteration the step belongs to: '''' at the top level, `map_id[3]` inside item 3, nested with `/`.';
comment on column public.run_steps.handled is
  'A failure the node''s `error` branch took: the run followed it instead of failing.';

alter table public.run_steps drop constraint run_steps_run_id_node_id_attempt_key;
alter table public.run_steps
  add constraint run_steps_run_id_scope_node_id_attempt_key unique (run_id, scope, node_id, attempt);

-- The runner loads a run's current steps, every scope at once.
drop index public.run_steps_run_id_current_idx;
create index run_steps_run_id_current_idx on public.run_steps (run_id, scope, node_id, attempt desc)
  where superseded_at is null;

-- `scope` is set when the row is created (insert), never changed.
grant update (handled) on public.run_steps to authenticated;

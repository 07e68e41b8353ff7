-- Workflows and their immutable versions.
--
-- A workflow is a named, owned graph document (ARCHITECTURE.md §7). Its spec
-- lives in `workflow_versions`: a changed spec makes a new version, renaming
-- does not, and a version never changes once written, so a run can pin one.
-- `workflows.current_version` is the version the editor shows; an update
-- names the version it was based on, and a stale one is refused (409) by
-- `update ... where current_version = $based_on`.
--
-- Tenancy: every row carries `owner_id`, and RLS allows a user their own rows
-- only. A version references its workflow through (owner_id, workflow_id), so
-- it cannot be attached to another owner's workflow.

create table public.workflows (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200 and btrim(name) <> ''),
  description text not null default '' check (char_length(description) <= 2000),
  current_version integer not null default 1 check (current_version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Target of the children's (owner_id, workflow_id) foreign keys; also
  -- serves the owner_id foreign key.
  constraint workflows_owner_id_id_key unique (owner_id, id)
);
alter table public.workflows enable row level security;
alter table public.workflows force row level security;

comment on table public.workflows is 'A user''s workflow: name and the current version of its spec (in workflow_versions).';
comment on column public.workflows.current_version is 'The latest version in workflow_versions; optimistic-concurrency token for updates.';

-- The dashboard: a user's workflows, most recently edited first (cursor on updated_at, id).
create index workflows_owner_id_updated_at_idx on public.workflows (owner_id, updated_at desc, id desc);

create trigger workflows_set_updated_at
  before update on public.workflows
  for each row execute function public.set_updated_at();

create table public.workflow_versions (
  workflow_id uuid not null,
  version integer not null check (version >= 1),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  spec jsonb not null check (jsonb_typeof(spec) = 'object'),
  -- sha256 of the jsonb's canonical form (keys sorted, whitespace dropped):
  -- equal specs hash equal, so "did the spec change?" is a comparison.
  spec_hash text not null generated always as (encode(sha256(jsonb_send(spec)), 'hex')) stored,
  -- Who saved it. Not a foreign key: the owner's own cascade covers deletion,
  -- and a foreign key to auth.users would let a user probe other user ids.
  created_by uuid not null default auth.uid(),
  created_at timestamptz not null default now(),
  primary key (workflow_id, version),
  -- Serves the owner_id and (owner_id, workflow_id) foreign keys, and is the
  -- target of runs' (owner_id, workflow_id, workflow_version) foreign key.
  constraint workflow_versions_owner_id_workflow_id_version_key unique (owner_id, workflow_id, version),
  constraint workflow_versions_workflow_fkey foreign key (owner_id, workflow_id)
    references public.workflows (owner_id, id) on delete cascade
);
alter table public.workflow_versions enable row level security;
alter table public.workflow_versions force row level security;

comment on table public.workflow_versions is 'Immutable spec of each version of a workflow; runs pin one.';
comment on column public.workflow_versions.spec_hash is 'sha256 (hex) of the spec''s canonical jsonb form.';

-- Privileges: the engine acts for users as `authenticated` (RLS applies);
-- `service_role` is for maintenance. Versions are immutable: nobody updates
-- them, and they are deleted only with their workflow (the cascade).
revoke all on public.workflows from anon, authenticated, service_role;
revoke all on public.workflow_versions from anon, authenticated, service_role;
grant select, insert, delete on public.workflows to authenticated;
grant update (name, description, current_version) on public.workflows to authenticated;
grant select, insert on public.workflow_versions to authenticated;
grant select, insert, update, delete on public.workflows to service_role;
grant select, insert, delete on public.workflow_versions to service_role;

create policy "Workflows are readable by their owner"
  on public.workflows for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Workflows can be created by their owner"
  on public.workflows for insert to authenticated
  with check (owner_id = (select auth.uid()));

create policy "Workflows are editable by their owner"
  on public.workflows for update to authenticated
  using (owner_id = (select auth.uid()))
  with check (owner_id = (select auth.uid()));

create policy "Workflows can be deleted by their owner"
  on public.workflows for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy "Workflow versions are readable by their owner"
  on public.workflow_versions for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Workflow versions can be created by their owner"
  on public.workflow_versions for insert to authenticated
  with check (owner_id = (select auth.uid()) and created_by = (select auth.uid()));

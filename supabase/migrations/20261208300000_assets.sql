-- Assets: files users upload and workflow steps make (images, audio, video, text).
--
-- A row is an asset's metadata; its bytes live in the asset store (Supabase
-- Storage's private bucket, or files under the data directory in the embedded
-- mode) under `storage_key` = '<owner_id>/<id>', made by the engine from the two
-- ids (a client's file name never reaches a path). Who may read an asset is
-- decided here, by RLS on the owner; the bucket is private and only the engine
-- reaches it.
--
-- Deleting never leaves orphans: a row that goes (by hand, with its run, with
-- its run's workflow, by retention) leaves its storage key in
-- `asset_deletions` (an `after delete` trigger, in the same transaction), and
-- the engine deletes those files and then those rows (AssetService.purge).
-- A crash in between leaves the key listed, to be purged by the next purge.

create table public.assets (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  run_id uuid,
  node_id text check (char_length(node_id) <= 200),
  scope text check (char_length(scope) <= 1000),
  name text not null check (char_length(name) between 1 and 255),
  mime text not null check (char_length(mime) between 3 and 100),
  size bigint not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  width integer check (width > 0),
  height integer check (height > 0),
  duration_s double precision check (duration_s >= 0),
  storage_key text not null unique check (storage_key ~ '^[0-9a-f-]{36}/[0-9a-f-]{36}$'),
  created_at timestamptz not null default now(),
  -- A run's assets go with the run (and so with its workflow).
  constraint assets_run_fkey foreign key (owner_id, run_id)
    references public.runs (owner_id, id) on delete cascade
);
alter table public.assets enable row level security;
alter table public.assets force row level security;

comment on table public.assets is 'A file a user uploaded or a run made; its bytes are in the asset store under storage_key.';

-- The Assets page: a user's newest first; filtered by run.
create index assets_owner_id_created_at_idx on public.assets (owner_id, created_at desc, id desc);
create index assets_owner_id_run_id_idx on public.assets (owner_id, run_id) where run_id is not null;

create policy "Assets are readable by their owner" on public.assets
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Assets can be added by their owner" on public.assets
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Assets can be deleted by their owner" on public.assets
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

grant select, insert, delete on public.assets to authenticated;

-- Files whose asset rows are gone, waiting to be deleted from the store.
create table public.asset_deletions (
  storage_key text primary key check (storage_key ~ '^[0-9a-f-]{36}/[0-9a-f-]{36}$'),
  -- No foreign key to auth.users: the list outlives the rows it came from.
  owner_id uuid not null,
  created_at timestamptz not null default now()
);
alter table public.asset_deletions enable row level security;
alter table public.asset_deletions force row level security;

comment on table public.asset_deletions is 'Storage keys of deleted assets whose files are still to be removed.';

create index asset_deletions_owner_id_idx on public.asset_deletions (owner_id);

create policy "Asset deletions are readable by their owner" on public.asset_deletions
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Asset deletions can be recorded by their owner" on public.asset_deletions
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Asset deletions can be cleared by their owner" on public.asset_deletions
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

grant select, insert, delete on public.asset_deletions to authenticated;

-- Security definer: a row also goes when its user is deleted (auth.users cascade), by
-- someone who is not that user, and its file must still be listed for removal. It runs
-- as the migrations' owner, who bypasses RLS (a superuser locally; on Supabase the
-- `postgres` role, which has BYPASSRLS).
create function public.assets_record_deletion()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.asset_deletions (storage_key, owner_id)
  values (old.storage_key, old.owner_id)
  on conflict (storage_key) do nothing;
  return old;
end
$$;

create trigger assets_record_deletion
  after delete on public.assets
  for each row execute function public.assets_record_deletion();

revoke all on function public.assets_record_deletion() from public, anon, authenticated;

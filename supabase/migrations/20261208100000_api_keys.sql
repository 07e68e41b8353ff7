-- Personal API keys (issue 16): scripts and other services act as their user.
--
-- A key is `orr_` + 8 characters (its visible prefix) + `_` + 43 random characters
-- (256 bits). Only its SHA-256 is stored (`key_hash`), with the prefix to recognise it
-- in Settings; the key itself is shown once, when it is created. A key carries scopes
-- (`runs:write` start and steer runs, `runs:read` read runs and their events,
-- `workflows:write` manage workflows), an optional expiry, when it was last used
-- (written at most once a minute per key), and when it was revoked. A revoked key
-- stays revoked (a trigger keeps `revoked_at`), and is kept so its history stays visible.
--
-- Who reads what:
-- - The owner, as `authenticated` under RLS through (select orrery_private.uid()): lists,
--   creates and revokes their keys. `key_hash` is not readable by anyone but the table's
--   owner: there is no column grant on it.
-- - The API's login role (orrery_engine) turns a presented key into its user with
--   `orrery_private.authenticate_api_key(hash)`, a security definer function that answers
--   only for the key whose hash it is given (a caller must hold the key itself to learn
--   anything), only while that key is neither revoked nor expired and its user is active,
--   and stamps `last_used_at`. The role holds no grant on the table: it cannot list keys,
--   nor read another user's. Workers and the sweeper get nothing.
-- The engine then acts as the key's user with signed claims, exactly as for a JWT.

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100 and btrim(name) <> ''),
  prefix text not null check (prefix ~ '^orr_[A-Za-z0-9]{8}$'),
  key_hash bytea not null check (octet_length(key_hash) = 32),
  scopes text[] not null check (
    cardinality(scopes) between 1 and 3
    and scopes <@ array['runs:write', 'runs:read', 'workflows:write']::text[]
  ),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  constraint api_keys_key_hash_key unique (key_hash)
);
alter table public.api_keys enable row level security;
alter table public.api_keys force row level security;

comment on table public.api_keys is
  'Personal API keys: only their SHA-256 and visible prefix; the key is shown once.';
comment on column public.api_keys.key_hash is
  'SHA-256 of the whole key; readable by no API role (see orrery_private.authenticate_api_key).';

-- The owner's list, newest first; also serves the owner_id foreign key.
create index api_keys_owner_id_created_at_idx on public.api_keys (owner_id, created_at desc, id desc);

revoke all on public.api_keys from anon, authenticated, service_role;
grant select (id, owner_id, name, prefix, scopes, expires_at, last_used_at, revoked_at, created_at)
  on public.api_keys to authenticated;
grant insert (owner_id, name, prefix, key_hash, scopes, expires_at) on public.api_keys to authenticated;
grant update (revoked_at) on public.api_keys to authenticated;

create policy "API keys are readable by their owner"
  on public.api_keys for select to authenticated
  using (owner_id = (select orrery_private.uid()));

create policy "API keys can be created by their owner"
  on public.api_keys for insert to authenticated
  with check (owner_id = (select orrery_private.uid()));

create policy "API keys can be revoked by their owner"
  on public.api_keys for update to authenticated
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));

-- Revoked is final: an update cannot clear or move `revoked_at` once it is set.
create function orrery_private.api_keys_keep_revoked()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if old.revoked_at is not null then
    new.revoked_at := old.revoked_at;
  end if;
  return new;
end
$$;
revoke all on function orrery_private.api_keys_keep_revoked() from public, anon, authenticated, service_role;

create trigger api_keys_keep_revoked
  before update on public.api_keys
  for each row execute function orrery_private.api_keys_keep_revoked();

create function orrery_private.authenticate_api_key(presented bytea)
returns table (key_id uuid, user_id uuid, email text, scopes text[], expires_at timestamptz)
language sql
volatile
security definer
set search_path = ''
as $$
  with found as (
    select k.id, k.owner_id, u.email::text as email, k.scopes, k.expires_at, k.last_used_at
      from public.api_keys k
      join auth.users u on u.id = k.owner_id
     where k.key_hash = presented
       and k.revoked_at is null
       and (k.expires_at is null or k.expires_at > now())
       and u.deleted_at is null
       and (u.banned_until is null or u.banned_until <= now())
  ), used as (
    update public.api_keys k
       set last_used_at = now()
      from found f
     where k.id = f.id
       and (f.last_used_at is null or f.last_used_at < now() - interval '1 minute')
  )
  select f.id, f.owner_id, f.email, f.scopes, f.expires_at from found f
$$;

comment on function orrery_private.authenticate_api_key(bytea) is
  'The user and scopes of the live API key with this SHA-256 (none when revoked, expired or its user is gone); stamps last_used_at at most once a minute.';

revoke all on function orrery_private.authenticate_api_key(bytea) from public, anon, authenticated, service_role;
grant execute on function orrery_private.authenticate_api_key(bytea) to orrery_engine;

-- Named secrets for any node's configuration (issue 16): `{{ secrets.NAME }}`.
--
-- Encrypted exactly like provider credentials: AES-256-GCM under the engine's master key
-- (ORRERY_MASTER_KEY, never in the database), a random nonce per value, and associated
-- data binding a ciphertext to its owner and name, so a value copied to another row does
-- not decrypt. There is no plaintext column. The API lists names only and never returns a
-- value; workers decrypt them, acting as the run's owner under RLS, only while a step
-- renders its configuration. A value is replaced in place (same name, new ciphertext).

create table public.secrets (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (name ~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$'),
  ciphertext bytea not null check (octet_length(ciphertext) between 17 and 70000),
  nonce bytea not null check (octet_length(nonce) = 12),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One name per user; also serves the owner_id foreign key and the list.
  constraint secrets_owner_id_name_key unique (owner_id, name)
);
alter table public.secrets enable row level security;
alter table public.secrets force row level security;

comment on table public.secrets is 'Encrypted named secrets for node configurations; never stored or returned in clear.';

revoke all on public.secrets from anon, authenticated, service_role;
grant select, insert, delete on public.secrets to authenticated;
grant update (ciphertext, nonce, updated_at) on public.secrets to authenticated;

create policy "Secrets are readable by their owner"
  on public.secrets for select to authenticated
  using (owner_id = (select orrery_private.uid()));

create policy "Secrets can be added by their owner"
  on public.secrets for insert to authenticated
  with check (owner_id = (select orrery_private.uid()));

create policy "Secrets can be replaced by their owner"
  on public.secrets for update to authenticated
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));

create policy "Secrets can be deleted by their owner"
  on public.secrets for delete to authenticated
  using (owner_id = (select orrery_private.uid()));

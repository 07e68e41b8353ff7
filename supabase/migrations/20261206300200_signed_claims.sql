-- The user a transaction acts for is the one the engine signed, not whatever the connection says.
--
-- Row-level security decided by `auth.uid()`, which reads `request.jwt.claims`:
-- a setting any SQL may change. So whoever held the API's or a worker's
-- database login (a leaked DATABASE_URL, or an SQL injection in a request)
-- could `set role authenticated`, set another user's claims and read their
-- rows: membership in `authenticated` alone does not separate tenants.
--
-- From here every policy reads the user through `orrery_private.uid()`, which
-- answers only when `request.orrery.signature` is the HMAC-SHA256 of the
-- claims under the engine's claims key. The API (for a user whose token it
-- verified) and workers (for a run's owner) sign the claims they set
-- (store/database.py); the key is derived from SUPABASE_JWT_SECRET, which both
-- already hold and whose holder can mint any user's token anyway. The
-- database keeps the key in `orrery_private.claims_key`, which only its owner
-- reads. Claims without a valid signature make `orrery_private.uid()` null:
-- nothing is visible, nothing is writable. SQL injected into Alice's request
-- can reach Alice's rows, and no one else's.
--
-- The key is installed by `orrery migrate` (given SUPABASE_JWT_SECRET), by the
-- embedded launcher and by the test fixtures; until it is, no user sees
-- anything. On a hosted project: `supabase db push`, then `orrery migrate`
-- with SUPABASE_JWT_SECRET set (README, "Security").
--
-- HMAC uses the built-in sha256() (plain Postgres has no pgcrypto): the key's
-- inner and outer pads are stored, and
--   HMAC(key, claims) = sha256(outer_pad || sha256(inner_pad || claims)).
-- Column defaults keep `auth.uid()`: a default is only a default, and every
-- insert policy checks the owner against the signed user.

create table orrery_private.claims_key (
  id boolean primary key default true check (id),
  inner_pad bytea not null check (octet_length(inner_pad) = 64),
  outer_pad bytea not null check (octet_length(outer_pad) = 64),
  installed_at timestamptz not null default now()
);
comment on table orrery_private.claims_key is
  'The HMAC key (as its pads) that signs request claims; read only by orrery_private.uid().';
revoke all on orrery_private.claims_key from public, anon, authenticated, service_role;

create function orrery_private.uid()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select (
    case
      when current_setting('request.orrery.signature', true) = encode(
        sha256(k.outer_pad || sha256(k.inner_pad || convert_to(current_setting('request.jwt.claims', true), 'UTF8'))),
        'hex'
      )
      then nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
    end
  )::uuid
  from orrery_private.claims_key k
$$;

comment on function orrery_private.uid() is
  'The signed-in user: request.jwt.claims ->> sub when request.orrery.signature signs them; null otherwise.';

revoke all on function orrery_private.uid() from public, anon, authenticated, service_role;
grant usage on schema orrery_private to authenticated;
grant execute on function orrery_private.uid() to authenticated;

alter policy "Credentials are readable by their owner" on public.credentials
  using (owner_id = (select orrery_private.uid()));
alter policy "Credentials can be added by their owner" on public.credentials
  with check (owner_id = (select orrery_private.uid()));
alter policy "Credentials can be deleted by their owner" on public.credentials
  using (owner_id = (select orrery_private.uid()));

alter policy "Memories are readable by their owner" on public.memories
  using (owner_id = (select orrery_private.uid()));
alter policy "Memories can be added by their owner" on public.memories
  with check (owner_id = (select orrery_private.uid()));

alter policy "Memory collections are editable by their owner" on public.memory_collections
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));
alter policy "Memory collections are readable by their owner" on public.memory_collections
  using (owner_id = (select orrery_private.uid()));
alter policy "Memory collections can be created by their owner" on public.memory_collections
  with check (owner_id = (select orrery_private.uid()));
alter policy "Memory collections can be deleted by their owner" on public.memory_collections
  using (owner_id = (select orrery_private.uid()));

alter policy "Memory documents are readable by their owner" on public.memory_documents
  using (owner_id = (select orrery_private.uid()));
alter policy "Memory documents can be added by their owner" on public.memory_documents
  with check (owner_id = (select orrery_private.uid()));
alter policy "Memory documents can be deleted by their owner" on public.memory_documents
  using (owner_id = (select orrery_private.uid()));

alter policy "Run events are readable by their owner" on public.run_events
  using (owner_id = (select orrery_private.uid()));
alter policy "Run events can be appended by their owner" on public.run_events
  with check (owner_id = (select orrery_private.uid()));

alter policy "Run steps are readable by their owner" on public.run_steps
  using (owner_id = (select orrery_private.uid()));
alter policy "Run steps are updatable by their owner" on public.run_steps
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));
alter policy "Run steps can be created by their owner" on public.run_steps
  with check (owner_id = (select orrery_private.uid()));

alter policy "Runs are readable by their owner" on public.runs
  using (owner_id = (select orrery_private.uid()));
alter policy "Runs are updatable by their owner" on public.runs
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));
alter policy "Runs can be started by their owner" on public.runs
  with check (owner_id = (select orrery_private.uid()));

alter policy "Workflow versions are readable by their owner" on public.workflow_versions
  using (owner_id = (select orrery_private.uid()));
alter policy "Workflow versions can be created by their owner" on public.workflow_versions
  with check (owner_id = (select orrery_private.uid()) and created_by = (select orrery_private.uid()));

alter policy "Workflows are editable by their owner" on public.workflows
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));
alter policy "Workflows are readable by their owner" on public.workflows
  using (owner_id = (select orrery_private.uid()));
alter policy "Workflows can be created by their owner" on public.workflows
  with check (owner_id = (select orrery_private.uid()));
alter policy "Workflows can be deleted by their owner" on public.workflows
  using (owner_id = (select orrery_private.uid()));

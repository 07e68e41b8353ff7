-- Users' model-provider credentials (API keys), encrypted at rest.
--
-- The engine encrypts a key with an authenticated cipher under a master key
-- that never reaches the database (issue 6), and stores only the ciphertext,
-- its nonce and a short hint (the key's last characters) for the settings
-- page. There is no plaintext column. Keys are decrypted only inside the
-- worker, acting as the run's owner, so RLS governs reads as everywhere.
-- Credentials are not edited in place: a new key is a new row.

create table public.credentials (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  -- `openai`, `anthropic`, `gemini`, `groq`, `mistral`, `openai_compatible`, ...
  provider text not null check (provider ~ '^[a-z][a-z0-9_-]{0,31}$'),
  label text not null check (char_length(label) between 1 and 100 and btrim(label) <> ''),
  -- OpenAI-compatible endpoints (Ollama, vLLM, OpenRouter, ...).
  base_url text check (base_url ~* '^https?://' and char_length(base_url) <= 2048),
  ciphertext bytea not null check (octet_length(ciphertext) between 1 and 16384),
  nonce bytea not null check (octet_length(nonce) between 12 and 24),
  key_hint text not null default '' check (char_length(key_hint) <= 4),
  created_at timestamptz not null default now(),
  -- One label per user; also serves the owner_id foreign key and the list.
  constraint credentials_owner_id_label_key unique (owner_id, label)
);
alter table public.credentials enable row level security;
alter table public.credentials force row level security;

comment on table public.credentials is 'Encrypted model-provider keys; never stored or returned in clear.';
comment on column public.credentials.key_hint is 'At most the last 4 characters of the key, for display.';

revoke all on public.credentials from anon, authenticated, service_role;
grant select, insert, delete on public.credentials to authenticated;
grant select, delete on public.credentials to service_role;

create policy "Credentials are readable by their owner"
  on public.credentials for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Credentials can be added by their owner"
  on public.credentials for insert to authenticated
  with check (owner_id = (select auth.uid()));

create policy "Credentials can be deleted by their owner"
  on public.credentials for delete to authenticated
  using (owner_id = (select auth.uid()));

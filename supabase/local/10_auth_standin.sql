-- What the engine's local Supabase Auth stand-in keeps beyond Supabase's own
-- auth tables (see 00_supabase_shim.sql).
--
-- Applied with the local shim only (plain Postgres: the embedded stack and the
-- test suite); a real Supabase project runs its own Auth server and never gets
-- this. Idempotent: safe to apply twice.

-- Failed password logins, for rate limiting per email and per client IP.
-- One row per failure; rows older than the window are pruned as new ones
-- arrive. `email` is the normalized (lowercase) address tried, whether or not
-- a user has it, so probing unknown addresses is limited too.
create table if not exists auth.orrery_login_failures (
  id bigserial primary key,
  email text not null,
  ip text not null,
  created_at timestamptz not null default now()
);
create index if not exists orrery_login_failures_email_idx
  on auth.orrery_login_failures (email, created_at);
create index if not exists orrery_login_failures_ip_idx
  on auth.orrery_login_failures (ip, created_at);
create index if not exists orrery_login_failures_created_at_idx
  on auth.orrery_login_failures (created_at);
alter table auth.orrery_login_failures owner to supabase_auth_admin;
alter sequence auth.orrery_login_failures_id_seq owner to supabase_auth_admin;
comment on table auth.orrery_login_failures is
  'orrery local auth stand-in: failed password logins, for rate limiting';

-- Refresh-token rotation looks tokens up by their parent.
create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);

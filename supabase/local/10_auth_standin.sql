-- The local Supabase Auth stand-in (`orrery auth`): its login role and what it
-- keeps beyond Supabase's own auth tables (see 00_supabase_shim.sql).
--
-- Applied with the local shim only (plain Postgres: the embedded stack and the
-- test suite); a real Supabase project runs its own Auth server and never gets
-- this. Idempotent: safe to apply twice.

-- The stand-in's own login role. It reaches the auth schema and nothing else:
-- no role to become (not even the auth admin that owns these tables), no
-- privilege in `public`, so a leak of its credentials is a leak of the auth
-- tables, not of anyone's workflows. Its password is set by the launcher.
do $$
begin
  if not exists (select from pg_roles where rolname = 'orrery_auth') then
    create role orrery_auth login noinherit;
  end if;
end
$$;
alter role orrery_auth noinherit;

-- Login and signup limits: one row per key (`email:<address>`,
-- `login-ip:<address>`, `signup-ip:<address>`). Attempts are reserved under
-- the row's lock before a password is checked, so concurrent attempts cannot
-- all pass the check (issue 14, point 10). Policies in
-- engine/src/orrery/auth/local/limits.py.
create table if not exists auth.orrery_login_limits (
  key text primary key check (char_length(key) between 1 and 300),
  attempts integer not null default 0 check (attempts >= 0),
  window_started_at timestamptz,
  last_attempt_at timestamptz,
  blocked_until timestamptz
);
create index if not exists orrery_login_limits_last_attempt_at_idx
  on auth.orrery_login_limits (last_attempt_at);
alter table auth.orrery_login_limits owner to supabase_auth_admin;
comment on table auth.orrery_login_limits is
  'orrery local auth stand-in: attempt counters for login and signup limits';

-- Replaced by orrery_login_limits (it counted failures after the fact).
drop table if exists auth.orrery_login_failures;

-- Refresh-token rotation looks tokens up by their parent.
create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);

-- Exactly what the stand-in does: sign up (insert users), sign in and update
-- (a few user columns), sessions and refresh tokens, limits.
grant usage on schema auth to orrery_auth;
grant select, insert on auth.users to orrery_auth;
grant update (encrypted_password, raw_user_meta_data, last_sign_in_at, updated_at) on auth.users to orrery_auth;
grant select, insert, update, delete on auth.sessions, auth.refresh_tokens to orrery_auth;
grant usage on sequence auth.refresh_tokens_id_seq to orrery_auth;
grant select, insert, update, delete on auth.orrery_login_limits to orrery_auth;

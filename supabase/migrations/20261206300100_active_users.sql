-- Whether a token's user still exists (issue 14, point 8).
--
-- An access token stays valid until it expires, also after its user was
-- deleted or banned. The API asks this function, with a short per-process
-- cache, before it serves a request, and answers 401 when the user is gone.
--
-- `auth.users` is not readable by the API's role (nor should it be: it holds
-- every password hash), so the function runs as its owner (the role running
-- migrations: `postgres` on Supabase), answers only yes or no for one id, and
-- lives in `orrery_private`, a schema no API exposes (Supabase's Data API
-- serves only the schemas listed in supabase/config.toml, and is off). Only
-- the API's login role may call it.
--
-- Supabase Auth soft-deletes with `deleted_at` and bans with `banned_until`;
-- the local shim has both columns.

create schema if not exists orrery_private;
revoke all on schema orrery_private from public;
comment on schema orrery_private is 'Orrery''s internal functions; never exposed through an API.';

create function orrery_private.user_is_active(target uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select from auth.users u
     where u.id = target
       and u.deleted_at is null
       and (u.banned_until is null or u.banned_until <= now())
  )
$$;

comment on function orrery_private.user_is_active(uuid) is
  'True when the user exists, is not deleted and not banned: the API checks a token''s subject with it.';

revoke all on function orrery_private.user_is_active(uuid) from public, anon, authenticated, service_role;
grant usage on schema orrery_private to orrery_engine;
grant execute on function orrery_private.user_is_active(uuid) to orrery_engine;

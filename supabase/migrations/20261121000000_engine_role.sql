-- The role the engine and its workers log in as.
--
-- It owns no table, is not a superuser, has no BYPASSRLS and inherits nothing
-- (noinherit): it can only `set local role authenticated` (acting for a user,
-- RLS applies) or `service_role` (maintenance such as sweeping stuck runs).
-- On a hosted Supabase project give it a password once:
--   alter role orrery_engine password '...';
-- and point DATABASE_URL at it.

do $$
begin
  if not exists (select from pg_roles where rolname = 'orrery_engine') then
    create role orrery_engine login noinherit;
  end if;
end
$$;

-- `create role` gives neither superuser nor bypassrls; naming them in an
-- `alter role` would need a superuser, which Supabase's `postgres` is not.
alter role orrery_engine noinherit;
do $$
begin
  if exists (select from pg_roles where rolname = 'orrery_engine' and (rolsuper or rolbypassrls)) then
    raise exception 'orrery_engine must not be a superuser nor bypass RLS';
  end if;
end
$$;
grant authenticated, service_role to orrery_engine;

-- Privileges the Supabase API roles get by default, and helpers shared by every table.
--
-- Supabase grants every privilege on each new table, sequence and function in
-- `public` to `anon`, `authenticated` and `service_role` (see
-- `alter default privileges` in a fresh project, mirrored by the local shim).
-- Orrery serves its data through the engine, never to `anon`, and grants each
-- role only what it needs, table by table, in the migration that creates the
-- table. So from here on a new table in `public` starts with no privileges for
-- any API role: forgetting a grant fails loudly, it cannot leak. New functions
-- stay executable by `authenticated` and `service_role` (Supabase's default)
-- but not by `anon`; each function of ours revokes what it does not need.
--
-- `alter default privileges` applies to objects created later by the role
-- running this migration (`postgres` on Supabase, the superuser locally),
-- which is the role that runs every migration after it.

alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon;
alter default privileges in schema public revoke all on functions from anon;

-- Keeps `updated_at` current on every update. Runs as the caller (security
-- invoker) with an empty search_path, like every function of ours; it is only
-- ever fired as a trigger, so nobody needs to execute it directly.
create function public.set_updated_at()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

comment on function public.set_updated_at() is 'Trigger: sets updated_at to now() on every update.';

revoke all on function public.set_updated_at() from public, anon, authenticated, service_role;

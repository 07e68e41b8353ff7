-- Mounted into supabase/postgres' init-scripts: runs once, when the data
-- volume is first initialised, as the bootstrap superuser (as Supabase's own
-- docker/volumes/db/roles.sql does). GoTrue logs in as supabase_auth_admin, a
-- role reserved by supautils that only a superuser may alter, so its password
-- is set here. (The engine's role, orrery_engine, is created by our migrations
-- and gets its password from the `migrate` service on every start instead.)
\set pgpass `echo "$PGPASSWORD"`

alter user supabase_admin with password :'pgpass';
alter user supabase_auth_admin with password :'pgpass';

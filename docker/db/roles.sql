-- Mounted into supabase/postgres' init-scripts: runs once, when the data
-- volume is first initialised, as the bootstrap superuser (as Supabase's own
-- docker/volumes/db/roles.sql does). GoTrue logs in as supabase_auth_admin, a
-- role reserved by supautils that only a superuser may alter, so its password
-- is set here. (Our login roles, orrery_engine, orrery_worker and
-- orrery_sweeper, are created by our migrations and get their passwords from
-- the `migrate` service on every start instead.)
\set pgpass `echo "$PGPASSWORD"`

alter user supabase_admin with password :'pgpass';
alter user supabase_auth_admin with password :'pgpass';

-- Seed data for `supabase db reset` (see config.toml, [db.seed]).
--
-- Intentionally empty. Every row in `public` belongs to a user in auth.users,
-- and users are created by signing up (the web's /signup page, or the engine's
-- local Auth stand-in in embedded mode), never here with a password in a file.
-- Starter workflows are templates shipped with the web app, not seeded rows.
select 1 where false;

-- One login role per process, each able to do exactly its job (issue 14, point 9).
--
-- Until now the API and the workers logged in as `orrery_engine`, which could
-- `set role service_role` (RLS bypassed: every tenant's rows) and, on plain
-- Postgres, `supabase_auth_admin` (every password hash). A leaked
-- DATABASE_URL or an SQL injection in the API reached all of it. From here:
--
--   login role       held by                          may become      may touch without becoming anyone
--   orrery_engine    the HTTP API (`orrery engine`)   authenticated   orrery_private.user_is_active()
--   orrery_worker    workers (`orrery worker`)        authenticated   nothing
--   orrery_sweeper   workers' sweeper connection      nothing         runs (id, owner_id, status,
--                                                                     lease_expires_at, updated_at; updates
--                                                                     updated_at) and run_steps (run_id,
--                                                                     status, superseded_at, waiting_until),
--                                                                     unfinished runs and waiting steps only
--   orrery_auth      the local Auth stand-in          nothing         the auth schema (plain Postgres only:
--                    (`orrery auth`, embedded mode)                   created by supabase/local/10_auth_standin.sql)
--
-- None is a superuser, bypasses RLS, inherits a role or owns an object, and
-- none may become `service_role` or `supabase_auth_admin`; the check at the
-- end of this file fails the migration if that ever stops being true.
--
-- No password is set here: this migration also runs on hosted projects
-- (`supabase db push`), where no secret may live in SQL. The operator gives
-- each role its password once, in the SQL editor:
--   alter role orrery_engine  password '...';   -- DATABASE_URL of the API
--   alter role orrery_worker  password '...';   -- WORKER_DATABASE_URL of workers
--   alter role orrery_sweeper password '...';   -- SWEEPER_DATABASE_URL of workers
-- (`orrery migrate` does it from ORRERY_<ROLE>_DB_PASSWORD; the embedded
-- launcher generates them into .data/secrets.json.)

do $$
begin
  if not exists (select from pg_roles where rolname = 'orrery_worker') then
    create role orrery_worker login noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'orrery_sweeper') then
    create role orrery_sweeper login noinherit;
  end if;
end
$$;

alter role orrery_worker noinherit;
alter role orrery_sweeper noinherit;

-- The API acts for the signed-in user only; maintenance has its own role now.
revoke service_role from orrery_engine;
-- Workers act as the run's owner, exactly as the API acts as the user.
grant authenticated to orrery_worker;

-- The sweeper: finds runs nobody holds (lapsed lease, lost message) and
-- approvals past their deadline, across tenants, and re-enqueues them by
-- touching `updated_at`. It reads no input, output, event, credential,
-- workflow or memory, and sees no finished run.
grant usage on schema public to orrery_sweeper;
grant select (id, owner_id, status, lease_expires_at, updated_at) on public.runs to orrery_sweeper;
grant update (updated_at) on public.runs to orrery_sweeper;
grant select (run_id, status, superseded_at, waiting_until) on public.run_steps to orrery_sweeper;

create policy "Unfinished runs are visible to the sweeper"
  on public.runs for select to orrery_sweeper
  using (status in ('queued', 'running', 'waiting'));

create policy "Unfinished runs can be touched by the sweeper"
  on public.runs for update to orrery_sweeper
  using (status in ('queued', 'running', 'waiting'))
  with check (status in ('queued', 'running', 'waiting'));

create policy "Waiting steps are visible to the sweeper"
  on public.run_steps for select to orrery_sweeper
  using (status = 'waiting');

-- What must stay true, whoever granted what since.
do $$
declare
  offenders text;
begin
  select string_agg(format('%s may become %s', m.rolname, g.rolname), ', ' order by 1) into offenders
    from pg_auth_members a
    join pg_roles m on m.oid = a.member
    join pg_roles g on g.oid = a.roleid
   where m.rolname in ('orrery_engine', 'orrery_worker', 'orrery_sweeper')
     and not (m.rolname in ('orrery_engine', 'orrery_worker') and g.rolname = 'authenticated');
  if offenders is not null then
    raise exception 'least privilege: % (revoke it, then migrate again)', offenders;
  end if;
  select string_agg(rolname, ', ' order by rolname) into offenders
    from pg_roles
   where rolname in ('orrery_engine', 'orrery_worker', 'orrery_sweeper')
     and (rolsuper or rolbypassrls or rolcreaterole or rolcreatedb or rolreplication or rolinherit);
  if offenders is not null then
    raise exception 'least privilege: % must be nosuperuser nobypassrls nocreaterole nocreatedb noreplication noinherit',
      offenders;
  end if;
end
$$;

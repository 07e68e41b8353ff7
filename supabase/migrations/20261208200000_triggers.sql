-- Triggers (issue 16): runs started by a schedule or a webhook, and the notifications a user gets.
--
-- runs.trigger_kind / trigger_id: what started a run ('manual': a person in the app; 'api': a
-- script with an API key; 'webhook' / 'schedule': that trigger's id). No foreign key: a run
-- outlives the trigger that started it (its history still says "schedule ..."), and a run of a
-- schedule carries the fire it is for (`trigger_fire_at`), unique per schedule: however many
-- scheduler processes claim the same fire, one run is inserted.
--
-- schedules: a cron expression in an IANA time zone, inputs fixed per schedule, a missed-fires
-- policy, the next fire time. The scheduler (in worker processes, engine/src/orrery/triggers/
-- scheduler.py) finds due schedules as `orrery_sweeper`, which sees only (id, owner_id,
-- next_fire_at) of unpaused ones and none of their content, then claims each as its owner
-- (`for update skip locked`, RLS applies), advances `next_fire_at` and inserts the run in that
-- same transaction.
--
-- webhooks: the URL's token is never stored, only its sha256 (`token_hash`); the API finds the
-- webhook a call is for through `orrery_private.webhook_by_token()` (owner and id only) and does
-- everything else as that owner. The HMAC secret is encrypted by the engine, like provider keys.
-- webhook_calls: every call, with its status, run and error.
--
-- notifications: a user's inbox (approval waiting, run failed, schedule disabled), with a
-- trigger on runs that makes the run-failed and schedule-disabled ones in the transaction that
-- ends the run, whoever ends it. notification_settings: where else to send them; workers send
-- them on (finding the undelivered ones as `orrery_sweeper`: id, owner and age only).

-- ------------------------------------------------------------------------- runs
alter table public.runs
  add column trigger_kind text not null default 'manual'
    check (trigger_kind in ('manual', 'api', 'webhook', 'schedule')),
  add column trigger_id uuid,
  add column trigger_fire_at timestamptz,
  add constraint runs_trigger_complete check (
    (trigger_kind in ('webhook', 'schedule')) = (trigger_id is not null)
    and (trigger_fire_at is null or trigger_kind = 'schedule')
  );

comment on column public.runs.trigger_kind is
  'What started the run: manual (the app), api (an API key), webhook or schedule (trigger_id).';
comment on column public.runs.trigger_fire_at is
  'For a scheduled run: the fire time it is for (one run per schedule and fire).';

create unique index runs_schedule_fire_key on public.runs (trigger_id, trigger_fire_at)
  where trigger_kind = 'schedule';
-- History filtered by trigger (GET /runs?trigger=schedule), newest first.
create index runs_owner_id_trigger_kind_created_at_idx
  on public.runs (owner_id, trigger_kind, created_at desc, id desc);
create index runs_owner_id_trigger_id_created_at_idx
  on public.runs (owner_id, trigger_id, created_at desc, id desc) where trigger_id is not null;

-- ------------------------------------------------------------------------- schedules
create table public.schedules (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  workflow_id uuid not null,
  name text not null default '' check (char_length(name) <= 200),
  cron text not null check (char_length(cron) between 1 and 200),
  timezone text not null default 'UTC' check (char_length(timezone) between 1 and 64),
  inputs jsonb not null default '{}' check (jsonb_typeof(inputs) = 'object'),
  paused boolean not null default false,
  missed text not null default 'skip' check (missed in ('skip', 'run_once')),
  next_fire_at timestamptz,
  last_fire_at timestamptz,
  consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
  max_consecutive_failures integer not null default 3 check (max_consecutive_failures between 1 and 1000),
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint schedules_owner_id_id_key unique (owner_id, id),
  constraint schedules_workflow_fkey foreign key (owner_id, workflow_id)
    references public.workflows (owner_id, id) on delete cascade
);
alter table public.schedules enable row level security;
alter table public.schedules force row level security;

comment on table public.schedules is
  'A workflow''s cron trigger: one run per fire (in its time zone), with fixed inputs.';
comment on column public.schedules.disabled_at is
  'Set when max_consecutive_failures scheduled runs failed in a row (the schedule is paused).';

create index schedules_owner_id_workflow_id_idx on public.schedules (owner_id, workflow_id, created_at);
-- The scheduler's question: which schedules are due?
create index schedules_due_idx on public.schedules (next_fire_at) where not paused;

create trigger schedules_set_updated_at
  before update on public.schedules
  for each row execute function public.set_updated_at();

revoke all on public.schedules from anon, authenticated, service_role;
grant select, insert, delete on public.schedules to authenticated;
grant update (
  name, cron, timezone, inputs, paused, missed, next_fire_at, last_fire_at,
  consecutive_failures, max_consecutive_failures, disabled_at
) on public.schedules to authenticated;
grant select, insert, update, delete on public.schedules to service_role;

create policy "Schedules are readable by their owner" on public.schedules
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Schedules can be created by their owner" on public.schedules
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Schedules are editable by their owner" on public.schedules
  for update to authenticated
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));
create policy "Schedules can be deleted by their owner" on public.schedules
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

-- The scheduler's discovery (as orrery_sweeper): which unpaused schedule is due, and whose.
-- Nothing else of a schedule: not its workflow, cron, inputs or name.
grant select (id, owner_id, next_fire_at, paused) on public.schedules to orrery_sweeper;
create policy "Unpaused schedules are visible to the scheduler" on public.schedules
  for select to orrery_sweeper using (not paused and next_fire_at is not null);

-- ------------------------------------------------------------------------- webhooks
create table public.webhooks (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  workflow_id uuid not null,
  name text not null default '' check (char_length(name) <= 200),
  token_hash bytea not null unique check (octet_length(token_hash) = 32),
  token_prefix text not null check (char_length(token_prefix) between 1 and 16),
  enabled boolean not null default true,
  mapping jsonb not null default '{}' check (jsonb_typeof(mapping) = 'object'),
  response_mode text not null default 'async' check (response_mode in ('async', 'wait')),
  wait_timeout_s integer not null default 30 check (wait_timeout_s between 1 and 300),
  hmac_secret text check (char_length(hmac_secret) <= 1000),
  hmac_header text check (char_length(hmac_header) between 1 and 100),
  hmac_algorithm text not null default 'sha256' check (hmac_algorithm in ('sha256', 'sha1')),
  timestamp_header text check (char_length(timestamp_header) between 1 and 100),
  timestamp_tolerance_s integer not null default 300 check (timestamp_tolerance_s between 1 and 86400),
  max_body_bytes integer not null default 262144 check (max_body_bytes between 1 and 10485760),
  rate_limit_per_minute integer not null default 60 check (rate_limit_per_minute between 1 and 100000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhooks_owner_id_id_key unique (owner_id, id),
  constraint webhooks_workflow_fkey foreign key (owner_id, workflow_id)
    references public.workflows (owner_id, id) on delete cascade,
  constraint webhooks_hmac_complete check ((hmac_secret is null) = (hmac_header is null))
);
alter table public.webhooks enable row level security;
alter table public.webhooks force row level security;

comment on table public.webhooks is
  'A workflow''s URL trigger: /api/v1/hooks/{token}; only the token''s sha256 is kept.';
comment on column public.webhooks.hmac_secret is
  'The shared signing secret, encrypted by the engine (ORRERY_MASTER_KEY), never returned.';
comment on column public.webhooks.mapping is
  'Run input name -> template over {{ body.x }}, {{ query.y }}, {{ headers.z }}.';

create index webhooks_owner_id_workflow_id_idx on public.webhooks (owner_id, workflow_id, created_at);

create trigger webhooks_set_updated_at
  before update on public.webhooks
  for each row execute function public.set_updated_at();

revoke all on public.webhooks from anon, authenticated, service_role;
grant select, insert, delete on public.webhooks to authenticated;
grant update (
  name, enabled, mapping, response_mode, wait_timeout_s, hmac_secret, hmac_header, hmac_algorithm,
  timestamp_header, timestamp_tolerance_s, max_body_bytes, rate_limit_per_minute
) on public.webhooks to authenticated;
grant select, insert, update, delete on public.webhooks to service_role;

create policy "Webhooks are readable by their owner" on public.webhooks
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Webhooks can be created by their owner" on public.webhooks
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Webhooks are editable by their owner" on public.webhooks
  for update to authenticated
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));
create policy "Webhooks can be deleted by their owner" on public.webhooks
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

-- A call carries no user: its token says whose webhook it is. The API's login role may ask
-- exactly that (owner and id for one token hash), and then acts as that owner.
create function orrery_private.webhook_by_token(hash bytea)
returns table (id uuid, owner_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select w.id, w.owner_id from public.webhooks w where w.token_hash = hash
$$;

comment on function orrery_private.webhook_by_token(bytea) is
  'The webhook (id, owner) whose token hashes to `hash`: the API acts as that owner for the call.';
revoke all on function orrery_private.webhook_by_token(bytea) from public, anon, authenticated, service_role;
grant execute on function orrery_private.webhook_by_token(bytea) to orrery_engine;

create table public.webhook_calls (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  webhook_id uuid not null,
  created_at timestamptz not null default now(),
  status integer not null check (status between 100 and 599),
  run_id uuid,
  error text check (char_length(error) <= 2000),
  constraint webhook_calls_webhook_fkey foreign key (owner_id, webhook_id)
    references public.webhooks (owner_id, id) on delete cascade
);
alter table public.webhook_calls enable row level security;
alter table public.webhook_calls force row level security;

comment on table public.webhook_calls is 'Every call of a webhook: when, the answer''s status, the run, the error.';

create index webhook_calls_owner_id_webhook_id_created_at_idx
  on public.webhook_calls (owner_id, webhook_id, created_at desc);

revoke all on public.webhook_calls from anon, authenticated, service_role;
grant select, insert on public.webhook_calls to authenticated;
grant select, insert, delete on public.webhook_calls to service_role;

create policy "Webhook calls are readable by their owner" on public.webhook_calls
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Webhook calls are recorded for their owner" on public.webhook_calls
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));

-- ------------------------------------------------------------------------- notifications
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  kind text not null check (kind in ('approval_waiting', 'run_failed', 'schedule_disabled')),
  title text not null check (char_length(title) between 1 and 500),
  run_id uuid,
  node_id text check (char_length(node_id) between 1 and 128),
  scope text check (char_length(scope) between 1 and 1000),
  attempt integer check (attempt >= 1),
  schedule_id uuid,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  delivered_at timestamptz
);
alter table public.notifications enable row level security;
alter table public.notifications force row level security;

comment on table public.notifications is 'A user''s inbox: approvals waiting, runs failed, schedules disabled.';
comment on column public.notifications.delivered_at is
  'When it was sent to the user''s outgoing webhook or email (null: not yet, or nowhere to send).';

create index notifications_owner_id_created_at_idx on public.notifications (owner_id, created_at desc, id desc);
create index notifications_unread_idx on public.notifications (owner_id) where read_at is null;
-- One notice per waiting step attempt, however often its parking is written.
create unique index notifications_approval_key
  on public.notifications (run_id, node_id, (coalesce(scope, '')), attempt)
  where kind = 'approval_waiting';

revoke all on public.notifications from anon, authenticated, service_role;
grant select, insert on public.notifications to authenticated;
grant update (read_at, delivered_at) on public.notifications to authenticated;
-- The project's service_role (an operator's tool) may end a run: its ending notifies as any.
grant select, insert, update, delete on public.notifications to service_role;

create policy "Notifications are readable by their owner" on public.notifications
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Notifications are made for their owner" on public.notifications
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Notifications are marked read by their owner" on public.notifications
  for update to authenticated
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));

-- Delivery (workers, engine/src/orrery/notifications/delivery.py) finds notifications not yet
-- sent on as `orrery_sweeper`, seeing only their id, owner and age, then sends each as its owner.
grant select (id, owner_id, created_at, delivered_at) on public.notifications to orrery_sweeper;
create policy "Undelivered notifications are visible to the sender" on public.notifications
  for select to orrery_sweeper using (delivered_at is null);
create index notifications_undelivered_idx on public.notifications (created_at) where delivered_at is null;

create table public.notification_settings (
  owner_id uuid primary key default auth.uid() references auth.users (id) on delete cascade,
  webhook_url text check (char_length(webhook_url) between 1 and 2000),
  webhook_secret text check (char_length(webhook_secret) <= 1000),
  email text check (char_length(email) between 3 and 320),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.notification_settings enable row level security;
alter table public.notification_settings force row level security;

comment on table public.notification_settings is
  'Where else a user''s notifications go: an outgoing webhook (HMAC-signed) and/or email.';
comment on column public.notification_settings.webhook_secret is
  'The signing secret, encrypted by the engine (ORRERY_MASTER_KEY), never returned.';

create trigger notification_settings_set_updated_at
  before update on public.notification_settings
  for each row execute function public.set_updated_at();

revoke all on public.notification_settings from anon, authenticated, service_role;
grant select, insert, delete on public.notification_settings to authenticated;
grant update (webhook_url, webhook_secret, email) on public.notification_settings to authenticated;
grant select, insert, update, delete on public.notification_settings to service_role;

create policy "Notification settings are readable by their owner" on public.notification_settings
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Notification settings can be created by their owner" on public.notification_settings
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Notification settings are editable by their owner" on public.notification_settings
  for update to authenticated
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));
create policy "Notification settings can be deleted by their owner" on public.notification_settings
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

-- ------------------------------------------------------------------------- run endings
-- When a run ends (whoever ends it: a worker, the API, a parent's cancel), in the same
-- transaction and as the same user: a failed top-level run notifies its owner; a scheduled
-- run counts toward (or resets) its schedule's consecutive failures, and the failure that
-- reaches the schedule's limit pauses it and notifies. Security invoker: it writes only what
-- the run's owner may write.
create function public.on_run_ended()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  sched record;
begin
  if new.status is not distinct from old.status then
    return new;
  end if;
  if new.status = 'failed' and new.depth = 0 then
    insert into public.notifications (owner_id, kind, title, run_id, node_id)
    values (
      new.owner_id, 'run_failed',
      left('Run failed' || coalesce(': ' || (new.error ->> 'message'), ''), 500),
      new.id, new.error ->> 'node_id'
    );
  end if;
  if new.trigger_kind = 'schedule' and new.status in ('succeeded', 'failed') then
    if new.status = 'succeeded' then
      update public.schedules set consecutive_failures = 0 where id = new.trigger_id;
    else
      update public.schedules
         set consecutive_failures = consecutive_failures + 1,
             paused = paused or consecutive_failures + 1 >= max_consecutive_failures,
             next_fire_at = case when consecutive_failures + 1 >= max_consecutive_failures
                                 then null else next_fire_at end,
             disabled_at = case when not paused and consecutive_failures + 1 >= max_consecutive_failures
                                then now() else disabled_at end
       where id = new.trigger_id
      returning id, name, paused, disabled_at, consecutive_failures into sched;
      if found and sched.disabled_at is not null and sched.disabled_at = now() then
        insert into public.notifications (owner_id, kind, title, run_id, schedule_id)
        values (
          new.owner_id, 'schedule_disabled',
          left(format('Schedule %s paused after %s failed runs in a row',
                      coalesce(nullif(sched.name, ''), 'untitled'), sched.consecutive_failures), 500),
          new.id, sched.id
        );
      end if;
    end if;
  end if;
  return new;
end;
$$;

comment on function public.on_run_ended() is
  'Trigger: a failed run notifies its owner; a scheduled run counts toward its schedule''s failures.';
revoke all on function public.on_run_ended() from public, anon, authenticated, service_role;

create trigger runs_on_ended
  after update of status on public.runs
  for each row
  when (new.status in ('succeeded', 'failed'))
  execute function public.on_run_ended();

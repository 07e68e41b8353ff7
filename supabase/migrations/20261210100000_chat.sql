-- Chat with a workflow (issue 18): conversations a user holds with a workflow whose inputs
-- are a chat message and its history (engine/src/orrery/spec/chat.py says which).
--
-- chat_sessions: one conversation with one workflow (a title the user may change).
-- chat_messages: its turns, oldest first. A user message holds what the user wrote; an
-- assistant message names the run that writes its reply (an ordinary run: durable, in run
-- history, under the run's budgets). The reply is read from that run (engine/src/orrery/chat/
-- replies.py); `content`, `status` and `error` record the last reading, so the conversation
-- still reads the same should its run ever be gone (run_id is then set null).
--
-- Deleting a session deletes its messages; their runs stay in run history. Deleting the
-- workflow deletes its sessions.
--
-- Access: the API (orrery_engine, as `authenticated`) reads and writes both tables for the
-- signed-in user. Workers never touch a conversation (the reply is derived from the run, not
-- written at its end), so a restrictive policy keeps the workers' login role out even though
-- it may become `authenticated` too.

create table public.chat_sessions (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  workflow_id uuid not null,
  title text not null default 'New chat' check (char_length(title) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint chat_sessions_owner_id_id_key unique (owner_id, id),
  constraint chat_sessions_workflow_fkey foreign key (owner_id, workflow_id)
    references public.workflows (owner_id, id) on delete cascade
);
alter table public.chat_sessions enable row level security;
alter table public.chat_sessions force row level security;

comment on table public.chat_sessions is 'A conversation a user holds with a chat workflow.';

-- A workflow's sessions, most recently active first.
create index chat_sessions_owner_id_workflow_id_updated_at_idx
  on public.chat_sessions (owner_id, workflow_id, updated_at desc, id desc);

create table public.chat_messages (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  session_id uuid not null,
  role text not null check (role in ('user', 'assistant')),
  content text check (char_length(content) <= 100000),
  run_id uuid,
  status text not null
    check (status in ('sent', 'pending', 'waiting', 'succeeded', 'failed', 'cancelled')),
  error jsonb check (jsonb_typeof(error) = 'object'),
  created_at timestamptz not null default clock_timestamp(),
  constraint chat_messages_session_fkey foreign key (owner_id, session_id)
    references public.chat_sessions (owner_id, id) on delete cascade,
  constraint chat_messages_run_fkey foreign key (owner_id, run_id)
    references public.runs (owner_id, id) on delete set null (run_id),
  constraint chat_messages_user_sent check ((role = 'user') = (status = 'sent')),
  constraint chat_messages_user_has_content check (role = 'assistant' or content is not null)
);
alter table public.chat_messages enable row level security;
alter table public.chat_messages force row level security;

comment on table public.chat_messages is 'A turn of a chat: what the user wrote, or the reply a run wrote.';
comment on column public.chat_messages.run_id is 'An assistant message: the run writing its reply (null once that run is gone).';
comment on column public.chat_messages.status is 'sent (a user message); pending, waiting, succeeded, failed or cancelled (its run, as last read).';

create index chat_messages_owner_id_session_id_created_at_idx
  on public.chat_messages (owner_id, session_id, created_at, id);
-- The run FK's set null looks messages up by run.
create index chat_messages_owner_id_run_id_idx on public.chat_messages (owner_id, run_id)
  where run_id is not null;

create policy "Chat sessions are readable by their owner" on public.chat_sessions
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Chat sessions can be started by their owner" on public.chat_sessions
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Chat sessions can be changed by their owner" on public.chat_sessions
  for update to authenticated
  using (owner_id = (select orrery_private.uid())) with check (owner_id = (select orrery_private.uid()));
create policy "Chat sessions can be deleted by their owner" on public.chat_sessions
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

create policy "Chat messages are readable by their owner" on public.chat_messages
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Chat messages can be added by their owner" on public.chat_messages
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Chat messages can be settled by their owner" on public.chat_messages
  for update to authenticated
  using (owner_id = (select orrery_private.uid())) with check (owner_id = (select orrery_private.uid()));
create policy "Chat messages can be deleted by their owner" on public.chat_messages
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

-- Workers become `authenticated` to run a user's workflow; conversations are not theirs.
-- (Restrictive: they narrow the policies above; one per command, as every policy here.)
create policy "Chat sessions are not the workers' to select" on public.chat_sessions
  as restrictive for select to authenticated using (session_user <> 'orrery_worker');
create policy "Chat sessions are not the workers' to insert" on public.chat_sessions
  as restrictive for insert to authenticated with check (session_user <> 'orrery_worker');
create policy "Chat sessions are not the workers' to update" on public.chat_sessions
  as restrictive for update to authenticated using (session_user <> 'orrery_worker') with check (session_user <> 'orrery_worker');
create policy "Chat sessions are not the workers' to delete" on public.chat_sessions
  as restrictive for delete to authenticated using (session_user <> 'orrery_worker');
create policy "Chat messages are not the workers' to select" on public.chat_messages
  as restrictive for select to authenticated using (session_user <> 'orrery_worker');
create policy "Chat messages are not the workers' to insert" on public.chat_messages
  as restrictive for insert to authenticated with check (session_user <> 'orrery_worker');
create policy "Chat messages are not the workers' to update" on public.chat_messages
  as restrictive for update to authenticated using (session_user <> 'orrery_worker') with check (session_user <> 'orrery_worker');
create policy "Chat messages are not the workers' to delete" on public.chat_messages
  as restrictive for delete to authenticated using (session_user <> 'orrery_worker');

grant select, insert, delete on public.chat_sessions to authenticated;
grant update (title, updated_at) on public.chat_sessions to authenticated;
grant select, insert, delete on public.chat_messages to authenticated;
grant update (content, status, error) on public.chat_messages to authenticated;

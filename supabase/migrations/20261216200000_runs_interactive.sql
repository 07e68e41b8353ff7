-- Runs a person waits for at the screen are not queued behind their own backlog.
--
-- A user with more than `ORRERY_BUSY_OWNER_RUNS` (4) runs queued or running starts the next in
-- the busy lane, so one user's flood never takes the threads every worker keeps for the others.
-- That lane is first in, first out: a user with fifty batch runs queued who then tests a node in
-- the editor, forks a run or sends a chat message waited behind all fifty of their own.
--
-- `interactive` marks those runs (a node test, a fork, a chat turn: set by the engine when it
-- records them). They are counted apart: a user's interactive run goes to the busy lane only
-- when they already have 4 interactive runs queued or running, whatever their batch. So a user
-- holds at most 4 + 4 runs outside the busy lane, and marking runs interactive by hand (a direct
-- insert through the data API) gains nothing beyond those 4.
--
-- The sweeper, which sends a lost run back to the lane its start chose, reads the flag too.

alter table public.runs add column interactive boolean not null default false;

comment on column public.runs.interactive is
  'A run a person waits for at the screen (a node test, a fork, a chat turn): counted apart from '
  'their batch when choosing its lane (runs.service, runner.sweeper).';

grant select (interactive) on public.runs to orrery_sweeper;

-- A user's unfinished interactive runs, for the count at each start (the batch ones are counted
-- through runs_owner_id_active_idx).
create index runs_owner_id_interactive_active_idx on public.runs (owner_id)
  where interactive and status in ('queued', 'running');

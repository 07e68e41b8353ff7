-- Short-term memory of agent steps (issue 9).
--
-- An agent step keeps its conversation with the model (pydantic-ai's messages
-- as JSON: the request with its prompt, tool calls and results, the final
-- response) in `transcript`, written by the runner with the step's success.
-- An agent downstream in the same run that opts in to short-term memory gets
-- the transcripts of the agent steps on its live path as message history.
-- It is not part of the step's output, nor of its events. The runner keeps
-- it well under the size limit (it drops a transcript that would not fit);
-- the check is the last line of defence for a row that every reader loads.

alter table public.run_steps
  add column transcript jsonb
    constraint run_steps_transcript_check
      check (jsonb_typeof(transcript) = 'array' and octet_length(transcript::text) <= 1048576);

comment on column public.run_steps.transcript is
  'An agent step''s messages (pydantic-ai JSON), for the short-term memory of agents downstream in the run.';

-- The runner acts as the run's owner (RLS, "Run steps are updatable by their owner").
grant update (transcript) on public.run_steps to authenticated;

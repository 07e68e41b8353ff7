-- Agent resilience (issue 19): what a step's usage says beyond its tokens and dollars.
--
-- `cost_unknown`: the model has no known price (neither genai-prices nor the
-- operator's ORRERY_PRICE_TABLE knows it), so `cost_usd` leaves it out; the run
-- page shows "unknown cost" instead of $0.
-- `cached`: the agent's answer came from its response cache (Valkey, per user):
-- no provider was called and it cost nothing.
--
-- No new table, no new policy: the rows stay behind run_steps' owner-only policies
-- (orrery_private.uid(), see 20261206300200_signed_claims.sql). The runner writes
-- them as the run's owner, as it writes the rest of the step's usage.

alter table public.run_steps
  add column cost_unknown boolean not null default false,
  add column cached boolean not null default false;

comment on column public.run_steps.cost_unknown is
  'The model had no known price: cost_usd leaves this step out (shown as unknown cost, not $0).';
comment on column public.run_steps.cached is
  'The agent answered from its response cache: no provider call, no cost.';

grant update (cost_unknown, cached) on public.run_steps to authenticated;

-- Provider limits a user sets on their own key (issue 19): requests and tokens
-- per minute, shared by every worker that calls the provider with this key.
-- The operator's defaults (ORRERY_PROVIDER_RPM / _TPM) still apply: the worker
-- uses the lower of the two, so a user can only tighten them. Null: the
-- operator's default.
--
-- The owner may change these two columns (and nothing else) of their own keys:
-- a new column-level grant and an update policy, through orrery_private.uid()
-- (signed claims, see 20261206300200_signed_claims.sql).

alter table public.credentials
  add column requests_per_minute integer
    constraint credentials_requests_per_minute_check check (requests_per_minute between 1 and 1000000),
  add column tokens_per_minute integer
    constraint credentials_tokens_per_minute_check check (tokens_per_minute between 1 and 1000000000);

comment on column public.credentials.requests_per_minute is
  'The owner''s limit on requests per minute with this key, across all workers; null: the operator''s default.';
comment on column public.credentials.tokens_per_minute is
  'The owner''s limit on tokens (in + out) per minute with this key, across all workers; null: the operator''s default.';

grant update (requests_per_minute, tokens_per_minute) on public.credentials to authenticated;

create policy "Credentials' limits can be changed by their owner"
  on public.credentials for update to authenticated
  using (owner_id = (select orrery_private.uid()))
  with check (owner_id = (select orrery_private.uid()));

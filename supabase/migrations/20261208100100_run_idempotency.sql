-- An Idempotency-Key belongs to its workflow, and remembers the request it came with (issue 16).
--
-- Until now a key was unique per owner, and the same key sent with another body silently
-- returned the first run. From here a key is unique per workflow (the same key may start
-- one run of each workflow), and the run records `idempotency_fingerprint`: the SHA-256 of
-- the request that started it (its inputs and pinned version, canonical JSON). A retry
-- with the same key and the same request gets the first run; with another request it is
-- refused (422). Runs without a key are untouched. No new grant: `insert` on runs is
-- granted on whole rows, and nothing updates these columns.

alter table public.runs
  add column idempotency_fingerprint text check (idempotency_fingerprint ~ '^[0-9a-f]{64}$'),
  add constraint runs_idempotency_fingerprint_with_key
    check (idempotency_fingerprint is null or idempotency_key is not null);

alter table public.runs drop constraint runs_owner_id_idempotency_key_key;
alter table public.runs
  add constraint runs_owner_id_workflow_id_idempotency_key_key unique (owner_id, workflow_id, idempotency_key);

comment on column public.runs.idempotency_fingerprint is
  'SHA-256 of the request (inputs, version) that started the run with its Idempotency-Key.';

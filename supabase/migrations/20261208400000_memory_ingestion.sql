-- Memory documents are embedded in the background (issue 20).
--
-- Adding a document now stores it at once, with its chunks' text and no
-- embeddings, as `queued`; a worker job (`embed_document`) embeds the chunks
-- batch by batch, counting them in `chunks_embedded`, and sets the document
-- `ready`, or `failed` with the reason a person can act on. Search joins the
-- document and sees only `ready` ones (store/memories.py), so a half-embedded
-- document is never half found.
--
-- What may change, and only while it is in progress:
--   memory_documents: status, chunks_embedded, error, updated_at, while the
--     document is queued or embedding (a ready or failed document is final;
--     to try again, delete it and add it again);
--   memories: the embedding, once (while it is still null).
-- Nothing else of a document or a chunk is ever edited. The worker acts as the
-- document's owner (orrery_worker becomes `authenticated` with signed claims),
-- exactly as for runs: RLS is the access control for the job too.

alter table public.memory_documents
  add column status text not null default 'ready'
    check (status in ('queued', 'embedding', 'ready', 'failed')),
  add column chunks_embedded integer not null default 0 check (chunks_embedded >= 0),
  add column error text check (char_length(error) <= 2000),
  add column updated_at timestamptz not null default now(),
  add constraint memory_documents_progress_check check (chunks_embedded <= chunk_count),
  add constraint memory_documents_failed_has_error_check check ((status = 'failed') = (error is not null));

comment on column public.memory_documents.status is
  'queued -> embedding -> ready | failed; search sees ready documents only.';
comment on column public.memory_documents.chunks_embedded is
  'How many of chunk_count chunks have their embedding (the progress a person sees).';

-- A chunk is stored before it is embedded.
alter table public.memories alter column embedding drop not null;

grant update (status, chunks_embedded, error, updated_at) on public.memory_documents to authenticated;
grant update (embedding) on public.memories to authenticated;

create policy "Memory documents in progress can be updated by their owner"
  on public.memory_documents for update to authenticated
  using (owner_id = (select orrery_private.uid()) and status in ('queued', 'embedding'))
  with check (owner_id = (select orrery_private.uid()));

create policy "Memories are embedded once by their owner"
  on public.memories for update to authenticated
  using (owner_id = (select orrery_private.uid()) and embedding is null)
  with check (owner_id = (select orrery_private.uid()) and embedding is not null);

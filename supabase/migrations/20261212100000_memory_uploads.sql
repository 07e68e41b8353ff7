-- A file added to memory is read in the worker job, not in the request (issue 20).
--
-- Adding a file used to wait for its extraction and chunking (a 200-page PDF: 13.6 s at
-- load 7.7). Now the request checks only what is cheap (its size, its kind from its magic
-- bytes, the sha256 of its bytes against the collection's documents), stores the document
-- `queued` with no chunks and the file's bytes in `memory_uploads`, and returns. The
-- worker's job (`embed_document`, as the document's owner) reads the upload, extracts the
-- text (`extracting`, with `pages_read` of `pages_total` for a PDF), stores the chunks and
-- the document's title, metadata and counts, deletes the upload in the same transaction,
-- and embeds as before. A file that cannot be read ends `failed` with the reason, and its
-- upload is deleted with it. Deleting the document (or its collection) deletes the upload.
--
-- Adding a URL with its site (`follow`: its sitemap or same-site links) no longer fetches
-- the site's pages in the request: the request fetches the page it was given (its
-- document, as before), records the crawl in `memory_crawls` and returns; the worker's job
-- (`crawl_site`) finds the other pages and adds each as a document of its own, counting
-- `pages_done` of `pages_found` and keeping the pages it could not add with the reason.
--
-- Access: the API (orrery_engine, as `authenticated`) stores an upload or a crawl for the
-- signed-in user; the worker (orrery_worker, as the document's owner) reads and deletes an
-- upload, reads a crawl and counts its progress, and may store neither (restrictive
-- policies). The sweeper sees only documents, never uploads or crawls.

alter table public.memory_documents drop constraint memory_documents_status_check;
alter table public.memory_documents
  add constraint memory_documents_status_check
    check (status in ('queued', 'extracting', 'embedding', 'ready', 'failed')),
  add column pages_read integer not null default 0 check (pages_read >= 0),
  add column pages_total integer check (pages_total >= 0),
  add constraint memory_documents_pages_progress_check check (pages_read <= coalesce(pages_total, pages_read));

comment on column public.memory_documents.status is
  'queued -> extracting (a file) -> embedding -> ready | failed; search sees ready documents only.';
comment on column public.memory_documents.pages_read is
  'While a file is extracted in its job: how many of pages_total pages are read (a PDF).';

-- The job fills in what only the file's text tells, while the document is in progress.
grant update (title, metadata, chunk_count, char_count, pages_read, pages_total)
  on public.memory_documents to authenticated;

drop policy "Memory documents in progress can be updated by their owner" on public.memory_documents;
create policy "Memory documents in progress can be updated by their owner"
  on public.memory_documents for update to authenticated
  using (owner_id = (select orrery_private.uid()) and status in ('queued', 'extracting', 'embedding'))
  with check (owner_id = (select orrery_private.uid()));

drop policy "The sweeper sees memory documents in progress" on public.memory_documents;
create policy "The sweeper sees memory documents in progress"
  on public.memory_documents for select to orrery_sweeper
  using (status in ('queued', 'extracting', 'embedding'));

drop policy "The sweeper touches memory documents in progress" on public.memory_documents;
create policy "The sweeper touches memory documents in progress"
  on public.memory_documents for update to orrery_sweeper
  using (status in ('queued', 'extracting', 'embedding'))
  with check (status in ('queued', 'extracting', 'embedding'));

create table public.memory_uploads (
  document_id uuid primary key,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  collection_id uuid not null,
  filename text check (char_length(filename) <= 255),
  -- The user named the document: the job keeps that title (else the file's own, or its name).
  title_given boolean not null default false,
  content bytea not null check (octet_length(content) > 0),
  created_at timestamptz not null default now(),
  constraint memory_uploads_document_fkey foreign key (owner_id, collection_id, document_id)
    references public.memory_documents (owner_id, collection_id, id) on delete cascade
);
alter table public.memory_uploads enable row level security;
alter table public.memory_uploads force row level security;
comment on table public.memory_uploads is
  'A file added to memory, kept until the worker job has read it into its document''s chunks.';

-- Serves both foreign keys (owner_id, and the document's).
create index memory_uploads_owner_id_collection_id_document_id_idx
  on public.memory_uploads (owner_id, collection_id, document_id);

create policy "Memory uploads are readable by their owner" on public.memory_uploads
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Memory uploads can be stored by their owner" on public.memory_uploads
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Memory uploads can be deleted by their owner" on public.memory_uploads
  for delete to authenticated using (owner_id = (select orrery_private.uid()));

-- Workers read and delete uploads for their job; only the API stores them.
create policy "Memory uploads are not the workers' to insert" on public.memory_uploads
  as restrictive for insert to authenticated with check (session_user <> 'orrery_worker');

grant select, insert, delete on public.memory_uploads to authenticated;

create table public.memory_crawls (
  document_id uuid primary key,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  collection_id uuid not null,
  follow text not null check (follow in ('sitemap', 'links')),
  max_pages integer not null check (max_pages between 1 and 1000),
  status text not null default 'queued' check (status in ('queued', 'crawling', 'done')),
  pages_found integer not null default 0 check (pages_found >= 0),
  pages_done integer not null default 0 check (pages_done >= 0),
  failed_pages jsonb not null default '[]' check (jsonb_typeof(failed_pages) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint memory_crawls_progress_check check (pages_done <= pages_found),
  constraint memory_crawls_document_fkey foreign key (owner_id, collection_id, document_id)
    references public.memory_documents (owner_id, collection_id, id) on delete cascade
);
alter table public.memory_crawls enable row level security;
alter table public.memory_crawls force row level security;
comment on table public.memory_crawls is
  'A URL document''s site being added by a worker job: its other pages found, added, failed.';

create index memory_crawls_owner_id_collection_id_document_id_idx
  on public.memory_crawls (owner_id, collection_id, document_id);

create policy "Memory crawls are readable by their owner" on public.memory_crawls
  for select to authenticated using (owner_id = (select orrery_private.uid()));
create policy "Memory crawls can be started by their owner" on public.memory_crawls
  for insert to authenticated with check (owner_id = (select orrery_private.uid()));
create policy "Memory crawls can be counted by their owner" on public.memory_crawls
  for update to authenticated
  using (owner_id = (select orrery_private.uid())) with check (owner_id = (select orrery_private.uid()));

create policy "Memory crawls are not the workers' to insert" on public.memory_crawls
  as restrictive for insert to authenticated with check (session_user <> 'orrery_worker');

grant select, insert on public.memory_crawls to authenticated;
grant update (follow, max_pages, status, pages_found, pages_done, failed_pages, updated_at)
  on public.memory_crawls to authenticated;

-- A crawl whose job was lost (Redis restarted, a worker died after its last retry) is sent
-- again by the workers' recovery (engine/src/orrery/memory/recovery.py), on the sweeper's
-- login, which sees only the document, owner, status and age of crawls in progress and may
-- touch nothing but `updated_at`.
grant select (document_id, owner_id, status, updated_at) on public.memory_crawls to orrery_sweeper;
grant update (updated_at) on public.memory_crawls to orrery_sweeper;

create policy "The sweeper sees memory crawls in progress"
  on public.memory_crawls for select to orrery_sweeper
  using (status in ('queued', 'crawling'));

create policy "The sweeper touches memory crawls in progress"
  on public.memory_crawls for update to orrery_sweeper
  using (status in ('queued', 'crawling'))
  with check (status in ('queued', 'crawling'));

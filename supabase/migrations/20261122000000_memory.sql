-- Long-term memory on pgvector: collections of documents, split into embedded chunks.
--
-- A user's collection (unique name per user: workflow nodes address it by name)
-- holds documents (pasted text, a markdown file, a fetched URL, a run's output);
-- each document is split into overlapping chunks, and each chunk is a row of
-- `memories` with its embedding. A collection fixes its embedding model, so all
-- its vectors have the same dimension; different collections may differ, so the
-- column is `vector` without a dimension, and the approximate-nearest-neighbour
-- (HNSW) indexes are partial expression indexes, one per supported dimension:
--   create index ... using hnsw ((embedding::extensions.vector(384)) ...) where dimensions = 384
-- A query uses the same expression and predicate (`orrery.store.memories`), so
-- the planner can pick the index. Other dimensions work, by exact search.
--
-- Documents are deduplicated per collection by the sha256 of their normalized
-- text (unique (collection_id, content_hash)). Documents and chunks are never
-- edited: a changed text is a new document.
--
-- Tenancy: every row carries `owner_id`, RLS allows a user their own rows only,
-- and children reference their parent through (owner_id, parent id), so nothing
-- can be attached to another user's collection or document.

-- pgvector. Supabase keeps extensions in the `extensions` schema (on its search
-- path for PostgREST, not for us): every use below and in the engine names it.
-- Locally the schema is created here, with Supabase's grants. A project that
-- already enabled `vector` in another schema must move it first
-- (`alter extension vector set schema extensions`).
create schema if not exists extensions;
grant usage on schema extensions to authenticated, service_role;
create extension if not exists vector with schema extensions;

-- Target of the collections' (owner_id, credential_id) foreign key: a collection
-- can only name its owner's own key.
alter table public.credentials add constraint credentials_owner_id_id_key unique (owner_id, id);

create table public.memory_collections (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100 and btrim(name) = name and name <> ''),
  description text not null default '' check (char_length(description) <= 1000),
  -- `local` (the built-in all-MiniLM-L6-v2), `openai`, `openai_compatible`.
  embedding_provider text not null default 'local'
    check (embedding_provider in ('local', 'openai', 'openai_compatible')),
  embedding_model text not null default 'all-MiniLM-L6-v2'
    check (char_length(embedding_model) between 1 and 200),
  dimensions smallint not null default 384 check (dimensions between 1 and 16000),
  credential_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Nodes name collections: one name per user. Also serves the owner_id foreign key.
  constraint memory_collections_owner_id_name_key unique (owner_id, name),
  -- Target of the documents' (owner_id, collection_id) foreign key.
  constraint memory_collections_owner_id_id_key unique (owner_id, id),
  -- Deleting the key leaves the collection (its chunks stay searchable once another key is chosen).
  constraint memory_collections_credential_fkey foreign key (owner_id, credential_id)
    references public.credentials (owner_id, id) on delete set null (credential_id)
);
alter table public.memory_collections enable row level security;
alter table public.memory_collections force row level security;

comment on table public.memory_collections is 'A user''s memory collection: its embedding model and its documents.';
comment on column public.memory_collections.dimensions is 'The embedding model''s dimension, measured when the collection was created.';

create index memory_collections_owner_id_credential_id_idx
  on public.memory_collections (owner_id, credential_id) where credential_id is not null;

create trigger memory_collections_set_updated_at
  before update on public.memory_collections
  for each row execute function public.set_updated_at();

create table public.memory_documents (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  collection_id uuid not null,
  title text not null check (char_length(title) between 1 and 500),
  source text not null check (source in ('text', 'file', 'url', 'run')),
  source_url text check (char_length(source_url) <= 2048),
  filename text check (char_length(filename) <= 255),
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  -- sha256 (hex) of the normalized text (stripped, whitespace collapsed).
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  chunk_count integer not null check (chunk_count >= 0),
  char_count integer not null check (char_count >= 0),
  created_at timestamptz not null default now(),
  -- The same text is stored once per collection (insert ... on conflict do nothing).
  constraint memory_documents_collection_id_content_hash_key unique (collection_id, content_hash),
  -- Target of the chunks' foreign key; also serves the owner_id foreign key.
  constraint memory_documents_owner_id_collection_id_id_key unique (owner_id, collection_id, id),
  constraint memory_documents_collection_fkey foreign key (owner_id, collection_id)
    references public.memory_collections (owner_id, id) on delete cascade
);
alter table public.memory_documents enable row level security;
alter table public.memory_documents force row level security;

comment on table public.memory_documents is 'A document of a memory collection; its text lives in its chunks (memories).';

-- A collection's documents, newest first; also serves the (owner_id, collection_id) foreign key.
create index memory_documents_owner_id_collection_id_created_at_idx
  on public.memory_documents (owner_id, collection_id, created_at desc, id desc);

create table public.memories (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  collection_id uuid not null,
  document_id uuid not null,
  chunk_index integer not null check (chunk_index >= 0),
  content text not null check (char_length(content) between 1 and 20000),
  metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  dimensions smallint not null check (dimensions between 1 and 16000),
  embedding extensions.vector not null,
  created_at timestamptz not null default now(),
  constraint memories_embedding_dimensions_check check (extensions.vector_dims(embedding) = dimensions),
  -- A document's chunks in order; serves both foreign keys (owner_id, and the document's).
  constraint memories_owner_id_collection_id_document_id_chunk_index_key
    unique (owner_id, collection_id, document_id, chunk_index),
  constraint memories_document_fkey foreign key (owner_id, collection_id, document_id)
    references public.memory_documents (owner_id, collection_id, id) on delete cascade
);
alter table public.memories enable row level security;
alter table public.memories force row level security;

comment on table public.memories is 'Chunks of memory documents with their embeddings (pgvector).';
comment on column public.memories.dimensions is 'vector_dims(embedding); selects the partial HNSW index.';

-- Approximate nearest neighbours by cosine distance, one partial index per
-- common dimension (all-MiniLM-L6-v2: 384; nomic/bge-base: 768; bge-large,
-- mxbai: 1024; OpenAI text-embedding-3-small / ada-002: 1536).
create index memories_embedding_384_idx on public.memories
  using hnsw ((embedding::extensions.vector(384)) extensions.vector_cosine_ops) where dimensions = 384;
create index memories_embedding_768_idx on public.memories
  using hnsw ((embedding::extensions.vector(768)) extensions.vector_cosine_ops) where dimensions = 768;
create index memories_embedding_1024_idx on public.memories
  using hnsw ((embedding::extensions.vector(1024)) extensions.vector_cosine_ops) where dimensions = 1024;
create index memories_embedding_1536_idx on public.memories
  using hnsw ((embedding::extensions.vector(1536)) extensions.vector_cosine_ops) where dimensions = 1536;

-- Privileges: the engine acts for users as `authenticated` (RLS applies).
-- Collections are renamed nowhere (nodes name them) but their description and
-- last-change time move; documents and chunks are immutable and go with their
-- collection (the cascade); a document is deleted as a whole.
revoke all on public.memory_collections from anon, authenticated, service_role;
revoke all on public.memory_documents from anon, authenticated, service_role;
revoke all on public.memories from anon, authenticated, service_role;
grant select, insert, delete on public.memory_collections to authenticated;
grant update (description, updated_at) on public.memory_collections to authenticated;
grant select, insert, delete on public.memory_documents to authenticated;
grant select, insert on public.memories to authenticated;
grant select, delete on public.memory_collections, public.memory_documents, public.memories to service_role;

create policy "Memory collections are readable by their owner"
  on public.memory_collections for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Memory collections can be created by their owner"
  on public.memory_collections for insert to authenticated
  with check (owner_id = (select auth.uid()));

create policy "Memory collections are editable by their owner"
  on public.memory_collections for update to authenticated
  using (owner_id = (select auth.uid()))
  with check (owner_id = (select auth.uid()));

create policy "Memory collections can be deleted by their owner"
  on public.memory_collections for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy "Memory documents are readable by their owner"
  on public.memory_documents for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Memory documents can be added by their owner"
  on public.memory_documents for insert to authenticated
  with check (owner_id = (select auth.uid()));

create policy "Memory documents can be deleted by their owner"
  on public.memory_documents for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy "Memories are readable by their owner"
  on public.memories for select to authenticated
  using (owner_id = (select auth.uid()));

create policy "Memories can be added by their owner"
  on public.memories for insert to authenticated
  with check (owner_id = (select auth.uid()));

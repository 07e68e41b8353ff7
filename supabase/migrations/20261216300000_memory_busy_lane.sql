-- The memory queue's busy lane (engine/src/orrery/memory/lanes.py): when a document is added,
-- its owner's documents being read or embedded are counted (up to ORRERY_BUSY_OWNER_DOCUMENTS
-- + 1, as the owner, under RLS). This partial index serves that count and stays small: a
-- document leaves it once ready or failed.
create index memory_documents_owner_id_in_progress_idx
  on public.memory_documents (owner_id)
  where status in ('queued', 'extracting', 'embedding');

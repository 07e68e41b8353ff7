-- The assets' bucket in Supabase Storage, private, with policies tied to the owner.
--
-- Only on a Supabase database (one with the `storage` schema); the embedded mode keeps
-- files on disk and skips this. The engine reaches the bucket with the service key (which
-- bypasses these policies) after the `assets` table's RLS has said who may read what. The
-- policies are the second wall, for anyone who talks to Storage directly with a user's
-- JWT: a user reads and deletes only objects under their own folder (`<owner id>/...`, the
-- keys the engine makes), and nobody but the engine writes. `auth.uid()` here, not
-- `orrery_private.uid()`: Storage's own server sets the claims, unsigned by the engine.
--
-- The bucket is `orrery-assets` (ASSETS_BUCKET's default); a deployment naming another
-- bucket creates it and these two policies for it the same way.

do $migration$
begin
  if to_regclass('storage.buckets') is null or to_regclass('storage.objects') is null then
    raise notice 'no Supabase Storage schema: assets are kept on disk, no bucket is made';
    return;
  end if;

  insert into storage.buckets (id, name, public)
  values ('orrery-assets', 'orrery-assets', false)
  on conflict (id) do update set public = false;

  execute $policy$
    create policy "Orrery assets are readable by their owner" on storage.objects
      for select to authenticated
      using (bucket_id = 'orrery-assets' and (storage.foldername(name))[1] = (select auth.uid())::text)
  $policy$;
  execute $policy$
    create policy "Orrery assets can be deleted by their owner" on storage.objects
      for delete to authenticated
      using (bucket_id = 'orrery-assets' and (storage.foldername(name))[1] = (select auth.uid())::text)
  $policy$;
end
$migration$;

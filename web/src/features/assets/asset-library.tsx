"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { ErrorBanner } from "@/components/ui/error-banner";
import { ConfirmDeleteDialog } from "@/features/memory/ui";
import { TrashIcon } from "@/features/workflows/icons";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";

import { AssetPreview } from "./asset-preview";
import { uploadUrl } from "./lib";

type Asset = RouterOutputs["assets"]["list"]["items"][number];
const KINDS = ["image", "audio", "video", "text", "other"] as const;
type Kind = (typeof KINDS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Assets: the user's files (uploads and what runs made), filtered by run and kind; upload one, delete one. */
export function AssetLibrary({ initialRunId }: { initialRunId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [kind, setKind] = useState<Kind | "">("");
  const [runId, setRunId] = useState(initialRunId);
  const [deleting, setDeleting] = useState<Asset | null>(null);
  const runFilter = UUID.test(runId.trim()) ? runId.trim() : undefined;
  const input = { kind: kind || undefined, runId: runFilter };
  const assets = useQuery(trpc.assets.list.queryOptions(input));
  const remove = useMutation(
    trpc.assets.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.assets.list.queryKey() });
        toast({ title: "Asset deleted", tone: "success" });
      },
      onError: (error) => toast({ title: "Could not delete the asset", description: describeError(error).message, tone: "error" }),
    }),
  );
  const error = assets.isError ? describeError(assets.error) : null;
  const picker = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);

  /** The file goes to the BFF's upload route as the browser reads it from disk (never whole in memory). */
  async function upload(file: File) {
    setUploading(true);
    try {
      const answer = await fetch(uploadUrl(file.name), { method: "POST", body: file, headers: { "content-type": "application/octet-stream" } });
      if (!answer.ok) {
        const detail = ((await answer.json().catch(() => null)) as { detail?: string } | null)?.detail;
        toast({ title: "Could not upload the file", description: detail ?? `The engine answered ${answer.status}.`, tone: "error" });
        return;
      }
      void queryClient.invalidateQueries({ queryKey: trpc.assets.list.queryKey() });
      toast({ title: "File uploaded", tone: "success" });
    } catch {
      toast({ title: "Could not upload the file", description: "The connection was lost.", tone: "error" });
    } finally {
      setUploading(false);
      if (picker.current) picker.current.value = "";
    }
  }

  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight">Assets</h1>
        <p className="mt-1 text-sm text-muted">Images, audio, video and files your runs made or you uploaded. Deleting a run&apos;s workflow deletes its files too.</p>
      </div>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block text-xs text-muted">Type</span>
          <select className="rounded-md border border-border bg-surface px-2 py-1.5" value={kind} onChange={(e) => setKind(e.target.value as Kind | "")} aria-label="Type">
            <option value="">All types</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-xs text-muted">Run</span>
          <input className="w-80 rounded-md border border-border bg-surface px-2 py-1.5 font-mono text-xs" placeholder="a run's id" value={runId} onChange={(e) => setRunId(e.target.value)} aria-label="Run" />
        </label>
        <input
          ref={picker}
          type="file"
          className="hidden"
          aria-label="File to upload"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
        <Button className="ml-auto" onClick={() => picker.current?.click()} pending={uploading}>
          {uploading ? "Uploading…" : "Upload a file"}
        </Button>
      </div>
      {assets.isError ? (
        <ErrorBanner title={error?.engineDown ? "Can't reach the engine" : "Could not load your assets"} onRetry={() => void assets.refetch()} retrying={assets.isFetching}>
          {error?.message}
        </ErrorBanner>
      ) : assets.isPending ? (
        <Skeleton className="h-40" />
      ) : assets.data.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-border p-8 text-center text-sm text-muted">No assets yet: run the Explainer video template to make some.</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Assets">
          {assets.data.items.map((asset) => (
            <li key={asset.id} className="rounded-lg border border-border p-2">
              <AssetPreview asset={{ asset_id: asset.id, name: asset.name, mime: asset.mime, size: asset.size }} />
              <div className="mt-1 flex items-center justify-between text-xs text-muted">
                <span>
                  {new Date(asset.created_at).toLocaleString()}
                  {asset.run_id ? (
                    <>
                      {" · "}
                      <Link className="text-accent hover:underline" href={`/runs/${asset.run_id}`}>
                        run
                      </Link>
                    </>
                  ) : null}
                </span>
                <Button variant="ghost" size="sm" onClick={() => setDeleting(asset)} aria-label={`Delete ${asset.name}`}>
                  <TrashIcon />
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDeleteDialog
        name={deleting?.name ?? null}
        description="The file is deleted for good."
        confirmLabel="Delete"
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) remove.mutate({ id: deleting.id });
          setDeleting(null);
        }}
      />
    </>
  );
}

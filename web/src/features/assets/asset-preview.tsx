"use client";

import { useEffect, useState } from "react";

import { assetKind, assetUrl, formatBytes, type AssetRef } from "./lib";

/**
 * A file from a step's output as the inspector shows it: images inline, audio and video
 * players (a video with its subtitle track when the output has one), text in a viewer,
 * and a download link for everything.
 */
export function AssetPreview({ asset, subtitles }: { asset: AssetRef; subtitles?: AssetRef | null }) {
  const kind = assetKind(asset.mime);
  return (
    <figure className="my-1 rounded-lg border border-border bg-surface p-2 font-sans" data-asset-id={asset.asset_id}>
      {kind === "image" ? (
        // eslint-disable-next-line @next/next/no-img-element -- the bytes come from our own route, sized by the browser
        <img src={assetUrl(asset.asset_id)} alt={asset.name} className="max-h-64 rounded" />
      ) : null}
      {kind === "audio" ? <audio controls preload="metadata" src={assetUrl(asset.asset_id)} className="w-full" aria-label={asset.name} /> : null}
      {kind === "video" ? (
        <video controls preload="metadata" src={assetUrl(asset.asset_id)} className="max-h-80 w-full rounded bg-black" aria-label={asset.name}>
          {subtitles ? <track kind="subtitles" srcLang="en" label="Subtitles" src={assetUrl(subtitles.asset_id)} default /> : null}
        </video>
      ) : null}
      {kind === "text" ? <TextViewer asset={asset} /> : null}
      <figcaption className="mt-1 flex items-center justify-between gap-2 text-xs text-muted">
        <span className="truncate">
          {asset.name} · {asset.mime} · {formatBytes(asset.size)}
        </span>
        <a className="shrink-0 text-accent underline-offset-2 hover:underline" href={assetUrl(asset.asset_id, true)} download={asset.name}>
          Download
        </a>
      </figcaption>
    </figure>
  );
}

function TextViewer({ asset }: { asset: AssetRef }) {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    if (asset.size > 200_000) return () => controller.abort();
    fetch(assetUrl(asset.asset_id), { signal: controller.signal })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then(setText)
      .catch(() => setText(null));
    return () => controller.abort();
  }, [asset.asset_id, asset.size]);
  if (asset.size > 200_000) return <p className="text-xs text-muted">Too large to show here: download it.</p>;
  return <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-surface-muted p-2 font-mono text-xs">{text ?? "…"}</pre>;
}

"use client";

import { useState } from "react";

import { AssetPreview } from "@/features/assets/asset-preview";
import { isAssetRef, subtitlesBeside } from "@/features/assets/lib";

/**
 * A collapsible JSON view: objects and arrays fold (native <details>), scalars are colored,
 * and a file (an asset reference) is previewed (`AssetPreview`).
 */
export function JsonTree({
  value,
  label,
  depth = 0,
  parent = null,
}: {
  value: unknown;
  label?: string;
  depth?: number;
  parent?: Record<string, unknown> | null;
}) {
  if (isAssetRef(value)) {
    return (
      <div className="py-px">
        {label !== undefined ? <span className="text-muted">{label}:</span> : null}
        <AssetPreview asset={value} subtitles={value.mime.startsWith("video/") ? subtitlesBeside(parent, value) : null} />
      </div>
    );
  }
  if (value === null || typeof value !== "object") {
    return (
      <div className="flex gap-1.5 py-px">
        {label !== undefined ? <span className="shrink-0 text-muted">{label}:</span> : null}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0) {
    return (
      <div className="py-px">
        {label !== undefined ? <span className="text-muted">{label}: </span> : null}
        <span className="text-muted">{Array.isArray(value) ? "[]" : "{}"}</span>
      </div>
    );
  }
  return (
    <details open={depth < 2} className="group/json">
      <summary className="cursor-pointer list-none py-px select-none marker:hidden [&::-webkit-details-marker]:hidden">
        <span className="mr-1 inline-block w-3 text-muted transition group-open/json:rotate-90" aria-hidden="true">
          ▸
        </span>
        {label !== undefined ? <span className="text-muted">{label}: </span> : null}
        <span className="text-muted/80">{summary}</span>
      </summary>
      <div className="ml-1.5 border-l border-border pl-3">
        {entries.map(([key, child]) => (
          <JsonTree key={key} label={key} value={child} depth={depth + 1} parent={Array.isArray(value) ? null : (value as Record<string, unknown>)} />
        ))}
      </div>
    </details>
  );
}

function Scalar({ value }: { value: unknown }) {
  const [expanded, setExpanded] = useState(false);
  if (typeof value === "string") {
    const long = value.length > 280;
    const shown = long && !expanded ? `${value.slice(0, 280)}…` : value;
    return (
      <span className="whitespace-pre-wrap break-words text-emerald-700 dark:text-emerald-300">
        &quot;{shown}&quot;
        {long ? (
          <button type="button" className="ml-1 text-xs text-accent underline-offset-2 hover:underline" onClick={() => setExpanded((v) => !v)}>
            {expanded ? "less" : "more"}
          </button>
        ) : null}
      </span>
    );
  }
  if (typeof value === "number") return <span className="text-sky-700 dark:text-sky-300">{value}</span>;
  if (typeof value === "boolean") return <span className="text-violet-700 dark:text-violet-300">{String(value)}</span>;
  if (value === null || value === undefined) return <span className="text-muted">null</span>;
  return <span>{String(value)}</span>;
}

/** A value as the inspector shows it: text as text, anything structured as a tree. */
export function ValueView({ value, empty = "—" }: { value: unknown; empty?: string }) {
  if (value === null || value === undefined || value === "") return <p className="text-sm text-muted">{empty}</p>;
  if (typeof value === "string") return <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-lg bg-surface-muted p-3 font-mono text-xs leading-relaxed">{value}</pre>;
  return (
    <div className="max-h-96 overflow-auto rounded-lg bg-surface-muted p-3 font-mono text-xs leading-relaxed">
      <JsonTree value={value} />
    </div>
  );
}

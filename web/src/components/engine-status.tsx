"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/lib/trpc/client";

const LOOK = {
  ok: { dot: "bg-success", label: "Engine online" },
  degraded: { dot: "bg-warning", label: "Engine degraded" },
  down: { dot: "bg-danger", label: "Engine offline" },
  checking: { dot: "bg-muted animate-pulse", label: "Checking engine…" },
} as const;

/** A small indicator of the engine's health (tRPC system.health, refreshed every 30 s). */
export function EngineStatus() {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.system.health.queryOptions(undefined, { refetchInterval: 30_000 }));
  const look = LOOK[data?.status ?? "checking"];
  const title = data ? `Database: ${data.db} · Redis: ${data.redis}` : undefined;
  return (
    <span className="inline-flex items-center gap-2 text-xs text-muted" title={title} data-testid="engine-status" data-status={data?.status ?? "checking"}>
      <span aria-hidden="true" className={`size-2 rounded-full ${look.dot}`} />
      {look.label}
    </span>
  );
}

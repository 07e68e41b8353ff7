"use client";

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";

import { searchTypes } from "../lib/catalog";
import { useEditor } from "../store/context";
import { Icon, categoryTone } from "./icons";

export type PickerRequest = {
  from: { nodeId: string; handleId: string | null; handleType: "source" | "target" };
  client: { x: number; y: number };
};

/** "Add a node here": shown when a connection is dropped on empty canvas. */
export function ConnectionPicker({ request, onPick, onClose }: { request: PickerRequest; onPick(type: string): void; onClose(): void }) {
  const catalog = useEditor((s) => s.catalog);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const [origin, setOrigin] = useState<{ left: number; top: number } | null>(null);

  // Types that can sit at the other end of the dragged connection.
  const candidates = useMemo(
    () =>
      searchTypes(catalog.latest, query).filter((t) =>
        request.from.handleType === "source" ? t.inputs.length > 0 : t.outputs === "dynamic" || t.outputs.length > 0,
      ),
    [catalog, query, request.from.handleType],
  );

  useEffect(() => {
    const parent = box.current?.offsetParent?.getBoundingClientRect();
    if (!parent) return;
    setOrigin({
      left: Math.min(request.client.x - parent.left, parent.width - 272),
      top: Math.min(request.client.y - parent.top, parent.height - 320),
    });
  }, [request.client.x, request.client.y]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") onClose();
    else if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, candidates.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Enter" && candidates[active]) {
      event.preventDefault();
      onPick(candidates[active].type);
    }
  };

  return (
    <div
      ref={box}
      role="dialog"
      aria-label="Add a connected node"
      className="absolute z-30 w-64 overflow-hidden rounded-xl border border-border bg-surface shadow-xl"
      style={{ left: origin?.left ?? request.client.x, top: origin?.top ?? request.client.y, visibility: origin ? "visible" : "hidden" }}
      onKeyDown={onKeyDown}
      data-testid="connection-picker"
    >
      <div className="flex items-center gap-2 border-b border-border px-3 py-2">
        <Icon name="search" className="size-3.5 text-muted" />
        <input
          autoFocus
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          placeholder="Add a node…"
          aria-label="Search node types"
          className="w-full bg-transparent text-sm outline-none placeholder:text-muted"
        />
      </div>
      <ul role="listbox" aria-label="Node types" className="thin-scroll max-h-64 overflow-y-auto p-1">
        {candidates.map((t, i) => (
          <li key={t.type} role="option" aria-selected={i === active}>
            <button
              type="button"
              onMouseEnter={() => setActive(i)}
              onClick={() => onPick(t.type)}
              className={`flex w-full items-center gap-2.5 rounded-lg px-2 py-1.5 text-left text-sm ${i === active ? "bg-surface-muted" : ""}`}
              data-tone={categoryTone(t.category)}
            >
              <span className="tone-chip flex size-6 items-center justify-center rounded-md">
                <Icon name={t.icon} className="size-3.5" />
              </span>
              <span className="font-medium">{t.label}</span>
              <span className="ml-auto text-[11px] text-muted">{t.category}</span>
            </button>
          </li>
        ))}
        {candidates.length === 0 ? <li className="px-2 py-3 text-center text-xs text-muted">No node type matches.</li> : null}
      </ul>
    </div>
  );
}

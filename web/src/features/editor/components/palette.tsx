"use client";

import { useReactFlow } from "@xyflow/react";
import { useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";

import { groupByCategory, searchTypes } from "../lib/catalog";
import { freeSpot } from "../lib/placement";
import { useEditor } from "../store/context";
import type { NodeTypeInfo } from "../types";
import { renderTicks } from "../inspector/ui";
import { NODE_DRAG_MIME } from "./canvas";
import { Icon, categoryTone } from "./icons";

/**
 * Node types by category, searchable. Drag an item onto the canvas, or press Enter
 * (or click) to add it at the centre of the view. Arrow keys move between items.
 */
export function Palette() {
  const catalog = useEditor((s) => s.catalog);
  const actions = useEditor((s) => s.actions);
  const flow = useReactFlow();
  const [query, setQuery] = useState("");
  const list = useRef<HTMLDivElement>(null);
  const groups = useMemo(() => groupByCategory(searchTypes(catalog.latest, query)), [catalog, query]);

  const addAtCenter = (type: NodeTypeInfo) => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const center = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: innerWidth / 2, y: innerHeight / 2 };
    const p = flow.screenToFlowPosition(center);
    // A click adds at the top level: body nodes (positions relative to their container) are not in the way.
    actions.addNode(type.type, freeSpot(flow.getNodes().filter((n) => !n.parentId), { x: p.x - 124, y: p.y - 40 }), undefined, null);
  };

  const items = () => [...(list.current?.querySelectorAll<HTMLButtonElement>("[data-palette-item]") ?? [])];
  const move = (event: KeyboardEvent, delta: number) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = all[Math.max(0, Math.min(all.length - 1, index + delta))];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(NODE_DRAG_MIME, type);
    event.dataTransfer.setData("text/plain", type);
    event.dataTransfer.effectAllowed = "move";
  };

  return (
    <aside aria-label="Node palette" className="flex h-full w-60 shrink-0 flex-col border-r border-border bg-surface">
      <div className="p-3 pb-2">
        <label className="flex h-8 items-center gap-2 rounded-lg border border-border bg-background px-2.5 focus-within:border-accent focus-within:ring-2 focus-within:ring-accent/20">
          <Icon name="search" className="size-3.5 text-muted" />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") {
                e.preventDefault();
                items()[0]?.focus();
              } else if (e.key === "Enter" && groups[0]?.[1][0]) {
                e.preventDefault();
                addAtCenter(groups[0][1][0]);
              }
            }}
            placeholder="Search nodes"
            aria-label="Search node types"
            className="w-full bg-transparent text-[13px] outline-none placeholder:text-muted"
          />
        </label>
      </div>
      <div ref={list} className="thin-scroll flex-1 overflow-y-auto px-2 pb-3" role="list">
        {groups.map(([category, types]) => (
          <section key={category} aria-label={category} className="mb-2">
            <h3 className="px-2 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">{category}</h3>
            {types.map((t) => (
              <button
                key={t.type}
                type="button"
                role="listitem"
                draggable
                data-palette-item
                data-testid={`palette-${t.type}`}
                data-tone={categoryTone(t.category)}
                onDragStart={(e) => onDragStart(e, t.type)}
                onClick={() => addAtCenter(t)}
                onKeyDown={(e) => {
                  if (e.key === "ArrowDown") move(e, 1);
                  else if (e.key === "ArrowUp") move(e, -1);
                }}
                title={`${t.description}\nDrag onto the canvas, or press Enter to add it.`}
                className="group flex w-full cursor-grab items-start gap-2.5 rounded-lg px-2 py-1.5 text-left transition hover:bg-surface-muted focus-visible:bg-surface-muted active:cursor-grabbing"
              >
                <span className="tone-chip mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-lg">
                  <Icon name={t.icon} className="size-4" />
                </span>
                <span className="min-w-0">
                  <span className="block text-[13px] font-medium text-foreground">{t.label}</span>
                  <span className="line-clamp-2 block text-[11.5px] leading-snug text-muted">{renderTicks(t.description)}</span>
                </span>
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 ? <p className="px-2 py-6 text-center text-xs text-muted">No node type matches “{query}”.</p> : null}
      </div>
      <p className="border-t border-border px-3 py-2 text-[11px] leading-snug text-muted">
        Drag onto the canvas, or drop a connection on empty space to add a linked node.
      </p>
    </aside>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { addCollection, chosenCollections, collectionChoices, MAX_COLLECTIONS, toggleCollection, withCollections } from "../lib/memory";
import { FieldShell, controlClass, inputClass, smallButton } from "./ui";

/** The agent's `memory_search` tool: the user's collections to search (by name), and passages per search. */
export function MemoryToolField({ value, errors, onChange }: { value: unknown; errors: string[]; onChange(value: Record<string, unknown> | undefined): void }) {
  const id = useId();
  const trpc = useTRPC();
  const collections = useQuery(trpc.memory.collections.queryOptions());
  const chosen = chosenCollections(value);
  const choices = collectionChoices(collections.data ?? [], chosen);
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const k = value && typeof value === "object" ? (value as { k?: unknown }).k : undefined;
  const add = () => {
    const result = addCollection(chosen, typed);
    if ("error" in result) return setProblem(result.error);
    setProblem(null);
    setTyped("");
    onChange(withCollections(value, result.value));
  };
  const description = chosen.length
    ? "The agent may search these with its memory_search tool, when it decides to."
    : "Choose collections to give the agent a memory_search tool.";
  return (
    <fieldset className="space-y-3 rounded-lg border border-border p-3" data-testid="agent-memory">
      <legend className="px-1 text-xs font-medium">Long-term memory</legend>
      <FieldShell id={id} label="Collections" description={description} errors={[...errors, ...(problem ? [problem] : [])]}>
        <div role="group" aria-labelledby={id} className="flex flex-wrap gap-1.5">
          {choices.map((c) => (
            <label
              key={c.name}
              title={c.exists ? undefined : "No such collection yet: a memory write creates it"}
              className={`inline-flex cursor-pointer items-center gap-1.5 rounded-md border px-2 py-1 text-[11.5px] transition ${c.chosen ? "border-accent bg-accent/10 text-foreground" : "border-border text-muted hover:text-foreground"}`}
            >
              <input
                type="checkbox"
                className="size-3.5 accent-[var(--accent)]"
                checked={c.chosen}
                disabled={!c.chosen && chosen.length >= MAX_COLLECTIONS}
                onChange={() => onChange(withCollections(value, toggleCollection(chosen, c.name)))}
              />
              {c.name}
              {c.exists ? null : <span className="text-muted">(new)</span>}
            </label>
          ))}
          {!choices.length && !collections.isLoading ? <span className="text-[11.5px] text-muted">No collections yet.</span> : null}
        </div>
        <div className="mt-1.5 flex items-center gap-1.5">
          <input
            id={id}
            value={typed}
            placeholder="Another collection’s name"
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
            className={`${controlClass} min-w-0 flex-1`}
          />
          <button type="button" onClick={add} className={smallButton}>
            Add
          </button>
          <Link href="/memory" className="shrink-0 text-[11.5px] text-accent underline-offset-2 hover:underline">
            Memory
          </Link>
        </div>
      </FieldShell>
      <FieldShell id={`${id}-k`} label="Passages per search">
        <input
          id={`${id}-k`}
          type="number"
          min={1}
          max={20}
          step={1}
          value={typeof k === "number" ? k : ""}
          placeholder="5"
          onChange={(e) => {
            const n = Number(e.target.value);
            const rest = value && typeof value === "object" ? { ...(value as Record<string, unknown>) } : {};
            if (e.target.value.trim() === "" || !Number.isInteger(n)) delete rest.k;
            else rest.k = n;
            onChange(Object.keys(rest).length ? rest : undefined);
          }}
          className={inputClass}
        />
      </FieldShell>
    </fieldset>
  );
}

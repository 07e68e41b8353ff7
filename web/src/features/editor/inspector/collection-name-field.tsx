"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { collectionNameHint } from "../lib/memory";
import { FieldShell, inputClass } from "./ui";

/** A memory node's collection, by name: the user's collections are suggested, a new name is explained. */
export function CollectionNameField({
  nodeType,
  value,
  errors,
  onChange,
}: {
  nodeType: "memory_search" | "memory_write";
  value: unknown;
  errors: string[];
  onChange(name: string): void;
}) {
  const id = useId();
  const trpc = useTRPC();
  const collections = useQuery(trpc.memory.collections.queryOptions());
  const hint = collectionNameHint(nodeType, value, collections.data);
  return (
    <FieldShell id={id} label="Collection" required description={hint ?? "One of your memory collections, by name."} errors={errors}>
      <input
        id={id}
        list={`${id}-collections`}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value)}
        className={inputClass}
        autoComplete="off"
      />
      <datalist id={`${id}-collections`}>
        {(collections.data ?? []).map((c) => (
          <option key={c.id} value={c.name} />
        ))}
      </datalist>
    </FieldShell>
  );
}

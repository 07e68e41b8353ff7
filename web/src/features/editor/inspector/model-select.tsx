"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { useTRPC } from "@/lib/trpc/client";

import { OTHER, isUnlistedModel, modelField } from "../lib/models";
import { FieldShell, inputClass, monoInputClass } from "./ui";

/**
 * The agent's model: the provider's known models as a select (plus "Other…" to type a
 * name), or, for an OpenAI-compatible endpoint, a name with suggestions.
 * Key it by provider: a new provider starts from its own list.
 */
export function ModelSelect({
  provider,
  value,
  errors,
  onChange,
}: {
  provider: unknown;
  value: unknown;
  errors: string[];
  onChange(value: string | undefined): void;
}) {
  const id = useId();
  const trpc = useTRPC();
  const providers = useQuery({ ...trpc.credentials.providers.queryOptions(), staleTime: 5 * 60_000 });
  const [typing, setTyping] = useState(false);
  const field = modelField(providers.data, provider, value, typing);
  const name = typeof value === "string" ? value : "";
  const label = providers.data?.find((p) => p.id === provider)?.label;
  const invalid = errors.length > 0;
  const description =
    field.kind === "text"
      ? provider === "openai_compatible"
        ? "The name your endpoint serves (e.g. what `ollama list` shows)."
        : "The provider's model name."
      : isUnlistedModel(providers.data, provider, value)
        ? `Not one of the models listed for ${label ?? "this provider"}: check the name.`
        : "The provider's model.";
  const nameInput = (ariaLabel: string, list?: string) => (
    <input
      id={field.kind === "text" ? id : `${id}-name`}
      type="text"
      aria-label={ariaLabel}
      list={list}
      value={name}
      placeholder="model name"
      onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
      aria-invalid={invalid || undefined}
      className={monoInputClass}
      spellCheck={false}
      autoComplete="off"
    />
  );

  if (field.kind === "text") {
    const listId = field.suggestions.length ? `${id}-suggestions` : undefined;
    return (
      <FieldShell id={id} label="Model" required description={description} errors={errors}>
        {nameInput("Model", listId)}
        {listId ? (
          <datalist id={listId} data-testid="model-suggestions">
            {field.suggestions.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        ) : null}
      </FieldShell>
    );
  }

  return (
    <FieldShell id={id} label="Model" required description={description} errors={errors}>
      <div className="space-y-1.5">
        <select
          id={id}
          aria-label="Model"
          value={field.selected}
          onChange={(e) => {
            const choice = e.target.value;
            if (choice === OTHER) return setTyping(true);
            setTyping(false);
            onChange(choice === "" ? undefined : choice);
          }}
          aria-invalid={invalid || undefined}
          className={inputClass}
        >
          {field.selected === "" ? <option value="">Choose a model…</option> : null}
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {field.canType ? <option value={OTHER}>Other…</option> : null}
        </select>
        {field.other ? nameInput("Model name") : null}
      </div>
    </FieldShell>
  );
}

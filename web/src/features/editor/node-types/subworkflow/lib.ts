/** The sub-workflow inspector's choices, pure: which workflows it may call, and its input rows. */
import type { InputSpec } from "../../types";

export type WorkflowChoice = { value: string; label: string };

/**
 * The user's workflows a sub-workflow node may call: every one but the workflow being edited
 * (a workflow calling itself is refused by the engine too, through any chain), by name; the
 * chosen one is kept even when the list no longer has it (deleted, or past the first page).
 */
export function workflowChoices(items: readonly { id: string; name: string }[], self: string | null, chosen: string | null): WorkflowChoice[] {
  const options = items.filter((w) => w.id !== self).map((w) => ({ value: w.id, label: w.name }));
  options.sort((a, b) => a.label.localeCompare(b.label));
  if (chosen && !options.some((o) => o.value === chosen)) {
    options.push({ value: chosen, label: chosen === self ? "This workflow (it cannot call itself)" : "A workflow not in your list" });
  }
  return options;
}

export type ChildInputRow = { name: string; value: string; required: boolean; detail: string; stale: boolean };

/**
 * One row per input the child declares (its template here, or ""), then the mapped names it
 * does not declare (stale: the child changed), to be removed.
 */
export function childInputRows(declared: Record<string, InputSpec> | null, mapped: Record<string, unknown>): ChildInputRow[] {
  const rows: ChildInputRow[] = Object.entries(declared ?? {}).map(([name, spec]) => ({
    name,
    value: typeof mapped[name] === "string" ? (mapped[name] as string) : mapped[name] === undefined ? "" : JSON.stringify(mapped[name]),
    required: spec.required !== false && spec.default === undefined,
    detail: spec.description ? `${spec.type} · ${spec.description}` : spec.type,
    stale: false,
  }));
  if (declared) {
    for (const [name, value] of Object.entries(mapped)) {
      if (!(name in declared)) rows.push({ name, value: typeof value === "string" ? value : JSON.stringify(value), required: false, detail: "", stale: true });
    }
  }
  return rows;
}

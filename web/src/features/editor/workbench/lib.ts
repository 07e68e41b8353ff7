/**
 * The workbench's pure parts: a one-line preview of a value, what the last run left on each
 * node, and the comparison of a fork with its
 * origin. Plain functions over plain data, unit-tested in tests/features/editor/workbench.test.ts.
 */

export type StepLike = {
  node_id: string;
  scope?: string | null;
  attempt: number;
  status: string;
  output?: unknown;
  tokens_in?: number | null;
  tokens_out?: number | null;
  cost_usd?: number | null;
  started_at?: string | null;
  finished_at?: string | null;
  superseded_at?: string | null;
  seeded_from?: string | null;
};

/** A node as the last run left it (the canvas overlay, the `{{` suggestions' values). */
export type LastStep = {
  status: string;
  output: unknown;
  preview: string;
  seededFrom: string | null;
};

const PREVIEW_CHARS = 80;

/** One line of a value: a string as itself, anything else as compact JSON, cut at `max` characters. */
export function preview(value: unknown, max = PREVIEW_CHARS): string {
  if (value === undefined) return "";
  let text: string;
  if (typeof value === "string") text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The current (not superseded, latest attempt) top-level step of each node. */
export function currentSteps<S extends StepLike>(steps: readonly S[] | null | undefined): Map<string, S> {
  const found = new Map<string, S>();
  for (const step of steps ?? []) {
    if (step.scope || step.superseded_at) continue;
    const seen = found.get(step.node_id);
    if (!seen || step.attempt >= seen.attempt) found.set(step.node_id, step);
  }
  return found;
}

/** node id -> what the run left on it. */
export function lastRunByNode(steps: readonly StepLike[] | null | undefined): Map<string, LastStep> {
  const byNode = new Map<string, LastStep>();
  for (const [node, step] of currentSteps(steps)) {
    const output = step.output ?? null;
    byNode.set(node, {
      status: step.status,
      output,
      preview: step.status === "succeeded" ? preview(output) : "",
      seededFrom: step.seeded_from ?? null,
    });
  }
  return byNode;
}

/**
 * The value a reference (`steps.<node>.output[.path]`, `inputs.<name>[.path]`) resolves to in the
 * last run (the `{{` suggestions show it); `found` false when that run gives it none.
 */
export function resolveReference(
  reference: string,
  last: ReadonlyMap<string, LastStep>,
  inputs: Readonly<Record<string, unknown>> = {},
): { found: boolean; value: unknown } {
  const NONE = { found: false, value: undefined };
  const step = /^steps\.([A-Za-z_][A-Za-z0-9_]*)\.output((?:\.[A-Za-z0-9_]+)*)$/.exec(reference.trim());
  const input = /^inputs\.([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)$/.exec(reference.trim());
  let value: unknown;
  let path: string;
  if (step) {
    const found = last.get(step[1]!);
    if (!found || found.status !== "succeeded") return NONE;
    value = found.output;
    path = step[2] ?? "";
  } else if (input) {
    if (!(input[1]! in inputs)) return NONE;
    value = inputs[input[1]!];
    path = input[2] ?? "";
  } else return NONE;
  for (const key of path.split(".").filter(Boolean)) {
    if (value === null || typeof value !== "object") return NONE;
    value = Array.isArray(value) ? value[Number(key)] : (value as Record<string, unknown>)[key];
  }
  return { found: value !== undefined, value };
}

// -- forks ----------------------------------------------------------------------------

export type ComparedNode = {
  nodeId: string;
  origin: StepLike | null;
  fork: StepLike | null;
  /** The outputs differ (as JSON). */
  changed: boolean;
  /** The fork reused the origin's output (not executed). */
  reused: boolean;
};

export type Comparison = {
  nodes: ComparedNode[];
  costDelta: number;
  tokensDelta: number;
};

const durationOf = (s: StepLike | null) => (s?.started_at && s.finished_at ? Date.parse(s.finished_at) - Date.parse(s.started_at) : null);

/** Per node (in `order`), the origin's step beside the fork's; and the fork's total cost minus the origin's. */
export function compareRuns(
  order: readonly string[],
  origin: {
    steps?: readonly StepLike[] | null;
    cost_usd?: number | null;
    tokens_in?: number | null;
    tokens_out?: number | null;
  },
  fork: {
    steps?: readonly StepLike[] | null;
    cost_usd?: number | null;
    tokens_in?: number | null;
    tokens_out?: number | null;
  },
): Comparison {
  const a = currentSteps(origin.steps);
  const b = currentSteps(fork.steps);
  const nodes = order.map((nodeId) => {
    const left = a.get(nodeId) ?? null;
    const right = b.get(nodeId) ?? null;
    return {
      nodeId,
      origin: left,
      fork: right,
      changed: JSON.stringify(left?.output ?? null) !== JSON.stringify(right?.output ?? null),
      reused: !!right?.seeded_from,
    };
  });
  const tokens = (r: typeof origin) => (r.tokens_in ?? 0) + (r.tokens_out ?? 0);
  return {
    nodes,
    costDelta: (fork.cost_usd ?? 0) - (origin.cost_usd ?? 0),
    tokensDelta: tokens(fork) - tokens(origin),
  };
}

export { durationOf };

/** A signed cost difference: "+$0.0012", "−$0.0300", "±$0". */
export function formatCostDelta(usd: number): string {
  if (Math.abs(usd) < 1e-9) return "±$0";
  const sign = usd > 0 ? "+" : "−";
  const abs = Math.abs(usd);
  return `${sign}$${abs >= 0.01 ? abs.toFixed(2) : abs.toPrecision(2)}`;
}

/** Parse JSON typed by the user: the value, or the parser's message. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

import type { NodeTypeUI } from "../types";

type Comparison = { left?: unknown; op?: unknown; right?: unknown; all?: unknown; any?: unknown; not?: unknown };

/** A condition in a few words: `steps.review.output.ok equals true`, `all of 2 conditions`. */
export function describeCondition(value: unknown): string {
  if (!value || typeof value !== "object") return "";
  const c = value as Comparison;
  if (Array.isArray(c.all)) return c.all.length === 1 ? describeCondition(c.all[0]) : `all of ${c.all.length} conditions`;
  if (Array.isArray(c.any)) return c.any.length === 1 ? describeCondition(c.any[0]) : `any of ${c.any.length} conditions`;
  if (c.not) return `not (${describeCondition(c.not)})`;
  if (typeof c.left !== "string" || typeof c.op !== "string") return "";
  const op = c.op.replace(/_/g, " ");
  return c.right === undefined || c.right === null ? `${c.left} ${op}` : `${c.left} ${op} ${JSON.stringify(c.right)}`;
}

/**
 * The loop container: its body repeats until a condition holds or the maximum is reached.
 * The card says both: "up to 5 times, until steps.review.output.ok equals true".
 */
export const loopUI: NodeTypeUI = {
  type: "loop",
  summary(config) {
    const max = typeof config.max_iterations === "number" ? config.max_iterations : null;
    const until = describeCondition(config.until);
    const times = max === null ? "up to … times (set a maximum)" : `up to ${max} time${max === 1 ? "" : "s"}`;
    return until ? `${times}, until ${until}` : times;
  },
  container: {
    defaultSize: { width: 640, height: 320 },
    variables: [
      { value: "loop.iteration", detail: "this round, from 1" },
      { value: "loop.index", detail: "this round, from 0" },
      { value: "loop.previous", detail: "the previous round's result" },
      { value: "loop.results", detail: "every earlier round's result" },
    ],
    bodyFields: ["result", "until"],
    resultVariables: [{ value: "loop.result", detail: "this round's result" }],
    itemLimit: (config) => (typeof config.max_iterations === "number" ? config.max_iterations : null),
    noun: "round",
    firstNumber: 1,
  },
};

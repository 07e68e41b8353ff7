import { describe, expect, it } from "vitest";

import {
  fromCondition,
  fromRoot,
  newRule,
  parseValue,
  rootGroup,
  toCondition,
  valueText,
  withOperator,
  type Group,
  type Rule,
} from "@/features/editor/node-types/router/conditions";

const roundTrip = (condition: unknown) => {
  const read = fromCondition(condition);
  if (!read.ok) throw new Error(read.reason);
  return toCondition(read.item);
};

describe("router condition builder", () => {
  it("gives back every condition it can show, exactly", () => {
    // Given conditions as documents hold them: a comparison, groups, nested groups, values of every kind
    const conditions = [
      { left: "steps.review.output.score", op: "gte", right: 7 },
      { left: "inputs.topic", op: "exists" },
      { left: "inputs.topic", op: "equals" },
      { all: [] },
      { any: [{ left: "steps.a.output", op: "equals", right: "yes" }] },
      {
        all: [
          { left: "steps.a.output.ok", op: "equals", right: true },
          { any: [{ left: "steps.a.output.tags", op: "contains", right: "urgent" }, { left: "steps.a.output.n", op: "lt", right: "5" }] },
        ],
      },
      { left: "steps.a.output", op: "equals", right: { nested: [1, null] } },
    ];

    // Then reading each into the builder and writing it back changes nothing
    for (const condition of conditions) expect(roundTrip(condition)).toEqual(condition);
  });

  it("refuses what it cannot show, saying why, so the inspector keeps it as raw JSON", () => {
    // Given a `not` (deep inside a group), unknown keys, a bad operator and a malformed group
    const cases: [unknown, RegExp][] = [
      [{ all: [{ left: "inputs.a", op: "exists" }, { not: { left: "inputs.b", op: "exists" } }] }, /`not`/],
      [{ left: "inputs.a", op: "equals", right: 1, note: "x" }, /note/],
      [{ left: "inputs.a", op: "matches", right: "x" }, /operator/],
      [{ all: [], any: [] }, /other keys/],
      [{ any: "x" }, /not a list/],
      ["inputs.a", /not a JSON object/],
    ];

    // Then each is refused with its reason
    for (const [condition, reason] of cases) {
      const read = fromCondition(condition);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.reason).toMatch(reason);
    }
  });

  it("shows a lone comparison as a group of one, and writes it back as a comparison until it grows", () => {
    // Given a route whose condition is one comparison
    const read = fromCondition({ left: "inputs.n", op: "gt", right: 3 });
    if (!read.ok) throw new Error(read.reason);
    const group = rootGroup(read.item);
    expect(group).toEqual({ kind: "group", combine: "all", items: [{ kind: "rule", left: "inputs.n", op: "gt", right: 3 }] });

    // When nothing but its value changes, it stays a comparison
    const edited: Group = { ...group, items: [{ ...(group.items[0] as Rule), right: 4 }] };
    expect(fromRoot(edited, true)).toEqual({ left: "inputs.n", op: "gt", right: 4 });

    // When a second comparison is added with "any", it becomes an `any` group
    const grown: Group = { combine: "any", kind: "group", items: [...edited.items, newRule("inputs.m")] };
    expect(fromRoot(grown, true)).toEqual({ any: [{ left: "inputs.n", op: "gt", right: 4 }, { left: "inputs.m", op: "equals", right: "" }] });

    // And a group of one that was a group stays a group
    expect(fromRoot(edited, false)).toEqual({ all: [{ left: "inputs.n", op: "gt", right: 4 }] });
  });

  it("drops the value for an operator that takes none, and gives one back to one that does", () => {
    const rule: Rule = { kind: "rule", left: "inputs.a", op: "equals", right: 5 };
    const unary = withOperator(rule, "is_empty");
    expect(toCondition(unary)).toEqual({ left: "inputs.a", op: "is_empty" });
    expect(toCondition(withOperator(unary, "contains"))).toEqual({ left: "inputs.a", op: "contains", right: "" });
  });

  it("reads the value box as JSON when it is JSON, else as text, and shows each value so it reads back the same", () => {
    expect(parseValue("5")).toBe(5);
    expect(parseValue("true")).toBe(true);
    expect(parseValue('"5"')).toBe("5");
    expect(parseValue("urgent")).toBe("urgent");
    expect(parseValue("")).toBe("");
    for (const value of ["urgent", "5", "true", "", 5, 2.5, false, null, [1, "a"], { a: 1 }, 'say "hi"']) {
      expect(parseValue(valueText(value))).toEqual(value);
    }
  });
});

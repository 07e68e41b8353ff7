import { describe, expect, it } from "vitest";

import { codeMarks, isCodeField } from "@/features/editor/inspector/code-problems";
import { formFor } from "@/features/editor/lib/schema-form";
import type { JsonSchema } from "@/features/editor/types";

/** The code node's config schema as the engine publishes it (GET /api/v1/node-types). */
const codeSchema = {
  type: "object",
  properties: {
    code: { type: "string", format: "javascript", maxLength: 100000, default: "" },
    time_limit_s: { type: "number", exclusiveMinimum: 0, maximum: 600, default: 2 },
  },
} as unknown as JsonSchema;

const transformSchema = {
  type: "object",
  properties: { template: { type: "string", format: "orrery-template", default: "" }, name: { type: "string" } },
} as unknown as JsonSchema;

describe("which fields get the JavaScript editor", () => {
  it("gives it to a string marked `format: javascript`, and to nothing else", () => {
    const [code, limit] = formFor(codeSchema);
    const [template, name] = formFor(transformSchema);

    expect(code && isCodeField(code)).toBe(true);
    expect(limit && isCodeField(limit)).toBe(false);
    expect(template && isCodeField(template)).toBe(false);
    expect(name && isCodeField(name)).toBe(false);
  });
});

describe("where a validation problem goes in the code", () => {
  const text = "const scenes = input.inputs.scenes;\n  const first = ;\nreturn first;";

  it("marks the reported line from the reported column to its end", () => {
    const [mark] = codeMarks(text, ["SyntaxError: Unexpected token ';' at line 2, column 17"]);
    const secondLine = text.indexOf("  const first");

    expect(mark).toEqual({
      from: secondLine + 16,
      to: secondLine + "  const first = ;".length,
      message: "SyntaxError: Unexpected token ';' at line 2, column 17",
    });
    expect(text.slice(mark!.from, mark!.to)).toBe(";");
  });

  it("marks a whole line from its first character when no column is given", () => {
    const [mark] = codeMarks(text, ["SyntaxError: Unexpected end of input at line 2"]);

    expect(text.slice(mark!.from, mark!.to)).toBe("const first = ;");
  });

  it("keeps a line past the end, or no line at all, inside the code", () => {
    const [past, none] = codeMarks(text, ["x at line 99", "SyntaxError: Single function literal required"]);

    expect(text.slice(past!.from, past!.to)).toBe("return first;");
    expect(none!.from).toBe(0);
  });
});

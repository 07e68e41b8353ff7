import { describe, expect, it } from "vitest";

import { exportFileName, parseExportFile } from "@/features/workflows/lib/files";

describe("exportFileName", () => {
  it("is the name with .orrery.json", () => {
    expect(exportFileName("Launch video")).toBe("Launch video.orrery.json");
  });

  it("replaces what file systems refuse, and never comes out empty", () => {
    expect(exportFileName('a/b\\c:d*e?"f"<g>|h')).toBe("a-b-c-d-e-f-g-h.orrery.json");
    expect(exportFileName("  ..hidden  ")).toBe("hidden.orrery.json");
    expect(exportFileName("///")).toBe("workflow.orrery.json");
    expect(exportFileName("x".repeat(300))).toBe(`${"x".repeat(120)}.orrery.json`);
  });
});

describe("parseExportFile", () => {
  const spec = { schema: "orrery.workflow/v1", nodes: [], edges: [] };
  const exported = { format: "orrery.workflow-export/v1", name: " Video ", description: "d", exported_at: "2026-01-01T00:00:00Z", spec };

  it("reads an export into the import document", () => {
    expect(parseExportFile(JSON.stringify(exported))).toEqual({
      ok: true,
      document: { format: "orrery.workflow-export/v1", name: "Video", description: "d", exported_at: "2026-01-01T00:00:00Z", spec },
    });
  });

  it.each([
    ["text that is not JSON", "not json {", /not JSON/],
    ["a JSON array", "[1]", /holds no JSON object/],
    ["JSON without the format", '{"hello": 1}', /not an Orrery export/],
    ["a bare workflow document", JSON.stringify(spec), /bare workflow document/],
    ["an export without a name", JSON.stringify({ ...exported, name: "  " }), /no workflow name/],
    ["an export without a spec", JSON.stringify({ ...exported, spec: [] }), /no workflow document/],
  ])("explains %s", (_, text, message) => {
    const parsed = parseExportFile(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

import type { ImportDocument } from "@/lib/contracts";

export const EXPORT_FORMAT = "orrery.workflow-export/v1";
export const EXPORT_EXTENSION = ".orrery.json";
/** The engine refuses documents over 1 MiB; the envelope adds a little. */
export const MAX_IMPORT_BYTES = 1024 * 1024 + 64 * 1024;

/** `<name>.orrery.json`, with what file systems refuse replaced by "-". */
export function exportFileName(name: string): string {
  const safe = name
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "-")
    .replace(/\s+/g, " ")
    .replace(/^[\s.-]+|[\s.-]+$/g, "")
    .slice(0, 120)
    .trim();
  return `${safe || "workflow"}${EXPORT_EXTENSION}`;
}

export type ParsedExport = { ok: true; document: ImportDocument } | { ok: false; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a file the user picked for import. Catches what is plainly not an
 * Orrery export here, with a message that says so; the engine judges the rest.
 */
export function parseExportFile(text: string): ParsedExport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: "This file is not JSON. Pick a .orrery.json file exported from Orrery." };
  }
  if (!isRecord(value)) return { ok: false, error: "This file is not an Orrery export: it holds no JSON object." };
  if (value.format !== EXPORT_FORMAT) {
    const hint = value.schema === "orrery.workflow/v1" ? " It looks like a bare workflow document; import takes the file Export downloads." : "";
    return { ok: false, error: `This file is not an Orrery export (it has no "format": "${EXPORT_FORMAT}").${hint}` };
  }
  if (typeof value.name !== "string" || !value.name.trim()) return { ok: false, error: "This export has no workflow name." };
  if (!isRecord(value.spec)) return { ok: false, error: "This export has no workflow document (\"spec\")." };
  return {
    ok: true,
    document: {
      format: EXPORT_FORMAT,
      name: value.name.trim().slice(0, 200),
      description: typeof value.description === "string" ? value.description.slice(0, 2000) : undefined,
      exported_at: typeof value.exported_at === "string" ? value.exported_at : null,
      spec: value.spec,
    },
  };
}

/**
 * The run-from-code snippets Settings → API keys shows: start a run of one workflow with an
 * API key and wait for its outputs (`?wait=true`: 200 with the outputs, or 202 with the run's
 * `events_url` when it is still going after the engine's wait limit). Pure, so it is tested
 * as text. The key is never put in a snippet: it is read from `ORRERY_API_KEY`.
 */
export type SnippetLanguage = "curl" | "python" | "javascript";

export const SNIPPET_LANGUAGES: { id: SnippetLanguage; label: string }[] = [
  { id: "curl", label: "curl" },
  { id: "python", label: "Python" },
  { id: "javascript", label: "JavaScript" },
];

export type SnippetTarget = {
  /** The engine as scripts reach it, without a trailing slash. */
  engineUrl: string;
  workflowId: string;
  /** Example inputs: the workflow's declared inputs with placeholder values. */
  inputs: Record<string, unknown>;
};

export function runUrl({ engineUrl, workflowId }: SnippetTarget): string {
  return `${engineUrl.replace(/\/+$/, "")}/api/v1/workflows/${encodeURIComponent(workflowId)}/runs?wait=true`;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function snippet(language: SnippetLanguage, target: SnippetTarget): string {
  const url = runUrl(target);
  const body = JSON.stringify({ inputs: target.inputs });
  const pretty = JSON.stringify({ inputs: target.inputs }, null, 2);
  switch (language) {
    case "curl":
      return [
        `curl -sS -X POST ${shellQuote(url)} \\`,
        `  -H "Authorization: Bearer $ORRERY_API_KEY" \\`,
        `  -H "Content-Type: application/json" \\`,
        `  -d ${shellQuote(body)}`,
      ].join("\n");
    case "python":
      return [
        "import os",
        "import httpx",
        "",
        "response = httpx.post(",
        `    ${JSON.stringify(url)},`,
        '    headers={"Authorization": f"Bearer {os.environ[\'ORRERY_API_KEY\']}"},',
        `    json=${pythonLiteral(target.inputs, "inputs")},`,
        "    timeout=90,",
        ")",
        "run = response.json()",
        "if response.status_code == 200:",
        '    print(run["status"], run["outputs"])',
        "else:  # 202: still running; follow run[\"events_url\"] or poll GET /api/v1/runs/{id}",
        '    print("running:", run["id"])',
      ].join("\n");
    case "javascript":
      return [
        `const response = await fetch(${JSON.stringify(url)}, {`,
        '  method: "POST",',
        "  headers: {",
        "    Authorization: `Bearer ${process.env.ORRERY_API_KEY}`,",
        '    "Content-Type": "application/json",',
        "  },",
        `  body: JSON.stringify(${pretty.replace(/\n/g, "\n  ")}),`,
        "});",
        "const run = await response.json();",
        "if (response.status === 200) console.log(run.status, run.outputs);",
        'else console.log("running:", run.id, run.events_url); // 202: not ended yet',
      ].join("\n");
  }
}

/** `{"inputs": {...}}` as a Python literal (JSON's true/false/null spelled the Python way). */
function pythonLiteral(inputs: Record<string, unknown>, key: string): string {
  const json = JSON.stringify({ [key]: inputs });
  return json.replace(/\btrue\b/g, "True").replace(/\bfalse\b/g, "False").replace(/\bnull\b/g, "None");
}

/** Placeholder values for a workflow's declared inputs (by type), for the snippet. */
export function exampleInputs(declared: Record<string, { type?: string; default?: unknown }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (spec.default !== undefined && spec.default !== null) out[name] = spec.default;
    else if (spec.type === "number" || spec.type === "integer") out[name] = 1;
    else if (spec.type === "boolean") out[name] = true;
    else if (spec.type === "array") out[name] = [];
    else if (spec.type === "object") out[name] = {};
    else out[name] = `your ${name}`;
  }
  return out;
}

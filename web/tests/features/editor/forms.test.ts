import { describe, expect, it } from "vitest";

import { inputRowProblems, inputsToRows, parseDefault, rowsToInputs } from "@/features/editor/lib/inputs";
import { rowProblems, rowsToSchema, schemaToRows } from "@/features/editor/lib/output-schema";
import { indexProblems, problemsAt } from "@/features/editor/lib/problems";
import { emptyValue, formFor, getIn, pathString, setIn, type FieldSpec } from "@/features/editor/lib/schema-form";
import { applySuggestion, filterSuggestions, openReference, referenceSuggestions } from "@/features/editor/lib/suggestions";
import { docToFlow } from "@/features/editor/lib/document";

import { agentUI } from "@/features/editor/node-types/agent";

import { catalog, sampleDoc } from "./fixtures";

const form = (type: string) => formFor(catalog.get(type)!.config_schema);
const field = (fields: FieldSpec[], key: string) => fields.find((f) => f.key === key)!;

describe("schema -> form", () => {
  it("maps the agent's config to fields", () => {
    const fields = form("agent");
    expect(field(fields, "prompt")).toMatchObject({ kind: "text", template: true, multiline: true, required: true });
    expect(field(fields, "model")).toMatchObject({ kind: "text", multiline: false, required: false });
    expect(field(fields, "temperature")).toMatchObject({ kind: "number", integer: false, nullable: true, maximum: 2, advanced: true });
    expect(field(fields, "max_tokens")).toMatchObject({ kind: "number", integer: true, nullable: true });
    expect(field(fields, "tools")).toMatchObject({ kind: "multi-enum", options: ["current_time", "http_fetch"] });
    expect(field(fields, "output_schema")).toMatchObject({ kind: "json", nullable: true });
  });

  it("gives the agent an editable fallback chain and response cache (advanced)", () => {
    // Given the agent's config schema, as the engine publishes it
    const fields = form("agent");

    // Then its fallbacks are a list of sub-forms (provider, model, key), and a new one starts on a real provider
    const fallbacks = field(fields, "fallbacks");
    expect(fallbacks).toMatchObject({ kind: "list", advanced: true });
    const item = fallbacks.kind === "list" ? fallbacks.item : null;
    expect(item).toMatchObject({ kind: "object" });
    const keys = item && item.kind === "object" ? item.fields.map((f) => f.key) : [];
    expect(keys).toEqual(["provider", "model", "credential_id"]);
    const provider = item && item.kind === "object" ? item.fields[0] : null;
    expect(provider).toMatchObject({ kind: "enum", required: true });
    expect(agentUI.newItem?.("fallbacks", {})).toEqual({ provider: "openai", model: "gpt-4o-mini" });
    // and the cache is an object with its switch and TTL
    const cache = field(fields, "cache");
    expect(cache).toMatchObject({ kind: "object", advanced: true });
    const cacheKeys = cache.kind === "object" ? cache.fields.map((f) => f.key) : [];
    expect(cacheKeys).toEqual(["enabled", "ttl_seconds"]);
  });

  it("maps enums, booleans, maps, $ref lists and oneOf", () => {
    const http = form("http");
    expect(field(http, "method")).toMatchObject({ kind: "enum", options: ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"] });
    expect(field(http, "follow_redirects")).toMatchObject({ kind: "boolean", default: true });
    expect(field(http, "headers")).toMatchObject({ kind: "map", value: { kind: "text", template: true } });
    const routes = field(form("router"), "routes");
    expect(routes.kind).toBe("list");
    const item = routes.kind === "list" ? routes.item : null;
    expect(item).toMatchObject({ kind: "object" });
    const condition = item && item.kind === "object" ? item.fields.find((f) => f.key === "condition") : null;
    expect(condition).toMatchObject({ kind: "json", required: true });
    expect(field(form("transform"), "pick")).toMatchObject({ kind: "map", value: { kind: "text", reference: true } });
    expect(field(form("approval"), "default_decision")).toMatchObject({ kind: "enum", nullable: true, options: ["approve", "reject"] });
  });

  it("sets and gets nested values without mutating, and builds empty items", () => {
    const config = { routes: [{ name: "a" }] };
    const next = setIn(config, ["routes", 0, "name"], "b");
    expect(next).toEqual({ routes: [{ name: "b" }] });
    expect(config.routes[0]!.name).toBe("a");
    expect(setIn({ a: 1, b: 2 }, ["a"], undefined)).toEqual({ b: 2 });
    expect(getIn(next, ["routes", 0, "name"])).toBe("b");
    expect(pathString(["routes", 0, "name"])).toBe("config.routes[0].name");
    const routes = field(form("router"), "routes");
    expect(routes.kind === "list" && emptyValue(routes.item)).toEqual({ name: "", condition: {} });
  });
});

describe("output schema rows", () => {
  it("round-trips fields and keeps what rows do not show", () => {
    const schema = {
      type: "object",
      properties: { title: { type: "string", description: "Headline" }, tags: { type: "array", items: { type: "string" } } },
      required: ["title"],
      additionalProperties: false,
    };
    const result = schemaToRows(schema);
    expect(result.editable).toBe(true);
    if (!result.editable) return;
    expect(result.rows.map((r) => [r.name, r.type, r.required])).toEqual([
      ["title", "string", true],
      ["tags", "array", false],
    ]);
    expect(rowsToSchema(result.rows, result.root)).toEqual(schema);
  });

  it("writes a two-field schema, and null for none", () => {
    const rows = [
      { name: "title", type: "string" as const, required: true, description: "", extra: {} },
      { name: "score", type: "number" as const, required: false, description: "0-10", extra: {} },
    ];
    expect(rowsToSchema(rows)).toEqual({
      type: "object",
      properties: { title: { type: "string" }, score: { type: "number", description: "0-10" } },
      required: ["title"],
    });
    expect(rowsToSchema([])).toBeNull();
    expect(rowProblems([...rows, { ...rows[0]!, name: "title" }]).filter(Boolean)).toHaveLength(2);
    expect(schemaToRows({ type: "array" }).editable).toBe(false);
  });
});

describe("run inputs rows", () => {
  it("round-trips declarations with typed defaults", () => {
    const inputs = {
      topic: { type: "string" as const, description: "What about", required: true },
      minutes: { type: "integer" as const, required: true, default: 8 },
      tone: { type: "string" as const, required: false, enum: ["fun", "dry"] },
    };
    expect(rowsToInputs(inputsToRows(inputs))).toEqual(inputs);
    expect(parseDefault({ type: "integer", defaultText: "2.5" }).error).toBeTruthy();
    expect(parseDefault({ type: "array", defaultText: "[1]" }).value).toEqual([1]);
    expect(inputRowProblems([{ name: "1x", type: "string", description: "", required: true, defaultText: "" }])[0]).toMatch(/letters/i);
  });
});

describe("template suggestions", () => {
  const flow = docToFlow(sampleDoc(), catalog);
  it("offers inputs and upstream outputs only", () => {
    const values = referenceSuggestions("router_1", flow.nodes, flow.edges, flow.inputs).map((s) => s.value);
    expect(values).toEqual(["inputs.topic", "steps.start.output", "steps.start.output.topic", "steps.agent_1.output"]);
    const forAgent = referenceSuggestions("agent_1", flow.nodes, flow.edges, flow.inputs).map((s) => s.value);
    expect(forAgent).not.toContain("steps.agent_1.output");
    expect(forAgent).not.toContain("steps.router_1.output");
  });

  it("offers the user's secrets by name after the references", () => {
    // Given a user with two secrets
    // When a template in a node asks for suggestions
    const values = referenceSuggestions("router_1", flow.nodes, flow.edges, flow.inputs, { secrets: ["SLACK_TOKEN", "API_KEY"] });
    // Then `secrets.NAME` is offered for each, last
    expect(values.map((s) => s.value).slice(-2)).toEqual(["secrets.SLACK_TOKEN", "secrets.API_KEY"]);
    expect(filterSuggestions(values, "secrets.SL").map((s) => s.value)).toEqual(["secrets.SLACK_TOKEN"]);
  });

  it("opens on {{, filters, and inserts a closed reference", () => {
    expect(openReference("Hi {{ inp", 9)).toEqual({ start: 3, partial: "inp" });
    expect(openReference("Hi {{ x }} y", 12)).toBeNull();
    const all = referenceSuggestions("router_1", flow.nodes, flow.edges, flow.inputs);
    expect(filterSuggestions(all, "steps.ag").map((s) => s.value)).toEqual(["steps.agent_1.output"]);
    expect(applySuggestion("Hi {{ inp", 9, "inputs.topic")).toEqual({ text: "Hi {{ inputs.topic }}", caret: 21 });
    expect(applySuggestion("Hi {{ inp }} there", 9, "inputs.topic").text).toBe("Hi {{ inputs.topic }} there");
  });
});

describe("problems", () => {
  it("indexes by node and matches field paths", () => {
    const index = indexProblems([
      { code: "invalid_config", message: "Expected a non-empty prompt", node_id: "agent_1", path: "config.prompt" },
      { code: "unknown_reference", message: "bad left", node_id: "router_1", path: "config.routes[0].condition.left" },
      { code: "missing_output_node", message: "Add an Output node" },
    ]);
    expect(index.byNode.get("agent_1")).toHaveLength(1);
    expect(index.general).toHaveLength(1);
    expect(problemsAt(index.byNode.get("agent_1"), "config.prompt")).toEqual(["Expected a non-empty prompt"]);
    expect(problemsAt(index.byNode.get("router_1"), "config.routes[0].condition")).toEqual([]);
    expect(problemsAt(index.byNode.get("router_1"), "config.routes[0].condition", true)).toEqual(["bad left"]);
  });
});

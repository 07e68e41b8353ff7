// A stub OpenAI-compatible server for the browser tests: the "model" behind an
// OpenAI-compatible credential (it stands in for Ollama, vLLM or a hosted router). It is
// not an AI: its answers are made from the request, deterministically.
//
//   node e2e/stub-openai.mjs --port 43210      (scripts/e2e.sh starts it on 127.0.0.1)
//
// POST /v1/chat/completions, streamed (`stream: true`: SSE `data:` chunks, `[DONE]`, usage in
// a last chunk when `stream_options.include_usage`) or not, in the shapes OpenAI sends:
// - asked for structured output as a tool (pydantic-ai's `final_result`, with
//   `tool_choice: "required"`) it calls that tool with arguments made from its JSON Schema;
// - asked for `response_format: json_schema` it answers that JSON as text;
// - otherwise it answers "Stub answer to: <the last user message>".
// Every answer reports 1,200 prompt and 350 completion tokens.
// GET /v1/models lists STUB_MODEL; GET /__requests returns what was received (the test
// checks the key and model arrived), Authorization included: test keys only.
import { createServer } from "node:http";

export const STUB_MODEL = "stub-llama-3";
export const USAGE = { prompt_tokens: 1200, completion_tokens: 350 };

const received = [];

/** A value that fits `schema` (objects, arrays, scalars, enums), using the prompt for text. */
export function sample(schema, prompt, key = "value") {
  if (!schema || typeof schema !== "object") return null;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type ?? (schema.properties ? "object" : "string")) {
    case "object": {
      const out = {};
      for (const [name, sub] of Object.entries(schema.properties ?? {})) out[name] = sample(sub, prompt, name);
      return out;
    }
    case "array":
      return [sample(schema.items ?? { type: "string" }, prompt, key)];
    case "integer":
      return Math.max(7, schema.minimum ?? 0);
    case "number":
      return Math.max(7.5, schema.minimum ?? 0);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return `${key}: ${prompt}`.slice(0, schema.maxLength ?? 200);
  }
}

function lastUserText(messages = []) {
  const last = [...messages].reverse().find((m) => m.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  return (last.content ?? []).map((p) => p.text ?? "").join("");
}

function answer(body) {
  const prompt = lastUserText(body.messages);
  const outputTool = (body.tools ?? []).find((t) => t.function?.name === "final_result") ?? (body.tool_choice === "required" ? body.tools?.[0] : undefined);
  if (outputTool) {
    return { tool: { name: outputTool.function.name, arguments: JSON.stringify(sample(outputTool.function.parameters, prompt)) } };
  }
  const format = body.response_format;
  if (format?.type === "json_schema") return { text: JSON.stringify(sample(format.json_schema?.schema, prompt)) };
  return { text: `Stub answer to: ${prompt}` };
}

const usage = () => ({ ...USAGE, total_tokens: USAGE.prompt_tokens + USAGE.completion_tokens });
const base = (model, n) => ({ id: "chatcmpl-stub", created: 1731000000 + n, model, system_fingerprint: "fp_stub" });

function completion(body) {
  const { tool, text } = answer(body);
  const message = tool
    ? { role: "assistant", content: null, tool_calls: [{ id: "call_stub1", type: "function", function: tool }] }
    : { role: "assistant", content: text };
  return {
    ...base(body.model, 0),
    object: "chat.completion",
    choices: [{ index: 0, message, logprobs: null, finish_reason: tool ? "tool_calls" : "stop" }],
    usage: usage(),
  };
}

function* chunks(body) {
  const { tool, text } = answer(body);
  const chunk = (n, delta, finish = null) => ({ ...base(body.model, n), object: "chat.completion.chunk", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  if (tool) {
    yield chunk(0, { role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_stub1", type: "function", function: { name: tool.name, arguments: "" } }] });
    const step = Math.max(1, Math.ceil(tool.arguments.length / 3));
    for (let i = 0; i < tool.arguments.length; i += step) {
      yield chunk(1 + i, { tool_calls: [{ index: 0, function: { arguments: tool.arguments.slice(i, i + step) } }] });
    }
    yield chunk(99, {}, "tool_calls");
  } else {
    yield chunk(0, { role: "assistant", content: "" });
    for (const [i, word] of text.split(/(?<= )/).entries()) yield chunk(1 + i, { content: word });
    yield chunk(99, {}, "stop");
  }
  if (body.stream_options?.include_usage) yield { ...base(body.model, 100), object: "chat.completion.chunk", choices: [], usage: usage() };
}

function send(res, status, value) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

export function startStub(port = 0, host = "127.0.0.1") {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://stub").pathname;
    let raw = "";
    for await (const piece of req) raw += piece;
    if (req.method === "GET" && path === "/__requests") return send(res, 200, received);
    if (req.method === "GET" && path === "/v1/models") return send(res, 200, { object: "list", data: [{ id: STUB_MODEL, object: "model", created: 1731000000, owned_by: "stub" }] });
    if (req.method !== "POST" || path !== "/v1/chat/completions") return send(res, 404, { error: { message: `No route ${req.method} ${path}`, type: "invalid_request_error", code: "not_found" } });
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, { error: { message: "The body is not JSON.", type: "invalid_request_error", code: null } });
    }
    received.push({ path, authorization: req.headers.authorization ?? null, body });
    if (!body.stream) return send(res, 200, completion(body));
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    for (const c of chunks(body)) res.write(`data: ${JSON.stringify(c)}\n\n`);
    res.end("data: [DONE]\n\n");
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--port");
  const server = await startStub(at > 0 ? Number(process.argv[at + 1]) : 0);
  const { address, port } = server.address();
  console.log(`stub OpenAI-compatible server listening on http://${address}:${port}/v1`);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

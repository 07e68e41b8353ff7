import { describe, expect, it } from "vitest";

import { readSse, SseParser, type SseMessage } from "@/server/engine/sse";

const STREAM = [
  ": heartbeat",
  "",
  "id: 1",
  "event: run.queued",
  'data: {"type":"run.queued"}',
  "",
  "event: step.delta",
  'data: {"type":"step.delta","text":"hi"}',
  "",
  "id: 2",
  "event: step.log",
  "data: line one",
  "data: line two",
  "",
  "",
].join("\n");

const EXPECTED: SseMessage[] = [
  { id: "1", event: "run.queued", data: '{"type":"run.queued"}' },
  { id: null, event: "step.delta", data: '{"type":"step.delta","text":"hi"}' },
  { id: "2", event: "step.log", data: "line one\nline two" },
];

/** Feeds `text` in pieces cut at `cuts` and collects every message. */
function parseIn(text: string, cuts: number[]): SseMessage[] {
  const parser = new SseParser();
  const out: SseMessage[] = [];
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...parser.push(text.slice(start, cut)));
    start = cut;
  }
  out.push(...parser.end());
  return out;
}

describe("SseParser", () => {
  it("reads ids, event types, multi-line data and skips comments", () => {
    expect(parseIn(STREAM, [])).toEqual(EXPECTED);
  });

  it("gives the same messages however the stream is split into chunks", () => {
    // Given every single split point, and every pair of split points
    for (let i = 0; i <= STREAM.length; i++) expect(parseIn(STREAM, [i])).toEqual(EXPECTED);
    for (let i = 0; i <= STREAM.length; i += 3) for (let j = i; j <= STREAM.length; j += 5) expect(parseIn(STREAM, [i, j])).toEqual(EXPECTED);
  });

  it("feeds one character at a time", () => {
    expect(parseIn(STREAM, Array.from({ length: STREAM.length }, (_, i) => i))).toEqual(EXPECTED);
  });

  it("accepts CRLF and CR line endings, even when a CRLF is split across chunks", () => {
    const crlf = STREAM.replaceAll("\n", "\r\n");
    const cr = STREAM.replaceAll("\n", "\r");
    for (let i = 0; i <= crlf.length; i++) expect(parseIn(crlf, [i])).toEqual(EXPECTED);
    expect(parseIn(cr, [])).toEqual(EXPECTED);
  });

  it("strips only one leading space, keeps colons in values, and ignores unknown fields", () => {
    const out = parseIn('id:7\nevent:x\nretry: 10\nfoo: bar\ndata:  two spaces: yes\n\n', []);
    expect(out).toEqual([{ id: "7", event: "x", data: " two spaces: yes" }]);
  });

  it("defaults the event type to message and drops messages without data", () => {
    expect(parseIn("data: a\n\nid: 3\n\nevent: nothing\n\n", [])).toEqual([{ id: null, event: "message", data: "a" }]);
  });

  it("drops an unterminated message at the end of the stream", () => {
    const parser = new SseParser();
    expect(parser.push("id: 9\ndata: half")).toEqual([]);
    expect(parser.end()).toEqual([]);
  });
});

describe("readSse", () => {
  it("decodes a byte stream, including UTF-8 characters split between chunks", async () => {
    const bytes = new TextEncoder().encode('id: 1\nevent: step.delta\ndata: {"text":"héllo ✓"}\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    const out: SseMessage[] = [];
    for await (const m of readSse(body)) out.push(m);
    expect(out).toEqual([{ id: "1", event: "step.delta", data: '{"text":"héllo ✓"}' }]);
  });

  it("cancels the body when the consumer stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("data: 1\n\ndata: 2\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const m of readSse(body)) {
      expect(m.data).toBe("1");
      break;
    }
    expect(cancelled).toBe(true);
  });
});

/**
 * A small Server-Sent Events parser (the WHATWG "event stream interpretation",
 * minus `retry`): feed it text in chunks split anywhere, get whole messages back.
 *
 * - lines end in `\n`, `\r\n` or `\r` (a `\r` at the end of a chunk waits for the next);
 * - `:` lines are comments (the engine's heartbeats) and are dropped;
 * - `data:` lines accumulate, joined by `\n`; a blank line dispatches the message;
 * - `id:` sets the message's id (ids with NUL are ignored, as browsers do);
 * - one leading space after the colon is removed.
 */

export type SseMessage = {
  /** The `event:` field, "message" when absent. */
  event: string;
  data: string;
  /** The `id:` field of this message, or null when it had none. */
  id: string | null;
};

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private id: string | null = null;
  private sawField = false;

  /** Feed a chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== "\n" && ch !== "\r") continue;
      if (ch === "\r" && i === this.buffer.length - 1) break; // might be half of \r\n
      this.line(this.buffer.slice(start, i), out);
      if (ch === "\r" && this.buffer[i + 1] === "\n") i++;
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /** The stream ended: a held-back final `\r` ends its line; an unterminated message is dropped (as the spec says). */
  end(): SseMessage[] {
    const out: SseMessage[] = [];
    if (this.buffer.endsWith("\r")) this.line(this.buffer.slice(0, -1), out);
    this.buffer = "";
    this.reset();
    return out;
  }

  private line(line: string, out: SseMessage[]) {
    if (line === "") {
      if (this.sawField && this.data.length > 0) out.push({ event: this.event || "message", data: this.data.join("\n"), id: this.id });
      this.reset();
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    this.sawField = true;
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.id = value;
  }

  private reset() {
    this.data = [];
    this.event = "";
    this.id = null;
    this.sawField = false;
  }
}

/** The messages of a byte stream, in order, until it ends. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    // Stop reading when the consumer stops early (its client went away).
    reader.cancel().catch(() => {});
  }
}

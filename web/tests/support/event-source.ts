/**
 * A browser's EventSource, stood in for in Node 20 (which has none) for tests of what
 * `httpSubscriptionLink` receives: fetch plus the WHATWG event-stream interpretation
 * (@/server/engine/sse's parser), with the parts tRPC's client relies on: named events and
 * `message`, `lastEventId` kept across messages (an empty `id:` clears it), `Last-Event-ID` sent
 * on reconnection, reconnection after the connection ends or breaks, `close()`. `connections`
 * counts the requests it made.
 */
import { SseParser } from "@/server/engine/sse";

export class TestEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  static connections: { url: string; lastEventId: string }[] = [];
  /** Headers every request carries (a test's stand-in for the browser's session cookie). */
  static headers: Record<string, string> = {};

  readyState = 0;
  lastEventId = "";
  readonly withCredentials = false;
  private abort = new AbortController();

  constructor(
    readonly url: string,
    _init?: unknown,
  ) {
    super();
    void this.connect();
  }

  close() {
    this.readyState = this.CLOSED;
    this.abort.abort();
  }

  private async connect() {
    const headers: Record<string, string> = { ...TestEventSource.headers, accept: "text/event-stream" };
    if (this.lastEventId) headers["last-event-id"] = this.lastEventId;
    TestEventSource.connections.push({ url: this.url, lastEventId: this.lastEventId });
    try {
      const res = await fetch(this.url, { headers, signal: this.abort.signal });
      if (res.status !== 200 || !res.headers.get("content-type")?.startsWith("text/event-stream")) {
        this.readyState = this.CLOSED;
        this.dispatchEvent(new Event("error"));
        return;
      }
      this.readyState = this.OPEN;
      this.dispatchEvent(new Event("open"));
      const parser = new SseParser();
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        for (const m of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (this.readyState === this.CLOSED) return;
          if (m.id !== null) this.lastEventId = m.id;
          this.dispatchEvent(new MessageEvent(m.event, { data: m.data, lastEventId: this.lastEventId }));
        }
      }
    } catch {
      // the connection broke: reconnect below, as a browser does
    }
    if (this.readyState === this.CLOSED) return;
    this.readyState = this.CONNECTING;
    this.dispatchEvent(new Event("error"));
    setTimeout(() => void this.connect(), 20);
  }
}

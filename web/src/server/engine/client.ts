import { EngineUnavailableError, engineErrorFromResponse } from "./errors";
import type { EngineHealth } from "./types";

type Fetch = typeof fetch;

export type EngineClientOptions = {
  baseUrl: string;
  /** The signed-in user's Supabase access token, forwarded as `Authorization: Bearer`. */
  accessToken?: string | null;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: Fetch;
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
};

export type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** Statuses (besides 2xx) whose JSON body is returned rather than thrown. */
  acceptStatus?: readonly number[];
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
  /** This request's timeout in ms, when it may take longer than the client's (e.g. embedding a long document). */
  timeoutMs?: number;
};

/** A small typed fetch client for the engine's HTTP API. One per request (it carries the user's token). */
export class EngineClient {
  private readonly baseUrl: string;
  private readonly fetch: Fetch;

  constructor(private readonly options: EngineClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Sends a request; resolves with the parsed JSON body, throws an EngineError otherwise. */
  async request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(`${this.baseUrl}${path.startsWith("/") ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers = new Headers({ accept: "application/json", ...opts.headers });
    if (this.options.accessToken) headers.set("authorization", `Bearer ${this.options.accessToken}`);
    if (opts.body !== undefined) headers.set("content-type", "application/json");

    const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.options.timeoutMs ?? 15_000);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;

    let response: Response;
    try {
      response = await this.fetch(url, {
        method: opts.method ?? "GET",
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal,
        cache: "no-store",
      });
    } catch (cause) {
      if (opts.signal?.aborted) throw cause; // the caller gave up: not the engine's fault
      throw new EngineUnavailableError(`Engine unreachable at ${this.baseUrl}`, { cause });
    }

    const body = await readBody(response);
    if (response.ok || opts.acceptStatus?.includes(response.status)) return body as T;
    throw engineErrorFromResponse(response.status, body, response.statusText);
  }

  /**
   * Opens a streaming GET (Server-Sent Events): resolves with the response once its
   * headers arrive (2xx, including 204), throws an EngineError otherwise. No timeout:
   * the stream lives until it ends or `signal` aborts it.
   */
  async openStream(path: string, opts: { query?: RequestOptions["query"]; headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Response> {
    const url = new URL(`${this.baseUrl}${path.startsWith("/") ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers = new Headers({ accept: "text/event-stream", ...opts.headers });
    if (this.options.accessToken) headers.set("authorization", `Bearer ${this.options.accessToken}`);
    let response: Response;
    try {
      response = await this.fetch(url, { method: "GET", headers, signal: opts.signal, cache: "no-store" });
    } catch (cause) {
      if (opts.signal?.aborted) throw cause;
      throw new EngineUnavailableError(`Engine unreachable at ${this.baseUrl}`, { cause });
    }
    if (response.ok) return response;
    throw engineErrorFromResponse(response.status, await readBody(response), response.statusText);
  }

  /** GET /healthz. A 503 still carries the health body (a dependency is down). */
  health(signal?: AbortSignal): Promise<EngineHealth> {
    return this.request<EngineHealth>("/healthz", { signal, acceptStatus: [503] });
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  if ((response.headers.get("content-type") ?? "").includes("json")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export function createEngineClient(options: EngineClientOptions): EngineClient {
  return new EngineClient(options);
}

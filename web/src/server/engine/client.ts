/**
 * The BFF's client for the engine's HTTP API: a thin wrapper over openapi-fetch's
 * `createClient<paths>()`, so every call's path, path parameters, query, headers and body are
 * checked against the engine's OpenAPI (contracts/openapi.json -> lib/contracts/generated) and
 * its answer's type is inferred from it. One client per request: it carries the user's token.
 *
 * What the wrapper adds to openapi-fetch, in one place:
 * - the user's Supabase access token as `Authorization: Bearer`;
 * - a timeout per request (15 s, or the call's `timeoutMs`) joined with the caller's `signal`;
 * - errors from the EngineError tree (./errors), mapped to tRPC in server/trpc/errors.ts:
 *   unreachable or timed out -> EngineUnavailableError (503 to the browser); a non-2xx answer
 *   -> EngineHttpError from the engine's `ErrorBody`; an answer that is not JSON -> 502. A call
 *   the caller aborted throws the caller's abort, never blamed on the engine;
 * - `acceptStatus`: statuses whose declared body is returned rather than thrown (GET /healthz's 503);
 * - `openStream`: a streaming GET (SSE) with no timeout.
 *
 * How to add an engine call
 * 1. The engine endpoint exists with accurate annotations (a msgspec return type, or `responses=`
 *    with a `ResponseSpec` for every other status it answers); after changing it run
 *    `engine/.venv/bin/orrery contracts && (cd web && npm run gen)` and commit the results.
 * 2. In the module of its area (runs.ts, workflows.ts, ...), write one function that calls
 *    `engine.GET|POST|PUT|PATCH|DELETE` with the OpenAPI path as written in `paths` (placeholders,
 *    not an interpolated string) and its parameters by place:
 *        export const getRun = (engine: EngineClient, id: string, signal?: AbortSignal) =>
 *          engine.GET("/api/v1/runs/{run_id}", { params: { path: { run_id: id } }, signal });
 *    The answer is typed from the path; never assert one (`request<T>` is gone on purpose).
 * 3. Name the types a caller needs from `components["schemas"]` (or `@/lib/contracts`). When the
 *    inferred answer is `unknown` or too loose, fix the engine's annotation and regenerate.
 */
import createClient, { type Client, type ClientPathsWithMethod, type ParamsOption, type RequestBodyOption } from "openapi-fetch";

import type { components, paths } from "@/lib/contracts/generated/openapi";
import { EngineError, EngineHttpError, EngineUnavailableError, engineErrorFromResponse } from "./errors";

type Fetch = typeof fetch;

export type EngineClientOptions = {
  baseUrl: string;
  /** The signed-in user's Supabase access token, forwarded as `Authorization: Bearer`. */
  accessToken?: string | null;
  /** Injected in tests (it receives a `Request`); the global fetch otherwise. */
  fetch?: Fetch;
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number;
};

type Method = "get" | "post" | "put" | "patch" | "delete";
type Api = Client<paths>;

/** The engine's paths that answer `M`, as the OpenAPI spells them (`/api/v1/runs/{run_id}`). */
export type EnginePath<M extends Method> = ClientPathsWithMethod<Api, M>;
/** The OpenAPI operation of `M` on path `P`. */
type Operation<M extends Method, P extends EnginePath<M>> = paths[P][M];
type Responses<Op> = Op extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { "application/json": infer B } } ? B : undefined;
type Success<Op> = { [S in keyof Responses<Op>]: S extends 200 | 201 | 202 | 203 | 204 | 206 ? JsonOf<Responses<Op>[S]> : never }[keyof Responses<Op>];
/** The non-2xx statuses the operation declares. */
type ErrorStatus<Op> = Exclude<keyof Responses<Op>, 200 | 201 | 202 | 203 | 204 | 206> & number;

/** A call's answer: the JSON body of its 2xx responses (undefined for a 204), or of an accepted status. */
export type EngineAnswer<M extends Method, P extends EnginePath<M>, S = never> =
  | Success<Operation<M, P>>
  | (S extends keyof Responses<Operation<M, P>> ? JsonOf<Responses<Operation<M, P>>[S]> : never);

/** What the wrapper adds to a call's options. */
type Extras<S extends number = number> = {
  signal?: AbortSignal;
  /** This request's timeout in ms, when it may take longer than the client's (e.g. reading a long document). */
  timeoutMs?: number;
  /** Statuses (besides 2xx) whose body is returned rather than thrown; only those the operation declares. */
  acceptStatus?: readonly S[];
  /** Extra request headers the OpenAPI does not declare (declared ones go in `params.header`). */
  headers?: Record<string, string>;
};
/** What a call takes: openapi-fetch's `params` and `body` (checked against the OpenAPI), plus ours. */
export type CallInit<M extends Method, P extends EnginePath<M>, S extends number = never> = ParamsOption<Operation<M, P>> & RequestBodyOption<Operation<M, P>> & Extras<S>;
/** True when every key of T is optional (an empty object would do). */
type NothingRequired<T> = Record<never, never> extends T ? true : false;
/** The init argument, optional when nothing in it is required. */
type CallArgs<M extends Method, P extends EnginePath<M>, S extends number = never> =
  NothingRequired<CallInit<M, P>> extends true ? [init?: CallInit<M, P, S>] : [init: CallInit<M, P, S>];

const DEFAULT_TIMEOUT_MS = 15_000;

/** The engine's typed HTTP API. One per request (it carries the user's token). */
export class EngineClient {
  private readonly api: Api;
  private readonly baseUrl: string;
  private readonly fetch: Fetch;
  private readonly timeoutMs: number;

  constructor(options: EngineClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.api = createClient<paths>({
      baseUrl: this.baseUrl,
      headers: { accept: "application/json", authorization: options.accessToken ? `Bearer ${options.accessToken}` : undefined },
      cache: "no-store",
    });
  }

  GET<P extends EnginePath<"get">, S extends ErrorStatus<Operation<"get", P>> = never>(path: P, ...[init]: CallArgs<"get", P, S>) {
    return this.call<EngineAnswer<"get", P, S>>("get", path, init);
  }

  POST<P extends EnginePath<"post">, S extends ErrorStatus<Operation<"post", P>> = never>(path: P, ...[init]: CallArgs<"post", P, S>) {
    return this.call<EngineAnswer<"post", P, S>>("post", path, init);
  }

  PUT<P extends EnginePath<"put">, S extends ErrorStatus<Operation<"put", P>> = never>(path: P, ...[init]: CallArgs<"put", P, S>) {
    return this.call<EngineAnswer<"put", P, S>>("put", path, init);
  }

  PATCH<P extends EnginePath<"patch">, S extends ErrorStatus<Operation<"patch", P>> = never>(path: P, ...[init]: CallArgs<"patch", P, S>) {
    return this.call<EngineAnswer<"patch", P, S>>("patch", path, init);
  }

  DELETE<P extends EnginePath<"delete">, S extends ErrorStatus<Operation<"delete", P>> = never>(path: P, ...[init]: CallArgs<"delete", P, S>) {
    return this.call<EngineAnswer<"delete", P, S>>("delete", path, init);
  }

  /** GET /healthz. A 503 still carries the health body (a dependency is down). */
  health(signal?: AbortSignal): Promise<components["schemas"]["Health"]> {
    return this.GET("/healthz", { signal, acceptStatus: [503] });
  }

  /**
   * Opens a streaming GET (Server-Sent Events): resolves with the response once its headers
   * arrive (2xx, including 204), throws an EngineError otherwise. No timeout: the stream lives
   * until it ends or `signal` aborts it.
   */
  async openStream<P extends EnginePath<"get">>(path: P, ...[init]: CallArgs<"get", P>): Promise<Response> {
    const { response, error } = await this.send("get", path, init, true);
    if (response.ok) return response;
    throw engineErrorFromResponse(response.status, error, response.statusText);
  }

  /** A call's answer: the 2xx body (or an accepted status's), an EngineError otherwise. */
  private async call<T>(method: Method, path: string, init: object | undefined): Promise<T> {
    const { data, error, response } = await this.send(method, path, init);
    if (response.ok) return data as T;
    const { acceptStatus } = (init ?? {}) as Extras;
    if (acceptStatus?.includes(response.status)) return error as T;
    throw engineErrorFromResponse(response.status, error, response.statusText);
  }

  /**
   * The one place a request goes out. The timeout joins the caller's signal; a request that
   * never got an answer (refused, timed out) is EngineUnavailableError, an answer whose body is
   * not JSON a 502, and a caller's abort is rethrown as it is. The body's type was checked by
   * the typed methods above, through openapi-fetch's own types.
   */
  private async send(method: Method, path: string, init: object | undefined, stream = false) {
    const { signal, timeoutMs, acceptStatus: _accepted, headers, ...typed } = (init ?? {}) as Extras;
    const timeout = stream ? null : AbortSignal.timeout(timeoutMs ?? this.timeoutMs);
    const signals = [signal, timeout].filter((s): s is AbortSignal => s != null);
    let answered = false;
    const fetch = async (request: Request) => {
      try {
        const response = await this.fetch(request);
        answered = true;
        return response;
      } catch (cause) {
        if (signal?.aborted) throw cause; // the caller gave up: not the engine's fault
        throw new EngineUnavailableError(`Engine unreachable at ${this.baseUrl}`, { cause });
      }
    };
    try {
      return await this.api.request(method, path as never, {
        ...typed,
        headers: stream ? { ...headers, accept: "text/event-stream" } : headers,
        parseAs: stream ? "stream" : undefined,
        signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
        fetch,
      } as never);
    } catch (cause) {
      if (cause instanceof EngineError || signal?.aborted) throw cause;
      if (timeout?.aborted) throw new EngineUnavailableError(`Engine at ${this.baseUrl} did not answer in time`, { cause });
      if (!answered) throw cause; // the request could not even be built: a bug, not the engine
      throw new EngineHttpError(502, `The engine's answer to ${method.toUpperCase()} ${path} is not readable JSON.`);
    }
  }
}

export function createEngineClient(options: EngineClientOptions): EngineClient {
  return new EngineClient(options);
}

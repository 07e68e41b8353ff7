/** Errors of the engine client: one tree, mapped to tRPC errors in src/server/trpc/errors.ts. */
import type { components } from "@/lib/contracts/generated/openapi";

/** The body of every error the engine answers (its OpenAPI `ErrorBody`). */
export type EngineErrorBody = components["schemas"]["ErrorBody"];

export class EngineError extends Error {
  override name = "EngineError";
}

/** The engine could not be reached (connection refused, DNS, timeout). */
export class EngineUnavailableError extends EngineError {
  override name = "EngineUnavailableError";
}

/** One field (or, for a workflow document, one problem) the engine's validation rejected. */
export type EngineFieldError = { field?: string; message: string; code?: string; nodeId?: string; edgeId?: string };

/**
 * The engine answered with a non-2xx status; `detail` is its message. `errorBody` is the
 * engine's own `ErrorBody`, or null when something else answered (a proxy's error page).
 */
export class EngineHttpError extends EngineError {
  override name = "EngineHttpError";
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fieldErrors: EngineFieldError[] = [],
    readonly errorBody: EngineErrorBody | null = null,
  ) {
    super(`Engine answered ${status}: ${detail}${errorBody?.request_id ? ` (request ${errorBody.request_id})` : ""}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Pure: the body as the engine's `ErrorBody` (its `status_code` and `detail` are what make it
 * the engine's), or null when it is not one. A missing `errors` or `request_id` (an engine
 * older than this contract) reads as empty.
 */
export function asErrorBody(body: unknown): EngineErrorBody | null {
  if (!isRecord(body) || typeof body.status_code !== "number" || typeof body.detail !== "string") return null;
  return {
    ...(body as EngineErrorBody),
    errors: Array.isArray(body.errors) ? (body.errors as EngineErrorBody["errors"]) : [],
    request_id: typeof body.request_id === "string" ? body.request_id : "",
  };
}

function fieldError(item: components["schemas"]["ErrorItem"]): EngineFieldError {
  const entry: EngineFieldError = { message: item.message };
  if (item.field) entry.field = item.field;
  if (item.code) entry.code = item.code;
  if (item.node_id) entry.nodeId = item.node_id;
  if (item.edge_id) entry.edgeId = item.edge_id;
  return entry;
}

/**
 * Pure: the error for a non-2xx engine response. Every engine error is an `ErrorBody`
 * (`{status_code, detail, errors: [{field?, message, code?, node_id?, edge_id?}], request_id}`);
 * anything else (a proxy's page, an empty body) falls back to the status text.
 */
export function engineErrorFromResponse(status: number, body: unknown, statusText = ""): EngineHttpError {
  const errorBody = asErrorBody(body);
  if (errorBody) {
    const items = errorBody.errors.filter((item) => isRecord(item) && typeof item.message === "string");
    return new EngineHttpError(status, errorBody.detail || statusText || `HTTP ${status}`, items.map(fieldError), errorBody);
  }
  const text = typeof body === "string" ? body.trim().slice(0, 500) : "";
  return new EngineHttpError(status, text || statusText || `HTTP ${status}`);
}

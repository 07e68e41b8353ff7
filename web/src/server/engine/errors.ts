/** Errors of the engine client: one tree, mapped to tRPC errors in src/server/trpc/errors.ts. */

export class EngineError extends Error {
  override name = "EngineError";
}

/** The engine could not be reached (connection refused, DNS, timeout). */
export class EngineUnavailableError extends EngineError {
  override name = "EngineUnavailableError";
}

/** One field (or, for a workflow document, one problem) the engine's validation rejected. */
export type EngineFieldError = { field?: string; message: string; code?: string; nodeId?: string; edgeId?: string };

/** The engine answered with a non-2xx status; `detail` is its message. */
export class EngineHttpError extends EngineError {
  override name = "EngineHttpError";
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fieldErrors: EngineFieldError[] = [],
    readonly body: unknown = undefined,
  ) {
    super(`Engine answered ${status}: ${detail}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Pure: the error for a non-2xx engine response. The engine's errors are
 * `{status_code, detail, extra?}` (Litestar); validation errors list fields in
 * `extra` as `[{key, message}]`, or in `errors` (the workflow routes: fields as
 * `{field, message}`, document problems as `{code, message, node_id?, edge_id?, path?}`).
 * Anything else falls back to the status text.
 */
export function engineErrorFromResponse(status: number, body: unknown, statusText = ""): EngineHttpError {
  let detail = statusText || `HTTP ${status}`;
  const fieldErrors: EngineFieldError[] = [];
  if (isRecord(body)) {
    if (typeof body.detail === "string" && body.detail) detail = body.detail;
    const extra = body.extra;
    const items = Array.isArray(extra)
      ? extra
      : isRecord(extra) && Array.isArray(extra.errors)
        ? extra.errors
        : Array.isArray(body.errors)
          ? body.errors
          : [];
    for (const item of items) {
      if (!isRecord(item) || typeof item.message !== "string") continue;
      const text = (key: string) => (typeof item[key] === "string" && item[key] ? (item[key] as string) : undefined);
      const entry: EngineFieldError = { message: item.message };
      const field = text("key") ?? text("field") ?? text("path");
      if (field !== undefined) entry.field = field;
      if (text("code")) entry.code = text("code");
      if (text("node_id")) entry.nodeId = text("node_id");
      if (text("edge_id")) entry.edgeId = text("edge_id");
      fieldErrors.push(entry);
    }
  } else if (typeof body === "string" && body.trim()) {
    detail = body.trim().slice(0, 500);
  }
  return new EngineHttpError(status, detail, fieldErrors, body);
}

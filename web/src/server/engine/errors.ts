/** Errors of the engine client: one tree, mapped to tRPC errors in src/server/trpc/errors.ts. */

export class EngineError extends Error {
  override name = "EngineError";
}

/** The engine could not be reached (connection refused, DNS, timeout). */
export class EngineUnavailableError extends EngineError {
  override name = "EngineUnavailableError";
}

/** One field the engine's validation rejected. */
export type EngineFieldError = { field?: string; message: string };

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
 * `extra` as `[{key, message}]`. Anything else falls back to the status text.
 */
export function engineErrorFromResponse(status: number, body: unknown, statusText = ""): EngineHttpError {
  let detail = statusText || `HTTP ${status}`;
  const fieldErrors: EngineFieldError[] = [];
  if (isRecord(body)) {
    if (typeof body.detail === "string" && body.detail) detail = body.detail;
    const extra = body.extra;
    const items = Array.isArray(extra) ? extra : isRecord(extra) && Array.isArray(extra.errors) ? extra.errors : [];
    for (const item of items) {
      if (!isRecord(item) || typeof item.message !== "string") continue;
      const field = typeof item.key === "string" ? item.key : typeof item.field === "string" ? item.field : undefined;
      fieldErrors.push(field === undefined ? { message: item.message } : { field, message: item.message });
    }
  } else if (typeof body === "string" && body.trim()) {
    detail = body.trim().slice(0, 500);
  }
  return new EngineHttpError(status, detail, fieldErrors, body);
}

import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

import { type EngineError, type EngineFieldError, EngineHttpError, EngineUnavailableError } from "@/server/engine/errors";

const CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

/** The tRPC code for an engine HTTP status. */
export function trpcCodeForStatus(status: number): TRPC_ERROR_CODE_KEY {
  return CODE_BY_STATUS[status] ?? (status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR");
}

/**
 * Whether the engine's message is for the user: every 4xx, the engine's own 502 (a
 * server it called for the user failed: a URL to fetch, an embedding provider; the
 * message says why) and its own 503 (a part it needs is down or missing: the database,
 * the built-in embedding model; the message says which). Other 5xx details, and a
 * proxy's 502/503 page, stay in the server log.
 */
function userFacing(error: EngineHttpError): boolean {
  if (error.status < 500) return true;
  return (error.status === 502 || error.status === 503) && error.errorBody?.status_code === error.status;
}

/**
 * The one place engine errors become tRPC errors (house rule 7). The engine's
 * message is passed on when it is written for users (see `userFacing`).
 */
export function toTRPCError(error: EngineError): TRPCError {
  if (error instanceof EngineUnavailableError) {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The engine is unreachable.", cause: error });
  }
  if (error instanceof EngineHttpError) {
    const code = trpcCodeForStatus(error.status);
    const message = userFacing(error) ? error.detail : "The engine failed to handle the request.";
    return new TRPCError({ code, message, cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: error.message, cause: error });
}

/** What an engine error adds to a tRPC error's `data` (the client reads it from `error.data`). */
export type EngineErrorData = {
  /** What the engine's validation rejected, field by field or problem by problem. */
  fieldErrors: EngineFieldError[] | null;
  /** A CONFLICT on saving a workflow: the version the workflow is at now (reload it, then merge). */
  currentVersion: number | null;
  /** The engine's id for the failed request (also in its log): quote it when reporting a problem. */
  requestId: string | null;
};

/** Pure: the `data` an error's engine cause contributes; nulls for any other cause. */
export function engineErrorData(cause: unknown): EngineErrorData {
  if (!(cause instanceof EngineHttpError)) return { fieldErrors: null, currentVersion: null, requestId: null };
  return {
    fieldErrors: cause.fieldErrors.length ? cause.fieldErrors : null,
    currentVersion: cause.status === 409 ? (cause.errorBody?.current_version ?? null) : null,
    requestId: cause.errorBody?.request_id || null,
  };
}

import { describe, expect, it } from "vitest";

import { EngineHttpError, EngineUnavailableError } from "@/server/engine/errors";
import { engineErrorData, toTRPCError, trpcCodeForStatus } from "@/server/trpc/errors";

const ownBody = (status: number, detail: string) => ({ status_code: status, detail, errors: [], request_id: "0123456789abcdef" });

describe("toTRPCError", () => {
  it.each([
    [400, "BAD_REQUEST"],
    [401, "UNAUTHORIZED"],
    [404, "NOT_FOUND"],
    [409, "CONFLICT"],
    [422, "UNPROCESSABLE_CONTENT"],
    [429, "TOO_MANY_REQUESTS"],
    [418, "BAD_REQUEST"],
    [500, "INTERNAL_SERVER_ERROR"],
    [503, "SERVICE_UNAVAILABLE"],
  ])("maps engine status %i to %s", (status, code) => {
    expect(trpcCodeForStatus(status)).toBe(code);
  });

  it("passes a 4xx detail on to the user", () => {
    const error = toTRPCError(new EngineHttpError(404, "Workflow not found"));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("Workflow not found");
  });

  it("hides 5xx details", () => {
    const error = toTRPCError(new EngineHttpError(500, "psycopg.OperationalError: secret dsn"));
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error.message).not.toContain("psycopg");
  });

  it("passes on why a server the engine called failed (its own 502), not a proxy's 502 page", () => {
    const detail = "Could not fetch http://127.0.0.1:9/notes: a loopback address is not allowed.";
    const fromEngine = toTRPCError(new EngineHttpError(502, detail, [], ownBody(502, detail)));
    expect([fromEngine.code, fromEngine.message]).toEqual(["BAD_GATEWAY", detail]);
    const fromProxy = toTRPCError(new EngineHttpError(502, "<html>502 Bad Gateway</html>"));
    expect(fromProxy.message).toBe("The engine failed to handle the request.");
  });

  it("passes on which part the engine misses (its own 503), not a proxy's 503 page", () => {
    const detail = "The built-in embedding model could not be loaded: model.onnx is missing.";
    const fromEngine = toTRPCError(new EngineHttpError(503, detail, [], ownBody(503, detail)));
    expect([fromEngine.code, fromEngine.message]).toEqual(["SERVICE_UNAVAILABLE", detail]);
    const fromProxy = toTRPCError(new EngineHttpError(503, "Service Unavailable"));
    expect(fromProxy.message).toBe("The engine failed to handle the request.");
  });

  it("reports an unreachable engine as SERVICE_UNAVAILABLE", () => {
    expect(toTRPCError(new EngineUnavailableError("down")).code).toBe("SERVICE_UNAVAILABLE");
  });
});

describe("engineErrorData", () => {
  it("gives the field errors, a conflict's current version and the engine's request id", () => {
    const fieldErrors = [{ field: "name", message: "required" }];
    const conflict = new EngineHttpError(409, "stale", fieldErrors, { ...ownBody(409, "stale"), current_version: 4 });
    expect(engineErrorData(conflict)).toEqual({ fieldErrors, currentVersion: 4, requestId: "0123456789abcdef" });
  });

  it("gives nulls for anything that is not the engine's answer", () => {
    expect(engineErrorData(new Error("x"))).toEqual({ fieldErrors: null, currentVersion: null, requestId: null });
    expect(engineErrorData(new EngineHttpError(502, "proxy"))).toEqual({ fieldErrors: null, currentVersion: null, requestId: null });
  });
});

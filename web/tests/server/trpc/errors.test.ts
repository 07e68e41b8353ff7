import { describe, expect, it } from "vitest";

import { EngineHttpError, EngineUnavailableError } from "@/server/engine/errors";
import { toTRPCError, trpcCodeForStatus } from "@/server/trpc/errors";

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
    const fromEngine = toTRPCError(new EngineHttpError(502, detail, [], { status_code: 502, detail }));
    expect([fromEngine.code, fromEngine.message]).toEqual(["BAD_GATEWAY", detail]);
    const fromProxy = toTRPCError(new EngineHttpError(502, "<html>502 Bad Gateway</html>", [], "<html>502 Bad Gateway</html>"));
    expect(fromProxy.message).toBe("The engine failed to handle the request.");
  });

  it("passes on which part the engine misses (its own 503), not a proxy's 503 page", () => {
    const detail = "The built-in embedding model could not be loaded: model.onnx is missing.";
    const fromEngine = toTRPCError(new EngineHttpError(503, detail, [], { status_code: 503, detail }));
    expect([fromEngine.code, fromEngine.message]).toEqual(["SERVICE_UNAVAILABLE", detail]);
    const fromProxy = toTRPCError(new EngineHttpError(503, "Service Unavailable", [], "Service Unavailable"));
    expect(fromProxy.message).toBe("The engine failed to handle the request.");
  });

  it("reports an unreachable engine as SERVICE_UNAVAILABLE", () => {
    expect(toTRPCError(new EngineUnavailableError("down")).code).toBe("SERVICE_UNAVAILABLE");
  });
});

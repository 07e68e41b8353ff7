/**
 * The engine client is typed from the engine's OpenAPI paths: these calls are never made (the
 * functions are not invoked); `npm run typecheck` checks that a wrong path, parameter or body
 * does not compile, and that an answer's type comes from the contract, not from the caller.
 */
import { describe, expectTypeOf, it } from "vitest";

import type { components } from "@/lib/contracts/generated/openapi";
import { createEngineClient } from "@/server/engine/client";

type Schemas = components["schemas"];
const engine = createEngineClient({ baseUrl: "http://engine" });
const ID = "3f9a6c1e-8b2d-4e5f-9a1b-2c3d4e5f6a7b";

describe("EngineClient types", () => {
  it("infers each answer from the path", () => {
    expectTypeOf(() => engine.GET("/api/v1/runs/{run_id}", { params: { path: { run_id: ID } } })).returns.resolves.toEqualTypeOf<Schemas["RunRead"]>();
    expectTypeOf(() => engine.GET("/api/v1/workflows/{workflow_id}/pins", { params: { path: { workflow_id: ID } } })).returns.resolves.toEqualTypeOf<Schemas["PinRead"][]>();
    expectTypeOf(() => engine.POST("/api/v1/workflows/validate", { body: { spec: {} } })).returns.resolves.toEqualTypeOf<Schemas["ValidationResult"]>();
    // a 204 answers nothing
    expectTypeOf(() => engine.DELETE("/api/v1/workflows/{workflow_id}", { params: { path: { workflow_id: ID } } })).returns.resolves.toEqualTypeOf<undefined>();
    // an accepted error status adds its declared body (GET /healthz's 503 is a Health too)
    expectTypeOf(() => engine.health()).returns.resolves.toEqualTypeOf<Schemas["Health"]>();
  });

  it("refuses a path the engine does not have", () => {
    // @ts-expect-error a typo'd path
    expectTypeOf(() => engine.GET("/api/v1/run/{run_id}", { params: { path: { run_id: ID } } })).toBeFunction();
    // @ts-expect-error an interpolated path is not an OpenAPI path: use `params.path`
    expectTypeOf(() => engine.GET(`/api/v1/runs/${ID}`)).toBeFunction();
    // @ts-expect-error the right path with the wrong method (runs are not deleted)
    expectTypeOf(() => engine.DELETE("/api/v1/runs/{run_id}", { params: { path: { run_id: ID } } })).toBeFunction();
  });

  it("refuses missing or misnamed parameters", () => {
    // @ts-expect-error the path parameter is required
    expectTypeOf(() => engine.GET("/api/v1/runs/{run_id}")).toBeFunction();
    // @ts-expect-error a misnamed path parameter
    expectTypeOf(() => engine.GET("/api/v1/runs/{run_id}", { params: { path: { id: ID } } })).toBeFunction();
    // @ts-expect-error a query parameter the endpoint does not take
    expectTypeOf(() => engine.GET("/api/v1/runs", { params: { query: { owner: "me" } } })).toBeFunction();
    // @ts-expect-error a status outside the run statuses
    expectTypeOf(() => engine.GET("/api/v1/runs", { params: { query: { status: "done" } } })).toBeFunction();
  });

  it("refuses a wrong body", () => {
    // @ts-expect-error a misnamed field
    expectTypeOf(() => engine.POST("/api/v1/workflows/validate", { body: { specs: {} } })).toBeFunction();
    // @ts-expect-error a missing required field (`approved`)
    expectTypeOf(() => engine.POST("/api/v1/runs/{run_id}/steps/{node_id}/decision", { params: { path: { run_id: ID, node_id: "a" } }, body: { comment: "ok" } })).toBeFunction();
    // @ts-expect-error a body where the endpoint takes none
    expectTypeOf(() => engine.POST("/api/v1/runs/{run_id}/cancel", { params: { path: { run_id: ID } }, body: { now: true } })).toBeFunction();
  });

  it("accepts only the error statuses the operation declares", () => {
    // @ts-expect-error GET /healthz declares no 404
    expectTypeOf(() => engine.GET("/healthz", { acceptStatus: [404] })).toBeFunction();
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";

import { docsPath, forwardDocs } from "@/server/api-docs";

describe("the API reference through the web's origin", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("passes only the reference's own paths", () => {
    expect(docsPath(undefined)).toBe("/schema");
    expect(docsPath(["swagger"])).toBe("/schema/swagger");
    expect(docsPath(["openapi.json"])).toBe("/schema/openapi.json");
    expect(docsPath(["assets", "swagger-ui-bundle.js"])).toBe("/schema/assets/swagger-ui-bundle.js");
    expect(docsPath(["assets", ".."])).toBeNull();
    expect(docsPath(["assets", "..", "x.js"])).toBeNull();
    expect(docsPath(["..", "api", "v1", "runs"])).toBeNull();
    expect(docsPath(["redoc"])).toBeNull();
  });

  it("serves the engine's page as it is, and says so when the engine is down", async () => {
    // Given the engine answering with its Swagger UI page
    const seen: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      seen.push(url);
      return new Response("<html>SwaggerUIBundle</html>", { headers: { "content-type": "text/html; charset=utf-8", "set-cookie": "x=1" } });
    });

    // When the browser asks the web for /schema
    const page = await forwardDocs([], "http://engine:8000");

    // Then it gets the engine's page, without the engine's other headers
    expect(seen).toEqual(["http://engine:8000/schema"]);
    expect(await page.text()).toBe("<html>SwaggerUIBundle</html>");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("set-cookie")).toBeNull();

    // And a path outside the reference never reaches the engine
    expect((await forwardDocs(["..", "api"], "http://engine:8000")).status).toBe(404);
    expect(seen).toHaveLength(1);

    // And with the engine down, a 503 that says why
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    const down = await forwardDocs(["swagger"], "http://engine:8000");
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/engine is unavailable/);
  });
});

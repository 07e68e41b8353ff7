import { describe, expect, it } from "vitest";

import { forwardAuthRequest, upstreamAuthUrl } from "@/server/auth-proxy";

type Seen = { url: string; method: string; headers: Headers; body: string };

function fakeAuth(respond: () => Response) {
  const seen: Seen[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const body = init?.body ? new TextDecoder().decode(init.body as ArrayBuffer) : "";
    seen.push({ url: String(input), method: init?.method ?? "GET", headers: new Headers(init?.headers), body });
    return respond();
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

describe("upstreamAuthUrl", () => {
  it("maps the path and query onto SUPABASE_URL/auth/v1", () => {
    expect(upstreamAuthUrl("http://engine:8000/", ["token"], "?grant_type=password")?.toString()).toBe(
      "http://engine:8000/auth/v1/token?grant_type=password",
    );
    expect(upstreamAuthUrl("https://gw.example.com/supa", ["admin", "users"], "")?.toString()).toBe(
      "https://gw.example.com/supa/auth/v1/admin/users",
    );
  });

  it("refuses paths that would leave /auth/v1", () => {
    expect(upstreamAuthUrl("http://engine", ["..", "api", "v1"], "")).toBeNull();
    expect(upstreamAuthUrl("http://engine", ["."], "")).toBeNull();
    expect(upstreamAuthUrl("http://engine", [], "")).toBeNull();
  });

  it("keeps encoded slashes inside one segment", () => {
    expect(upstreamAuthUrl("http://engine", ["a/../../x"], "")?.pathname).toBe("/auth/v1/a%2F..%2F..%2Fx");
  });
});

describe("forwardAuthRequest", () => {
  it("forwards method, body, query and auth headers, but not our cookies", async () => {
    // Given a sign-in from the browser
    const auth = fakeAuth(() => Response.json({ access_token: "a" }, { headers: { "set-cookie": "x=1" } }));
    const request = new Request("http://web:3000/auth/v1/token?grant_type=password", {
      method: "POST",
      headers: { apikey: "anon", authorization: "Bearer anon", "content-type": "application/json", cookie: "sb=secret" },
      body: JSON.stringify({ email: "a@b.c", password: "pw" }),
    });
    // When it goes through the proxy
    const response = await forwardAuthRequest(request, ["token"], "http://engine:8000", auth.fetch);
    // Then the engine sees the same call, and the browser the same answer
    const seen = auth.seen[0]!;
    expect(seen.url).toBe("http://engine:8000/auth/v1/token?grant_type=password");
    expect(seen.method).toBe("POST");
    expect(JSON.parse(seen.body)).toEqual({ email: "a@b.c", password: "pw" });
    expect(seen.headers.get("apikey")).toBe("anon");
    expect(seen.headers.get("authorization")).toBe("Bearer anon");
    expect(seen.headers.has("cookie")).toBe(false);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ access_token: "a" });
    expect(response.headers.has("set-cookie")).toBe(false);
  });

  it("relays error statuses and bodies unchanged", async () => {
    const body = { code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" };
    const auth = fakeAuth(() => Response.json(body, { status: 400 }));
    const response = await forwardAuthRequest(new Request("http://web/auth/v1/user"), ["user"], "http://engine", auth.fetch);
    expect(auth.seen[0]!.method).toBe("GET");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(body);
  });

  it("answers 502 in Supabase's error shape when Auth is unreachable", async () => {
    const fetch = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof globalThis.fetch;
    const response = await forwardAuthRequest(new Request("http://web/auth/v1/user"), ["user"], "http://engine", fetch);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error_code: "upstream_unreachable" });
  });

  it("answers 404 for a path that tries to escape", async () => {
    const auth = fakeAuth(() => Response.json({}));
    const response = await forwardAuthRequest(new Request("http://web/auth/v1/x"), [".."], "http://engine", auth.fetch);
    expect(response.status).toBe(404);
    expect(auth.seen).toHaveLength(0);
  });
});

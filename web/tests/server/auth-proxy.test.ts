import { describe, expect, it } from "vitest";

import { clientAddress, forwardAuthRequest, upstreamAuthUrl } from "@/server/auth-proxy";

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

describe("client addresses", () => {
  const spoofed = {
    "x-forwarded-for": "203.0.113.7",
    forwarded: "for=203.0.113.8",
    "x-real-ip": "203.0.113.9",
    "x-orrery-proxy-secret": "guessed",
  };

  it("never passes on what the client says about its address, and sets none with no proxy in front", async () => {
    // Given a browser talking to the web directly (embedded mode), claiming to be elsewhere
    const auth = fakeAuth(() => Response.json({}));
    const request = new Request("http://web/auth/v1/token?grant_type=password", { method: "POST", headers: spoofed, body: "{}" });
    // When it goes through the proxy
    await forwardAuthRequest(request, ["token"], "http://auth:9999", auth.fetch, { trustedProxyHops: 0, proxySecret: "s3cret" });
    // Then none of its claims reach Auth (which counts this web app's connection), and the secret is ours
    const seen = auth.seen[0]!.headers;
    expect(seen.has("x-forwarded-for")).toBe(false);
    expect(seen.has("forwarded")).toBe(false);
    expect(seen.has("x-real-ip")).toBe(false);
    expect(seen.get("x-orrery-proxy-secret")).toBe("s3cret");
  });

  it("forwards the one address the outermost trusted proxy saw", async () => {
    // Given one trusted reverse proxy in front of the web, which appended the real client
    const auth = fakeAuth(() => Response.json({}));
    const request = new Request("http://web/auth/v1/token", {
      method: "POST",
      headers: { "x-forwarded-for": "203.0.113.7, 198.51.100.4" },
      body: "{}",
    });
    // When it goes through the proxy
    await forwardAuthRequest(request, ["token"], "http://auth:9999", auth.fetch, { trustedProxyHops: 1 });
    // Then only that address is forwarded, and no secret is sent when none is configured
    expect(auth.seen[0]!.headers.get("x-forwarded-for")).toBe("198.51.100.4");
    expect(auth.seen[0]!.headers.has("x-orrery-proxy-secret")).toBe(false);
  });

  it("picks the entry by the number of proxies in front, or none", () => {
    const headers = (value: string) => new Headers({ "x-forwarded-for": value });
    expect(clientAddress(headers("1.1.1.1, 2.2.2.2, 3.3.3.3"), 2)).toBe("2.2.2.2");
    expect(clientAddress(headers("2001:db8::1"), 1)).toBe("2001:db8::1");
    expect(clientAddress(headers("1.1.1.1"), 2)).toBeNull();
    expect(clientAddress(headers("<script>"), 1)).toBeNull();
    expect(clientAddress(new Headers(), 1)).toBeNull();
    expect(clientAddress(headers("1.1.1.1"), 0)).toBeNull();
  });
});

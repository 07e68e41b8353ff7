import { describe, expect, it } from "vitest";

import { DEV_ANON_KEY, EnvError, parseEnv } from "@/env";

describe("parseEnv", () => {
  it("defaults to the embedded mode: engine on 127.0.0.1:8000 also serving Auth", () => {
    // Given an empty development environment
    // When it is parsed
    const env = parseEnv({ NODE_ENV: "development" });
    // Then the engine serves Auth and the browser goes through the web's origin
    expect(env).toEqual({
      engineUrl: "http://127.0.0.1:8000",
      supabaseUrl: "http://127.0.0.1:8000",
      supabaseAnonKey: DEV_ANON_KEY,
      publicSupabaseUrl: null,
    });
  });

  it("makes SUPABASE_URL follow ENGINE_URL, and trims trailing slashes", () => {
    const env = parseEnv({ ENGINE_URL: "http://engine:8000/", SUPABASE_ANON_KEY: "k" });
    expect(env.engineUrl).toBe("http://engine:8000");
    expect(env.supabaseUrl).toBe("http://engine:8000");
  });

  it("uses a real Supabase project when given one", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      ENGINE_URL: "https://engine.example.com",
      SUPABASE_URL: "https://abc.supabase.co",
      SUPABASE_ANON_KEY: "anon",
      PUBLIC_SUPABASE_URL: "https://abc.supabase.co",
    });
    expect(env.supabaseUrl).toBe("https://abc.supabase.co");
    expect(env.publicSupabaseUrl).toBe("https://abc.supabase.co");
    expect(env.supabaseAnonKey).toBe("anon");
  });

  it("requires the anon key in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: "production", SUPABASE_ANON_KEY: "  " })).toThrow(/SUPABASE_ANON_KEY/);
  });

  it("treats blank values as unset", () => {
    expect(parseEnv({ ENGINE_URL: "", SUPABASE_URL: " " }).supabaseUrl).toBe("http://127.0.0.1:8000");
  });

  it.each([["not a url"], ["ftp://engine"], ["javascript:alert(1)"]])("rejects ENGINE_URL=%j", (value) => {
    expect(() => parseEnv({ ENGINE_URL: value })).toThrow(/ENGINE_URL/);
  });
});

import { describe, expect, it } from "vitest";

import { DEV_ANON_KEY, EnvError, parseEnv } from "@/env";

describe("parseEnv", () => {
  it("defaults to the embedded mode: engine on 127.0.0.1:8000, the Auth stand-in on 127.0.0.1:9999", () => {
    // Given an empty development environment
    // When it is parsed
    const env = parseEnv({ NODE_ENV: "development" });
    // Then the stand-in serves Auth, the browser goes through the web's origin, and no proxy is trusted
    expect(env).toEqual({
      engineUrl: "http://127.0.0.1:8000",
      publicEngineUrl: "http://127.0.0.1:8000",
      supabaseUrl: "http://127.0.0.1:9999",
      supabaseAnonKey: DEV_ANON_KEY,
      publicSupabaseUrl: null,
      trustedProxyHops: 0,
      authProxySecret: null,
    });
  });

  it("keeps Auth on the stand-in whatever ENGINE_URL is, and trims trailing slashes", () => {
    const env = parseEnv({ ENGINE_URL: "http://engine:8000/", SUPABASE_ANON_KEY: "k" });
    expect(env.engineUrl).toBe("http://engine:8000");
    expect(env.supabaseUrl).toBe("http://127.0.0.1:9999");
    expect(parseEnv({ SUPABASE_URL: "http://127.0.0.1:4242/" }).supabaseUrl).toBe("http://127.0.0.1:4242");
  });

  it("gives scripts the engine's public URL when set, else ENGINE_URL", () => {
    // Given an engine reached by scripts at another address than by the web server
    // When the environment is parsed
    // Then the snippet's URL is the public one, and ENGINE_URL when there is none
    expect(parseEnv({ ENGINE_URL: "http://engine:8000", PUBLIC_ENGINE_URL: "https://api.example.com/" }).publicEngineUrl).toBe(
      "https://api.example.com",
    );
    expect(parseEnv({ ENGINE_URL: "http://engine:8000" }).publicEngineUrl).toBe("http://engine:8000");
  });

  it("reads the proxy hops in front of the web and the stand-in's proxy secret", () => {
    const env = parseEnv({ WEB_TRUSTED_PROXY_HOPS: "2", ORRERY_AUTH_PROXY_SECRET: "s3cret" });
    expect(env.trustedProxyHops).toBe(2);
    expect(env.authProxySecret).toBe("s3cret");
  });

  it.each([["-1"], ["1.5"], ["many"], ["11"]])("rejects WEB_TRUSTED_PROXY_HOPS=%j", (value) => {
    expect(() => parseEnv({ WEB_TRUSTED_PROXY_HOPS: value })).toThrow(/WEB_TRUSTED_PROXY_HOPS/);
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
    expect(parseEnv({ ENGINE_URL: "", SUPABASE_URL: " " }).supabaseUrl).toBe("http://127.0.0.1:9999");
    expect(parseEnv({ WEB_TRUSTED_PROXY_HOPS: " ", ORRERY_AUTH_PROXY_SECRET: "" }).trustedProxyHops).toBe(0);
  });

  it.each([["not a url"], ["ftp://engine"], ["javascript:alert(1)"]])("rejects ENGINE_URL=%j", (value) => {
    expect(() => parseEnv({ ENGINE_URL: value })).toThrow(/ENGINE_URL/);
  });
});

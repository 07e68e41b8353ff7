/**
 * The one place the web app reads its environment (house rule 8).
 *
 * Read at request time, on the server only: the app is built once and run in
 * every mode (embedded, docker-compose, production) with different env, so
 * nothing here may be inlined at build time (no NEXT_PUBLIC_*). The root
 * layout hands the browser what it needs ({supabaseUrl, anonKey}).
 */
import { z } from "zod";

const DEFAULT_ENGINE_URL = "http://127.0.0.1:8000";
/** The local Auth stand-in (`orrery auth`, embedded mode) at its default address. */
const DEFAULT_SUPABASE_URL = "http://127.0.0.1:9999";
/** Used outside production when SUPABASE_ANON_KEY is unset; the embedded launcher passes the real one. */
export const DEV_ANON_KEY = "orrery-dev-anon-key";

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((url) => url.replace(/\/+$/, ""));

const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

export type Env = {
  /** Where the engine's HTTP API lives (server to server). */
  engineUrl: string;
  /** The engine's URL as users' scripts reach it, for the run-from-code snippet (PUBLIC_ENGINE_URL; default ENGINE_URL). */
  publicEngineUrl: string;
  /** Supabase (or the local Auth stand-in, `orrery auth`) as the server reaches it. */
  supabaseUrl: string;
  supabaseAnonKey: string;
  /**
   * The Supabase URL the browser uses, or null for "the web's own origin":
   * the browser then reaches Auth through the /auth/v1 proxy route.
   */
  publicSupabaseUrl: string | null;
  /**
   * How many reverse proxies in front of the web app append to X-Forwarded-For
   * (WEB_TRUSTED_PROXY_HOPS, default 0): the /auth/v1 pass-through forwards the
   * client address the outermost of them saw, and none with 0 (see auth-proxy.ts).
   */
  trustedProxyHops: number;
  /** Shown to the local Auth stand-in so it believes the forwarded address (ORRERY_AUTH_PROXY_SECRET). */
  authProxySecret: string | null;
};

export class EnvError extends Error {
  override name = "EnvError";
}

type Source = Record<string, string | undefined>;

/** Pure: parse a source (process.env in the app, a literal in tests). Throws EnvError. */
export function parseEnv(source: Source): Env {
  const production = source.NODE_ENV === "production";
  const schema = z.object({
    ENGINE_URL: httpUrl.default(DEFAULT_ENGINE_URL),
    PUBLIC_ENGINE_URL: httpUrl.optional(),
    SUPABASE_URL: httpUrl.optional(),
    SUPABASE_ANON_KEY: production
      ? z.string({ error: "is required in production" })
      : z.string().default(DEV_ANON_KEY),
    PUBLIC_SUPABASE_URL: httpUrl.optional(),
    WEB_TRUSTED_PROXY_HOPS: z.coerce
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(0, { error: "must be 0 or more" })
      .max(10, { error: "must be at most 10" })
      .default(0),
    ORRERY_AUTH_PROXY_SECRET: z.string().optional(),
  });
  const parsed = schema.safeParse({
    ENGINE_URL: optional(source.ENGINE_URL),
    PUBLIC_ENGINE_URL: optional(source.PUBLIC_ENGINE_URL),
    SUPABASE_URL: optional(source.SUPABASE_URL),
    SUPABASE_ANON_KEY: optional(source.SUPABASE_ANON_KEY),
    PUBLIC_SUPABASE_URL: optional(source.PUBLIC_SUPABASE_URL),
    WEB_TRUSTED_PROXY_HOPS: optional(source.WEB_TRUSTED_PROXY_HOPS),
    ORRERY_AUTH_PROXY_SECRET: optional(source.ORRERY_AUTH_PROXY_SECRET),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new EnvError(`Invalid environment: ${problems.join("; ")}`);
  }
  const vars = parsed.data;
  return {
    engineUrl: vars.ENGINE_URL,
    publicEngineUrl: vars.PUBLIC_ENGINE_URL ?? vars.ENGINE_URL,
    // In embedded mode the local Auth stand-in (`orrery auth`) serves /auth/v1 on its own port.
    supabaseUrl: vars.SUPABASE_URL ?? DEFAULT_SUPABASE_URL,
    supabaseAnonKey: vars.SUPABASE_ANON_KEY,
    publicSupabaseUrl: vars.PUBLIC_SUPABASE_URL ?? null,
    trustedProxyHops: vars.WEB_TRUSTED_PROXY_HOPS,
    authProxySecret: vars.ORRERY_AUTH_PROXY_SECRET ?? null,
  };
}

let cached: { source: Source; env: Env } | undefined;

/** The server's environment, parsed once per process (re-parsed if process.env is swapped, e.g. in tests). */
export function env(): Env {
  if (cached?.source !== process.env) {
    cached = { source: process.env, env: parseEnv(process.env) };
  }
  return cached.env;
}

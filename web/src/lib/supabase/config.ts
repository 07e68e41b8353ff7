/**
 * Settings shared by the browser, server and proxy Supabase clients.
 *
 * The cookie name is fixed: by default supabase-js derives it from the URL's
 * host ("sb-127-auth-token"), and the browser (web origin) and the server
 * (SUPABASE_URL) use different URLs in embedded mode. One name keeps them in sync.
 */
export const AUTH_COOKIE_NAME = "sb-orrery-auth-token";

export const cookieOptions = { name: AUTH_COOKIE_NAME, path: "/", sameSite: "lax" } as const;

/** What the root layout hands the browser, read from env at request time. */
export type PublicSupabaseConfig = {
  /** null: use the web's own origin (Auth is proxied at /auth/v1). */
  supabaseUrl: string | null;
  anonKey: string;
};

import { createBrowserClient } from "@supabase/ssr";

import { cookieOptions, type PublicSupabaseConfig } from "./config";

/** The browser's Supabase client (a singleton per page, as @supabase/ssr makes it). */
export function createClient(config: PublicSupabaseConfig) {
  const url = config.supabaseUrl ?? window.location.origin;
  return createBrowserClient(url, config.anonKey, { cookieOptions });
}

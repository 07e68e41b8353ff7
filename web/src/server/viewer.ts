import "server-only";

import { cache } from "react";

import { createClient } from "@/lib/supabase/server";

export type Viewer = { id: string; email: string | null };

/** The signed-in user from verified claims, once per request; null when signed out. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const supabase = await createClient();
  const { data } = await supabase.auth.getClaims();
  const claims = data?.claims;
  if (!claims?.sub) return null;
  return { id: claims.sub, email: typeof claims.email === "string" ? claims.email : null };
});

import type { NextRequest } from "next/server";

import { updateSession } from "@/lib/supabase/proxy";

export async function proxy(request: NextRequest) {
  return updateSession(request);
}

export const config = {
  // Everything but static assets and the Auth pass-through (/auth/v1 talks to
  // Supabase itself; refreshing a session there would only double the calls).
  matcher: [
    "/((?!_next/static|_next/image|auth/v1/|favicon\\.ico|icon\\.svg|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|woff2?)$).*)",
  ],
};

import type { NextRequest } from "next/server";

import { updateSession } from "@/lib/supabase/proxy";

export async function proxy(request: NextRequest) {
  return updateSession(request);
}

export const config = {
  // Everything but static assets, the Auth pass-through (/auth/v1 talks to
  // Supabase itself; refreshing a session there would only double the calls) and uploads
  // (/api/uploads: with a proxy, Next.js buffers a request's body in memory, up to 10 MB,
  // and cuts off the rest; the route reads the session itself and streams the body on).
  matcher: [
    "/((?!_next/static|_next/image|auth/v1/|api/uploads|favicon\\.ico|icon\\.svg|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|woff2?)$).*)",
  ],
};

import { env } from "@/env";
import { forwardAuthRequest } from "@/server/auth-proxy";

type Params = { params: Promise<{ path: string[] }> };

/** Supabase Auth through the web's own origin (see src/server/auth-proxy.ts). */
async function handler(request: Request, { params }: Params) {
  const { path } = await params;
  return forwardAuthRequest(request, path, env().supabaseUrl);
}

export const dynamic = "force-dynamic";
export { handler as GET, handler as POST, handler as PUT, handler as DELETE };

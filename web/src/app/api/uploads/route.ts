/**
 * The BFF's upload route: the browser POSTs a file's bytes (`?name=`, optional `?run_id=`) and
 * they stream to the engine with the signed-in user's session (server/engine/upload.ts). The
 * engine answers with the stored asset (201), or why not (413 over the size limit, 422 a type
 * it does not accept or a bomb).
 */
import { env } from "@/env";
import { forwardUpload } from "@/server/engine/upload";
import { createTRPCContext } from "@/server/trpc/init";

export async function POST(request: Request) {
  const { session } = await createTRPCContext();
  if (!session) return Response.json({ detail: "Sign in to continue." }, { status: 401 });
  return forwardUpload(request, { engineUrl: env().engineUrl, accessToken: session.accessToken });
}

import { env } from "@/env";
import { forwardDocs } from "@/server/api-docs";

type Params = { params: Promise<{ path?: string[] }> };

/** The engine's API reference through the web's own origin (see src/server/api-docs.ts). */
export async function GET(_request: Request, { params }: Params) {
  const { path } = await params;
  return forwardDocs(path, env().engineUrl);
}

export const dynamic = "force-dynamic";

/**
 * tRPC v11: context, init and procedures (create-t3-app layout).
 *
 * The context holds the verified session (claims from `auth.getClaims()`, plus
 * the access token to forward to the engine) and an engine client for the user.
 */
import "server-only";

import { initTRPC, TRPCError } from "@trpc/server";
import type { JwtPayload } from "@supabase/supabase-js";
import { ZodError, z } from "zod";

import { env } from "@/env";
import { createClient } from "@/lib/supabase/server";
import { createEngineClient, type EngineClient } from "@/server/engine/client";
import { EngineError } from "@/server/engine/errors";

import { engineErrorData, toTRPCError } from "./errors";

export type Session = {
  claims: JwtPayload;
  accessToken: string;
};

export type Context = {
  session: Session | null;
  engine: EngineClient;
};

/** The verified session of this request, or null. Never trusts getSession()'s user. */
async function readSession(): Promise<Session | null> {
  const supabase = await createClient();
  const { data } = await supabase.auth.getClaims();
  if (!data?.claims) return null;
  // getClaims verified the token getSession returns; only the token is used from it.
  const { data: sessionData } = await supabase.auth.getSession();
  const accessToken = sessionData.session?.access_token;
  return accessToken ? { claims: data.claims, accessToken } : null;
}

export async function createTRPCContext(): Promise<Context> {
  const session = await readSession();
  return {
    session,
    engine: createEngineClient({ baseUrl: env().engineUrl, accessToken: session?.accessToken }),
  };
}

const t = initTRPC.context<Context>().create({
  // SSE subscriptions (runs.events) may sit idle for hours (a run waiting for an approval):
  // a ping every 15 s keeps proxies from closing them, and the client reconnects (resuming
  // from its last event id) when nothing, not even a ping, arrived for 45 s.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 45_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        ...engineErrorData(cause),
      },
    };
  },
});

/** Engine errors thrown anywhere below become the matching tRPC error. */
const mapEngineErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof EngineError) throw toTRPCError(result.error.cause);
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapEngineErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

import "server-only";

import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache } from "react";

import { appRouter } from "@/server/routers/_app";
import { createTRPCContext } from "@/server/trpc/init";

import { makeQueryClient } from "./query-client";

/** One QueryClient per server request. */
export const getQueryClient = cache(makeQueryClient);

/** One context per server request (the session is verified once). */
const getContext = cache(createTRPCContext);

/** tRPC options for prefetching in server components. */
export const trpc = createTRPCOptionsProxy({
  ctx: getContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** Call procedures directly from server components. */
export const caller = async () => appRouter.createCaller(await getContext());

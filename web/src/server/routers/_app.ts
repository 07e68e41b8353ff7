import { createCallerFactory, createTRPCRouter } from "@/server/trpc/init";

import { systemRouter } from "./system";

export const appRouter = createTRPCRouter({
  system: systemRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

import { createCallerFactory, createTRPCRouter } from "@/server/trpc/init";

import { assetsRouter } from "./assets";
import { credentialsRouter } from "./credentials";
import { memoryRouter } from "./memory";
import { nodeTypesRouter } from "./nodeTypes";
import { runsRouter } from "./runs";
import { systemRouter } from "./system";
import { templatesRouter } from "./templates";
import { workflowsRouter } from "./workflows";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  workflows: workflowsRouter,
  nodeTypes: nodeTypesRouter,
  templates: templatesRouter,
  runs: runsRouter,
  credentials: credentialsRouter,
  memory: memoryRouter,
  assets: assetsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

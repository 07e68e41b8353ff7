import { createCallerFactory, createTRPCRouter } from "@/server/trpc/init";

import { assetsRouter } from "./assets";
import { apiKeysRouter } from "./apiKeys";
import { chatRouter } from "./chat";
import { credentialsRouter } from "./credentials";
import { memoryRouter } from "./memory";
import { nodeTypesRouter } from "./nodeTypes";
import { notificationsRouter } from "./notifications";
import { plannerRouter } from "./planner";
import { runsRouter } from "./runs";
import { secretsRouter } from "./secrets";
import { systemRouter } from "./system";
import { templatesRouter } from "./templates";
import { triggersRouter } from "./triggers";
import { workbenchRouter } from "./workbench";
import { workflowsRouter } from "./workflows";

export const appRouter = createTRPCRouter({
  system: systemRouter,
  workflows: workflowsRouter,
  nodeTypes: nodeTypesRouter,
  templates: templatesRouter,
  runs: runsRouter,
  credentials: credentialsRouter,
  memory: memoryRouter,
  apiKeys: apiKeysRouter,
  secrets: secretsRouter,
  triggers: triggersRouter,
  notifications: notificationsRouter,
  assets: assetsRouter,
  planner: plannerRouter,
  workbench: workbenchRouter,
  chat: chatRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

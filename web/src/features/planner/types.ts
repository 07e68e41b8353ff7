/** The planner's data, typed from the tRPC router (never from `@/server/**` at runtime). */
import type { inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "@/server/routers/_app";

type RouterOutputs = inferRouterOutputs<AppRouter>;

export type PlanResult = RouterOutputs["planner"]["plan"];
export type RefineResult = RouterOutputs["planner"]["refine"];

/** How a planner is named to the user: the offline demo planner, or `<provider>:<model>`. */
export function plannerLabel(planner: string): string {
  return planner === "demo" ? "the demo planner (offline)" : planner.replace(":", " · ");
}

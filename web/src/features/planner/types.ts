/** The planner's data, typed from the tRPC router (never from `@/server/**` at runtime). */

import type { RouterOutputs } from "@/lib/trpc/types";


export type PlanResult = RouterOutputs["planner"]["plan"];
export type RefineResult = RouterOutputs["planner"]["refine"];

/** How a planner is named to the user: the offline demo planner, or `<provider>:<model>`. */
export function plannerLabel(planner: string): string {
  return planner === "demo" ? "the demo planner (offline)" : planner.replace(":", " · ");
}

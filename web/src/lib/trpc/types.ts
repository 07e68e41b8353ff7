/**
 * What the BFF's procedures take and give, for features to type their data with (as
 * create-t3-app does): `RouterOutputs["runs"]["get"]`. Inferred from the router's type only:
 * nothing of the server reaches the browser bundle.
 */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "@/server/routers/_app";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

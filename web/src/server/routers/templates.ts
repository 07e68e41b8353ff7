/** templates.*: the starter workflows offered on the dashboard. */
import { z } from "zod";

import { getTemplate, listTemplates } from "@/server/engine/workflows";
import { createTRPCRouter, protectedProcedure } from "@/server/trpc/init";

import { templateSlug } from "./workflows";

export const templatesRouter = createTRPCRouter({
  /** Name, description and node count of each template. */
  list: protectedProcedure.query(({ ctx, signal }) => listTemplates(ctx.engine, signal)),

  /** One template with its spec. */
  get: protectedProcedure
    .input(z.object({ slug: templateSlug }))
    .query(({ ctx, input, signal }) => getTemplate(ctx.engine, input.slug, signal)),
});

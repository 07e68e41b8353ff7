/**
 * The schedule a drafted request asked for, on its way to the triggers API: what the editor
 * offers ("Create schedule: every Monday at 09:00 (Europe/Paris)"), and, once the workflow is
 * saved, the schedule it creates with the same call the Triggers panel makes. Pure: the
 * editor passes the call in.
 */
import type { ScheduleOffer } from "@/features/editor/store/store";

import type { PlanResult } from "./types";

/** The offer of a planner's result: ticked when it has a cron; null when it asked for no schedule. */
export function offerOf(result: Pick<PlanResult, "schedule_proposal">): ScheduleOffer | null {
  const proposal = result.schedule_proposal;
  if (!proposal) return null;
  return {
    phrase: proposal.phrase,
    cron: proposal.cron ?? null,
    timezone: proposal.timezone ?? null,
    summary: proposal.summary ?? "",
    note: proposal.note ?? null,
    create: Boolean(proposal.cron),
  };
}

/** The time zone the schedule is read in: the phrase's (UTC), else the browser's. */
export const zoneOf = (offer: Pick<ScheduleOffer, "timezone">, browserZone: string) => offer.timezone ?? browserZone;

/** "every Monday at 09:00 (Europe/Paris)". */
export const offerLabel = (offer: ScheduleOffer, browserZone: string) => `${offer.summary || offer.cron} (${zoneOf(offer, browserZone)})`;

export type CreateSchedule = (input: { workflowId: string; cron: string; timezone: string; name: string; inputs: Record<string, unknown>; missed: "skip" }) => Promise<unknown>;

export type ScheduleOutcome = { created: string } | { failed: string } | null;

/**
 * After a save: creates the offered schedule for `workflowId` when it has a cron and is
 * ticked (null: nothing to do). The runs it starts use the workflow's input defaults.
 */
export async function createOfferedSchedule(offer: ScheduleOffer | null | undefined, workflowId: string, browserZone: string, create: CreateSchedule): Promise<ScheduleOutcome> {
  if (!offer?.cron || !offer.create) return null;
  const label = offerLabel(offer, browserZone);
  try {
    await create({ workflowId, cron: offer.cron, timezone: zoneOf(offer, browserZone), name: capitalised(offer.phrase).slice(0, 200), inputs: {}, missed: "skip" });
    return { created: label };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

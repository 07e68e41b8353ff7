import { describe, expect, it } from "vitest";

import { createEditorStore } from "@/features/editor/store/store";
import { createOfferedSchedule, offerLabel, offerOf, type CreateSchedule } from "@/features/planner/schedule-offer";

import { catalog as testCatalog, sampleDoc as doc } from "../editor/fixtures";

const catalog = () => testCatalog;

const monday = { phrase: "every Monday", cron: "0 9 * * 1", timezone: null, summary: "every Monday at 09:00", note: null };

/** The triggers API's createSchedule, recording what it was asked. */
function recorder(fail?: string) {
  const calls: Parameters<CreateSchedule>[0][] = [];
  const create: CreateSchedule = async (input) => {
    calls.push(input);
    if (fail) throw new Error(fail);
    return { id: "s-1" };
  };
  return { calls, create };
}

describe("the schedule a drafted request asked for, on save", () => {
  it("is offered ticked, in the browser's time zone, and created for the saved workflow", async () => {
    // Given a draft of "every Monday research…" on the canvas
    const store = createEditorStore({ catalog: catalog(), doc: doc() });
    store.getState().actions.applyDraft(doc(), { planner: "demo", explanations: {}, schedule: offerOf({ schedule_proposal: monday }) });
    const offer = store.getState().draft?.schedule;
    expect(offer?.create).toBe(true);
    expect(offerLabel(offer!, "Europe/Paris")).toBe("every Monday at 09:00 (Europe/Paris)");

    // When the workflow is saved (as wf-1)
    const api = recorder();
    const outcome = await createOfferedSchedule(offer, "wf-1", "Europe/Paris", api.create);

    // Then the schedule is created for it through the triggers API, with the cron and zone offered
    expect(api.calls).toEqual([{ workflowId: "wf-1", cron: "0 9 * * 1", timezone: "Europe/Paris", name: "Every Monday", inputs: {}, missed: "skip" }]);
    expect(outcome).toEqual({ created: "every Monday at 09:00 (Europe/Paris)" });
    // and, settled, it is offered no more (a second save creates nothing)
    store.getState().actions.scheduleSettled();
    expect(store.getState().draft?.schedule).toBeNull();
  });

  it("is not created when unticked, nor when the phrase had no cron", async () => {
    // Given the offer unticked, and a phrase the planner could not read
    const store = createEditorStore({ catalog: catalog(), doc: doc() });
    store.getState().actions.applyDraft(doc(), { planner: "demo", explanations: {}, schedule: offerOf({ schedule_proposal: monday }) });
    store.getState().actions.chooseSchedule(false);
    const unread = offerOf({ schedule_proposal: { phrase: "every full moon", cron: null, timezone: null, summary: "", note: "Add one in the Triggers panel." } });

    // When the workflow is saved
    const api = recorder();
    const outcomes = [await createOfferedSchedule(store.getState().draft?.schedule, "wf-1", "UTC", api.create), await createOfferedSchedule(unread, "wf-1", "UTC", api.create)];

    // Then no schedule is created
    expect(outcomes).toEqual([null, null]);
    expect(api.calls).toEqual([]);
    expect(unread?.create).toBe(false);
  });

  it("keeps the phrase's own time zone, and says why it was not created when the API refuses", async () => {
    // Given "daily at 9am UTC", and the triggers API refusing it
    const utc = offerOf({ schedule_proposal: { phrase: "daily at 9am UTC", cron: "0 9 * * *", timezone: "UTC", summary: "every day at 09:00", note: null } });
    const api = recorder("the schedule's inputs do not match the workflow's inputs");

    // When saved from a browser in Paris
    const outcome = await createOfferedSchedule(utc, "wf-1", "Europe/Paris", api.create);

    // Then it was asked in UTC, and the failure is told, not thrown
    expect(api.calls[0]?.timezone).toBe("UTC");
    expect(outcome).toEqual({ failed: "the schedule's inputs do not match the workflow's inputs" });
  });

  it("survives a refinement of the draft, and a draft without one offers none", () => {
    // Given a draft with a schedule, then an accepted refinement (which brings no schedule)
    const store = createEditorStore({ catalog: catalog(), doc: doc() });
    store.getState().actions.applyDraft(doc(), { planner: "demo", explanations: {}, schedule: offerOf({ schedule_proposal: monday }) });
    store.getState().actions.applyDraft(doc(), { planner: "demo", explanations: {} });
    expect(store.getState().draft?.schedule?.cron).toBe("0 9 * * 1");
    // and a new draft that asked for no schedule replaces it
    store.getState().actions.applyDraft(doc(), { planner: "demo", explanations: {}, schedule: offerOf({ schedule_proposal: null }) });
    expect(store.getState().draft?.schedule).toBeNull();
  });
});

import { describe, expect, it } from "vitest";

import { latestText } from "@/features/chat/reply-text";
import { applyRunEvent } from "@/features/runs/state/reducers";
import { seedRunState } from "@/features/runs/state/seed";
import type { RunEvent, RunRead, RunState } from "@/features/runs/state/types";

const RUN = "run-1";
const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

const runRead: RunRead = {
  id: RUN, workflow_id: "wf-1", workflow_version: 1, workflow_name: "Chat", status: "running", inputs: { message: "hi" },
  cost_usd: 0, tokens_in: 0, tokens_out: 0, last_event_seq: 1, created_at: at(0), depth: 0, trigger_kind: "manual", kind: "run", steps: [],
};
const ev = (type: RunEvent["type"], fields: Record<string, unknown>) => ({ type, run_id: RUN, ...fields }) as unknown as RunEvent;
const apply = (state: RunState, ...events: RunEvent[]) => events.reduce((s, e, i) => applyRunEvent(s, e, e.type === "step.delta" ? null : 2 + i), state);
const fresh = () => seedRunState(runRead, ["start", "assistant", "review", "reply"]);

describe("the reply being written", () => {
  it("is nothing before a step writes text", () => {
    // Given a run whose input step finished with an object
    const state = apply(fresh(), ev("step.started", { node_id: "start", attempt: 1, at: at(1) }), ev("step.succeeded", { node_id: "start", attempt: 1, at: at(1), output: { message: "hi" } }));
    // Then there is no text yet
    expect(latestText(state)).toBe("");
  });

  it("is the tokens streamed so far while the agent runs", () => {
    // Given the assistant streaming two deltas
    const state = apply(
      fresh(),
      ev("step.started", { node_id: "assistant", attempt: 1, at: at(2) }),
      ev("step.delta", { node_id: "assistant", attempt: 1, at: at(2), text: "Tide pools " }),
      ev("step.delta", { node_id: "assistant", attempt: 1, at: at(2), text: "are small" }),
    );
    // Then the reply shows them joined
    expect(latestText(state)).toBe("Tide pools are small");
  });

  it("is the agent's whole output once it finished, over tokens that were skipped", () => {
    // Given a delta lost on the way (tokens are live only), then the step's final output
    const state = apply(
      fresh(),
      ev("step.started", { node_id: "assistant", attempt: 1, at: at(2) }),
      ev("step.delta", { node_id: "assistant", attempt: 1, at: at(2), text: "Tide pools " }),
      ev("step.succeeded", { node_id: "assistant", attempt: 1, at: at(3), output: "Tide pools are small worlds." }),
      ev("step.started", { node_id: "review", attempt: 1, at: at(4) }),
      ev("step.waiting", { node_id: "review", attempt: 1, at: at(4), output: { message: "Send this reply?" } }),
    );
    // Then the reply is the output, whole, while the run waits for review
    expect(latestText(state)).toBe("Tide pools are small worlds.");
  });
});

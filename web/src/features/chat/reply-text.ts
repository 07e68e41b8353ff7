/** What a reply being written shows: pure, so it is tested without a browser. */
import { currentAttempt, streamedText } from "@/features/runs/state/selectors";
import type { RunState } from "@/features/runs/state/types";

/**
 * The reply written so far: of the steps that wrote text, the one started last; a running step's
 * streamed tokens, a finished step's output. (Tokens are live only and may be skipped under load,
 * or sent before the page subscribed; the output a step finished with is durable and whole.)
 */
export function latestText(state: RunState): string {
  let latest: { text: string; at: string } | null = null;
  for (const [nodeId, node] of Object.entries(state.nodes)) {
    const attempt = currentAttempt(node);
    if (!attempt) continue;
    const text = attempt.status === "succeeded" ? (typeof attempt.output === "string" ? attempt.output : "") : streamedText(state, nodeId, attempt);
    const at = attempt.startedAt ?? "";
    if (text && (!latest || at >= latest.at)) latest = { text, at };
  }
  return latest?.text ?? "";
}

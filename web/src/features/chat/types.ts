/** The chat feature's data, typed from the tRPC router's outputs (never from server code). */
import type { RouterOutputs } from "@/lib/trpc/types";

export type ChatSession = RouterOutputs["chat"]["sessions"]["items"][number];
export type ChatMessage = RouterOutputs["chat"]["messages"][number];
export type ChatTurn = RouterOutputs["chat"]["send"];

/** An assistant message whose run has not written the reply yet. */
export const UNANSWERED = new Set<ChatMessage["status"]>(["pending", "waiting"]);

/** What the UI says about a failed tRPC call: a message, and the engine's itemised problems if any. */
export type ErrorDescription = { message: string; details: string[]; engineDown: boolean };

type ErrorLike = {
  message?: unknown;
  data?: {
    code?: unknown;
    zodError?: { formErrors?: unknown; fieldErrors?: Record<string, unknown> } | null;
    fieldErrors?: { field?: unknown; message?: unknown; nodeId?: unknown; edgeId?: unknown }[] | null;
  } | null;
};

const ENGINE_DOWN = "The engine is unreachable. Check that it is running, then try again.";
const GENERIC_UNAVAILABLE = new Set(["", "The engine is unreachable.", "The engine failed to handle the request."]);

/** Pure: reads a TRPCClientError (or anything) into words for the user. */
export function describeError(error: unknown): ErrorDescription {
  const e = (typeof error === "object" && error !== null ? error : {}) as ErrorLike;
  const code = e.data?.code;
  if (code === "SERVICE_UNAVAILABLE") {
    // The engine itself may say which part is down or missing (the database, the embedding model).
    const own = typeof e.message === "string" && !GENERIC_UNAVAILABLE.has(e.message) ? e.message : null;
    return { message: own ?? ENGINE_DOWN, details: [], engineDown: true };
  }

  const problems: { where: string; message: string }[] = [];
  for (const item of e.data?.fieldErrors ?? []) {
    if (typeof item?.message !== "string") continue;
    const where = [item.nodeId && `node ${String(item.nodeId)}`, item.edgeId && `edge ${String(item.edgeId)}`, !item.nodeId && !item.edgeId && item.field && String(item.field)]
      .filter(Boolean)
      .join(", ");
    problems.push({ where, message: item.message });
  }

  const zod = e.data?.zodError;
  if (zod) {
    // The procedure's input check: its message is a JSON dump, the flattened errors read better.
    const formErrors = Array.isArray(zod.formErrors) ? zod.formErrors.filter((m): m is string => typeof m === "string") : [];
    const fieldMessages = Object.values(zod.fieldErrors ?? {}).flatMap((m) => (Array.isArray(m) ? m.filter((x): x is string => typeof x === "string") : []));
    const messages = [...formErrors, ...fieldMessages];
    return { message: messages[0] ?? "Some of what was sent is not valid.", details: messages.slice(1), engineDown: false };
  }

  const message = typeof e.message === "string" && e.message.trim() ? e.message.trim() : "Something went wrong. Try again.";
  if (message === "Failed to fetch" || message === "fetch failed" || message.startsWith("NetworkError")) {
    return { message: "Orrery can't be reached. Check your connection, then try again.", details: [], engineDown: false };
  }
  // A problem the message already states (a single one, usually) is not repeated.
  const details = problems.filter((p) => !message.includes(p.message)).map((p) => (p.where ? `${p.where}: ${p.message}` : p.message));
  return { message: sentence(message), details, engineDown: false };
}

/** The engine writes messages in lower case ("the spec is not..."): start them with a capital. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

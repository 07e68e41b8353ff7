/** Pure helpers of the credentials settings: the form's rules, labels, dates, errors. */

export type CredentialProvider = "openai" | "anthropic" | "google" | "groq" | "mistral" | "openai_compatible";

export type CredentialForm = {
  provider: CredentialProvider;
  label: string;
  apiKey: string;
  baseUrl: string;
};

export type FormErrors = Partial<Record<keyof CredentialForm, string>>;

export const EMPTY_FORM: CredentialForm = { provider: "openai", label: "", apiKey: "", baseUrl: "" };

export const PROVIDER_LABELS: Record<string, string> = {
  demo: "Demo model (offline)",
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google Gemini",
  groq: "Groq",
  mistral: "Mistral",
  openai_compatible: "OpenAI-compatible",
};

export const providerLabel = (id: string) => PROVIDER_LABELS[id] ?? id;

/** What the form refuses before sending (the engine checks again). */
export function validateCredentialForm(form: CredentialForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.label.trim()) errors.label = "Give the key a label.";
  else if (form.label.trim().length > 100) errors.label = "At most 100 characters.";
  const key = form.apiKey.trim();
  if (/\s/.test(key)) errors.apiKey = "An API key has no spaces or line breaks.";
  if (form.provider === "openai_compatible") {
    const url = form.baseUrl.trim();
    if (!url) errors.baseUrl = "An OpenAI-compatible endpoint needs its base URL.";
    else if (!isHttpUrl(url)) errors.baseUrl = "The base URL must start with http:// or https://.";
  } else if (!key) {
    errors.apiKey = "Paste the provider's API key.";
  }
  return errors;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && Boolean(url.hostname) && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** `••••abcd`, or "none" for a key-less endpoint. */
export const maskedHint = (hint: string) => (hint ? `••••${hint}` : "none");

export function formatCreated(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric" });
}

type ErrorLike = { message?: unknown; data?: { zodError?: { fieldErrors?: Record<string, unknown> } | null } };

/** A tRPC error in words: the input check's first message, or the engine's detail. */
export function describeCredentialError(error: unknown): string {
  const e = (typeof error === "object" && error !== null ? error : {}) as ErrorLike;
  for (const messages of Object.values(e.data?.zodError?.fieldErrors ?? {})) {
    if (Array.isArray(messages) && typeof messages[0] === "string") return messages[0];
  }
  const message = typeof e.message === "string" ? e.message.trim() : "";
  return message || "Something went wrong. Try again.";
}

/** A key's own limits in words ("30 requests · 20k tokens per minute"), or the operator's default. */
export function limitsSummary(credential: { requests_per_minute?: number | null; tokens_per_minute?: number | null }): string {
  const parts: string[] = [];
  if (credential.requests_per_minute) parts.push(`${credential.requests_per_minute} requests`);
  if (credential.tokens_per_minute) parts.push(`${compact(credential.tokens_per_minute)} tokens`);
  return parts.length ? `${parts.join(" · ")} per minute` : "Operator's default";
}

const compact = (n: number) => (n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${+(n / 1000).toFixed(1)}k` : String(n));

/** A limit field's text as the engine takes it: empty is null (the operator's default), else a whole number >= 1. */
export function parseLimit(text: string): number | null | "invalid" {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const n = Number(trimmed);
  return Number.isInteger(n) && n >= 1 ? n : "invalid";
}

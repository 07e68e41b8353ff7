import { describe, expect, it } from "vitest";

import {
  limitsSummary,
  parseLimit,
  EMPTY_FORM,
  describeCredentialError,
  formatCreated,
  maskedHint,
  providerLabel,
  validateCredentialForm,
} from "@/features/credentials/lib";

describe("validateCredentialForm", () => {
  it("needs a label and a key for a hosted provider", () => {
    expect(validateCredentialForm(EMPTY_FORM)).toEqual({ label: "Give the key a label.", apiKey: "Paste the provider's API key." });
    expect(validateCredentialForm({ ...EMPTY_FORM, label: "Work", apiKey: "sk-abc" })).toEqual({});
  });

  it("needs an http(s) base URL for an OpenAI-compatible endpoint, and no key", () => {
    const form = { ...EMPTY_FORM, provider: "openai_compatible" as const, label: "Ollama" };
    expect(validateCredentialForm(form)).toEqual({ baseUrl: "An OpenAI-compatible endpoint needs its base URL." });
    expect(validateCredentialForm({ ...form, baseUrl: "ftp://x" }).baseUrl).toMatch(/http/);
    expect(validateCredentialForm({ ...form, baseUrl: "http://user:pw@host/v1" }).baseUrl).toMatch(/http/);
    expect(validateCredentialForm({ ...form, baseUrl: "http://localhost:11434/v1" })).toEqual({});
  });

  it("refuses a key with spaces (a pasted sentence, two keys)", () => {
    expect(validateCredentialForm({ ...EMPTY_FORM, label: "x", apiKey: "sk-a sk-b" }).apiKey).toMatch(/spaces/);
  });
});

describe("display helpers", () => {
  it("shows only the hint, and says when there is no key", () => {
    expect(maskedHint("WXYZ")).toBe("••••WXYZ");
    expect(maskedHint("")).toBe("none");
  });

  it("names providers and formats dates", () => {
    expect(providerLabel("openai_compatible")).toBe("OpenAI-compatible");
    expect(providerLabel("google")).toBe("Google Gemini");
    expect(providerLabel("other")).toBe("other");
    expect(formatCreated("2026-03-04T10:00:00Z", "en-US")).toBe("Mar 4, 2026");
    expect(formatCreated("not a date")).toBe("not a date");
  });

  it("describes errors from the input check or the engine", () => {
    expect(describeCredentialError({ message: "x", data: { zodError: { fieldErrors: { baseUrl: ["Needs a URL."] } } } })).toBe("Needs a URL.");
    expect(describeCredentialError({ message: "You already have a key labelled “Main”." })).toBe("You already have a key labelled “Main”.");
    expect(describeCredentialError(null)).toBe("Something went wrong. Try again.");
  });
});

describe("a key's own limits", () => {
  it("says what the user set, or that the operator's default applies", () => {
    expect(limitsSummary({ requests_per_minute: 30, tokens_per_minute: 20_000 })).toBe("30 requests · 20k tokens per minute");
    expect(limitsSummary({ requests_per_minute: null, tokens_per_minute: 1_500_000 })).toBe("1.5M tokens per minute");
    expect(limitsSummary({})).toBe("Operator's default");
  });

  it("reads a limit field: empty is the default, a whole number >= 1 is a limit, anything else is refused", () => {
    expect(parseLimit(" ")).toBeNull();
    expect(parseLimit("60")).toBe(60);
    expect(parseLimit("0")).toBe("invalid");
    expect(parseLimit("2.5")).toBe("invalid");
    expect(parseLimit("many")).toBe("invalid");
  });
});

import { describe, expect, it } from "vitest";

import { plural, relativeTime, shortName } from "@/features/workflows/lib/format";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe("relativeTime", () => {
  it.each([
    [10, "just now"],
    [59, "just now"],
    [90, "1 minute ago"],
    [150, "2 minutes ago"],
    [3 * 3600, "3 hours ago"],
    [26 * 3600, "yesterday"],
    [9 * 24 * 3600, "last week"],
    [400 * 24 * 3600, "last year"],
    [-2 * 3600, "in 2 hours"],
  ])("%is ago reads %s", (seconds, text) => {
    expect(relativeTime(ago(seconds), NOW)).toBe(text);
  });

  it("gives nothing for a time it cannot read", () => {
    expect(relativeTime("yesterday-ish", NOW)).toBe("");
  });
});

describe("plural", () => {
  it("counts in words", () => {
    expect(plural(1, "node")).toBe("1 node");
    expect(plural(8, "node")).toBe("8 nodes");
  });
});

describe("shortName", () => {
  it("keeps what a template's name calls the thing, not how it works", () => {
    expect(shortName("YouTube video: research -> outline -> script")).toBe("YouTube video");
    expect(shortName("Short-form clips from a transcript (parallel branches)")).toBe("Short-form clips from a transcript");
    expect(shortName("Blog to newsletter + social posts")).toBe("Blog to newsletter + social posts");
    expect(shortName(": odd")).toBe(": odd");
  });
});

import { describe, expect, it } from "vitest";

import { formatRelative } from "@/features/runs/format";
import { relativeTime } from "@/lib/time";

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

describe("a run's relative time", () => {
  it("reads as every other relative time in the app, and a dash when there is none", () => {
    expect(formatRelative(ago(150), NOW)).toBe(relativeTime(ago(150), NOW));
    expect(formatRelative(null, NOW)).toBe("—");
    expect(formatRelative("not a time", NOW)).toBe("—");
  });
});

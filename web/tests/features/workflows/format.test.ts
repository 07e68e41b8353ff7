import { describe, expect, it } from "vitest";

import { plural, shortName } from "@/features/workflows/lib/format";

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

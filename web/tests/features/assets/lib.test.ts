import { describe, expect, it } from "vitest";

import { assetKind, assetUrl, isAssetRef, subtitlesBeside, uploadUrl } from "@/features/assets/lib";

const video = { asset_id: "4b0f1f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", name: "explainer.mp4", mime: "video/mp4", size: 1000 };
const track = { asset_id: "5b0f1f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", name: "explainer.vtt", mime: "text/vtt", size: 100 };

describe("asset references in outputs", () => {
  it("recognises a reference, and nothing else, as a file", () => {
    expect(isAssetRef(video)).toBe(true);
    expect(isAssetRef({ ...video, asset_id: "../../etc/passwd" })).toBe(false);
    expect(isAssetRef({ name: "x", mime: "image/png" })).toBe(false);
    expect(isAssetRef([video])).toBe(false);
    expect(isAssetRef("4b0f1f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")).toBe(false);
  });

  it("finds the subtitle track a video step put beside its video", () => {
    // Given a video step's output
    const output = { video, subtitles: track, duration_s: 9.5 };
    // Then the video plays with that track; a video alone has none
    expect(subtitlesBeside(output, video)).toEqual(track);
    expect(subtitlesBeside({ video }, video)).toBeNull();
  });

  it("fetches bytes through the BFF route and names kinds as the engine does", () => {
    expect(assetUrl(video.asset_id)).toBe(`/api/assets/${video.asset_id}`);
    expect(assetUrl(video.asset_id, true)).toBe(`/api/assets/${video.asset_id}?download=1`);
    expect(uploadUrl("my talk.mp4")).toBe("/api/uploads?name=my+talk.mp4");
    expect([assetKind("image/png"), assetKind("application/json"), assetKind("application/pdf")]).toEqual(["image", "text", "other"]);
  });
});

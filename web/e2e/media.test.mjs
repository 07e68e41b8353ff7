// Media in the browser (issue 17): the "Explainer video" template runs offline on the demo
// model, image and voice; the approval step shows the video, which plays, with one subtitle
// cue per scene; the Assets page lists the run's files, and a file uploaded there (streamed
// through the BFF) is typed by its bytes. Needs the full stack (scripts/e2e.sh).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, watchConsole } from "./support.mjs";

const email = `media-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

let browser;
let page;
let errors;
let token;

const engine = engineClient(() => token);

before(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1600, height: 950 });
  errors = watchConsole(page);
  // Given a signed-up user
  token = await signUp(page, email, password);
});

after(async () => {
  await browser?.close();
});

const inspector = () => page.getByTestId("step-inspector");

test("the Explainer video template ends in a video that plays in the approval panel", async () => {
  try {
    // Given the template as her workflow, run on a topic
    const workflow = await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ template: "explainer-video" }) });
    const run = await engine(`/api/v1/workflows/${workflow.id}/runs`, { method: "POST", body: JSON.stringify({ inputs: { topic: "why the sky is blue" } }) });

    // When she opens the run and the approval step waits
    await page.goto(`${BASE_URL}/runs/${run.id}`);
    const review = page.getByTestId("run-node-Watch and approve");
    await review.waitFor();
    await page.locator('[data-testid="run-node-Watch and approve"][data-node-status="waiting"]').waitFor({ state: "attached", timeout: 180_000 });
    await review.click({ position: { x: 40, y: 16 } });
    await inspector().getByRole("heading", { name: "Watch and approve", exact: true }).waitFor();

    // Then the video is in the panel, and it plays: it has a duration, and its subtitle track one cue per scene
    const video = inspector().locator("video").first();
    await video.waitFor();
    const state = await video.evaluate(async (element) => {
      const v = /** @type {HTMLVideoElement} */ (element);
      if (v.readyState < 1) await new Promise((resolve, reject) => { v.addEventListener("loadedmetadata", resolve, { once: true }); v.addEventListener("error", () => reject(new Error("video error")), { once: true }); });
      const track = v.textTracks[0];
      if (track) track.mode = "hidden";
      const trackElement = v.querySelector("track");
      if (trackElement && trackElement.readyState !== 2) await new Promise((resolve) => { trackElement.addEventListener("load", resolve, { once: true }); setTimeout(resolve, 10_000); });
      v.muted = true;
      await v.play();
      await new Promise((resolve) => { const check = () => (v.currentTime > 0 ? resolve(null) : setTimeout(check, 50)); check(); });
      v.pause();
      // and she seeks to the middle (the player asks the BFF for a byte range)
      const target = v.duration / 2;
      v.currentTime = target;
      await new Promise((resolve) => v.addEventListener("seeked", resolve, { once: true }));
      const src = v.currentSrc;
      const part = await fetch(src, { headers: { range: "bytes=0-99" } });
      return {
        duration: v.duration,
        cues: track?.cues?.length ?? 0,
        playedTo: v.currentTime,
        seekedTo: v.currentTime,
        target,
        part: { status: part.status, length: (await part.arrayBuffer()).byteLength, range: part.headers.get("content-range") },
      };
    });
    assert.ok(state.duration > 0, `duration ${state.duration}`);
    assert.ok(state.playedTo > 0, "the video played");
    assert.equal(state.cues, 3);
    assert.ok(Math.abs(state.seekedTo - state.target) < 1, `seeked to ${state.seekedTo}, asked ${state.target}`);
    assert.equal(state.part.status, 206);
    assert.equal(state.part.length, 100);
    assert.match(state.part.range ?? "", /^bytes 0-99\/\d+$/);

    // When she approves it, the run ends with the video
    await inspector().getByRole("button", { name: "Approve" }).click();
    await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 60_000 });

    // And the Assets page lists the run's files: three scene images and a thumbnail among them
    await page.goto(`${BASE_URL}/assets?run=${run.id}`);
    await page.getByRole("list", { name: "Assets" }).waitFor();
    await page.getByLabel("Type").selectOption("video");
    await page.getByText("explainer.mp4").first().waitFor();
    assert.deepEqual(errors, []);
  } catch (error) {
    await screenshot(page, "media");
    throw error;
  }
});

// A 1x1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test("a file uploaded on the Assets page goes through the BFF and is typed by its bytes", async () => {
  try {
    // Given the Assets page
    await page.goto(`${BASE_URL}/assets`);
    await page.getByRole("button", { name: "Upload a file" }).waitFor();

    // When she uploads a PNG her computer calls a video
    await page.getByLabel("File to upload").setInputFiles({ name: "cover.mp4", mimeType: "video/mp4", buffer: PNG });
    await page.getByText("File uploaded").waitFor();

    // Then it is listed among her images, not her videos
    await page.getByLabel("Type").selectOption("image");
    await page.getByRole("list", { name: "Assets" }).getByText("cover.mp4").waitFor();
    const listed = await engine("/api/v1/assets?kind=image");
    assert.ok(listed.items.some((a) => a.name === "cover.mp4" && a.mime === "image/png" && a.size === PNG.length));
    assert.deepEqual(errors, []);
  } catch (error) {
    await screenshot(page, "media-upload");
    throw error;
  }
});

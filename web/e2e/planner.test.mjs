// "Describe what you want" (issue 19): a sentence typed on the dashboard becomes a valid draft
// in the editor on the demo planner, unsaved until the user saves it (no workflow exists before
// that: a draft thrown away leaves none behind), each step explained; the schedule it asks for
// ("every Monday") is created on save; saved, it runs and succeeds. "Change it…" then proposes a
// diff the user accepts as an unsaved change.
// Needs the full stack (scripts/e2e.sh).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, launchBrowser, screenshot, signUp, watchConsole } from "./support.mjs";

const email = `planner-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;
const mod = process.platform === "darwin" ? "Meta" : "Control";
const DESCRIPTION = "Every Monday research three espresso drinks, write a short guide for each, then summarise them";

let browser;
let page;
let errors;
let editorUrl;

before(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1600, height: 950 });
  errors = watchConsole(page);
  // Given a signed-up user on the dashboard
  await signUp(page, email, password);
});

after(async () => {
  await browser?.close();
});

test("a sentence becomes a valid draft in the editor, saved by the user, that runs to success", async () => {
  // When they describe what they want and ask for a draft
  await page.getByRole("textbox", { name: "Describe what you want" }).fill(DESCRIPTION);
  await page.getByRole("button", { name: "Draft it" }).click();

  // Then the editor opens with the demo planner's draft as a new, unsaved workflow, valid
  await page.waitForURL(/\/workflows\/new\?draft=/);
  await page.getByTestId("workflow-editor").waitFor({ timeout: 180_000 });
  await page.getByTestId("editor-version").filter({ hasText: "new" }).waitFor();
  await page.getByTestId("draft-banner").filter({ hasText: "demo planner" }).waitFor();
  await page.getByTestId("dirty-dot").waitFor();
  await page.getByTestId("validation-status").filter({ hasText: "Valid" }).waitFor();
  await page.locator('[data-testid^="node-"][data-testid$="_each"]').first().waitFor();
  // and offers the schedule it asked for, ticked
  const offer = page.getByTestId("schedule-offer");
  await offer.filter({ hasText: "Create schedule: every Monday at 09:00" }).waitFor();
  assert.equal(await offer.getByRole("checkbox").isChecked(), true);
  await screenshot(page, "planner-draft");

  // and each step says why it is there
  await page.getByTestId("node-research_three_espresso_drinks").click({ position: { x: 40, y: 14 } });
  await page.getByTestId("node-explanation").filter({ hasText: "research agent" }).waitFor();

  // When they save it
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+s`);

  // Then the workflow is created (version 1) and its own editor opens, still explained
  await page.waitForURL(/\/workflows\/[0-9a-f-]{36}\/edit$/);
  editorUrl = page.url();
  await page.getByTestId("editor-version").filter({ hasText: "v1" }).waitFor();
  await page.getByTestId("dirty-dot").waitFor({ state: "detached" });
  await page.getByTestId("draft-banner").filter({ hasText: "saved" }).waitFor();
  // and the schedule is in its Triggers panel
  await page.getByTestId("triggers-button").click();
  await page.getByTestId("schedule-item").filter({ hasText: "0 9 * * 1" }).waitFor();
  await page.getByTestId("triggers-button").click();

  // and run it (the request is the run's input, filled in by default)
  await page.getByTestId("run-button").click();
  const dialog = page.getByRole("dialog", { name: /Run/ });
  await dialog.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);

  // Then the run succeeds: research, a guide per drink, the summary
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 90_000 });
  await screenshot(page, "planner-run");
  assert.deepEqual(errors, []);
});

test("a draft thrown away leaves no workflow behind", async () => {
  // Given the user's one saved workflow on the dashboard
  await page.goto(`${BASE_URL}/workflows`);
  await page.getByTestId("workflow-row").first().waitFor();
  const before = await page.getByTestId("workflow-row").count();

  // When they draft another one, and leave the editor without saving it
  await page.getByRole("textbox", { name: "Describe what you want" }).fill("Research espresso, then write a post about it");
  await page.getByRole("button", { name: "Draft it" }).click();
  await page.waitForURL(/\/workflows\/new\?draft=/);
  await page.getByTestId("draft-banner").filter({ hasText: "not saved yet" }).waitFor();
  await page.getByRole("toolbar", { name: "Editor" }).getByRole("link", { name: "Workflows" }).click();
  await page.getByTestId("leave-dialog").getByRole("button", { name: "Discard changes" }).click();

  // Then the dashboard lists the same workflows as before: nothing was saved
  await page.waitForURL(/\/workflows$/);
  await page.getByTestId("workflow-row").first().waitFor();
  assert.equal(before, 1);
  assert.equal(await page.getByTestId("workflow-row").count(), before);
  assert.deepEqual(errors, []);
});

test("an empty editor drafts in place, as an unsaved change", async () => {
  // Given a new blank workflow open in the editor
  await page.goto(`${BASE_URL}/workflows`);
  await page.getByRole("button", { name: "New workflow" }).click();
  const dialog = page.getByRole("dialog", { name: "New workflow" });
  await dialog.getByRole("button", { name: "Create workflow" }).click();
  await page.getByTestId("workflow-editor").waitFor({ timeout: 60_000 });

  // When the user describes it there
  const describe = page.getByTestId("empty-canvas-describe");
  await describe.getByRole("textbox", { name: "Describe what you want" }).fill("Fetch https://example.com/ and summarise it");
  await describe.getByRole("button", { name: "Draft it" }).click();

  // Then the draft replaces the blank canvas, unsaved and valid, and the box is gone
  await page.getByTestId("node-fetch_the_page").waitFor();
  await page.getByTestId("draft-banner").filter({ hasText: "demo planner" }).waitFor();
  await page.getByTestId("dirty-dot").waitFor();
  await page.getByTestId("validation-status").filter({ hasText: "Valid" }).waitFor();
  await describe.waitFor({ state: "detached" });
  // (left unsaved: undo it so leaving asks nothing)
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+z`);
  await page.getByTestId("dirty-dot").waitFor({ state: "detached" });
  assert.deepEqual(errors, []);
});

test("“Change it…” proposes a diff; accepted, it is an unsaved change", async () => {
  // Given the saved workflow open in the editor
  assert.ok(editorUrl, "the first test opened the editor");
  await page.goto(editorUrl);
  await page.getByTestId("workflow-editor").waitFor({ timeout: 60_000 });

  // When the user asks for an approval before the summary
  await page.getByTestId("refine-button").click();
  const dialog = page.getByTestId("refine-dialog");
  await dialog.getByRole("textbox").fill("ask me before the summary");
  await dialog.getByRole("button", { name: "Propose" }).click();

  // Then the proposal adds an approval, and accepting it puts it on the canvas, unsaved
  await dialog.getByTestId("refine-diff").filter({ hasText: "Your approval" }).waitFor();
  await dialog.getByRole("button", { name: "Accept" }).click();
  await page.getByTestId("dirty-dot").waitFor();
  await page.locator('[data-testid="node-approval"]').waitFor();
  await page.getByTestId("validation-status").filter({ hasText: "Valid" }).waitFor();
  // (left unsaved: discard it on the way out)
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+z`);
  await page.getByTestId("dirty-dot").waitFor({ state: "detached" });
  assert.deepEqual(errors, []);
});

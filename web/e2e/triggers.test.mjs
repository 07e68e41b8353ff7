import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, watchConsole } from "./support.mjs";

// Triggers, end to end: a webhook made in the editor's Triggers panel is called from outside
// (plain fetch, no token) and starts a run that says so; that run waits for an approval, which
// the bell in the header announces and approves. A schedule is made in the same panel, showing
// its next fires.

const email = `triggers-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

const SPEC = {
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string" } },
  nodes: [
    { id: "start", type: "input", label: "Start", position: { x: 0, y: 0 } },
    { id: "review", type: "approval", label: "Review", position: { x: 300, y: 0 }, config: { message: "Publish {{ inputs.topic }}?" } },
    { id: "publish", type: "output", label: "Publish", position: { x: 600, y: 0 }, config: { name: "topic", value: "{{ inputs.topic }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "review" },
    { id: "e2", source: "review", target: "publish", source_handle: "approved" },
  ],
};

let browser;
let workflowId;
let runId;

before(async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  const token = await signUp(page, email, password);
  await page.close();
  workflowId = (await engineClient(() => token)("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Publisher", spec: SPEC }) })).id;
});

after(async () => {
  await browser?.close();
});

test("a webhook made in the Triggers panel is called from outside and starts a run that says so", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given the workflow open in the editor, its Triggers panel open
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("triggers-button").click();
  const panel = page.getByTestId("triggers-panel");
  await panel.waitFor();

  // When the user creates a webhook (its mapping starts as `topic: {{ body.topic }}`)
  await panel.getByTestId("new-webhook").locator("summary").click();
  await panel.getByLabel("Name").first().fill("Form");
  await panel.getByTestId("create-webhook").click();
  const url = (await panel.getByTestId("webhook-url").textContent()).trim();
  assert.match(url, /\/api\/v1\/hooks\/[A-Za-z0-9_-]{40,}$/);
  await screenshot(page, "triggers-webhook-created");

  // And another service calls it, with no token
  const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ topic: "Tides" }) });
  assert.equal(answer.status, 202);
  runId = (await answer.json()).run_id;

  // Then the panel lists the call, and the run's page says a webhook started it
  await panel.getByTestId("webhook-item").first().getByRole("button", { expanded: false }).first().click();
  await panel.getByTestId("webhook-calls").getByText("Started").waitFor();
  await page.goto(`${BASE_URL}/runs/${runId}`);
  const trigger = page.getByTestId("run-trigger");
  await trigger.waitFor();
  assert.match(await trigger.textContent(), /webhook\s+Form/);
  // And history, filtered to webhook runs, shows it
  await page.goto(`${BASE_URL}/runs?trigger=webhook`);
  await page.locator(`[data-run-id="${runId}"]`).waitFor();

  // When the user adds a schedule in the same panel
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("triggers-button").click();
  await panel.getByTestId("new-schedule").locator("summary").click();
  await panel.getByLabel("Cron").fill("*/5 * * * *");
  await panel.getByLabel("Time zone").fill("UTC");
  await panel.getByTestId("cron-preview").getByText(/^Next: /).waitFor();
  await panel.getByRole("button", { name: "Create schedule" }).click();

  // Then it is listed with its next fires
  const schedule = panel.getByTestId("schedule-item");
  await schedule.getByText(/Next: /).waitFor();
  await screenshot(page, "triggers-panel");
  assert.deepEqual(errors, []);
  await page.close();
});

test("an approval waiting shows on the bell and is approved from the inbox", async () => {
  assert.ok(runId, "the webhook's run (previous test)");
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given the webhook's run waiting at its approval
  await page.goto(`${BASE_URL}/runs/${runId}`);
  await page.locator('[data-testid="run-node-Review"][data-node-status="waiting"]').waitFor({ state: "attached" });

  // When the user sees the bell's count and opens it
  await page.reload();
  await page.getByTestId("unread-count").waitFor({ timeout: 20_000 });
  assert.equal((await page.getByTestId("unread-count").textContent()).trim(), "1");
  await page.getByTestId("notification-bell").click();
  const note = page.locator('[data-testid="notification"][data-kind="approval_waiting"]');
  await note.waitFor();
  await screenshot(page, "triggers-inbox");

  // And approves from the notification
  await note.getByRole("button", { name: "Approve" }).click();

  // Then the run goes on and succeeds, and nothing is unread
  await page.getByTestId("run-status").getByText("Succeeded").waitFor({ timeout: 30_000 });
  await page.getByTestId("unread-count").waitFor({ state: "detached", timeout: 20_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, openDetails, screenshot, signUp, watchConsole } from "./support.mjs";

// Triggers, end to end: a webhook made in the editor's Triggers panel is called from outside
// (plain fetch, no token) and starts a run that says so; that run waits for an approval, which
// the bell in the header announces and approves. A schedule is made in the same panel, showing
// its next fires. Both are then edited in place: the webhook keeps its URL while its mapping and
// secret change, and the schedule's new cron shows its new fires.

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

// No approval: the edited triggers' runs end on their own (and announce nothing on the bell).
const ECHO = {
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string" } },
  nodes: [
    { id: "start", type: "input", label: "Start", position: { x: 0, y: 0 } },
    { id: "echo", type: "output", label: "Echo", position: { x: 300, y: 0 }, config: { name: "topic", value: "{{ inputs.topic }}" } },
  ],
  edges: [{ id: "e1", source: "start", target: "echo" }],
};

let browser;
let engine;
let workflowId;
let runId;

before(async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  const token = await signUp(page, email, password);
  await page.close();
  engine = engineClient(() => token);
  workflowId = (await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Publisher", spec: SPEC }) })).id;
});

/** A call to a webhook signed as GitHub signs one: `X-Signature: sha256=<hex HMAC of the body>`. */
const signedCall = (url, secret, payload) => {
  const body = JSON.stringify(payload);
  const signature = createHmac("sha256", secret).update(body).digest("hex");
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-signature": `sha256=${signature}` }, body });
};

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
  await openDetails(panel.getByTestId("new-webhook"));
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
  await openDetails(panel.getByTestId("new-schedule"));
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

test("a signed webhook and a schedule are edited in place: same URL, new mapping and secret, new fires; a refusal keeps what was typed", async () => {
  const echoId = (await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Echo", spec: ECHO }) })).id;
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given a signed webhook made in the Triggers panel
  await page.goto(`${BASE_URL}/workflows/${echoId}/edit`);
  await page.getByTestId("triggers-button").click();
  const panel = page.getByTestId("triggers-panel");
  await panel.waitFor();
  const form = panel.getByTestId("new-webhook");
  await openDetails(form);
  await form.getByLabel("Name").fill("Signed form");
  await form.getByLabel("Signing secret").fill("old-secret-1234");
  await panel.getByTestId("create-webhook").click();
  const url = (await panel.getByTestId("webhook-url").textContent()).trim();
  const token = url.split("/").pop();
  assert.equal((await signedCall(url, "old-secret-1234", { topic: "Before" })).status, 202);

  // When the user opens its settings: they are the saved ones, the secret kept and not shown
  const item = panel.getByTestId("webhook-item");
  await item.getByRole("button", { name: "Edit" }).click();
  const editor = item.getByTestId("webhook-editor");
  assert.equal(await editor.getByLabel("Name").inputValue(), "Signed form");
  assert.equal(await editor.getByLabel("Signature header").inputValue(), "X-Signature");
  assert.deepEqual(JSON.parse(await editor.getByLabel("Mapping").inputValue()), { topic: "{{ body.topic }}" });
  assert.ok(await editor.getByLabel("Keep the current secret").isChecked());

  // And saves a mapping whose template does not compile: the engine's refusal shows, the text stays
  const broken = '{"topic": "{{ body.title "}';
  await editor.getByLabel("Mapping").fill(broken);
  await editor.getByRole("button", { name: "Save" }).click();
  await editor.getByRole("alert").getByText(/mapping has problems/).waitFor();
  assert.match(await editor.getByRole("alert").textContent(), /mapping\.topic: /);
  assert.equal(await editor.getByLabel("Mapping").inputValue(), broken);

  // When they fix the mapping, set a new secret and save
  await editor.getByLabel("Mapping").fill('{"topic": "{{ body.title }}"}');
  await editor.getByLabel("Set a new secret").check();
  await editor.getByLabel("New signing secret").fill("new-secret-5678");
  await screenshot(page, "triggers-webhook-editing");
  await editor.getByRole("button", { name: "Save" }).click();
  await editor.waitFor({ state: "detached" });
  await screenshot(page, "triggers-webhook-edited");

  // Then a call signed with the old secret is refused
  const stale = await signedCall(url, "old-secret-1234", { title: "Stale" });
  assert.equal(stale.status, 401, await stale.text());
  // And one signed with the new secret, at the same URL, starts a run with the new mapping's inputs
  const fresh = await signedCall(url, "new-secret-5678", { title: "Edited tides" });
  assert.equal(fresh.status, 202);
  const run = await engine(`/api/v1/runs/${(await fresh.json()).run_id}`);
  assert.deepEqual(run.inputs, { topic: "Edited tides" });
  // And the panel still names the same URL
  await item.getByText(`…/hooks/${token.slice(0, 8)}…`).waitFor();
  assert.equal((await engine(`/api/v1/workflows/${echoId}/webhooks`))[0].token_prefix, token.slice(0, 8));

  // Given a schedule every five minutes
  await openDetails(panel.getByTestId("new-schedule"));
  await panel.getByTestId("new-schedule").getByLabel("Name").fill("Every five");
  await panel.getByTestId("new-schedule").getByLabel("Cron").fill("*/5 * * * *");
  await panel.getByTestId("new-schedule").getByLabel("Time zone").fill("UTC");
  await panel.getByRole("button", { name: "Create schedule" }).click();
  const schedule = panel.getByTestId("schedule-item");
  await schedule.getByTestId("schedule-fires").getByText(/Next: /).waitFor();

  // When its cron is edited to Mondays at 9 (the form previews the new fires)
  await schedule.getByRole("button", { name: "Edit" }).click();
  const scheduleEditor = schedule.getByTestId("schedule-editor");
  assert.equal(await scheduleEditor.getByLabel("Cron").inputValue(), "*/5 * * * *");
  await scheduleEditor.getByLabel("Cron").fill("0 9 * * 1");
  await scheduleEditor.getByTestId("cron-preview").locator("time").first().waitFor();
  await scheduleEditor.getByRole("button", { name: "Save" }).click();
  await scheduleEditor.waitFor({ state: "detached" });

  // Then the panel shows the new next fires: three Mondays at 09:00 UTC
  await schedule.locator("code").getByText("0 9 * * 1").waitFor();
  const fires = await schedule.getByTestId("schedule-fires").locator("time").evaluateAll((times) => times.map((t) => t.getAttribute("datetime")));
  assert.equal(fires.length, 3);
  for (const fire of fires) {
    const at = new Date(fire);
    assert.deepEqual([at.getUTCDay(), at.getUTCHours(), at.getUTCMinutes()], [1, 9, 0], fire);
  }

  // When a bad cron is saved with a new name
  await schedule.getByRole("button", { name: "Edit" }).click();
  await scheduleEditor.getByLabel("Name").fill("Typed name");
  await scheduleEditor.getByLabel("Cron").fill("61 * * * *");
  await scheduleEditor.getByRole("button", { name: "Save" }).click();

  // Then the engine's error shows beside the form, which keeps what was typed
  await scheduleEditor.getByRole("alert").getByText(/is not a cron expression/).waitFor();
  assert.equal(await scheduleEditor.getByLabel("Cron").inputValue(), "61 * * * *");
  assert.equal(await scheduleEditor.getByLabel("Name").inputValue(), "Typed name");
  await screenshot(page, "triggers-schedule-refused");
  // And the saved schedule is unchanged
  const [saved] = await engine(`/api/v1/workflows/${echoId}/schedules`);
  assert.deepEqual([saved.name, saved.cron], ["Every five", "0 9 * * 1"]);
  // And Cancel drops the edit
  await scheduleEditor.getByRole("button", { name: "Cancel" }).click();
  await scheduleEditor.waitFor({ state: "detached" });
  await schedule.locator("code").getByText("0 9 * * 1").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

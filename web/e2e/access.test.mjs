import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, ENGINE_URL, launchBrowser, screenshot, waitForPath, watchConsole } from "./support.mjs";

// Settings → API keys against the whole stack: a key made in the browser runs a workflow from
// "a script" (this test, calling the engine as curl would), waits for its outputs, and stops
// working the moment it is revoked.

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const email = `e2e-access-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;
const keyName = `Nightly ${randomUUID().slice(0, 4)}`;

const SPEC = {
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string" } },
  nodes: [
    { id: "start", type: "input", position: { x: 0, y: 0 }, config: {} },
    { id: "shout", type: "transform", position: { x: 0, y: 120 }, config: { template: "{{ inputs.topic | upper }}!" } },
    { id: "result", type: "output", position: { x: 0, y: 240 }, config: { name: "headline", value: "{{ steps.shout.output }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "shout" },
    { id: "e2", source: "shout", target: "result" },
  ],
};

/** A script's call: what `curl -H "Authorization: Bearer $KEY" ...` sends. */
async function call(url, key, body) {
  const response = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

test("create an API key, run a workflow with it from a script and wait for its outputs, revoke it", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // Given a signed-up user on the settings page
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  await page.goto(`${BASE_URL}/settings`);
  await page.getByRole("heading", { name: "API keys" }).waitFor();
  await page.getByText("No API keys.").waitFor();

  // When they create a key that may run workflows, read runs and manage workflows
  await page.getByLabel("Key name").fill(keyName);
  await page.getByRole("checkbox", { name: /Manage workflows/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();

  // Then the key is shown once, and listed by its prefix only
  const key = (await page.getByTestId("new-api-key-value").innerText()).trim();
  assert.match(key, /^orr_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-key-row").filter({ hasText: keyName });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(key.slice(0, 12)));
  assert.match(await row.innerText(), /runs:read, runs:write, workflows:write/);
  await page.getByRole("button", { name: "Done" }).click();
  await page.reload();
  await row.waitFor();
  assert.ok(!(await page.content()).includes(key), "the key is never shown again");

  // When a script saves a workflow with it
  const created = await call(`${ENGINE_URL}/api/v1/workflows`, key, { name: "Shout", spec: SPEC });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  // Then the run-from-code snippet in Settings names that workflow
  await page.reload();
  const snippet = page.getByTestId("run-snippet");
  await page.getByLabel("Workflow", { exact: true }).selectOption({ label: "Shout" });
  await snippet.getByText(created.body.id).waitFor();
  const url = /'(https?:\/\/[^']+\?wait=true)'/.exec(await snippet.innerText())?.[1];
  assert.ok(url?.includes(`/api/v1/workflows/${created.body.id}/runs?wait=true`), await snippet.innerText());
  await screenshot(page, "access-api-key-snippet");

  // When the script runs it as the snippet says, waiting for the end
  const run = await call(url, key, { inputs: { topic: "tides" } });

  // Then it gets the finished run with its outputs
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.equal(run.body.status, "succeeded");
  assert.deepEqual(run.body.outputs, { headline: "TIDES!" });

  // When the user revokes the key in Settings
  await page.getByRole("button", { name: `Revoke ${keyName}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await row.getByText(/Revoked/).waitFor();

  // Then the script's next call is refused
  const refused = await call(url, key, { inputs: { topic: "tides" } });
  assert.equal(refused.status, 401);
  assert.deepEqual(errors, []);
});

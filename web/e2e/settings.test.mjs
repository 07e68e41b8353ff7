import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, waitForPath, watchConsole } from "./support.mjs";

// Settings → Model credentials against the whole stack (the engine encrypts the key; the
// page only ever sees its hint).

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const email = `e2e-settings-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;
const apiKey = `sk-e2e-${randomUUID().replaceAll("-", "")}`;
const label = `Local vLLM ${randomUUID().slice(0, 4)}`;

test("add an OpenAI-compatible credential, see only its hint, delete it", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // Given a signed-up user on the settings page
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  await page.goto(`${BASE_URL}/settings`);
  await page.getByRole("heading", { name: "Model credentials" }).waitFor();

  // Then the page says plainly that agents can run on the offline demo model without keys
  const note = page.getByTestId("demo-note");
  assert.match(await note.innerText(), /offline Demo model/);
  assert.match(await note.innerText(), /not a real AI/);
  await page.getByText("No saved keys.").waitFor();

  // When they add an OpenAI-compatible endpoint with a key
  await page.getByLabel("Provider").selectOption("openai_compatible");
  await page.getByLabel("Label").fill(label);
  assert.equal(await page.getByLabel("API key").getAttribute("type"), "password");
  await page.getByLabel("API key").fill(apiKey);
  await page.getByLabel("Base URL").fill("http://localhost:8001/v1");
  await page.getByRole("button", { name: "Save key" }).click();

  // Then it is listed with its provider, base URL and only the key's last 4 characters
  const row = page.getByTestId("credential-row").filter({ hasText: label });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /OpenAI-compatible/);
  assert.match(text, /http:\/\/localhost:8001\/v1/);
  assert.equal(await row.getByTestId("key-hint").innerText(), `••••${apiKey.slice(-4)}`);
  assert.ok(!text.includes(apiKey));
  assert.equal(await page.getByLabel("API key").inputValue(), "", "the form forgets the key once saved");

  // and after a reload the page (its HTML and data) still holds the hint only
  await page.reload();
  await row.waitFor();
  assert.ok(!(await page.content()).includes(apiKey));
  await screenshot(page, "settings-credential-listed");

  // When they delete it, confirming in the dialog
  await page.getByRole("button", { name: `Delete ${label}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText(`Delete “${label}”?`).waitFor();
  await dialog.getByRole("button", { name: "Delete key" }).click();

  // Then it is gone, also after a reload
  await page.getByText("No saved keys.").waitFor();
  await page.reload();
  await page.getByText("No saved keys.").waitFor();
  assert.equal(await page.getByTestId("credential-row").count(), 0);
  await screenshot(page, "settings-credential-deleted");
  assert.deepEqual(errors, []);
});

test("notifications also go to a signed webhook: set in Settings, kept after a reload, the secret never shown", async () => {
  await browser.context.clearCookies(); // a new user, not the one signed in above
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  const secret = `whsec-${randomUUID()}`;

  // Given a signed-up user on the settings page
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(`e2e-notify-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  await page.goto(`${BASE_URL}/settings`);
  const form = page.getByRole("form", { name: "Notification settings" });
  await form.waitFor();
  // (this server has no mail server: email is off and says why)
  assert.equal(await form.getByLabel("Email").isDisabled(), true);
  await form.getByText(/no mail server configured/).waitFor();

  // When they set a webhook URL and a signing secret and save
  await form.getByLabel("Webhook URL").fill("https://hooks.example.com/orrery");
  await form.getByLabel("Signing secret").fill(secret);
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByText("Notification settings saved").waitFor();

  // Then after a reload the URL is there, the secret is set but never sent back to the page
  await page.reload();
  await form.waitFor();
  assert.equal(await form.getByLabel("Webhook URL").inputValue(), "https://hooks.example.com/orrery");
  await form.getByText(/A secret is set \(never shown\)/).waitFor();
  assert.equal(await form.getByLabel("Signing secret").inputValue(), "");
  assert.ok(!(await page.content()).includes(secret));

  // When they clear the URL and save, notifications stop going there
  await form.getByLabel("Webhook URL").fill("");
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByText("Notification settings saved").waitFor();
  await page.reload();
  await form.waitFor();
  assert.equal(await form.getByLabel("Webhook URL").inputValue(), "");
  assert.deepEqual(errors, []);
});

test("a notification that could not be delivered says so on the bell, and why", async () => {
  await browser.context.clearCookies(); // a new user
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given a user whose notifications go to a URL nothing answers at
  const token = await signUp(page, `e2e-undelivered-${randomUUID().slice(0, 8)}@example.com`, password);
  const engine = engineClient(() => token);
  await page.goto(`${BASE_URL}/settings`);
  const form = page.getByRole("form", { name: "Notification settings" });
  await form.getByLabel("Webhook URL").fill("http://127.0.0.1:9/nobody-home");
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByText("Notification settings saved").waitFor();

  // When a run of theirs fails (over its step budget) and a worker's sender has gone round
  const spec = {
    schema: "orrery.workflow/v1",
    settings: { budgets: { max_steps: 1 } },
    nodes: [
      { id: "start", type: "input", position: { x: 0, y: 0 } },
      { id: "out", type: "output", position: { x: 300, y: 0 }, config: { name: "done", value: "yes" } },
    ],
    edges: [{ id: "e1", source: "start", target: "out" }],
  };
  const workflow = await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Fails", spec }) });
  await engine(`/api/v1/workflows/${workflow.id}/runs`, { method: "POST", body: JSON.stringify({ inputs: {} }) });
  let delivery = null;
  for (let i = 0; i < 120 && !delivery?.delivery_error; i++) {
    await new Promise((r) => setTimeout(r, 250));
    delivery = (await engine("/api/v1/notifications")).items[0] ?? null;
  }
  assert.ok(delivery?.delivery_error, `no delivery attempt recorded: ${JSON.stringify(delivery)}`);

  // Then the bell's notification says it was not delivered, why, and whether it is tried again
  await page.goto(`${BASE_URL}/workflows`);
  await page.getByTestId("notification-bell").click();
  const note = page.locator('[data-testid="notification"][data-kind="run_failed"]');
  await note.waitFor();
  const said = await note.getByTestId("notification-delivery").innerText();
  assert.match(said, /^Not delivered \(webhook: your webhook/);
  assert.match(said, /tried again at|not tried again/);
  await screenshot(page, "notification-undelivered");
  assert.deepEqual(errors, []);
  await page.close();
});

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, launchBrowser, screenshot, waitForPath, watchConsole } from "./support.mjs";

// Needs the engine's Supabase Auth stand-in (or a real Supabase) behind the web app.

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const email = `e2e-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

async function fillAndSubmit(page, button) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: button }).click();
}

test("sign up, sign out, sign in again", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // Given a new visitor on the sign-up page
  await page.goto(`${BASE_URL}/signup`);
  await page.getByRole("heading", { name: "Create your account" }).waitFor();

  // When they create an account
  await fillAndSubmit(page, "Create account");

  // Then they land on their workflows, signed in
  await waitForPath(page, "/workflows");
  await page.getByRole("heading", { name: "Workflows", exact: true }).waitFor();
  await page.getByTestId("user-email").filter({ hasText: email }).waitFor();
  await page.getByText("No workflows yet").waitFor();
  await page.locator('[data-testid="engine-status"]:not([data-status="checking"])').waitFor();
  await screenshot(page, "signed-up-workflows");

  // When they sign out
  await page.getByRole("button", { name: "Sign out" }).click();

  // Then they are back on the sign-in page, and protected pages stay closed
  await waitForPath(page, "/login");
  await page.getByRole("heading", { name: "Sign in to Orrery" }).waitFor();
  await page.goto(`${BASE_URL}/workflows`);
  await waitForPath(page, "/login");

  // When they sign in again
  await fillAndSubmit(page, "Sign in");

  // Then they are back on their workflows (the `next` they were sent from)
  await waitForPath(page, "/workflows");
  await page.getByTestId("user-email").filter({ hasText: email }).waitFor();
  await screenshot(page, "signed-in-again");
  assert.deepEqual(errors, []);
});

test("a wrong password shows an inline error and stays on /login", async (t) => {
  // A separate, signed-out browser (the first one holds a session now).
  const signedOut = await launchBrowser();
  t.after(() => signedOut.close());
  const page = await signedOut.context.newPage();
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("definitely-not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  // Scoped to the form: Next also renders an (empty) role="alert" route announcer.
  const alert = page.locator("form").getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /invalid/i);
  assert.equal(new URL(page.url()).pathname, "/login");
  assert.ok(await page.getByRole("button", { name: "Sign in" }).isEnabled());
  await screenshot(page, "wrong-password");
});

test("signed in, /login and / go to the workflows", async () => {
  const page = await browser.context.newPage();
  // The session from the first test lives in this browser profile.
  await page.goto(`${BASE_URL}/login`);
  await waitForPath(page, "/workflows");
  await page.goto(`${BASE_URL}/`);
  await waitForPath(page, "/workflows");
});

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, launchBrowser, screenshot, signUp, waitForPath, watchConsole } from "./support.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("a signed-out visit to / ends on the sign-in form, without console errors", async () => {
  // Given a fresh browser with no session
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // When it opens the home page
  const response = await page.goto(`${BASE_URL}/`);

  // Then it lands on /login with the sign-in form
  assert.ok(response?.ok(), `GET / answered ${response?.status()}`);
  await waitForPath(page, "/login");
  await page.getByRole("heading", { name: "Sign in to Orrery" }).waitFor();
  assert.ok(await page.getByLabel("Email").isVisible());
  assert.ok(await page.getByLabel("Password").isVisible());
  assert.ok(await page.getByRole("button", { name: "Sign in" }).isVisible());
  assert.ok(await page.getByRole("link", { name: "Create one" }).isVisible());
  await page.waitForLoadState("networkidle");
  await screenshot(page, "home-signed-out");
  assert.deepEqual(errors, []);
});

test("the sign-in page follows a dark system theme", async () => {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`${BASE_URL}/login`);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, "rgb(11, 11, 14)");
  await screenshot(page, "login-dark");
});

test("a signed-out visit to a protected page keeps it in ?next=", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${BASE_URL}/runs`);
  await waitForPath(page, "/login");
  assert.equal(new URL(page.url()).searchParams.get("next"), "/runs");
  await screenshot(page, "protected-redirect");
});

test("a signed-in address that is not one of ours says so in the app, with a way back", async () => {
  // Given a signed-in user
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await signUp(page, `e2e-lost-${randomUUID().slice(0, 8)}@example.com`, `pw-${randomUUID()}`);

  // When she follows a broken link to a run
  const response = await page.goto(`${BASE_URL}/runs/not-a-run`);

  // Then the app answers 404 with its own page, inside its frame, and a way back
  assert.equal(response?.status(), 404);
  await page.getByTestId("page-not-found").getByRole("heading", { name: "Not found" }).waitFor();
  assert.ok(await page.getByTestId("user-email").isVisible(), "the app's header stays");
  await page.getByTestId("page-not-found").getByRole("link", { name: "Go to workflows" }).click();
  await waitForPath(page, "/workflows");
  assert.deepEqual(errors.filter((e) => !e.includes("404")), []);
});

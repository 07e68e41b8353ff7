// Shared helpers for the browser tests (node --test + playwright-core + a system Chromium).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

/** The running web app (the Makefile starts the whole stack; the tests only drive it). */
export const BASE_URL = (process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");

const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));

/** A fresh browser profile; close() removes it. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "orrery-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and uncaught page errors, to assert there are none. */
export function watchConsole(page) {
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * Opens a `<details>` as a user does, by clicking its summary, and waits until it is open. A
 * panel whose lists are still loading moves under the pointer: a click that landed elsewhere
 * (the summary shifted between Playwright's stability check and the click) is made again;
 * one that opened it is never repeated (a second click would close it).
 */
export async function openDetails(details) {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await details.evaluate((d) => d.open)) return;
    await details.locator("summary").first().click();
    const opened = await details
      .locator("xpath=self::*[@open]")
      .waitFor({ timeout: 2000 })
      .then(() => true, () => false);
    if (opened) return;
  }
  throw new Error("the <details> did not open after 5 clicks on its summary");
}

/** Saves web/e2e/artifacts/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Waits until the page's path (without query) is `path`. */
export async function waitForPath(page, path) {
  await page.waitForURL((url) => url.pathname === path);
}

/** The engine's own API (scripts/e2e.sh sets E2E_ENGINE_URL). */
export const ENGINE_URL = (process.env.E2E_ENGINE_URL ?? "").replace(/\/+$/, "");

/** The body of a response that must have succeeded (the assertion names the status and body). */
export async function json(res) {
  const body = await res.text();
  assert.ok(res.ok, `${res.status} ${body}`);
  return body ? JSON.parse(body) : null;
}

/** Signs a new user up through the page and returns their access token (for the engine's API). */
export async function signUp(page, email, password) {
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  const auth = await json(
    await fetch(`${BASE_URL}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    }),
  );
  return auth.access_token;
}

/** A JSON client of the engine's API for the user whose token `token()` returns. */
export function engineClient(token) {
  assert.ok(ENGINE_URL, "E2E_ENGINE_URL is needed (scripts/e2e.sh sets it)");
  return (path, init = {}) =>
    fetch(`${ENGINE_URL}${path}`, {
      ...init,
      headers: { "content-type": "application/json", authorization: `Bearer ${token()}`, ...init.headers },
    }).then(json);
}

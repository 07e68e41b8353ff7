import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";

import { BASE_URL, launchBrowser, screenshot, waitForPath, watchConsole } from "./support.mjs";

// The workflows dashboard against the whole stack (engine with the real API, the auth stand-in).

const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
const EDITOR_PATH = /^\/workflows\/[0-9a-f-]{36}\/edit$/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const email = `e2e-wf-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

/** The dashboard's row for a workflow named exactly `name`. */
const row = (page, name) =>
  page.getByTestId("workflow-row").filter({ has: page.getByRole("link", { name, exact: true }) });

async function openRowMenu(page, name) {
  await page.getByRole("button", { name: `Actions for ${name}`, exact: true }).click();
  return page.getByRole("menu", { name: `Actions for ${name}`, exact: true });
}

/** Waits for the editor route of a new workflow (the editor is another page's job), then comes back. */
async function backFromEditor(page) {
  await page.waitForURL((url) => EDITOR_PATH.test(url.pathname));
  const id = new URL(page.url()).pathname.split("/")[2];
  await page.goto(`${BASE_URL}/workflows`);
  return id;
}

test("create from a template, rename, export, import back, delete", async () => {
  const page = await browser.context.newPage();
  // Failed loads of the editor route are not this page's concern (it is built separately).
  const errors = watchConsole(page);

  // Given a new user on an empty dashboard
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  await page.getByRole("heading", { name: "No workflows yet" }).waitFor();
  await page.getByRole("button", { name: /YouTube video/ }).waitFor(); // the templates are offered
  await screenshot(page, "workflows-empty");

  // When they create a workflow from the "YouTube video" template
  await page.getByRole("button", { name: "New workflow" }).click();
  const dialog = page.getByRole("dialog", { name: "New workflow" });
  await dialog.getByText(/^YouTube video/).click();
  assert.equal(await dialog.getByLabel("Name").inputValue(), "YouTube video");
  await screenshot(page, "workflows-new-dialog");
  await dialog.getByRole("button", { name: "Create workflow" }).click();

  // Then the editor opens on it, and the dashboard lists it
  const createdId = await backFromEditor(page);
  await row(page, "YouTube video").waitFor();
  assert.equal(await row(page, "YouTube video").getAttribute("data-workflow-id"), createdId);
  assert.match(await row(page, "YouTube video").innerText(), /v1/);

  // When they rename it
  await (await openRowMenu(page, "YouTube video")).getByRole("menuitem", { name: "Rename…" }).click();
  const renameDialog = page.getByRole("dialog", { name: "Rename workflow" });
  await renameDialog.getByLabel("Name").fill("Launch video");
  await renameDialog.getByRole("button", { name: "Rename" }).click();

  // Then the new name shows at once and survives a reload
  await row(page, "Launch video").waitFor();
  await page.reload();
  await row(page, "Launch video").waitFor();
  assert.equal(await row(page, "YouTube video").count(), 0);

  // When they export it
  const downloading = page.waitForEvent("download");
  await (await openRowMenu(page, "Launch video")).getByRole("menuitem", { name: "Export JSON" }).click();
  const download = await downloading;

  // Then they get <name>.orrery.json holding the export document
  assert.equal(download.suggestedFilename(), "Launch video.orrery.json");
  mkdirSync(ARTIFACTS, { recursive: true });
  const exported = join(ARTIFACTS, "exported.orrery.json");
  await download.saveAs(exported);
  const document = JSON.parse(readFileSync(exported, "utf8"));
  assert.equal(document.format, "orrery.workflow-export/v1");
  assert.equal(document.name, "Launch video");
  assert.equal(document.spec.nodes.length, 8);

  // When they import the exported file back
  await page.getByTestId("import-file").setInputFiles(exported);

  // Then the copy opens in the editor, and both are listed
  const importedId = await backFromEditor(page);
  assert.notEqual(importedId, createdId);
  await row(page, "Launch video").waitFor();
  await row(page, "Launch video (imported)").waitFor();
  await screenshot(page, "workflows-list");

  // When they ask to delete the copy, then change their mind (Esc)
  await (await openRowMenu(page, "Launch video (imported)")).getByRole("menuitem", { name: "Delete…" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete “Launch video (imported)”?" });
  await confirm.waitFor();
  await page.keyboard.press("Escape");
  await confirm.waitFor({ state: "hidden" });
  assert.equal(await row(page, "Launch video (imported)").count(), 1);

  // When they delete it for real
  await (await openRowMenu(page, "Launch video (imported)")).getByRole("menuitem", { name: "Delete…" }).click();
  await confirm.waitFor();
  await screenshot(page, "workflows-delete-confirm");
  await confirm.getByRole("button", { name: "Delete workflow" }).click();

  // Then only the original is left, also after a reload
  await row(page, "Launch video (imported)").waitFor({ state: "detached" });
  await page.reload();
  await row(page, "Launch video").waitFor();
  assert.equal(await page.getByTestId("workflow-row").count(), 1);

  const own = errors.filter((e) => !/\/workflows\/[0-9a-f-]{36}\/edit/.test(e) && !/status of 404/.test(e));
  assert.deepEqual(own, []);
});

test("the menu works from the keyboard, and search filters the list", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${BASE_URL}/workflows`);
  await row(page, "Launch video").waitFor();

  // Given the row menu's button has focus, When Enter opens it
  const trigger = page.getByRole("button", { name: "Actions for Launch video", exact: true });
  await trigger.focus();
  await page.keyboard.press("Enter");
  // Then the first item has focus, arrows move, Esc closes and returns focus to the button
  const menu = page.getByRole("menu", { name: "Actions for Launch video" });
  await menu.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Open in editor");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Rename…");
  await page.keyboard.press("Escape");
  await menu.waitFor({ state: "hidden" });
  assert.equal(await trigger.evaluate((el) => el === document.activeElement), true);

  // When they search for a name that is not there, Then nothing matches; clearing brings it back
  const search = page.getByRole("searchbox", { name: "Search workflows" });
  await search.fill("no such thing");
  await page.getByText("No workflows match “no such thing”").waitFor();
  assert.match(new URL(page.url()).search, /q=no\+such\+thing/);
  await search.fill("launch");
  await row(page, "Launch video").waitFor();
});

test("import explains a file it cannot take", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${BASE_URL}/workflows`);
  await row(page, "Launch video").waitFor();
  const banner = page.getByRole("alert").filter({ hasText: "Could not import" });

  // When they pick a JSON file that is no export, Then the dashboard says so
  await page.getByTestId("import-file").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"hello": 1}') });
  await banner.filter({ hasText: "notes.json" }).waitFor();
  assert.match(await banner.innerText(), /not an Orrery export/);

  // When the export's workflow document is broken, Then the engine's reasons are shown
  const broken = { format: "orrery.workflow-export/v1", name: "Broken", spec: { schema: "orrery.workflow/v1", nodes: [], edges: "nope" } };
  await page.getByTestId("import-file").setInputFiles({ name: "broken.orrery.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
  await banner.filter({ hasText: "broken.orrery.json" }).waitFor();
  assert.match(await banner.innerText(), /edges/);
  await screenshot(page, "workflows-import-error");
  assert.equal(new URL(page.url()).pathname, "/workflows");
});

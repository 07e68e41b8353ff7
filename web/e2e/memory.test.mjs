import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, launchBrowser, screenshot, waitForPath, watchConsole } from "./support.mjs";

// Memory against the whole stack: the engine chunks and embeds with the built-in offline model
// (all-MiniLM-L6-v2), and searches by meaning.

const COLLECTION_PATH = /^\/memory\/[0-9a-f-]{36}$/;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const email = `e2e-memory-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;
const collection = `Channel style guide ${randomUUID().slice(0, 4)}`;
const styleTitle = "Style guide: openings";
const styleGuide =
  "Our channel always opens with a cold open question. The first seconds ask viewers something they can't answer yet; the intro, logo and greeting come after the hook.";
const invoices = [
  "# Sponsorship invoices",
  "",
  "Sponsors are invoiced when the integration is published. Payment is due within thirty days; late payments get one reminder by email,",
  "then a call from the business manager.",
].join("\n");

/** The documents table's row whose title is exactly `title`. */
const documentRow = (page, title) => page.getByTestId("document-row").filter({ has: page.getByRole("button", { name: title, exact: true }) });

async function addDocument(page, fill) {
  await page.getByRole("main").getByRole("button", { name: "Add document" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add document" });
  await fill(dialog);
  await dialog.getByRole("button", { name: "Add document" }).click();
  return dialog;
}

test("create a collection, add documents, search by meaning, deduplicate, delete", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // Given a new user, who opens Memory from the navigation
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Memory" }).click();
  await waitForPath(page, "/memory");

  // Then the page explains what a collection is
  await page.getByRole("heading", { name: "No collections yet" }).waitFor();
  assert.match(await page.getByRole("main").innerText(), /a collection is a set of documents your agents can search/i);
  await screenshot(page, "memory-empty");

  // When they create a collection with the built-in embedding model (the default)
  await page.getByRole("button", { name: "New collection" }).first().click();
  const create = page.getByRole("dialog", { name: "New collection" });
  await create.getByLabel("Name").fill(collection);
  const model = create.getByLabel("Embedding model");
  assert.equal(await model.inputValue(), "local");
  assert.equal((await model.locator("option:checked").innerText()).trim(), "Built-in: all-MiniLM-L6-v2 (offline)");
  await create.getByRole("button", { name: "Create collection" }).click();

  // Then its page opens, empty
  await page.waitForURL((url) => COLLECTION_PATH.test(url.pathname));
  await page.getByRole("heading", { name: collection, level: 1 }).waitFor();
  assert.match(await page.getByTestId("collection-stats").innerText(), /all-MiniLM-L6-v2 \(offline\)[\s\S]*0 documents[\s\S]*0 chunks/);
  await page.getByText("No documents yet").waitFor();

  // When they paste the style guide as a document
  let dialog = await addDocument(page, async (d) => {
    assert.equal(await d.getByRole("tab", { name: "Paste text" }).getAttribute("aria-selected"), "true");
    await d.getByLabel("Text", { exact: true }).fill(styleGuide);
    await d.getByLabel("Title", { exact: true }).fill(styleTitle);
  });

  // Then it is listed with its chunk count
  await dialog.waitFor({ state: "hidden" });
  const styleRow = documentRow(page, styleTitle);
  await styleRow.waitFor();
  assert.match(await styleRow.innerText(), /Pasted text/);
  const chunks = Number(await styleRow.getByTestId("document-chunks").innerText());
  assert.ok(chunks >= 1, `chunk count ${chunks}`);

  // And a Markdown file uploaded from disk is listed under its file name
  dialog = await addDocument(page, async (d) => {
    await d.getByRole("tab", { name: "Upload file" }).click();
    await d.getByLabel("File", { exact: true }).setInputFiles({ name: "invoices.md", mimeType: "text/markdown", buffer: Buffer.from(invoices) });
    await d.getByText(/invoices\.md · /).waitFor(); // read in the browser
  });
  await dialog.waitFor({ state: "hidden" });
  await page.getByTestId("document-row").filter({ hasText: "File · invoices.md" }).waitFor();
  // (the stats are their own query, refreshed after the list: wait for them rather than read once)
  await page.getByTestId("collection-stats").filter({ hasText: /2 documents/ }).waitFor();

  // And both are embedded by the worker in the background: their status moves to Ready on its own
  await page.getByTestId("document-status").filter({ hasText: "Ready" }).nth(1).waitFor({ timeout: 60_000 });
  assert.deepEqual(
    (await page.getByTestId("document-status").allInnerTexts()).map((s) => s.trim()),
    ["Ready", "Ready"],
  );

  // When they search with a paraphrase that shares no key words with the guide
  await page.getByLabel("Search this collection").fill("how do our videos start?");
  await page.getByRole("button", { name: "Search", exact: true }).click();

  // Then the guide's chunk is the top result, with its score
  const results = page.getByRole("list", { name: "Search results" });
  await results.waitFor();
  const top = results.getByTestId("search-result").first();
  assert.equal(await top.getByTestId("search-result-title").innerText(), styleTitle);
  assert.match(await top.innerText(), /cold open question/);
  const topScore = Number((await top.getByTestId("search-result-score").innerText()).replace("%", ""));
  assert.ok(topScore > 0 && topScore <= 100, `score ${topScore}%`);
  const scores = await results.getByTestId("search-result-score").allInnerTexts();
  assert.ok(scores.every((s) => Number(s.replace("%", "")) <= topScore), `best first: ${scores.join(", ")}`);
  await screenshot(page, "memory-search");

  // When they paste the same text again
  dialog = await addDocument(page, async (d) => {
    await d.getByLabel("Text", { exact: true }).fill(styleGuide);
  });

  // Then the engine keeps one copy, and the dialog says so
  const note = dialog.getByTestId("deduplicated");
  await note.waitFor();
  assert.match(await note.innerText(), /Already in this collection/);
  assert.match(await note.innerText(), new RegExp(styleTitle));
  await screenshot(page, "memory-deduplicated");
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await page.getByTestId("document-row").count(), 2);

  // When they ask for a page on the engine's own machine
  dialog = await addDocument(page, async (d) => {
    await d.getByRole("tab", { name: "From URL" }).click();
    await d.getByLabel("URL", { exact: true }).fill("http://127.0.0.1:9/notes");
  });

  // Then the engine refuses to fetch it, and the dialog says why (nothing added)
  const refusal = dialog.getByRole("alert");
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /127\.0\.0\.1|loopback|not allowed|refused/i);
  await screenshot(page, "memory-url-refused");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await page.getByTestId("document-row").count(), 2);

  // When they open the guide's chunks
  await page.getByRole("button", { name: `Chunks of ${styleTitle}` }).click();
  const viewer = page.getByRole("dialog", { name: styleTitle });
  await viewer.getByTestId("chunk").first().waitFor();
  assert.equal(await viewer.getByTestId("chunk").count(), chunks);
  assert.match(await viewer.getByRole("list", { name: "Chunks" }).innerText(), /cold open question/);
  await viewer.getByRole("button", { name: "Close" }).click();

  // When they delete the guide, confirming in the dialog
  await page.getByRole("button", { name: `Delete ${styleTitle}` }).click();
  const confirm = page.getByRole("dialog", { name: `Delete “${styleTitle}”?` });
  await confirm.getByRole("button", { name: "Delete document" }).click();

  // Then it is gone, also after a reload, and the counts follow
  await styleRow.waitFor({ state: "detached" });
  // and the results still on screen are those of the search run again: the guide's chunk left them
  await results.getByTestId("search-result").filter({ hasText: "cold open" }).waitFor({ state: "detached" });
  await results.getByTestId("search-result").first().waitFor();
  assert.ok(!(await results.innerText()).includes("cold open"));
  await page.reload();
  await page.getByTestId("document-row").filter({ hasText: "invoices.md" }).waitFor();
  assert.equal(await documentRow(page, styleTitle).count(), 0);
  assert.match(await page.getByTestId("collection-stats").innerText(), /1 document\b/);

  // And a search no longer finds it
  await page.getByLabel("Search this collection").fill("how do our videos start?");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await results.waitFor();
  assert.ok(!(await results.innerText()).includes("cold open"));

  // When they delete the collection from the Memory page
  await page.getByRole("link", { name: "← Memory" }).click();
  await waitForPath(page, "/memory");
  const row = page.getByTestId("collection-row").filter({ hasText: collection });
  assert.match(await row.innerText(), /all-MiniLM-L6-v2/);
  await page.getByRole("button", { name: `Actions for ${collection}` }).click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  await page.getByRole("dialog", { name: `Delete “${collection}”?` }).getByRole("button", { name: "Delete collection" }).click();

  // Then they are back to an empty Memory
  await page.getByRole("heading", { name: "No collections yet" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "No collections yet" }).waitFor();
  assert.deepEqual(errors, []);
});

test("a provider's embedding model uses a saved key; when the model can't be reached, the dialog says why", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  const user = `e2e-memory-key-${randomUUID().slice(0, 8)}@example.com`;
  // The stub OpenAI-compatible server (scripts/e2e.sh) answers chats but has no embeddings route.
  const baseUrl = process.env.E2E_OPENAI_STUB_URL ?? "http://127.0.0.1:9/v1";

  // Given a user (not the first test's: signed out) with an OpenAI-compatible key saved in Settings
  await browser.context.clearCookies();
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  await page.goto(`${BASE_URL}/settings`);
  await page.getByLabel("Provider").selectOption("openai_compatible");
  await page.getByLabel("Label").fill("Local embeddings");
  await page.getByLabel("Base URL").fill(baseUrl);
  await page.getByRole("button", { name: "Save key" }).click();
  await page.getByTestId("credential-row").filter({ hasText: "Local embeddings" }).waitFor();

  // When they create a collection with an OpenAI-compatible embedding model
  await page.goto(`${BASE_URL}/memory`);
  await page.getByRole("button", { name: "New collection" }).first().click();
  const create = page.getByRole("dialog", { name: "New collection" });
  await create.getByLabel("Name").fill("Scripts");
  await create.getByLabel("Embedding model").selectOption("openai_compatible");

  // Then their saved key is offered (the only one, so chosen), and a model name is asked for
  const key = create.getByLabel("Key", { exact: true });
  await key.locator("option", { hasText: "Local embeddings" }).waitFor({ state: "attached" }); // the keys load
  assert.equal((await key.locator("option:checked").innerText()).trim(), "Local embeddings");
  await create.getByRole("button", { name: "Create collection" }).click();
  await create.getByText("Name the embedding model").waitFor();
  await create.getByLabel("Model name").fill("stub-embed");
  await create.getByRole("button", { name: "Create collection" }).click();

  // And when the engine cannot embed with it, the dialog shows the engine's reason, and nothing is created
  const refusal = create.getByRole("alert");
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /\S/);
  assert.doesNotMatch(await refusal.innerText(), /failed to handle the request/);
  await screenshot(page, "memory-provider-refused");
  await create.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("heading", { name: "No collections yet" }).waitFor();
  assert.deepEqual(errors, []);
});

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, json, launchBrowser, screenshot, signUp, watchConsole } from "./support.mjs";

// An agent on a real provider path, end to end: the user saves an OpenAI-compatible key in
// Settings, picks it on an agent node in the editor with a model and an output schema, saves,
// runs, and sees on the run page the step's structured output with its tokens and cost. Then
// the same workflow, switched to the offline demo model, runs too.
//
// The endpoint is web/e2e/stub-openai.mjs (a stub, not an AI), started by scripts/e2e.sh on
// 127.0.0.1 (E2E_OPENAI_STUB_URL), which the stack may reach through the SSRF guard's
// allowlist (ORRERY_HTTP_ALLOWED_HOSTS); its model `stub-llama-3` is priced at $2 / $8 per
// 1M tokens by the e2e price table (ORRERY_PRICE_TABLE), and it reports 1,200 tokens in and
// 350 out: $0.0024 + $0.0028 = $0.0052.

const STUB_URL = (process.env.E2E_OPENAI_STUB_URL ?? "").replace(/\/+$/, "");
const MODEL = "stub-llama-3";
const email = `agents-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;
const apiKey = `sk-stub-${randomUUID().replaceAll("-", "")}`;
const keyLabel = `Stub endpoint ${randomUUID().slice(0, 4)}`;
const mod = process.platform === "darwin" ? "Meta" : "Control";

const SPEC = {
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string", description: "What the headline is about" } },
  nodes: [
    { id: "start", type: "input", label: "Start", position: { x: 0, y: 0 } },
    { id: "writer", type: "agent", label: "Headline writer", position: { x: 300, y: 0 }, config: { provider: "demo", model: "demo", prompt: "Write a headline about {{ inputs.topic }}" } },
    { id: "result", type: "output", label: "Result", position: { x: 600, y: 0 }, config: { name: "headline", value: "{{ steps.writer.output }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "writer" },
    { id: "e2", source: "writer", target: "result" },
  ],
};

let browser;
let page;
let errors;
let token;
let workflowId;

const engine = engineClient(() => token);

before(async () => {
  assert.ok(STUB_URL, "E2E_OPENAI_STUB_URL is needed: scripts/e2e.sh starts the stub OpenAI-compatible server");
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1600, height: 900 });
  errors = watchConsole(page);

  // Given a signed-up user with a workflow: input -> agent (on the demo model) -> output
  token = await signUp(page, email, password);
  workflowId = (await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Headlines", spec: SPEC }) })).id;
});

after(async () => {
  await browser?.close();
});

const inspector = () => page.getByTestId("step-inspector");
const nodeIn = (label, status) => page.locator(`[data-testid="run-node-${label}"][data-node-status="${status}"]`).waitFor({ state: "attached" });

/** Selects the agent node in the editor and waits for its inspector. */
async function openAgent() {
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("workflow-editor").waitFor({ timeout: 180_000 });
  await page.getByTestId("node-writer").click();
  await page.getByTestId("node-inspector").getByRole("heading", { name: "Headline writer" }).waitFor();
}

/** Saves with Ctrl/Cmd+S and waits for version `v`. */
async function save(version) {
  await page.getByTestId("dirty-dot").waitFor();
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+s`);
  await page.getByTestId("editor-version").filter({ hasText: `v${version}` }).waitFor();
  await page.getByTestId("dirty-dot").waitFor({ state: "detached" });
}

/** Starts a run from the runs tab's dialog; resolves on the run page. */
async function startRun(topic) {
  await page.goto(`${BASE_URL}/workflows/${workflowId}/runs`);
  await page.getByRole("button", { name: "Run workflow" }).click();
  const dialog = page.getByRole("dialog", { name: /Run/ });
  await dialog.getByLabel(/topic/).fill(topic);
  await dialog.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
}

/** Opens the agent step's inspector on the run page (once more if a live refresh swallowed the click). */
async function inspectAgent() {
  for (let tries = 0; ; tries++) {
    await page.getByTestId("run-node-Headline writer").dispatchEvent("click");
    try {
      await inspector().getByRole("heading", { name: "Headline writer", exact: true }).waitFor({ timeout: 3000 });
      return;
    } catch (error) {
      if (tries >= 1) throw error;
    }
  }
}

const usage = (value) => inspector().locator("dd", { hasText: value }).first().waitFor();

test("an OpenAI-compatible key from Settings, picked on an agent, gives a structured output with tokens and cost", async () => {
  // When the user saves their endpoint's key in Settings
  await page.goto(`${BASE_URL}/settings`);
  await page.getByRole("heading", { name: "Model credentials" }).waitFor();
  await page.getByLabel("Provider").selectOption("openai_compatible");
  await page.getByLabel("Label").fill(keyLabel);
  await page.getByLabel("API key").fill(apiKey);
  await page.getByLabel("Base URL").fill(STUB_URL);
  await page.getByRole("button", { name: "Save key" }).click();
  await page.getByTestId("credential-row").filter({ hasText: keyLabel }).waitFor();

  // And opens the agent node in the editor: on the demo model there is one model to pick
  await openAgent();
  const provider = page.getByLabel("Provider", { exact: true });
  const model = page.getByLabel("Model", { exact: true });
  await page.locator('select[aria-label="Model"]').waitFor();
  assert.deepEqual(await model.locator("option").allInnerTexts(), ["demo"]);

  // A provider with known models offers them as a select, plus Other… to type a name
  await provider.selectOption({ label: "openai" });
  const offered = await model.locator("option").allInnerTexts();
  assert.ok(offered.includes("gpt-4o-mini") && offered.at(-1) === "Other…", offered.join(", "));
  await model.selectOption({ label: "Other…" });
  await page.getByLabel("Model name", { exact: true }).fill("gpt-4o-2024-08-06");
  await page.getByTestId("node-inspector").getByText(/Not one of the models listed for OpenAI/).waitFor();

  // When they switch it to their OpenAI-compatible endpoint, pick the saved key and name the model
  await provider.selectOption({ label: "openai_compatible" });
  const credential = page.getByLabel("Credential", { exact: true });
  const keyOption = await credential.locator("option", { hasText: keyLabel }).getAttribute("value");
  await credential.selectOption(keyOption);
  assert.equal(await model.evaluate((el) => el.tagName), "INPUT", "an endpoint takes any model name");
  assert.ok((await page.getByTestId("model-suggestions").locator("option").count()) > 0);
  await model.fill(MODEL);

  // And give it an output schema: a headline and a score
  const schemaEditor = page.getByTestId("output-schema-editor");
  await schemaEditor.getByRole("button", { name: "Add field" }).click();
  await schemaEditor.getByRole("button", { name: "Add field" }).click();
  await page.getByLabel("Field 1 name").fill("headline");
  await page.getByLabel("Field 2 name").fill("score");
  await page.getByLabel("Field 2 type").selectOption("integer");
  await page.getByTestId("node-writer-summary").filter({ hasText: "2 fields" }).waitFor();
  await model.scrollIntoViewIfNeeded();
  await screenshot(page, "agents-editor-openai-compatible");
  await save(2);

  // Then the saved agent names the provider, the key, the model and the schema
  const saved = (await engine(`/api/v1/workflows/${workflowId}`)).spec.nodes.find((n) => n.id === "writer").config;
  assert.equal(saved.provider, "openai_compatible");
  assert.equal(saved.credential_id, keyOption);
  assert.equal(saved.model, MODEL);
  assert.deepEqual(Object.keys(saved.output_schema.properties).sort(), ["headline", "score"]);

  // When they run it
  await startRun("owls at night");

  // Then the agent step succeeds with the structured output the endpoint returned
  await nodeIn("Headline writer", "succeeded");
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor();
  await inspectAgent();
  const output = inspector().getByTestId("step-output");
  await output.getByText(/headline: Write a headline about owls at night/).first().waitFor();
  assert.match(await output.innerText(), /score[\s\S]*7/);
  // with its tokens, its cost and the model
  await usage("1.2k / 350");
  await usage("$0.0052");
  await usage(MODEL);
  await screenshot(page, "agents-run-structured-output");

  // And the endpoint got the user's key and the model, with the schema as the output tool
  const received = await json(await fetch(`${STUB_URL.replace(/\/v1$/, "")}/__requests`));
  const call = received.findLast((r) => r.body.model === MODEL);
  assert.ok(call, "the stub endpoint was called");
  assert.equal(call.authorization, `Bearer ${apiKey}`);
  const outputTool = call.body.tools.find((t) => t.function.name === "final_result");
  assert.deepEqual(Object.keys(outputTool.function.parameters.properties).sort(), ["headline", "score"]);
  assert.deepEqual(errors, []);
});

test("the same workflow runs offline on the demo model", async () => {
  // When the user switches the agent back to the demo model and saves
  await openAgent();
  await page.getByLabel("Provider", { exact: true }).selectOption({ label: "demo" });
  // (the model field is a select once the providers are loaded)
  await page.locator('select[aria-label="Model"]').selectOption("demo");
  assert.ok(await page.getByLabel("Credential", { exact: true }).isDisabled());
  await save(3);

  // Then a run succeeds with an object that fits the schema, on the demo model, at no cost
  await startRun("owls at night");
  await nodeIn("Headline writer", "succeeded");
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor();
  await inspectAgent();
  const text = await inspector().getByTestId("step-output").innerText();
  assert.match(text, /headline/);
  assert.match(text, /score/);
  await usage(/^demo/);
  await usage(/^\$0$/);
  await screenshot(page, "agents-run-demo");
  assert.deepEqual(errors, []);
});

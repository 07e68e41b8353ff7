import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, watchConsole } from "./support.mjs";

// Workflow settings in the editor (issue 18), end to end on the real stack: a step budget set in
// the Settings panel ends a run that needs more steps, naming the budget; a router condition built
// with the visual builder chooses the branch the run takes. Offline: transforms and a router.

const email = `settings-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

const at = (x, y = 0) => ({ x, y });

/** input -> three transforms -> output: five steps. */
const chain = {
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string" } },
  nodes: [
    { id: "start", type: "input", label: "Start", position: at(0) },
    { id: "one", type: "transform", label: "One", position: at(260), config: { mode: "template", template: "1 {{ inputs.topic }}" } },
    { id: "two", type: "transform", label: "Two", position: at(520), config: { mode: "template", template: "2 {{ steps.one.output }}" } },
    { id: "three", type: "transform", label: "Three", position: at(780), config: { mode: "template", template: "3 {{ steps.two.output }}" } },
    { id: "done", type: "output", label: "Done", position: at(1040), config: { name: "result", value: "{{ steps.three.output }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "one" },
    { id: "e2", source: "one", target: "two" },
    { id: "e3", source: "two", target: "three" },
    { id: "e4", source: "three", target: "done" },
  ],
};

/** input -> router: its `owls` route (a placeholder condition) or `else`, each to its own transform and output. */
const routed = {
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string" } },
  nodes: [
    { id: "start", type: "input", label: "Start", position: at(0, 100) },
    {
      id: "route",
      type: "router",
      label: "Route",
      position: at(260, 100),
      config: { routes: [{ name: "owls", condition: { left: "inputs", op: "exists" } }], match: "first", default_route: "else" },
    },
    { id: "owl_story", type: "transform", label: "Owl story", position: at(560, 0), config: { mode: "template", template: "Hoot about {{ inputs.topic }}" } },
    { id: "other_story", type: "transform", label: "Other story", position: at(560, 220), config: { mode: "template", template: "Something about {{ inputs.topic }}" } },
    { id: "owl_out", type: "output", label: "Owl out", position: at(860, 0), config: { name: "owl", value: "{{ steps.owl_story.output }}" } },
    { id: "other_out", type: "output", label: "Other out", position: at(860, 220), config: { name: "other", value: "{{ steps.other_story.output }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "route" },
    { id: "e2", source: "route", target: "owl_story", source_handle: "owls" },
    { id: "e3", source: "route", target: "other_story", source_handle: "else" },
    { id: "e4", source: "owl_story", target: "owl_out" },
    { id: "e5", source: "other_story", target: "other_out" },
  ],
};

let browser;
let token;
const engine = engineClient(() => token);

before(async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  token = await signUp(page, email, password);
  await page.close();
});

after(async () => {
  await browser?.close();
});

async function openEditor(page, name, spec) {
  const wf = await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name, spec }) });
  await page.goto(`${BASE_URL}/workflows/${wf.id}/edit`);
  await page.getByTestId("workflow-editor").waitFor();
  return wf.id;
}

async function saveAndRun(page, topic) {
  await page.getByTestId("save-button").click();
  await page.getByTestId("editor-version").filter({ hasText: "v2" }).waitFor();
  await page.getByTestId("dirty-dot").waitFor({ state: "detached" });
  await page.getByTestId("run-button").click();
  const dialog = page.getByRole("dialog", { name: /Run/ });
  await dialog.getByLabel(/topic/).fill(topic);
  await dialog.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
}

const nodeIn = (page, label, status) =>
  page.locator(`[data-testid="run-node-${label}"][data-node-status="${status}"]`).waitFor({ state: "attached", timeout: 30_000 });

test("a step budget set in the Settings panel ends a run that needs more steps, naming the budget", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // Given a five-step workflow open in the editor
  await openEditor(page, "Budgeted chain", chain);

  // When the user opens Settings, where the step budget shows the operator's default
  await page.getByTestId("settings-button").click();
  const panel = page.getByTestId("settings-panel");
  const steps = panel.getByTestId("setting-max_steps");
  await panel.getByText(/Operator default: 1,000/).first().waitFor();

  // and a budget above the operator's limit is refused in the browser
  await steps.fill("5000");
  await panel.getByText("At most 1,000 (the operator's limit).").waitFor();
  await page.getByTestId("dirty-dot").waitFor({ state: "detached" });

  // then they set 2 steps, save and run it
  await steps.fill("2");
  await page.getByTestId("dirty-dot").waitFor();
  await screenshot(page, "workflow-settings-panel");
  await saveAndRun(page, "owls");

  // Then the run fails with the step budget named
  await page.locator('[data-testid="run-status"] [data-status="failed"]').waitFor({ timeout: 30_000 });
  await page.getByRole("alert").filter({ hasText: "max_steps budget" }).waitFor();
  await screenshot(page, "workflow-settings-budget-failed");
  assert.deepEqual(errors, []);
});

test("a router condition built with the visual builder chooses the branch the run takes", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // Given a router whose route `owls` holds whenever there are inputs
  await openEditor(page, "Routed story", routed);
  await page.getByTestId("node-route").click();
  const inspector = page.getByTestId("node-inspector");
  const builder = inspector.getByTestId("condition-builder");
  await builder.waitFor();

  // When the user makes it `inputs.topic equals owls` in the builder
  const rule = builder.getByTestId("condition-rule").first();
  const field = rule.locator("input").first();
  await field.fill("inputs.topic");
  await field.press("Escape");
  await rule.getByTestId("condition-op").selectOption("equals");
  await rule.getByTestId("condition-value").fill("owls");

  // and the raw JSON says the same
  await inspector.getByTestId("condition-raw-toggle").click();
  const raw = inspector.getByTestId("condition-raw").locator("textarea");
  assert.deepEqual(JSON.parse(await raw.inputValue()), { left: "inputs.topic", op: "equals", right: "owls" });
  await inspector.getByTestId("condition-raw-toggle").click();
  await builder.waitFor();
  await screenshot(page, "workflow-settings-condition-builder");

  // and saves and runs it with the topic "owls"
  await saveAndRun(page, "owls");

  // Then the run takes the owls branch, and the other is skipped
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 30_000 });
  await nodeIn(page, "Owl story", "succeeded");
  await nodeIn(page, "Other story", "skipped");
  assert.deepEqual(errors, []);
});

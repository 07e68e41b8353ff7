// Control flow in the browser (issue 15): a map over scenes built in the editor by dragging
// nodes into the container, run, its progress on the run page and one item picked; an error
// branch that keeps a run going; a sub-workflow whose step links to the child run and back.
// Needs the full stack (scripts/e2e.sh).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, waitForPath, watchConsole } from "./support.mjs";

const email = `flow-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

let browser;
let page;
let errors;
let token;

const engine = engineClient(() => token);

const createWorkflow = async (name, spec) => (await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name, spec }) })).id;

before(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1600, height: 950 });
  errors = watchConsole(page);
  // Given a signed-up user
  token = await signUp(page, email, password);
});

after(async () => {
  await browser?.close();
});

const inspector = () => page.getByTestId("step-inspector");

async function openEditor(workflowId) {
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("workflow-editor").waitFor({ timeout: 180_000 });
  await page.getByTestId("palette-transform").waitFor();
}

async function save() {
  await page.keyboard.press(process.platform === "darwin" ? "Meta+s" : "Control+s");
  await page.getByText(/Saved · version \d+/).waitFor();
}

/** Clicks a node of the run graph and waits for its inspector. */
async function inspect(label) {
  await page.getByTestId(`run-node-${label}`).click({ position: { x: 40, y: 16 } });
  await inspector().getByRole("heading", { name: label, exact: true }).waitFor();
}

const handle = (nodeId, type, handleId) =>
  page.locator(`.react-flow__handle.${type}[data-nodeid="${nodeId}"]${handleId ? `[data-handleid="${handleId}"]` : ""}`);

/** Drags with the mouse from the middle of one box to a point, in small steps (as a person would). */
async function dragTo(from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 10, { steps: 10 });
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

const centre = (box) => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** Drags a connection from one handle to another. */
async function connect(from, to) {
  await dragTo(centre(await from.boundingBox()), centre(await to.boundingBox()));
}

async function dropFromPalette(type, x, y, id) {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId("canvas"), { targetPosition: { x, y } });
  await page.locator(`[data-testid="node-${id}"]`).waitFor();
}

/** Selects a node on the canvas (a click on its title) and waits for its inspector. */
async function select(id) {
  await page.getByTestId(`node-${id}`).locator(".truncate").first().click();
  await page.getByTestId("node-inspector").waitFor();
}

async function waitForValidation() {
  await page.locator('[data-testid="validation-status"]:not(:has(.animate-spin))').waitFor();
  await page.waitForTimeout(100);
  await page.locator('[data-testid="validation-status"]:not(:has(.animate-spin))').waitFor();
}

test("a map over scenes, built by dragging nodes into it: run, its progress reaches N of N, one item picked", async () => {
  // Given an empty workflow with a list input
  const id = await createWorkflow("Scenes", { schema: "orrery.workflow/v1", inputs: {}, nodes: [], edges: [] });
  await openEditor(id);
  await page.getByRole("button", { name: "Add input" }).click();
  await page.getByLabel("Input 1 name").fill("titles");
  await page.getByLabel("Input 1 type").selectOption("array");

  // When the user drops an input, a transform that makes scenes, a map and an output on the canvas
  await dropFromPalette("input", 150, 80, "input_1");
  await dropFromPalette("transform", 150, 300, "transform_1");
  await dropFromPalette("map", 440, 80, "map_1");
  await dropFromPalette("output", 700, 620, "output_1");
  // And a transform outside the map, which they then drag into it
  await dropFromPalette("transform", 280, 620, "transform_2");
  const body = await page.getByTestId("node-map_1-body").boundingBox();
  const shot = await page.getByTestId("node-transform_2").locator(".truncate").first().boundingBox();
  await dragTo(centre(shot), { x: body.x + 150, y: body.y + body.height / 2 });
  // Then the transform is part of the map's body: drawn inside it
  const inside = await page.getByTestId("node-transform_2").boundingBox();
  const map = await page.getByTestId("node-map_1").boundingBox();
  assert.ok(inside.x >= map.x && inside.y >= map.y && inside.x + inside.width <= map.x + map.width && inside.y + inside.height <= map.y + map.height, "the body node is inside the map");

  // And a connection from outside into the body is refused at once, with the reason
  await connect(handle("transform_1", "source", "out"), handle("transform_2", "target"));
  await page.getByText(/cross the wall of map_1/).waitFor();

  // When they connect input -> script -> map -> output and configure each node
  await connect(handle("input_1", "source", "out"), handle("transform_1", "target"));
  await connect(handle("transform_1", "source", "out"), handle("map_1", "target"));
  await connect(handle("map_1", "source", "out"), handle("output_1", "target"));
  await select("transform_1");
  await page.getByLabel("Template", { exact: true }).fill('{"scenes": {{ inputs.titles | tojson }}}');
  await page.getByLabel("Output format").selectOption("json");
  await select("map_1");
  // (a required field: its label reads "Items*", its accessible name "Items")
  await page.getByRole("combobox", { name: "Items", exact: true }).fill("{{ steps.transform_1.output.scenes }}");
  await page.getByTestId("node-map_1-summary").getByText("for each of steps.transform_1.output.scenes").waitFor();
  await select("transform_2");
  // (the `{{` suggestions inside the body offer the item)
  const template = page.getByLabel("Template", { exact: true });
  await template.fill("Shot of {{ map.");
  await page.getByTestId("reference-suggestions").getByText("map.item", { exact: true }).waitFor();
  await template.fill("Shot of {{ map.item }}");
  await select("output_1");
  await page.getByLabel("Value", { exact: true }).fill("{{ steps.map_1.output.results }}");
  await waitForValidation();
  await save();

  // Then the saved document has the body node inside the map, and no problems
  const saved = await engine(`/api/v1/workflows/${id}`);
  const nodes = Object.fromEntries(saved.spec.nodes.map((n) => [n.id, n]));
  assert.equal(nodes.transform_2.parent, "map_1");
  assert.ok(nodes.map_1.size.width > 0);
  assert.deepEqual(saved.problems, []);
  await screenshot(page, "flow-map-editor");

  // When it runs over three titles
  const run = await engine(`/api/v1/workflows/${id}/runs`, { method: "POST", body: JSON.stringify({ inputs: { titles: ["dawn", "noon", "dusk"] } }) });
  await page.goto(`${BASE_URL}/runs/${run.id}`);
  await page.getByTestId("run-view").waitFor();
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 60_000 });

  // Then the map's progress reads 3 of 3 done
  const progress = page.getByTestId("run-container-map_1-progress");
  await progress.getByText("3 of 3 done").waitFor();
  assert.equal(await progress.getAttribute("data-total"), "3");

  // When the user opens the map and picks item 1
  await inspect("map_1");
  const list = inspector().getByTestId("item-list");
  await list.locator('[data-item-status="succeeded"]').nth(2).waitFor();
  assert.equal(await list.locator('[role="option"]').count(), 3);
  await list.getByTestId("item-1").click();
  // Then the body shows that item's step, and its inspector its output
  await page.getByTestId("run-container-map_1-picked").getByText("showing item 1").waitFor();
  await page.locator('[data-testid="run-node-transform_2"][data-node-status="succeeded"]').waitFor();
  await inspect("transform_2");
  await inspector().getByTestId("step-scope").getByText("item 1 of map_1").waitFor();
  await inspector().getByTestId("step-output").getByText("Shot of noon").waitFor();
  await screenshot(page, "flow-map-run");
  assert.deepEqual(errors, []);
});

test("an error branch: a refused call goes down its error edge and the run succeeds", async () => {
  // Given an http call to an address the engine refuses, and a fallback transform not connected yet
  const id = await createWorkflow("With a fallback", {
    schema: "orrery.workflow/v1",
    inputs: {},
    nodes: [
      { id: "start", type: "input", position: { x: 0, y: 0 } },
      { id: "fetch", type: "http", label: "Fetch", position: { x: 300, y: 0 }, config: { url: "http://127.0.0.1:9/nothing", max_attempts: 1 } },
      { id: "fallback", type: "transform", label: "Fallback", position: { x: 620, y: 220 }, config: { template: "fallback: {{ steps.fetch.output.error.code }}" } },
      { id: "out", type: "output", position: { x: 940, y: 220 }, config: { name: "result", value: "{{ steps.fallback.output }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "fetch" },
      { id: "e2", source: "fallback", target: "out" },
    ],
  });
  // When the user connects the http node's error output to the fallback in the editor
  await openEditor(id);
  await connect(handle("fetch", "source", "error"), handle("fallback", "target"));
  await page.locator('.react-flow__edge.error-edge[data-id="e_fetch_error_fallback"]').waitFor();
  await waitForValidation();
  await save();
  const saved = await engine(`/api/v1/workflows/${id}`);
  assert.deepEqual(
    saved.spec.edges.find((e) => e.source === "fetch"),
    { id: "e_fetch_error_fallback", source: "fetch", target: "fallback", source_handle: "error", target_handle: null },
  );
  assert.deepEqual(saved.problems, []);

  // And runs it
  const run = await engine(`/api/v1/workflows/${id}/runs`, { method: "POST", body: JSON.stringify({ inputs: {} }) });
  await page.goto(`${BASE_URL}/runs/${run.id}`);
  await page.getByTestId("run-view").waitFor();

  // Then the run succeeds through the fallback, and the failed call shows as handled, not as the run's failure
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="run-node-Fetch"][data-node-status="handled"]').waitFor();
  await page.locator('[data-testid="run-node-Fallback"][data-node-status="succeeded"]').waitFor();
  assert.equal(await page.getByRole("alert").filter({ hasText: "failed:" }).count(), 0);
  await inspect("Fetch");
  await inspector().locator('[data-status="handled"]').getByText("Failed, handled").waitFor();
  await inspector().getByTestId("handled-error").waitFor();
  await screenshot(page, "flow-error-branch");
  assert.deepEqual(errors, []);
});

test("a sub-workflow: chosen in the inspector, its step links to the child run, which links back", async () => {
  // Given a child workflow "Research" (topic -> notes) and a parent calling it
  const childId = await createWorkflow("Research", {
    schema: "orrery.workflow/v1",
    inputs: { topic: { type: "string", description: "What to research" } },
    nodes: [
      { id: "start", type: "input", position: { x: 0, y: 0 } },
      { id: "notes", type: "transform", position: { x: 300, y: 0 }, config: { template: "Notes on {{ inputs.topic }}" } },
      { id: "check", type: "approval", position: { x: 600, y: 0 }, config: { message: "Notes OK?", value: "{{ steps.notes.output }}" } },
      { id: "out", type: "output", position: { x: 900, y: 0 }, config: { name: "notes", value: "{{ steps.check.output.value }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "notes" },
      { id: "e2", source: "notes", target: "check" },
      { id: "e3", source: "check", target: "out", source_handle: "approved" },
    ],
  });
  const parentId = await createWorkflow("Video with research", {
    schema: "orrery.workflow/v1",
    inputs: { subject: { type: "string" } },
    nodes: [
      { id: "start", type: "input", position: { x: 0, y: 0 } },
      { id: "research", type: "subworkflow", label: "Research", position: { x: 300, y: 0 }, config: { inputs: {} } },
      { id: "out", type: "output", position: { x: 600, y: 0 }, config: { name: "notes", value: "{{ steps.research.output.notes }}" } },
    ],
    edges: [
      { id: "e1", source: "start", target: "research" },
      { id: "e2", source: "research", target: "out" },
    ],
  });

  // When the user picks the child in the sub-workflow node's inspector and maps its input
  await openEditor(parentId);
  await page.getByTestId("node-research").click();
  const workflowSelect = page.getByTestId("research-workflow");
  await workflowSelect.locator("option", { hasText: "Research" }).waitFor({ state: "attached" });
  // The workflow being edited is not offered (it cannot call itself)
  assert.equal(await workflowSelect.locator("option", { hasText: "Video with research" }).count(), 0);
  await workflowSelect.selectOption({ label: "Research" });
  const topic = page.getByLabel("topic");
  await topic.waitFor();
  await topic.fill("{{ inputs.subject }}");
  assert.equal(await page.getByTestId("research-workflow-link").getAttribute("href"), `/workflows/${childId}/edit`);
  await save();
  const saved = await engine(`/api/v1/workflows/${parentId}`);
  assert.deepEqual(saved.spec.nodes.find((n) => n.id === "research").config, { workflow_id: childId, inputs: { topic: "{{ inputs.subject }}" } });
  assert.deepEqual(saved.problems, []);

  // And runs the parent, whose child waits for a person
  const run = await engine(`/api/v1/workflows/${parentId}/runs`, { method: "POST", body: JSON.stringify({ inputs: { subject: "owls" } }) });
  await page.goto(`${BASE_URL}/runs/${run.id}`);
  await page.getByTestId("run-view").waitFor();

  // Then the child run waits for its approval (a child that failed says why here, not as a timeout)
  let child = null;
  for (let i = 0; i < 240 && child?.status !== "waiting"; i++) {
    const listed = await engine(`/api/v1/runs?parent_run_id=${run.id}`);
    child = listed.items[0] ?? null;
    if (child && ["failed", "cancelled", "succeeded"].includes(child.status)) {
      const detail = await engine(`/api/v1/runs/${child.id}`);
      const parent = await engine(`/api/v1/runs/${run.id}`);
      assert.fail(`the child run ${child.status}: ${JSON.stringify(detail.error)} ${JSON.stringify(detail.steps?.map((s) => [s.node_id, s.status, s.error]))}; parent ${parent.status}: ${JSON.stringify(parent.error)}`);
    }
    if (child?.status !== "waiting") await new Promise((r) => setTimeout(r, 250));
  }
  // and the sub-workflow step shows its child run's status live: waiting, then done
  await inspect("Research");
  await inspector().getByTestId("child-run").locator('[data-status="waiting"]').waitFor({ timeout: 60_000 });
  await page.getByRole("link", { name: "Open Research’s run" }).waitFor();
  const children = await engine(`/api/v1/runs?parent_run_id=${run.id}`);
  assert.equal(children.items.length, 1);
  await engine(`/api/v1/runs/${children.items[0].id}/steps/check/decision`, { method: "POST", body: JSON.stringify({ approved: true }) });
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 60_000 });
  await inspector().getByTestId("step-output").getByText("Notes on owls").waitFor();
  await inspector().getByTestId("child-run").locator('[data-status="succeeded"]').waitFor();

  // And it links to the child run
  const link = inspector().getByTestId("child-run-link");
  const href = await link.getAttribute("href");
  assert.match(href, /^\/runs\/[0-9a-f-]{36}$/);
  await screenshot(page, "flow-subworkflow-parent");
  await link.click();
  await waitForPath(page, href);

  // And the child run's page names its parent run and step, and links back to that step
  await page.getByTestId("run-view").waitFor();
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor();
  assert.equal(new URL(page.url()).pathname, `/runs/${children.items[0].id}`);
  const back = page.getByTestId("parent-run-link");
  await back.getByText("research").waitFor();
  await back.click();
  await waitForPath(page, `/runs/${run.id}`);
  await inspector().getByRole("heading", { name: "Research", exact: true }).waitFor();
  assert.deepEqual(errors, []);
});

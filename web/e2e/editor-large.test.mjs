// A 1,000-node workflow in the editor (issue 21): imported without positions, it is laid out
// and opened at once; only the nodes in view are in the page (virtualised), and a node panned
// into view is drawn and can be selected. Needs the full stack behind the app.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, launchBrowser, screenshot, waitForPath, watchConsole } from "./support.mjs";

let browser;
let page;
let errors;

/** The most node elements a 1600 x 900 window may hold at once (about 40 are in view). */
const BOUND = 200;

before(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(60_000);
  await page.setViewportSize({ width: 1600, height: 900 });
  errors = watchConsole(page);
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(`large-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel("Password").fill(`pw-${randomUUID()}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
});

after(async () => {
  await browser?.close();
});

/** input -> 998 steps in columns of 8, each fed by the step beside it in the column before -> output; no positions. */
function largeSpec() {
  const nodes = [{ id: "start", type: "input", type_version: 1, position: { x: 0, y: 0 }, config: {} }];
  const edges = [];
  for (let i = 1; i <= 998; i++) {
    const type = i % 2 ? "transform" : "agent";
    const config = type === "agent" ? { provider: "demo", model: "demo", prompt: "Step {{ inputs.topic }}" } : { mode: "template", template: "{{ inputs.topic }}" };
    nodes.push({ id: `n_${i}`, type, type_version: 1, position: { x: 0, y: 0 }, config });
    const source = i <= 8 ? "start" : `n_${i - 8}`;
    edges.push({ id: `e${i}`, source, target: `n_${i}`, source_handle: null, target_handle: null });
  }
  nodes.push({ id: "finish", type: "output", type_version: 1, position: { x: 0, y: 0 }, config: { value: "{{ steps.n_998.output }}" } });
  edges.push({ id: "e_end", source: "n_998", target: "finish", source_handle: null, target_handle: null });
  return { schema: "orrery.workflow/v1", inputs: { topic: { type: "string", required: true } }, nodes, edges };
}

async function createWorkflow(spec) {
  return page.evaluate(async (spec) => {
    const r = await fetch("/api/trpc/workflows.create", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Large", spec }) });
    const body = await r.json();
    if (body.error) throw new Error(JSON.stringify(body.error));
    return body.result.data;
  }, spec);
}

const nodesInPage = () => page.locator(".react-flow__node").count();

test("a 1,000-node workflow opens laid out, draws only what is in view, and a node panned into view can be selected", async () => {
  // Given a 1,000-node workflow saved without positions
  const workflow = await createWorkflow(largeSpec());

  // When the user opens it in the editor
  await page.goto(`${BASE_URL}/workflows/${workflow.id}/edit`);
  await page.locator('[data-testid="canvas"]:not([data-layout="0"])').waitFor();

  // Then it is laid out and shown, virtualised: a bounded number of node elements in the page
  const canvas = page.getByTestId("canvas");
  assert.equal(await canvas.getAttribute("data-virtualized"), "true");
  assert.equal(await page.getByTestId("canvas-laying-out").count(), 0);
  const opened = await nodesInPage();
  assert.ok(opened > 0 && opened <= BOUND, `${opened} node elements in the page`);
  await page.getByTestId("node-start").waitFor();
  // (a node far to the right is not drawn yet)
  assert.equal(await page.getByTestId("node-n_400").count(), 0);
  await screenshot(page, "editor-large-opened");

  // When the user drags the canvas to the left until a node fifty columns along comes into view
  const pane = await page.locator(".react-flow__pane").boundingBox();
  const y = pane.y + 24; // above the graph (and clear of the minimap and the controls)
  for (let i = 0; i < 40 && !(await page.getByTestId("node-n_400").isVisible()); i++) {
    await page.mouse.move(pane.x + pane.width - 80, y);
    await page.mouse.down();
    await page.mouse.move(pane.x + 80, y, { steps: 4 });
    await page.mouse.up();
  }

  // Then it is drawn (and the nodes left behind are not: the count stays bounded)
  const target = page.getByTestId("node-n_400");
  await target.waitFor();
  const panned = await nodesInPage();
  assert.ok(panned <= BOUND, `${panned} node elements in the page after panning`);
  assert.equal(await page.getByTestId("node-start").count(), 0);

  // And clicking it selects it: the inspector shows it
  await target.click();
  assert.equal(await target.getAttribute("data-selected"), "true");
  const idField = page.getByTestId("node-inspector").getByLabel("ID", { exact: true });
  await idField.waitFor();
  assert.equal(await idField.inputValue(), "n_400");
  await screenshot(page, "editor-large-selected");
  assert.deepEqual(errors, []);
});

test("the minimap draws the whole 1,000-node graph and a click on it takes the view there", async () => {
  // Given a 1,000-node workflow open in the editor, showing its start
  const workflow = await createWorkflow(largeSpec());
  await page.goto(`${BASE_URL}/workflows/${workflow.id}/edit`);
  await page.locator('[data-testid="canvas"]:not([data-layout="0"])').waitFor();
  await page.getByTestId("node-start").waitFor();

  // Then the minimap has drawn every node, though only those in view are in the page
  const minimap = page.getByTestId("minimap").locator("canvas");
  await page.waitForFunction(() => document.querySelector('[data-testid="minimap"] canvas')?.dataset.nodes === "1000");
  assert.ok((await nodesInPage()) <= BOUND);

  // When the user clicks the far (right) end of the graph on the minimap
  const box = await minimap.boundingBox();
  await page.mouse.click(box.x + box.width - 8, box.y + box.height / 2);

  // Then the view moves there: the workflow's end is drawn and its start is not
  await page.getByTestId("node-finish").waitFor();
  assert.equal(await page.getByTestId("node-start").count(), 0);
  await screenshot(page, "editor-large-minimap");
  assert.deepEqual(errors, []);

  // And when the editor's window moves to a denser screen (or the browser zooms), the minimap is
  // drawn again at that screen's pixel density, not blurred (a page of its own: Playwright's
  // viewport emulation on the first page swallows the change events a real browser sends)
  const dense = await page.context().newPage();
  try {
    await dense.goto(`${BASE_URL}/workflows/${workflow.id}/edit`);
    await dense.waitForFunction(() => document.querySelector('[data-testid="minimap"] canvas')?.dataset.nodes === "1000");
    assert.equal(await dense.evaluate(() => document.querySelector('[data-testid="minimap"] canvas').width), 168);
    const cdp = await page.context().newCDPSession(dense);
    await cdp.send("Emulation.setDeviceMetricsOverride", { width: 1600, height: 900, deviceScaleFactor: 2, mobile: false });
    await dense.waitForFunction(() => document.querySelector('[data-testid="minimap"] canvas')?.width === 2 * 168);
  } finally {
    await dense.close();
  }
});

// The workflow editor, end to end: build input -> agent -> router -> output by dragging
// from the palette and connecting handles, configure it, hit validation, save, reload,
// undo/redo, copy/paste. Needs the full stack (engine + its Auth stand-in) behind the app.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, launchBrowser, screenshot, waitForPath, watchConsole } from "./support.mjs";

let browser;
let page;
let errors;
let workflowId;

before(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  await page.setViewportSize({ width: 1600, height: 900 });
  errors = watchConsole(page);
  // Given a new user with an empty workflow
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(`editor-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel("Password").fill(`pw-${randomUUID()}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  const created = await trpc("workflows.create", {
    name: "Editor e2e",
    spec: { schema: "orrery.workflow/v1", inputs: {}, nodes: [], edges: [] },
  });
  workflowId = created.id;
});

after(async () => {
  await browser?.close();
});

/** A tRPC call from the signed-in page (same cookies as the app). */
async function trpc(path, input, kind = "mutation") {
  return page.evaluate(
    async ({ path, input, kind }) => {
      const url = kind === "query" ? `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `/api/trpc/${path}`;
      const response = await fetch(url, kind === "query" ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      const body = await response.json();
      if (body.error) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { path, input, kind },
  );
}

const savedSpec = async () => (await trpc("workflows.get", { id: workflowId }, "query")).spec;

/** What the canvas shows: node ids with their labels, and edges as "source:handle->target". */
/** Wait (up to 10 s) until the canvas shows `expected`: a restored node's edges are drawn a frame
 * or more after the node, later still on a busy machine. Fails with the last state seen. */
async function expectCanvas(expected, message) {
  const deadline = Date.now() + 10_000;
  let seen = await canvasState();
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(50);
    seen = await canvasState();
  }
  assert.deepEqual(seen, expected, message);
}

async function canvasState() {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll(".react-flow__node")]
      .map((n) => `${n.getAttribute("data-id")}=${n.querySelector(".orrery-node .truncate")?.textContent ?? ""}`)
      .sort();
    const edges = [...document.querySelectorAll(".react-flow__edge")].map((e) => e.getAttribute("data-id")).sort();
    return { nodes, edges };
  });
}

const handle = (nodeId, type, handleId) =>
  page.locator(`.react-flow__handle.${type}[data-nodeid="${nodeId}"]${handleId ? `[data-handleid="${handleId}"]` : ':not([data-handleid="error"])'}`);

/** Drags a connection from one handle to another with the mouse, in small steps. */
async function connect(from, to) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 20, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function dropFromPalette(type, x, y) {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId("canvas"), { targetPosition: { x, y } });
  await page.locator(`[data-testid="node-${type}_1"]`).waitFor();
}

async function waitForValidation() {
  await page.locator('[data-testid="validation-status"]:not(:has(.animate-spin))').waitFor();
  await page.waitForTimeout(100);
  await page.locator('[data-testid="validation-status"]:not(:has(.animate-spin))').waitFor();
}

/** A point of the canvas with no node or edge under it, near the bottom of the view. */
async function emptyPoint() {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane").getBoundingClientRect();
    for (let y = pane.bottom - 150; y > pane.top + 60; y -= 30) {
      for (let x = pane.left + pane.width / 2; x < pane.right - 200; x += 40) {
        if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane")) return { x, y };
      }
    }
    throw new Error("no empty spot on the canvas");
  });
}

const edgeCount = () => page.locator(".react-flow__edge").count();
const mod = process.platform === "darwin" ? "Meta" : "Control";

test("build input -> agent -> router -> output, validate, save and reload the same graph", async () => {
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("workflow-editor").waitFor({ timeout: 180_000 });
  await page.getByTestId("palette-agent").waitFor();

  // When the user declares a run input `topic`
  await page.getByRole("button", { name: "Add input" }).click();
  await page.getByLabel("Input 1 description").fill("What to write about");

  // And drags four nodes from the palette onto the canvas
  await dropFromPalette("input", 150, 200);
  await dropFromPalette("agent", 450, 200);
  await dropFromPalette("router", 750, 200);
  await dropFromPalette("output", 750, 420);
  assert.equal(await page.locator(".react-flow__node").count(), 4);

  // The router gets a route: it shows one output handle per route (plus else)
  await page.getByTestId("node-router_1").click();
  await page.getByRole("button", { name: "Add route" }).click();
  await handle("router_1", "source", "route_1").waitFor();
  assert.equal(await page.locator('.react-flow__handle.source[data-nodeid="router_1"]:not([data-handleid="error"])').count(), 2);

  // And connects the handles
  await connect(handle("input_1", "source"), handle("agent_1", "target"));
  await connect(handle("agent_1", "source"), handle("router_1", "target"));
  await connect(handle("router_1", "source", "route_1"), handle("output_1", "target"));
  assert.equal(await edgeCount(), 3);
  await page.getByTestId("auto-layout").click();
  await page.locator('[data-testid="canvas"]:not([data-layout="0"])').waitFor();
  // (laid out by ELK in its Web Worker: the page stays responsive meanwhile)
  assert.equal(await page.getByTestId("canvas").getAttribute("data-layout-thread"), "worker");
  await screenshot(page, "editor-built");

  // A cycle is refused at once, with the reason
  await connect(handle("router_1", "source", "else"), handle("agent_1", "target"));
  const notice = page.getByTestId("editor-notice");
  await notice.waitFor();
  assert.match(await notice.innerText(), /cycle/i);
  assert.equal(await edgeCount(), 3);
  await screenshot(page, "editor-cycle-refused");

  // The agent's prompt, with `{{` offering the input and upstream outputs only
  await page.getByTestId("node-agent_1").click();
  const prompt = page.getByRole("combobox", { name: "Prompt" });
  await prompt.fill("");
  await prompt.pressSequentially("Write a short piece about {{ ");
  const suggestions = page.getByTestId("reference-suggestions");
  await suggestions.waitFor();
  const offered = await suggestions.locator('[role="option"] span.font-mono').allInnerTexts();
  assert.ok(offered.includes("inputs.topic"), offered.join(", "));
  assert.ok(offered.includes("steps.input_1.output"), offered.join(", "));
  assert.ok(!offered.some((s) => s.includes("router_1") || s.includes("output_1")), `not upstream: ${offered.join(", ")}`);
  await prompt.press("Enter");
  assert.equal(await prompt.inputValue(), "Write a short piece about {{ inputs.topic }}");

  // And a two-field output schema
  const schemaEditor = page.getByTestId("output-schema-editor");
  await schemaEditor.getByRole("button", { name: "Add field" }).click();
  await schemaEditor.getByRole("button", { name: "Add field" }).click();
  await page.getByLabel("Field 1 name").fill("title");
  await page.getByLabel("Field 1 description").fill("A catchy title");
  await page.getByLabel("Field 2 name").fill("score");
  await page.getByLabel("Field 2 type").selectOption("number");
  await page.getByLabel("Field 2 required").uncheck();
  await page.getByTestId("node-agent_1-summary").filter({ hasText: "2 fields" }).waitFor();

  // A missing required field is flagged on the node, then fixed
  await prompt.fill("");
  await page.getByTestId("node-agent_1-problems").waitFor();
  await page.getByTestId("node-inspector").getByTestId("field-errors").first().waitFor();
  await screenshot(page, "editor-missing-prompt");
  await prompt.fill("Write a short piece about {{ inputs.topic }}");
  await page.getByTestId("node-agent_1-problems").waitFor({ state: "detached" });
  await waitForValidation();
  assert.match(await page.getByTestId("validation-status").innerText(), /Valid/);

  // When the user saves (Ctrl/Cmd+S)
  await page.getByTestId("dirty-dot").waitFor();
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+s`);
  await page.getByTestId("editor-version").filter({ hasText: "v2" }).waitFor();
  await page.getByTestId("dirty-dot").waitFor({ state: "detached" });
  const spec = await savedSpec();
  assert.deepEqual(Object.keys(spec.inputs), ["topic"]);
  assert.equal(spec.nodes.length, 4);
  assert.deepEqual(
    spec.edges.map((e) => `${e.source}:${e.source_handle ?? ""}->${e.target}`).sort(),
    ["agent_1:->router_1", "input_1:->agent_1", "router_1:route_1->output_1"],
  );
  const agent = spec.nodes.find((n) => n.id === "agent_1");
  assert.equal(agent.config.prompt, "Write a short piece about {{ inputs.topic }}");
  assert.deepEqual(agent.config.output_schema, {
    type: "object",
    properties: { title: { type: "string", description: "A catchy title" }, score: { type: "number" } },
    required: ["title"],
  });
  const before = await canvasState();
  await screenshot(page, "editor-saved");

  // Then a reload shows exactly the same graph, and saving it again makes no new version
  await page.reload();
  await page.locator('[data-testid="node-agent_1"]').waitFor();
  await page.waitForTimeout(300);
  assert.deepEqual(await canvasState(), before);
  assert.deepEqual(await savedSpec(), spec);
  await page.keyboard.press(`${mod}+s`);
  await page.getByTestId("editor-notice").filter({ hasText: "Saved" }).waitFor();
  assert.equal(await page.getByTestId("editor-version").innerText(), "v2");
  assert.deepEqual(await savedSpec(), spec);
});

test("undo and redo restore each step", async () => {
  const states = [await canvasState()];
  // Step 1: add a node with the keyboard from the palette (Enter)
  await page.getByTestId("palette-transform").focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("node-transform_1").waitFor();
  states.push(await canvasState());
  // Step 2: connect it
  await connect(handle("agent_1", "source"), handle("transform_1", "target"));
  await page.waitForFunction((n) => document.querySelectorAll(".react-flow__edge").length === n, states[1].edges.length + 1);
  states.push(await canvasState());
  // Step 3: rename its label
  await page.getByTestId("node-transform_1").click();
  await page.getByLabel("Label").fill("Formatter");
  await page.getByTestId("node-transform_1").filter({ hasText: "Formatter" }).waitFor();
  states.push(await canvasState());
  // Step 4: delete the router (and its edges) with the Delete key
  await page.getByTestId("node-router_1").click();
  await page.keyboard.press("Delete");
  await page.getByTestId("node-router_1").waitFor({ state: "detached" });
  states.push(await canvasState());
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });

  for (let i = states.length - 2; i >= 0; i--) {
    await page.keyboard.press(`${mod}+z`);
    await expectCanvas(states[i], `undo to step ${i}`);
  }
  for (let i = 1; i < states.length; i++) {
    await page.keyboard.press(`${mod}+Shift+z`);
    await expectCanvas(states[i], `redo to step ${i}`);
  }
  // Ctrl+Y redoes too; the toolbar buttons work
  await page.getByTestId("undo").click();
  await expectCanvas(states[3]);
  await page.keyboard.press(`${mod}+y`);
  await expectCanvas(states[4]);
});

test("copy and paste of two connected nodes keeps their edge", async () => {
  await page.getByTestId("node-input_1").click();
  await page.getByTestId("node-agent_1").click({ modifiers: ["Shift"] });
  await page.getByTestId("inspector").getByText("2 nodes selected").waitFor();
  await page.keyboard.press(`${mod}+c`);
  await page.mouse.move(500, 600);
  await page.keyboard.press(`${mod}+v`);
  await page.getByTestId("node-input_2").waitFor();
  await page.getByTestId("node-agent_2").waitFor();
  const { edges } = await canvasState();
  assert.ok(edges.includes("e_input_2_agent_2"), edges.join(", "));
  // Duplicate (Ctrl/Cmd+D) of the pasted pair remaps again
  await page.keyboard.press(`${mod}+d`);
  await page.getByTestId("node-agent_3").waitFor();
  assert.ok((await canvasState()).edges.includes("e_input_3_agent_3"));
  const laidOut = await page.getByTestId("canvas").getAttribute("data-layout");
  await page.getByTestId("auto-layout").click();
  await page.locator(`[data-testid="canvas"]:not([data-layout="${laidOut}"])`).waitFor();
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await screenshot(page, "editor-pasted");
});

test("dropping a connection on empty canvas adds a connected node", async () => {
  const edges = await edgeCount();
  const from = await handle("agent_1", "source").boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  const to = await emptyPoint();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
  const picker = page.getByTestId("connection-picker");
  await picker.waitFor();
  await picker.getByRole("textbox").fill("http");
  await page.keyboard.press("Enter");
  await page.getByTestId("node-http_1").waitFor();
  assert.equal(await edgeCount(), edges + 1);
  assert.ok((await canvasState()).edges.includes("e_agent_1_http_1"));
});

test("leaving with unsaved changes asks first; a stale save shows the conflict", async () => {
  // Leaving asks first
  await page.getByRole("link", { name: "Workflows" }).first().click();
  const leave = page.getByTestId("leave-dialog");
  await leave.getByRole("button", { name: "Stay" }).click();
  assert.match(new URL(page.url()).pathname, /\/edit$/);

  // Someone else saves meanwhile
  const current = await trpc("workflows.get", { id: workflowId }, "query");
  const theirs = structuredClone(current.spec);
  theirs.nodes.find((n) => n.id === "agent_1").label = "Their writer";
  await trpc("workflows.update", { id: workflowId, spec: theirs, basedOnVersion: current.current_version });

  // Then saving shows the conflict; keeping mine saves on top of theirs
  await page.keyboard.press(`${mod}+s`);
  const conflict = page.getByTestId("conflict-dialog");
  await conflict.getByText("Someone else saved this workflow").waitFor();
  await screenshot(page, "editor-conflict");
  await conflict.getByRole("button", { name: "Keep mine and overwrite" }).click();
  await page.getByTestId("editor-version").filter({ hasText: `v${current.current_version + 2}` }).waitFor();
  const saved = await savedSpec();
  assert.ok(saved.nodes.some((n) => n.id === "agent_3"));
  assert.equal(saved.nodes.find((n) => n.id === "agent_1").label ?? null, null);
});

test("dark theme is legible", async () => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByTestId("node-agent_1").click();
  await page.waitForTimeout(300);
  await screenshot(page, "editor-dark");
  await page.emulateMedia({ colorScheme: "light" });
  assert.deepEqual(errors, []);
});

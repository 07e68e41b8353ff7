// The code node, end to end: add it in the editor, write JavaScript that reads an upstream
// value and logs, run the workflow, see the output and the log in the step inspector; then
// break the code and see the syntax error flagged on its line. Needs the full stack.
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
  // Given a new user with a workflow of an input (topic) and an output that returns the code's result
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(`code-${randomUUID().slice(0, 8)}@example.com`);
  await page.getByLabel("Password").fill(`pw-${randomUUID()}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForPath(page, "/workflows");
  const created = await trpc("workflows.create", {
    name: "Code e2e",
    spec: {
      schema: "orrery.workflow/v1",
      inputs: { topic: { type: "string" } },
      nodes: [
        { id: "input_1", type: "input", label: "Start", position: { x: 0, y: 0 }, config: {} },
        { id: "output_1", type: "output", label: "Result", position: { x: 600, y: 0 }, config: { name: "result", value: "{{ steps.code_1.output }}" } },
      ],
      edges: [],
    },
  });
  workflowId = created.id;
});

after(async () => {
  await browser?.close();
});

async function trpc(path, input) {
  return page.evaluate(
    async ({ path, input }) => {
      const response = await fetch(`/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      const body = await response.json();
      if (body.error) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { path, input },
  );
}

/** A node's input or (main) output handle; not its `error` output. */
const handle = (nodeId, type) => page.locator(`.react-flow__handle.${type}[data-nodeid="${nodeId}"]:not([data-handleid="error"])`);

async function connect(from, to) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 20, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function waitForValidation() {
  await page.locator('[data-testid="validation-status"]:not(:has(.animate-spin))').waitFor();
  await page.waitForTimeout(100);
  await page.locator('[data-testid="validation-status"]:not(:has(.animate-spin))').waitFor();
}

/** Replaces the code editor's text the way a user pastes (no auto-closed brackets). */
async function setCode(text) {
  const editor = page.getByTestId("code-editor").locator(".cm-content");
  await editor.click();
  await page.keyboard.press(process.platform === "darwin" ? "Meta+a" : "Control+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

const mod = process.platform === "darwin" ? "Meta" : "Control";

test("write code that reads upstream data and logs, run it, see output and log; break it, see the line flagged", async () => {
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("workflow-editor").waitFor({ timeout: 180_000 });

  // When the user drags a Code node between the input and the output
  await page.getByTestId("palette-code").dragTo(page.getByTestId("canvas"), { targetPosition: { x: 500, y: 420 } });
  await page.locator('[data-testid="node-code_1"]').waitFor();
  await connect(handle("input_1", "source"), handle("code_1", "target"));
  await connect(handle("code_1", "source"), handle("output_1", "target"));
  assert.equal(await page.locator(".react-flow__edge").count(), 2);

  // And writes code that uses the run's topic, via the input step, and logs
  await page.getByTestId("node-code_1").click();
  await page.getByTestId("code-editor").locator(".cm-content").waitFor();
  assert.ok(await page.getByTestId("code-editor").locator(".cm-lineNumbers").isVisible(), "line numbers are shown");
  await setCode('const topic = input.inputs.topic;\nconsole.log("shaping", topic);\nreturn { title: topic.toUpperCase(), length: topic.length };');
  await page.getByTestId("code-editor").locator(".cm-line").nth(2).waitFor();
  // (the editor highlights JavaScript: keywords get their own token spans)
  assert.ok((await page.getByTestId("code-editor").locator(".cm-line span").count()) > 3, "highlighted tokens");
  await waitForValidation();
  assert.match(await page.getByTestId("validation-status").innerText(), /Valid/);
  await screenshot(page, "code-editor");

  // And saves
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+s`);
  await page.getByTestId("dirty-dot").waitFor({ state: "detached" });

  // When the user runs it with a topic
  await page.goto(`${BASE_URL}/workflows/${workflowId}/runs`);
  await page.getByRole("button", { name: "Run workflow" }).click();
  const dialog = page.getByRole("dialog", { name: /Run/ });
  await dialog.getByLabel(/topic/).fill("tide pools");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);

  // Then the code step succeeds, and its inspector shows the output and the console line
  const codeNode = page.locator('[data-testid="run-node-code_1"][data-node-status="succeeded"]');
  await codeNode.waitFor({ state: "attached", timeout: 60_000 });
  await page.getByTestId("run-node-code_1").dispatchEvent("click");
  const inspector = page.getByTestId("step-inspector");
  await inspector.getByRole("heading", { name: "code_1", exact: true }).waitFor();
  const output = await inspector.getByTestId("step-output").innerText();
  assert.match(output, /TIDE POOLS/);
  assert.match(output, /10/);
  await inspector.getByText("shaping tide pools").waitFor();
  await screenshot(page, "code-run-inspector");

  // When the user breaks the second line of the code
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("workflow-editor").waitFor({ timeout: 180_000 });
  await page.getByTestId("node-code_1").click();
  await page.getByTestId("code-editor").locator(".cm-content").waitFor();
  await setCode('const topic = input.inputs.topic;\nconsole.log("shaping", topic;\nreturn topic;');
  await waitForValidation();

  // Then the field says what is wrong and where, and the editor marks that line
  const fieldErrors = page.getByTestId("node-inspector").getByTestId("field-errors");
  await fieldErrors.filter({ hasText: "at line 2" }).waitFor();
  assert.match(await fieldErrors.innerText(), /SyntaxError: .* at line 2/);
  const marked = page.getByTestId("code-editor").locator(".cm-line").nth(1).locator(".cm-lintRange-error");
  await marked.first().waitFor();
  assert.equal(await page.getByTestId("code-editor").locator(".cm-lint-marker-error").count(), 1);
  await page.getByTestId("node-code_1-problems").waitFor();
  await screenshot(page, "code-syntax-error");

  assert.deepEqual(errors, []);
});

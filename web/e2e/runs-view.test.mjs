import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, watchConsole } from "./support.mjs";

// The run page shows what happened before it was opened, and opens graphs readable.
//
// A workflow input -> agent (the offline demo model, with the `current_time` tool) -> approval
// -> output. Runs are started and decided through the engine's API (E2E_ENGINE_URL, set by
// scripts/e2e.sh) with the test user's token, so everything the agent logged is committed
// before the browser opens the page: the page has to show it from its snapshot, not from
// events it watched arrive.

const email = `runs-view-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;
/** The readable zoom floor both graphs open at (web/src/features/runs/graph/viewport.ts). */
const READABLE_ZOOM = 0.7;

const SPEC = {
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string" } },
  nodes: [
    { id: "start", type: "input", label: "Start", position: { x: 0, y: 0 } },
    {
      id: "writer",
      type: "agent",
      label: "Writer",
      position: { x: 280, y: 0 },
      config: { provider: "demo", model: "demo", prompt: "Write a title about {{ inputs.topic }}", tools: ["current_time"] },
    },
    { id: "review", type: "approval", label: "Review", position: { x: 560, y: 0 }, config: { message: "Good title?", value: "{{ steps.writer.output }}" } },
    { id: "publish", type: "output", label: "Publish", position: { x: 840, y: 0 }, config: { name: "title", value: "{{ steps.review.output.value }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "writer" },
    { id: "e2", source: "writer", target: "review" },
    { id: "e3", source: "review", target: "publish", source_handle: "approved" },
  ],
};

let browser;
let token;
let workflowId;

const engine = engineClient(() => token);

/** Polls the engine until the run is in `status` (the engine's own view, not the page's). */
async function runReaches(runId, status) {
  for (let i = 0; i < 600; i++) {
    const run = await engine(`/api/v1/runs/${runId}`);
    if (run.status === status) return run;
    assert.ok(!["failed", "cancelled"].includes(run.status) || status === run.status, `run ended ${run.status}: ${JSON.stringify(run.error)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} never reached ${status}`);
}

async function startRun(topic, id = workflowId) {
  const run = await engine(`/api/v1/workflows/${id}/runs`, { method: "POST", body: JSON.stringify({ inputs: { topic } }) });
  return run.id;
}

before(async () => {
  browser = await launchBrowser();
  // Given a signed-up user with the workflow
  const page = await browser.context.newPage();
  token = await signUp(page, email, password);
  await page.close();
  workflowId = (await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Titles with a clock", spec: SPEC }) })).id;
});

after(async () => {
  await browser?.close();
});

const inspectorOf = (page) => page.getByTestId("step-inspector");

/** Clicks a node of the run graph and waits for its inspector. */
async function inspect(page, label) {
  await page.getByTestId(`run-node-${label}`).click();
  await inspectorOf(page).getByRole("heading", { name: label, exact: true }).waitFor();
}

/** The agent's log lines as the inspector lists them: its tool call and result, and its usage line. */
async function assertAgentLogs(page) {
  const logs = inspectorOf(page).getByTestId("step-logs");
  await logs.waitFor();
  await logs.locator('li[data-tool="current_time"]', { hasText: "Tool call: current_time" }).waitFor();
  await logs.locator('li[data-tool="current_time"]', { hasText: "Tool result: current_time" }).waitFor();
  await logs.locator("li", { hasText: /`demo`: \d+ tokens in/ }).waitFor();
  await inspectorOf(page).getByRole("heading", { name: /Logs and tool calls \(\d+\)/ }).waitFor();
}

/** True when the element's box lies wholly inside the container's box. */
async function inside(element, container) {
  const a = await element.boundingBox();
  const b = await container.boundingBox();
  return Boolean(a && b) && a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}

/** The React Flow viewport's scale once it has stopped moving (the open fit, a follow). */
async function settledZoom(page, scope) {
  await page.locator(`${scope} .react-flow__node`).first().waitFor();
  return page.evaluate(async (scope) => {
    const read = () => {
      const transform = document.querySelector(`${scope} .react-flow__viewport`)?.style.transform ?? "";
      const match = /scale\(([\d.]+)\)/.exec(transform);
      return { transform, scale: match ? Number(match[1]) : NaN };
    };
    let last = read();
    let stableSince = performance.now();
    while (performance.now() - stableSince < 600) {
      await new Promise((r) => setTimeout(r, 50));
      const now = read();
      if (now.transform !== last.transform) stableSince = performance.now();
      last = now;
    }
    return last.scale;
  }, scope);
}

test("a finished run: the agent step's logs and tool calls, and the approval's audit, in the inspector", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given a run that finished before anyone opened it: the agent called its tool, the reviewer approved
  const runId = await startRun("owls");
  await runReaches(runId, "waiting");
  await engine(`/api/v1/runs/${runId}/steps/review/decision`, { method: "POST", body: JSON.stringify({ approved: true, comment: "Good enough" }) });
  await runReaches(runId, "succeeded");

  // When the user opens it
  await page.goto(`${BASE_URL}/runs/${runId}`);
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor();

  // Then the agent step shows every log line and tool call, its input and its usage
  await inspect(page, "Writer");
  await assertAgentLogs(page);
  await inspectorOf(page).getByTestId("step-input").getByText(/owls/).filter({ visible: true }).first().waitFor(); // its input: the run's topic
  await inspectorOf(page).locator("dd", { hasText: /^demo/ }).waitFor();
  await screenshot(page, "runs-view-finished-agent-logs");

  // and the approval shows who decided, with the comment
  await inspect(page, "Review");
  await inspectorOf(page).getByText("Approved", { exact: true }).waitFor();
  await inspectorOf(page).getByText(/by you/).waitFor();
  await inspectorOf(page).locator("blockquote", { hasText: "Good enough" }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a run opened mid-way: logs from before the page opened, then the rest live", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given a run waiting at its approval, its agent step done (logs committed) before the page opens
  const runId = await startRun("bats");
  const waiting = await runReaches(runId, "waiting");

  // When the user opens it
  await page.goto(`${BASE_URL}/runs/${runId}`);
  await page.getByTestId("live-indicator").and(page.locator('[data-connection="pending"]')).waitFor();
  const snapshotSeq = Number(await page.getByTestId("run-view").getAttribute("data-snapshot-seq"));
  assert.ok(snapshotSeq >= waiting.last_event_seq, `the page opened from a snapshot at seq ${snapshotSeq}`);

  // Then the agent step's logs and tool calls are there, though no event brought them to this page
  await inspect(page, "Writer");
  await assertAgentLogs(page);
  assert.equal(Number(await page.getByTestId("run-view").getAttribute("data-received")), 0, "nothing came from the stream yet");
  await screenshot(page, "runs-view-midway-agent-logs");

  // When the reviewer approves from the page
  await inspect(page, "Review");
  await inspectorOf(page).getByRole("button", { name: "Approve" }).click();

  // Then the rest arrives live: the output runs and the run succeeds, the audit shown
  await page.locator('[data-testid="run-node-Publish"][data-node-status="succeeded"]').waitFor();
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor();
  await inspectorOf(page).getByText("Approved", { exact: true }).waitFor();
  await inspect(page, "Writer");
  await assertAgentLogs(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test("an 8-node template opens readable: in the editor and on its run page", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given the YouTube template (8 nodes in a row, ~2,200 px wide) as a workflow of the user's
  const wf = await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ template: "youtube-video" }) });
  const first = wf.spec.nodes.find((n) => n.type === "input");

  // When it opens in the editor
  await page.goto(`${BASE_URL}/workflows/${wf.id}/edit`);
  await page.getByTestId("workflow-editor").waitFor({ timeout: 60_000 });
  const editorZoom = await settledZoom(page, '[data-testid="canvas"]');
  await screenshot(page, "runs-view-editor-template-zoom");
  // Then its labels are readable, and it starts where the workflow starts
  assert.ok(editorZoom >= READABLE_ZOOM, `the editor opened at zoom ${editorZoom}`);
  assert.ok(await inside(page.locator(`[data-testid="canvas"] .react-flow__node[data-id="${first.id}"]`), page.getByTestId("canvas")), "the input node is on screen");

  // When a run of it, waiting at its review (the 7th of 8 nodes), opens
  const runId = await startRun("How owls see at night", wf.id);
  await runReaches(runId, "waiting");
  await page.goto(`${BASE_URL}/runs/${runId}`);
  const runZoom = await settledZoom(page, '[data-testid="run-graph"]');
  await screenshot(page, "runs-view-run-template-zoom");
  // Then the run graph is readable too, and fills its panel: no empty band above the graph
  assert.ok(runZoom >= READABLE_ZOOM, `the run page opened at zoom ${runZoom}`);
  const graph = await page.getByTestId("run-graph").boundingBox();
  const viewport = page.viewportSize();
  assert.ok(graph.x <= 1, `the graph panel starts at the window's left edge (x = ${graph.x})`);
  assert.ok(graph.y + graph.height >= viewport.height - 1, "the graph panel reaches the bottom of the window");
  assert.ok(graph.height >= viewport.height / 2, `the graph panel is ${graph.height} px high in a ${viewport.height} px window`);
  // and the step the run is at is on screen, beside its inspector
  const review = wf.spec.nodes.find((n) => n.type === "approval");
  assert.ok(await inside(page.getByTestId(`run-node-${review.label}`), page.getByTestId("run-graph")), "the waiting step is on screen");
  assert.deepEqual(errors, []);
  await page.close();
});

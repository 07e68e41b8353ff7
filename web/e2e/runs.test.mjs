import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, waitForPath, watchConsole } from "./support.mjs";

// Runs, end to end: the start-run dialog, the live visualizer, approvals, failure and retry.
//
// The first test runs the YouTube template on the offline demo model (agents stream text and
// take real time, so nodes are seen changing state live). The others use a small offline
// workflow: input -> transform -> approval -> output. Workflows are created through the
// engine's API (E2E_ENGINE_URL, set by scripts/e2e.sh) with the test user's token.
//
// The failure: the reviewer *rejects* the approval step. The node has no `rejected` handle,
// so the engine fails the step (ApprovalRejected) and the run fails at that node. Retrying
// from the visualizer re-runs that node on the run's pinned version: it waits again, the
// reviewer approves, and the run succeeds. A real failure, then a real success, with no
// network, mock or new version needed (an input-caused failure would fail again on retry,
// and an http node cannot reach anything offline).

const email = `runs-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

const SPEC = {
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string", description: "What the video is about" } },
  nodes: [
    { id: "start", type: "input", label: "Start", position: { x: 0, y: 0 } },
    { id: "draft", type: "transform", label: "Draft title", position: { x: 300, y: 0 }, config: { mode: "template", template: "A short film about {{ inputs.topic }}" } },
    { id: "review", type: "approval", label: "Review title", position: { x: 600, y: 0 }, config: { message: "Is this title good?", value: "{{ steps.draft.output }}", allow_edit: true } },
    { id: "publish", type: "output", label: "Publish", position: { x: 900, y: 0 }, config: { name: "title", value: "{{ steps.review.output.value }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "draft" },
    { id: "e2", source: "draft", target: "review" },
    { id: "e3", source: "review", target: "publish", source_handle: "approved" },
  ],
};
const ORDER = ["Start", "Draft title", "Review title", "Publish"];
/** The order a node's states may take (a retry may start over). */
const LIFECYCLE = ["pending", "queued", "running", "waiting", "succeeded", "failed", "skipped", "cancelled"];

let browser;
let token;
let workflowId;

before(async () => {
  browser = await launchBrowser();
  // Every page records each node's state changes as they appear on screen.
  await browser.context.addInitScript(() => {
    window.__transitions = [];
    const seen = new Map();
    const record = () => {
      for (const el of document.querySelectorAll("[data-node-status]")) {
        const node = el.getAttribute("data-testid")?.replace(/^run-node-/, "");
        const status = el.getAttribute("data-node-status");
        if (node && seen.get(node) !== status) {
          seen.set(node, status);
          window.__transitions.push({ node, status, t: performance.now() });
        }
      }
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-node-status"] });
  });

  // Given a signed-up user (through the UI) ...
  const page = await browser.context.newPage();
  token = await signUp(page, email, password);
  await page.close();
  // ... and their workflow, created through the engine API with their token
  workflowId = (await engineClient(() => token)("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Title maker", spec: SPEC }) })).id;
});

after(async () => {
  await browser?.close();
});

const node = (page, label) => page.getByTestId(`run-node-${label}`);

/** Clicks a node and waits for its inspector (once more if a live refresh swallowed the click). */
async function inspect(page, label) {
  for (let tries = 0; ; tries++) {
    // A long graph is fitted small and may sit under the inspector: dispatch the click itself.
    await node(page, label).dispatchEvent("click");
    try {
      await page.getByTestId("step-inspector").getByRole("heading", { name: label, exact: true }).waitFor({ timeout: 3000 });
      return;
    } catch (error) {
      if (tries >= 1) throw error;
    }
  }
}
// "attached": a long graph may be fitted small or partly covered by the inspector; the status is what counts.
const nodeIn = (page, label, status) =>
  page.locator(`[data-testid="run-node-${label}"][data-node-status="${status}"]`).waitFor({ state: "attached" });

/** Opens the workflow's runs tab, starts a run from the dialog, and lands on the visualizer. */
async function startFromDialog(page, topic, id = workflowId) {
  await page.goto(`${BASE_URL}/workflows/${id}/runs`);
  await page.getByRole("button", { name: "Run workflow" }).click();
  const dialog = page.getByRole("dialog", { name: /Run/ });
  await dialog.waitFor();
  await dialog.getByLabel(/topic/).fill(topic);
  await screenshot(page, "runs-start-dialog");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split("/").at(-1);
}

/** Asserts each node's states only moved forward, and nodes succeeded in graph order. */
async function assertLiveOrder(page, order = ORDER) {
  const transitions = await page.evaluate(() => window.__transitions);
  const byNode = new Map();
  for (const { node: n, status, t } of transitions) byNode.set(n, [...(byNode.get(n) ?? []), { status, t }]);
  for (const [n, states] of byNode) {
    const ranks = states.map((s) => LIFECYCLE.indexOf(s.status));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `${n} went ${states.map((s) => s.status).join(" -> ")}`);
  }
  const succeededAt = order.map((n) => byNode.get(n)?.find((s) => s.status === "succeeded")?.t);
  assert.ok(succeededAt.every((t) => t !== undefined), `every node succeeded: ${JSON.stringify(transitions)}`);
  assert.deepEqual(succeededAt, [...succeededAt].sort((a, b) => a - b), "nodes succeeded in graph order");
  return transitions;
}

test("the YouTube template on the demo model: start it, watch it live in order, approve, see the outputs", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given the template, as a workflow of the user's
  const wf = await engineClient(() => token)("/api/v1/workflows", { method: "POST", body: JSON.stringify({ template: "youtube-video" }) });
  const labels = new Map(wf.spec.nodes.map((n) => [n.id, n.label || n.id]));
  // (a chain: follow the edges from the input node)
  const order = [];
  for (let id = wf.spec.nodes.find((n) => n.type === "input").id; id; id = wf.spec.edges.find((e) => e.source === id)?.target) order.push(labels.get(id));
  const review = labels.get(wf.spec.nodes.find((n) => n.type === "approval").id);
  const output = labels.get(wf.spec.nodes.find((n) => n.type === "output").id);

  // When the user starts it from the dialog
  await startFromDialog(page, "How owls see at night", wf.id);

  // Then every node is drawn, and they run one after another, live, up to the review
  for (const label of order) await node(page, label).waitFor();
  await nodeIn(page, review, "waiting");
  await screenshot(page, "runs-template-waiting");
  const inspector = page.getByTestId("step-inspector");
  await inspector.getByText("Waiting for your decision").waitFor();

  // When the producer approves
  await inspector.getByRole("button", { name: "Approve" }).click();

  // Then the run succeeds, with the package as its output
  await nodeIn(page, output, "succeeded");
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor();
  await assertLiveOrder(page, order);
  await inspect(page, order[3]);
  await inspector.locator("dd", { hasText: /^demo/ }).waitFor(); // the model, in the usage
  await inspect(page, output);
  assert.notEqual((await inspector.getByTestId("step-output").innerText()).trim(), "No output.");
  await screenshot(page, "runs-template-succeeded");
  assert.deepEqual(errors, []);
});

test("start a run from the dialog, watch it live, approve with an edit, see it succeed with outputs", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // When the user starts a run from the workflow's runs tab
  const runId = await startFromDialog(page, "owls");

  // Then the visualizer draws the pinned graph and the run reaches the approval live
  for (const label of ORDER) await node(page, label).waitFor();
  await nodeIn(page, "Start", "succeeded");
  await nodeIn(page, "Draft title", "succeeded");
  await nodeIn(page, "Review title", "waiting");
  await nodeIn(page, "Publish", "pending");
  await page.getByRole("button", { name: "Review Review title" }).waitFor();
  await page.getByTestId("live-indicator").and(page.locator('[data-connection="pending"]')).waitFor();

  // and the waiting step's inspector opens with what to review
  const inspector = page.getByTestId("step-inspector");
  await inspector.getByText("Waiting for your decision").waitFor();
  await inspector.getByText("Is this title good?").first().waitFor();
  assert.equal(await inspector.getByLabel(/Value/).inputValue(), "A short film about owls");
  await screenshot(page, "runs-waiting-for-approval");

  // When they edit the value and approve with a comment
  await inspector.getByLabel(/Value/).fill("Owls at night");
  await inspector.getByLabel(/Comment/).fill("Shorter is better");
  await inspector.getByRole("button", { name: "Approve" }).click();

  // Then, without a reload, the last node runs and the run succeeds with the output
  await nodeIn(page, "Review title", "succeeded");
  await nodeIn(page, "Publish", "succeeded");
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor();
  await page.getByTestId("run-outputs").getByText("Owls at night").waitFor();
  await assertLiveOrder(page);

  // and the inspector shows each step's output and the approval audit
  await inspector.getByText("Approved", { exact: true }).waitFor();
  await inspector.getByText("(value edited)").waitFor();
  await inspector.locator("blockquote", { hasText: "Shorter is better" }).waitFor();
  await inspector.getByText(/by you/).waitFor();
  await inspect(page, "Draft title");
  await inspector.getByTestId("step-output").getByText("A short film about owls").waitFor();
  await inspect(page, "Publish");
  await inspector.getByTestId("step-output").getByText("Owls at night").waitFor();
  await screenshot(page, "runs-succeeded");
  await page.emulateMedia({ colorScheme: "dark" });
  await screenshot(page, "runs-succeeded-dark");
  await page.emulateMedia({ colorScheme: "light" });

  // and the history lists the run
  await page.goto(`${BASE_URL}/runs`);
  const row = page.locator(`[data-run-id="${runId}"]`);
  await row.waitFor();
  await row.getByText("Succeeded").waitFor();
  await row.getByText("Title maker").waitFor();
  await screenshot(page, "runs-history");
  assert.deepEqual(errors, []);
});

test("a rejected approval fails the run; retry from the visualizer, approve, and it finishes", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // Given a run waiting at the approval
  const runId = await startFromDialog(page, "bats");
  const inspector = page.getByTestId("step-inspector");
  await inspector.getByText("Waiting for your decision").waitFor();

  // When the reviewer rejects it
  await inspector.getByLabel(/Comment/).fill("Not catchy");
  await inspector.getByRole("button", { name: "Reject" }).click();

  // Then the node and the run fail, live, with the reason
  await nodeIn(page, "Review title", "failed");
  await page.getByRole("alert").filter({ hasText: "Review title failed" }).waitFor();
  await nodeIn(page, "Publish", "pending");
  await screenshot(page, "runs-failed");

  // and the history shows the failing node, with the failed filter
  await page.goto(`${BASE_URL}/runs?status=failed`);
  const row = page.locator(`[data-run-id="${runId}"]`);
  await row.getByText("review", { exact: true }).waitFor();
  await screenshot(page, "runs-history-failed");

  // When they open it and retry from the failed node
  await row.getByRole("link").click();
  await waitForPath(page, `/runs/${runId}`);
  await page.getByRole("button", { name: "Retry from Review title" }).click();

  // Then the node runs again (attempt 2) and waits; approving finishes the run
  await nodeIn(page, "Review title", "waiting");
  await inspector.getByText("Waiting for your decision").waitFor();
  await inspector.getByRole("button", { name: "Approve" }).click();
  await nodeIn(page, "Publish", "succeeded");
  await page.getByTestId("run-outputs").getByText("A short film about bats").waitFor();
  await inspect(page, "Review title");
  await inspector.getByText("Attempts (2)").waitFor();
  await inspector.getByText("replaced by a retry").waitFor();
  await screenshot(page, "runs-retried");
  assert.deepEqual(errors, []);
});

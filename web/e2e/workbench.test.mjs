import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, watchConsole } from "./support.mjs";

// The editor as a workbench (issue 18), end to end on the real stack: test one node with the
// last run's data, pin an output and test the next node, restore an old version from the diff
// view, fork a finished run from a middle step with an edited input and compare the two runs.
// An offline workflow: input -> draft (transform) -> shout (transform) -> publish (output).
// Workflows and their first runs are made through the engine's API with the test user's token.

const email = `workbench-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

const spec = (draftTemplate = "Draft: {{ inputs.topic }}") => ({
  schema: "orrery.workflow/v1",
  inputs: { topic: { type: "string" } },
  nodes: [
    { id: "start", type: "input", label: "Start", position: { x: 0, y: 0 } },
    { id: "draft", type: "transform", label: "Draft", position: { x: 300, y: 0 }, config: { mode: "template", template: draftTemplate } },
    { id: "shout", type: "transform", label: "Shout", position: { x: 600, y: 0 }, config: { mode: "template", template: "{{ steps.draft.output | upper }}!" } },
    { id: "publish", type: "output", label: "Publish", position: { x: 900, y: 0 }, config: { name: "headline", value: "{{ steps.shout.output }}" } },
  ],
  edges: [
    { id: "e1", source: "start", target: "draft" },
    { id: "e2", source: "draft", target: "shout" },
    { id: "e3", source: "shout", target: "publish" },
  ],
});

let browser;
let token;

const engine = engineClient(() => token);

/** A workflow and one finished run of it (topic "orbits"): the "last run" the editor reads. */
async function workflowThatRan(name) {
  const wf = await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name, spec: spec() }) });
  const run = await engine(`/api/v1/workflows/${wf.id}/runs?wait=true`, { method: "POST", body: JSON.stringify({ inputs: { topic: "orbits" } }) });
  assert.equal(run.status, "succeeded", JSON.stringify(run));
  return { workflowId: wf.id, runId: run.id };
}

before(async () => {
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  token = await signUp(page, email, password);
  await page.close();
});

after(async () => {
  await browser?.close();
});

/** Opens the editor and selects a node on the canvas. */
async function openEditor(page, workflowId) {
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("workflow-editor").waitFor();
}

async function select(page, nodeId) {
  await page.getByTestId(`node-${nodeId}`).click();
  await page.getByTestId("node-inspector").getByTestId("run-this-node").waitFor();
}

/** Clicks "Run this node" and waits for the test run's step to succeed; returns its output text. */
async function runThisNode(page) {
  await page.getByTestId("run-this-node").click();
  const result = page.locator('[data-testid="test-result"][data-status="succeeded"]');
  await result.waitFor({ timeout: 30_000 });
  return result.getByTestId("test-output").innerText();
}

test("a node is tested alone with the data of the last run, and the run is in the history as a test", async () => {
  // Given a workflow that ran once with the topic "orbits"
  const { workflowId } = await workflowThatRan("Workbench test");
  const page = await browser.context.newPage();
  const errors = watchConsole(page);

  // When the user opens the editor, selects Shout and runs only that node
  await openEditor(page, workflowId);
  await select(page, "shout");
  // (the inspector says where each upstream value comes from, once the last run has loaded)
  await page.getByTestId("test-upstream").filter({ hasText: /draft\s*· from the last run/ }).waitFor();
  const output = await runThisNode(page);
  await screenshot(page, "workbench-test-node");

  // Then Shout ran with the last run's draft, and the test run is listed as a test
  assert.equal(output.trim(), "DRAFT: ORBITS!");
  const tests = await engine(`/api/v1/runs?workflow_id=${workflowId}&kind=test`);
  assert.equal(tests.items.length, 1);
  const run = await engine(`/api/v1/runs/${tests.items[0].id}`);
  const draft = run.steps.find((s) => s.node_id === "draft");
  assert.equal(draft.executions, 0, "the upstream node was not executed");
  await page.goto(`${BASE_URL}/workflows/${workflowId}/runs`);
  await page.getByTestId("run-kind").filter({ hasText: "test" }).first().waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a pinned output feeds the test of the next node and shows on the canvas", async () => {
  // Given a workflow that ran once
  const { workflowId } = await workflowThatRan("Workbench pins");
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await openEditor(page, workflowId);

  // When the user pins an edited output on Draft
  await select(page, "draft");
  await page.getByTestId("edit-pin").click();
  await page.getByTestId("pin-json").fill('"Pinned words"');
  await page.getByTestId("save-pin").click();
  await page.getByTestId("node-draft-pinned").waitFor();

  // and tests Shout
  await select(page, "shout");
  await page.getByTestId("test-upstream").filter({ hasText: /draft\s*· pinned/ }).waitFor();
  const output = await runThisNode(page);

  // Then Shout used the pin
  assert.equal(output.trim(), "PINNED WORDS!");
  // and the last-run overlay still shows what the normal run made
  await page.getByTestId("last-run-toggle").click();
  await page.getByTestId("node-draft-last-output").filter({ hasText: "Draft: orbits" }).waitFor();
  await screenshot(page, "workbench-pins");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a pinned node renamed in the editor keeps its pin under its new id, and undoing the rename takes it back", async () => {
  // Given a workflow that ran once, with an output pinned on Draft
  const { workflowId } = await workflowThatRan("Workbench renamed pin");
  await engine(`/api/v1/workflows/${workflowId}/pins/draft`, { method: "PUT", body: JSON.stringify({ output: "Pinned words" }) });
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await openEditor(page, workflowId);
  await page.getByTestId("node-draft-pinned").waitFor();

  // When the user renames Draft to outline in the inspector
  await select(page, "draft");
  await page.locator("#id-draft").fill("outline");
  await page.locator("#id-draft").press("Enter");
  // Then the pin shows on the renamed node before any save
  await page.getByTestId("node-outline-pinned").waitFor();

  // When the draft is saved
  await page.getByTestId("save-button").click();
  await page.getByText(/Saved · version 2/).waitFor();
  // Then the engine keeps the pin under the new id and none under the old one
  const pins = async () => Object.fromEntries((await engine(`/api/v1/workflows/${workflowId}/pins`)).map((p) => [p.node_id, p.output]));
  assert.deepEqual(await pins(), { outline: "Pinned words" });
  // and testing Shout reads the pin of the renamed node
  await select(page, "shout");
  await page.getByTestId("test-upstream").filter({ hasText: /outline\s*· pinned/ }).waitFor();
  assert.equal((await runThisNode(page)).trim(), "PINNED WORDS!");

  // When the rename is undone and the draft saved again
  await page.getByTestId("node-shout").click();
  await page.keyboard.press("Control+z");
  await page.getByTestId("node-draft-pinned").waitFor();
  await page.getByTestId("save-button").click();
  await page.getByText(/Saved · version 3/).waitFor();
  // Then the pin is back under draft
  assert.deepEqual(await pins(), { draft: "Pinned words" });
  await screenshot(page, "workbench-renamed-pin");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a deleted node's pin is not picked up by another node given its id", async () => {
  // Given a workflow that ran once, with an output pinned on Draft
  const { workflowId } = await workflowThatRan("Workbench deleted pin");
  await engine(`/api/v1/workflows/${workflowId}/pins/draft`, { method: "PUT", body: JSON.stringify({ output: "Pinned words" }) });
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await openEditor(page, workflowId);
  await page.getByTestId("node-draft-pinned").waitFor();

  // When the user deletes Draft, then renames Shout to draft
  await page.getByTestId("node-draft").click();
  await page.keyboard.press("Delete");
  await page.getByTestId("node-draft").waitFor({ state: "detached" });
  await select(page, "shout");
  await page.locator("#id-shout").fill("draft");
  await page.locator("#id-shout").press("Enter");

  // Then the rename is refused, saying why, and Shout shows no pin
  await page.getByTestId("node-inspector").getByText(/deleted node's pinned output/).waitFor();
  assert.equal(await page.getByTestId("node-draft").count(), 0);
  assert.equal(await page.getByTestId("node-shout-pinned").count(), 0);
  // And undoing the delete brings Draft back with its pin
  await page.locator("#id-shout").press("Escape");
  await page.getByTestId("node-shout").click();
  await page.keyboard.press("Control+z");
  await page.getByTestId("node-draft-pinned").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("an old version is restored as a new version from its diff against the draft", async () => {
  // Given a workflow whose draft template changed in version 2
  const wf = await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Workbench versions", spec: spec() }) });
  await engine(`/api/v1/workflows/${wf.id}`, { method: "PUT", body: JSON.stringify({ spec: spec("Second: {{ inputs.topic }}"), based_on_version: 1 }) });
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await openEditor(page, wf.id);
  assert.equal((await page.getByTestId("editor-version").innerText()).trim(), "v2");

  // When the user opens the versions, picks version 1 and sees its diff
  await page.getByTestId("versions-button").click();
  await page.getByTestId("version-1").click();
  const changed = page.getByTestId("diff-node-draft");
  await changed.waitFor();
  assert.match((await changed.getAttribute("data-changes")) ?? "", /changed/);
  assert.match(await changed.innerText(), /Draft: \{\{ inputs\.topic \}\}/);
  await screenshot(page, "workbench-versions");
  // and restores it
  await page.getByTestId("restore-version").click();

  // Then the editor shows version 3, whose spec is version 1's
  await page.locator('[data-testid="editor-version"]', { hasText: "v3" }).waitFor();
  const saved = await engine(`/api/v1/workflows/${wf.id}`);
  assert.equal(saved.current_version, 3);
  assert.equal(saved.spec.nodes.find((n) => n.id === "draft").config.template, "Draft: {{ inputs.topic }}");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a version's diff against the draft is drawn on a read-only canvas: added, removed, changed, unchanged", async () => {
  // Given a workflow whose version 2 replaced Shout with Tidy and changed Draft's template
  const wf = await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ name: "Workbench diff canvas", spec: spec() }) });
  const v2 = spec("Second: {{ inputs.topic }}");
  v2.nodes = v2.nodes.filter((n) => n.id !== "shout");
  v2.nodes.splice(2, 0, { id: "tidy", type: "transform", label: "Tidy", position: { x: 600, y: 180 }, config: { mode: "template", template: "{{ steps.draft.output | trim }}" } });
  v2.nodes.find((n) => n.id === "publish").config.value = "{{ steps.tidy.output }}";
  v2.edges = [
    { id: "e1", source: "start", target: "draft" },
    { id: "e2", source: "draft", target: "tidy" },
    { id: "e3", source: "tidy", target: "publish" },
  ];
  await engine(`/api/v1/workflows/${wf.id}`, { method: "PUT", body: JSON.stringify({ spec: v2, based_on_version: 1 }) });
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await openEditor(page, wf.id);

  // When the user opens version 1's diff and shows it on the canvas
  await page.getByTestId("versions-button").click();
  await page.getByTestId("version-1").click();
  await page.getByTestId("diff-node-draft").waitFor();
  await page.getByTestId("diff-canvas-open").click();
  const canvas = page.getByTestId("version-canvas");
  await canvas.waitFor();
  // (the keyboard is still on the button that opened it: the editor's shortcuts, select all
  // then delete, must not reach the draft behind the canvas)
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Delete");

  // Then every node of either is drawn, marked by what happened to it
  const status = (id) => canvas.getByTestId(`diff-canvas-node-${id}`).getAttribute("data-status");
  await canvas.getByTestId("diff-canvas-node-shout").waitFor();
  assert.equal(await status("start"), "unchanged");
  assert.equal(await status("draft"), "changed");
  assert.equal(await status("publish"), "changed");
  assert.equal(await status("tidy"), "added");
  assert.equal(await status("shout"), "removed");
  // and the connections likewise
  assert.equal(await canvas.locator(".react-flow__edge.diff-edge-added").count(), 2);
  assert.equal(await canvas.locator(".react-flow__edge.diff-edge-removed").count(), 2);
  assert.equal(await canvas.locator(".react-flow__edge.diff-edge-unchanged").count(), 1);
  // and the side panel lists what changed in a changed node
  const field = canvas.getByTestId("diff-field-config.template");
  await field.waitFor();
  assert.match(await field.innerText(), /Draft: \{\{ inputs\.topic \}\}[\s\S]*Second: \{\{ inputs\.topic \}\}/);
  await canvas.getByTestId("diff-canvas-node-publish").click();
  await canvas.getByTestId("diff-field-config.value").waitFor();
  // and the canvas is read-only: a node does not move when dragged
  // (a drag may pan the view: measured against another node)
  const shout = canvas.getByTestId("diff-canvas-node-shout");
  const offset = async () => {
    const [a, b] = [await shout.boundingBox(), await canvas.getByTestId("diff-canvas-node-start").boundingBox()];
    return [Math.round(a.x - b.x), Math.round(a.y - b.y)];
  };
  const was = await offset();
  const box = await shout.boundingBox();
  await page.mouse.move(box.x + 20, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 110, { steps: 5 });
  await page.mouse.up();
  assert.deepEqual(await offset(), was);
  await screenshot(page, "workbench-version-canvas");

  // When the canvas is closed, the list is still there, and the draft was not touched
  await page.getByTestId("version-canvas-close").click();
  await canvas.waitFor({ state: "detached" });
  await page.getByTestId("diff-node-draft").waitFor();
  assert.ok(await page.getByTestId("undo").isDisabled(), "the draft behind the canvas changed");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a run is forked from a middle step with an edited input and compared with its origin", async () => {
  // Given a finished run
  const { runId } = await workflowThatRan("Workbench forks");
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${BASE_URL}/runs/${runId}`);
  await page.getByTestId("run-view").waitFor();

  // When the user forks it from Shout with an edited draft
  await page.getByTestId("run-node-Shout").dispatchEvent("click");
  await page.getByTestId("fork-from-here").click();
  await page.getByTestId("fork-input").fill(JSON.stringify({ inputs: { topic: "orbits" }, steps: { draft: "Edited draft" } }));
  await page.getByTestId("fork-submit").click();
  await page.waitForURL((url) => /^\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(runId));
  await page.getByTestId("forked-from").waitFor();
  await page.locator('[data-testid="run-status"] [data-status="succeeded"]').waitFor({ timeout: 30_000 });

  // Then the comparison shows Shout changed, Draft reused, and the cost difference
  await page.getByTestId("compare-link").click();
  await page.getByTestId("fork-comparison").waitFor();
  assert.equal(await page.getByTestId("compare-shout").getAttribute("data-changed"), "true");
  assert.equal(await page.getByTestId("compare-draft").getAttribute("data-reused"), "true");
  assert.match(await page.getByTestId("compare-shout").innerText(), /EDITED DRAFT!/);
  assert.match(await page.getByTestId("cost-difference").innerText(), /\$/);
  await screenshot(page, "workbench-fork-comparison");
  assert.deepEqual(errors, []);
  await page.close();
});

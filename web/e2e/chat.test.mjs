import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";

import { BASE_URL, engineClient, launchBrowser, screenshot, signUp, watchConsole } from "./support.mjs";

// Chat with a workflow (issue 18), end to end on the real stack: a workflow from the "Chat
// assistant" template (offline: the demo model), opened as a chat from the editor, holds a
// three-message conversation whose replies stream in from their runs, and reopens after a
// reload with all six messages; then a session is renamed and deleted.
//
// The demo model writes its whole answer at once, so to see a reply's text arrive before its
// run ends, the workflow asks for a review before replying (an approval between the assistant
// and the reply): the reply's text shows while its run waits, and is approved inline.

const email = `chat-${randomUUID().slice(0, 8)}@example.com`;
const password = `pw-${randomUUID()}`;

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

/** The Chat assistant template as the user's workflow, with a review before each reply. */
async function chatAssistantWithReview() {
  const wf = await engine("/api/v1/workflows", { method: "POST", body: JSON.stringify({ template: "chat-assistant" }) });
  assert.equal(wf.is_chat, true, "the template is a chat");
  const spec = structuredClone(wf.spec);
  const reply = spec.nodes.find((n) => n.id === "reply");
  reply.position = { x: reply.position.x + 280, y: reply.position.y };
  spec.nodes.push({ id: "review", type: "approval", label: "Review", position: { x: reply.position.x - 280, y: reply.position.y }, config: { message: "Send this reply?" } });
  spec.edges = spec.edges.filter((e) => e.target !== "reply");
  spec.edges.push({ id: "e_assistant_review", source: "assistant", target: "review" }, { id: "e_review_reply", source: "review", target: "reply", source_handle: "approved" });
  const saved = await engine(`/api/v1/workflows/${wf.id}`, { method: "PUT", body: JSON.stringify({ spec, based_on_version: wf.current_version }) });
  assert.deepEqual(saved.problems, [], JSON.stringify(saved.problems));
  return wf.id;
}

const messages = (page) => page.getByTestId("chat-view").getByTestId("chat-message");

/** Sends a message, sees its reply's text while the run waits for review, approves; returns the reply. */
async function say(page, text, turn) {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-send").click();
  await page.getByTestId("chat-message").and(page.locator('[data-role="user"]')).nth(turn).getByText(text).waitFor();
  const live = page.locator('[data-testid="live-reply"][data-run-status="waiting"]');
  const streamed = live.getByTestId("reply-streaming");
  await streamed.waitFor();
  const partial = (await streamed.innerText()).trim();
  assert.ok(partial.length > 0, "the reply's text arrived before its run ended");
  await live.getByTestId("chat-approval").getByRole("button", { name: "Approve" }).click();
  const answered = page.getByTestId("chat-message").and(page.locator('[data-role="assistant"][data-status="succeeded"]')).nth(turn);
  const final = (await answered.getByTestId("reply-text").innerText()).trim();
  assert.equal(final, partial, "the streamed text is the reply");
  return final;
}

test("a three-message chat with streaming replies, reopened after a reload; rename and delete a session", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given the Chat assistant template as a workflow of the user's
  const workflowId = await chatAssistantWithReview();

  // When they open it in the editor, the toolbar offers a chat: its panel starts one
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("workflow-editor").waitFor();
  await page.getByTestId("chat-button").click();
  await page.getByTestId("chat-panel").waitFor();
  await page.getByTestId("chat-panel-start").click();
  await page.getByTestId("chat-panel").getByTestId("chat-view").waitFor();

  // and they open the chat page for it
  await page.getByTestId("chat-panel").getByRole("link", { name: "Open the chat page" }).click();
  await page.getByTestId("chat-page").waitFor();
  await page.getByTestId("chat-empty").waitFor();

  // When they hold a three-message conversation
  const replies = [];
  for (const [turn, text] of ["Tell me about tide pools", "Which animals live there?", "Thanks!"].entries()) replies.push(await say(page, text, turn));

  // Then each reply streamed in, and the assistant remembered the conversation (the demo model says how much)
  assert.match(replies[1], /I was shown 2 earlier messages/);
  assert.match(replies[2], /I was shown 4 earlier messages/);
  assert.equal(await messages(page).count(), 6);
  // and the session is named after its first message
  await page.getByTestId("chat-session").getByText("Tell me about tide pools").waitFor();
  await screenshot(page, "chat-three-messages");

  // When they reload and reopen the session from the list
  await page.goto(`${BASE_URL}/workflows/${workflowId}/chat`);
  await page.getByTestId("chat-session").getByText("Tell me about tide pools").click();

  // Then all six messages are there, in order
  await messages(page).nth(5).waitFor();
  const roles = await messages(page).evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-role")));
  assert.deepEqual(roles, ["user", "assistant", "user", "assistant", "user", "assistant"]);
  assert.equal((await messages(page).nth(5).getByTestId("reply-text").innerText()).trim(), replies[2]);

  // When they rename the session
  await page.getByTestId("chat-rename").click();
  await page.getByTestId("chat-rename-input").fill("Rock pools");
  await page.getByTestId("chat-rename-save").click();
  // Then the list shows its new name
  await page.getByTestId("chat-session").getByText("Rock pools").waitFor();

  // When they delete it
  await page.getByTestId("chat-delete").click();
  await page.getByTestId("chat-delete-confirm").click();
  // Then it is gone, and its runs stay in the workflow's run history
  await page.getByText("No chats yet.").waitFor();
  const runs = await engine(`/api/v1/runs?workflow_id=${workflowId}`);
  assert.equal(runs.items.length, 3);
  assert.deepEqual(errors, []);
});

test("the editor's chat panel renames a session inline and deletes one after asking, without leaving the editor", async () => {
  const page = await browser.context.newPage();
  const errors = watchConsole(page);
  // Given a chat workflow with two sessions
  const workflowId = await chatAssistantWithReview();
  const older = await engine(`/api/v1/workflows/${workflowId}/chat-sessions`, { method: "POST", body: "{}" });
  const newer = await engine(`/api/v1/workflows/${workflowId}/chat-sessions`, { method: "POST", body: "{}" });
  const titles = async () => (await engine(`/api/v1/workflows/${workflowId}/chat-sessions`)).items.map((s) => [s.id, s.title]);

  // When the user opens the chat panel in the editor and renames the open session there
  await page.goto(`${BASE_URL}/workflows/${workflowId}/edit`);
  await page.getByTestId("workflow-editor").waitFor();
  await page.getByTestId("chat-button").click();
  const panel = page.getByTestId("chat-panel");
  await panel.getByTestId("chat-view").waitFor();
  await panel.getByTestId("chat-rename").click();
  await panel.getByTestId("chat-rename-input").fill("Tide questions");
  await panel.getByTestId("chat-rename-input").press("Enter");

  // Then the panel's session picker shows the new name, and the engine has it
  await panel.getByTestId("chat-panel-session").locator("option", { hasText: "Tide questions" }).waitFor({ state: "attached" });
  assert.equal(await panel.getByTestId("chat-panel-session").inputValue(), newer.id);
  assert.equal(Object.fromEntries(await titles())[newer.id], "Tide questions");

  // When they ask to delete it, the panel asks first; keeping it deletes nothing
  await panel.getByTestId("chat-delete").click();
  await panel.getByTestId("chat-panel-delete").getByText(/Delete “Tide questions”/).waitFor();
  await screenshot(page, "chat-panel-delete");
  await panel.getByTestId("chat-delete-keep").click();
  await panel.getByTestId("chat-panel-delete").waitFor({ state: "detached" });
  assert.equal((await titles()).length, 2);
  // When they delete it for real
  await panel.getByTestId("chat-delete").click();
  await panel.getByTestId("chat-delete-confirm").click();

  // Then the panel opens the other session, only it is left, and the editor never left
  await page.waitForFunction((id) => document.querySelector('[data-testid="chat-panel-session"]')?.value === id, older.id);
  assert.equal(await panel.getByTestId("chat-panel-session").locator("option").count(), 1);
  assert.deepEqual((await titles()).map(([id]) => id), [older.id]);
  assert.match(new URL(page.url()).pathname, /\/edit$/);
  assert.deepEqual(errors, []);
  await page.close();
});

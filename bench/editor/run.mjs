#!/usr/bin/env node
// Editor benchmark (issues 7 and 21): time to first render of a 300-, 1,000- and 3,000-node
// workflow in the editor, with and without saved positions (the latter is laid out by ELK),
// the longest main-thread task meanwhile (is the page responsive?), and the time per frame
// while dragging a node, in Chromium against a running app; the load average beside each.
//
//   BENCH_BASE_URL=http://127.0.0.1:3000 node bench/editor/run.mjs [--sizes 300,1000,3000] [--runs 3]
//
// Measure against `next start` (a production build): `next dev` is several times slower.
// Signs up a throwaway user, creates the workflows through the app's tRPC API, prints a
// table and writes bench/results/editor-<timestamp>.json.
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const BASE_URL = (process.env.BENCH_BASE_URL ?? process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const SIZES = option("sizes", "300,1000,3000").split(",").map(Number);
const RUNS = Number(option("runs", "3"));
const DRAG_STEPS = 60;
const RESULTS = fileURLToPath(new URL("../results/", import.meta.url));

// -- a generated workflow -------------------------------------------------------------------

const KINDS = ["agent", "transform", "http", "agent", "router", "transform"];

/**
 * input -> N-2 nodes in layers of 8, each fed by one or two nodes of the previous layer -> output.
 * Over 1,000 nodes the document goes without labels and with shorter prompts, to stay under the
 * engine's 1 MiB document limit (it is saved as a draft with a `too_many_nodes` problem: the
 * editor must still hold it).
 */
export function generateSpec(size, { positioned }) {
  const compact = size > 1000;
  const width = 8;
  const nodes = [{ id: "start", type: "input", type_version: 1, position: { x: 0, y: 0 }, config: {} }];
  const edges = [];
  let previous = ["start"];
  let layer = [];
  for (let i = 0; i < size - 2; i++) {
    const type = KINDS[i % KINDS.length];
    const id = `${type}_${i + 1}`;
    const col = Math.floor(i / width) + 1;
    const row = i % width;
    const source = previous[row % previous.length];
    const config =
      type === "agent"
        ? { provider: "demo", model: "demo", prompt: compact ? `{{steps.${source}.output}}` : `Step ${i}: {{ steps.${source}.output }}` }
        : type === "transform"
          ? { mode: "template", template: `{{ steps.${source}.output }}` }
          : type === "http"
            ? { method: "GET", url: "https://example.com/items" }
            : { routes: [{ name: "yes", condition: { left: `steps.${source}.output`, op: "exists" } }], match: "first", default_route: "else" };
    nodes.push({ id, type, type_version: 1, ...(compact ? {} : { label: `${type} ${i + 1}` }), position: positioned ? { x: col * 320, y: row * 140 } : { x: 0, y: 0 }, config });
    const handle = (src) => (src.startsWith("router_") ? "yes" : null);
    edges.push({ id: `e${edges.length}`, source, target: id, source_handle: handle(source), target_handle: null });
    const second = previous[(row + 1) % previous.length];
    if (second !== source && row % 2 === 0) edges.push({ id: `e${edges.length}`, source: second, target: id, source_handle: handle(second), target_handle: null });
    layer.push(id);
    if (layer.length === width || i === size - 3) {
      previous = layer;
      layer = [];
    }
  }
  const lastCol = Math.ceil((size - 2) / width) + 1;
  nodes.push({ id: "finish", type: "output", type_version: 1, position: positioned ? { x: lastCol * 320, y: 0 } : { x: 0, y: 0 }, config: {} });
  const feeding = new Set(edges.map((e) => `${e.source}:${e.source_handle ?? ""}`));
  for (const node of nodes.slice(0, -1)) {
    const handle = node.type === "router" ? "yes" : "";
    if (!feeding.has(`${node.id}:${handle}`)) edges.push({ id: `e${edges.length}`, source: node.id, target: "finish", source_handle: handle || null, target_handle: null });
  }
  // routers: connect `else` too, so they validate
  for (const node of nodes.filter((n) => n.type === "router")) {
    edges.push({ id: `e${edges.length}`, source: node.id, target: "finish", source_handle: "else", target_handle: null });
  }
  return { schema: "orrery.workflow/v1", inputs: { topic: { type: "string", required: true } }, nodes, edges };
}

/** Over this the engine refuses a document (its `MAX_NODES`): larger ones are served by the bench. */
const ENGINE_MAX_NODES = 1000;

/**
 * Serves `spec` in place of the stored document of workflow `id` whenever the editor reads it
 * (`workflows.get` through the tRPC batch stream: one JSON value per line). The engine refuses
 * documents over 1,000 nodes; the editor must still hold one (a paste can make it), so the
 * bench measures 3,000 nodes this way.
 */
export async function serveLargeDocument(page, id, spec) {
  await page.route(
    (url) => url.pathname.startsWith("/api/trpc/") && url.pathname.includes("workflows.get"),
    async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      const swap = (value) => {
        if (Array.isArray(value)) return value.map(swap);
        if (!value || typeof value !== "object") return value;
        if (value.id === id && value.spec && typeof value.spec === "object") return { ...value, spec };
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
      };
      const lines = body.split("\n").map((line) => {
        try {
          return JSON.stringify(swap(JSON.parse(line)));
        } catch {
          return line;
        }
      });
      await route.fulfill({ response, body: lines.join("\n") });
    },
  );
}

// -- browser ---------------------------------------------------------------------------------

async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "orrery-bench-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1600, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  context.setDefaultTimeout(300_000);
  await context.addInitScript(watchLongTasks);
  return { context, close: async () => (await context.close(), rmSync(profile, { recursive: true, force: true })) };
}

async function trpc(page, path, input) {
  return page.evaluate(
    async ({ path, input }) => {
      const r = await fetch(`/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      const body = await r.json();
      if (body.error) throw new Error(`${path}: ${JSON.stringify(body.error).slice(0, 500)}`);
      return body.result.data;
    },
    { path, input },
  );
}

/**
 * Installed before any page script: records every long main-thread task (>= 50 ms) from
 * navigation start, so a page that freezes while it imports shows it.
 */
function watchLongTasks() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // no Long Tasks API: the figure is left out
  }
}

/**
 * Milliseconds from navigation start until the nodes on screen are in the DOM and measured
 * (all of them without virtualisation; with it, the canvas says so with `data-virtualized`),
 * and, for a layout-less import, until the layout has been applied and fitted; with the
 * longest main-thread task and the total blocking time (the sum of each task's time over 50 ms)
 * until then.
 */
async function firstRender(page, id, size, { layout }) {
  await page.goto("about:blank");
  await page.goto(`${BASE_URL}/workflows/${id}/edit`, { waitUntil: "commit" });
  return page.evaluate(
    ({ size, layout }) =>
      new Promise((resolve) => {
        const marks = {};
        const tick = () => {
          const now = performance.now();
          const canvas = document.querySelector("[data-testid=canvas]");
          if (!marks.shell && canvas) marks.shell = now;
          const nodes = document.querySelectorAll(".react-flow__node");
          // Virtualised: the nodes in view once the canvas has opened (fitted) the graph.
          const all = nodes.length === size || (canvas?.dataset.virtualized === "true" && canvas.dataset.opened === "true");
          if (!marks.nodes && nodes.length > 0 && all && [...nodes].every((n) => n.style.visibility !== "hidden")) {
            marks.nodes = now;
            marks.domNodes = nodes.length;
          }
          if (marks.nodes && (!layout || document.querySelector('[data-testid=canvas]:not([data-layout="0"])'))) {
            marks.done = now;
            const tasks = (window.__longTasks ?? []).filter((t) => t.start < now);
            marks.longestTask = Math.max(0, ...tasks.map((t) => t.duration));
            marks.blocking = tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);
            marks.domNodesReady = document.querySelectorAll(".react-flow__node").length;
            resolve(marks);
            return;
          }
          requestAnimationFrame(tick);
        };
        tick();
      }),
    { size, layout },
  );
}

/** Drags one node for DRAG_STEPS mouse moves; frame intervals from requestAnimationFrame. */
async function dragFrames(page) {
  await page.getByRole("button", { name: "Fit to view" }).click();
  await page.waitForTimeout(600);
  const node = page.locator(".react-flow__node").nth(Math.floor((await page.locator(".react-flow__node").count()) / 2));
  const box = await node.boundingBox();
  return framesWhileDragging(page, box.x + box.width / 2, box.y + 12);
}

/**
 * Pans the canvas for DRAG_STEPS mouse moves, from a point of the pane no node covers (after
 * "Fit to view"): every frame moves the viewport, so the minimap redraws its view each frame.
 */
async function panFrames(page) {
  await page.getByRole("button", { name: "Fit to view" }).click();
  await page.waitForTimeout(600);
  const at = await page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane").getBoundingClientRect();
    for (let y = pane.top + 40; y < pane.bottom - 150; y += 15) {
      for (let x = pane.left + 200; x < pane.right - 250; x += 15) {
        if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane")) return { x, y };
      }
    }
    return null;
  });
  if (!at) throw new Error("no empty spot of the pane to pan from");
  return framesWhileDragging(page, at.x, at.y);
}

/** Presses the mouse at (x, y) and moves it DRAG_STEPS times; frame intervals meanwhile. */
async function framesWhileDragging(page, x, y) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__dragLongTasks = 0;
    const loop = (t) => {
      window.__frames.push(t);
      if (window.__frames.length < 100000 && !window.__stop) requestAnimationFrame(loop);
    };
    window.__stop = false;
    requestAnimationFrame(loop);
    new PerformanceObserver((list) => (window.__dragLongTasks += list.getEntries().length)).observe({ type: "longtask" });
  });
  await page.mouse.move(x, y);
  await page.mouse.down();
  // The renderer's main-thread time (Chromium's own counter): what each move cost the page,
  // including style, layout and paint, whether or not it made a frame late.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const busy = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
  const busyBefore = await busy();
  const started = Date.now();
  const steps = [];
  for (let i = 1; i <= DRAG_STEPS; i++) {
    const t = performance.now();
    await page.mouse.move(x + i * 4, y + Math.sin(i / 6) * 40);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    steps.push(performance.now() - t);
  }
  const mainThreadMsPerMove = round(((await busy()) - busyBefore) * 1000 / DRAG_STEPS);
  await cdp.detach();
  await page.mouse.up();
  const wall = Date.now() - started;
  const { frames, longTasks } = await page.evaluate(() => {
    window.__stop = true;
    return { frames: window.__frames, longTasks: window.__dragLongTasks };
  });
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  return { stepMs: stats(steps), frameIntervalMs: stats(intervals), mainThreadMsPerMove, frames: frames.length, longTasks, wallMs: wall, load1: load() };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
  return { n: values.length, mean: round(mean), p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1) ?? 0) };
}
const round = (v) => Math.round(v * 10) / 10;
/** The machine's 1-minute load average (printed beside each figure: the machines are shared). */
const load = () => Math.round(loadavg()[0] * 100) / 100;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// -- main ------------------------------------------------------------------------------------

async function main() {
  const browser = await launch();
  const page = await browser.context.newPage();
  const email = `bench-${randomUUID().slice(0, 8)}@example.com`;
  await page.goto(`${BASE_URL}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(`pw-${randomUUID()}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((u) => u.pathname === "/workflows");

  const results = [];
  for (const size of SIZES) {
    for (const positioned of [true, false]) {
      const spec = generateSpec(size, { positioned });
      const stored = size > ENGINE_MAX_NODES ? generateSpec(ENGINE_MAX_NODES, { positioned }) : spec;
      const created = await trpc(page, "workflows.create", { name: `Bench ${size} ${positioned ? "positioned" : "layout-less"} ${Date.now()}`, spec: stored });
      await page.unrouteAll();
      if (stored !== spec) await serveLargeDocument(page, created.id, spec);
      const runs = [];
      for (let r = 0; r < RUNS; r++) runs.push({ ...(await firstRender(page, created.id, spec.nodes.length, { layout: !positioned })), load1: load() });
      const entry = {
        nodes: spec.nodes.length,
        edges: spec.edges.length,
        import: positioned ? "with positions" : "layout-less",
        shellMs: round(median(runs.map((m) => m.shell))),
        firstRenderMs: round(median(runs.map((m) => m.nodes))),
        readyMs: round(median(runs.map((m) => m.done))),
        longestTaskMs: round(median(runs.map((m) => m.longestTask))),
        blockingMs: round(median(runs.map((m) => m.blocking))),
        domNodes: median(runs.map((m) => m.domNodesReady)),
        load1: median(runs.map((m) => m.load1)),
        runs: runs.map((m) => ({
          shellMs: round(m.shell),
          nodesMs: round(m.nodes),
          readyMs: round(m.done),
          longestTaskMs: round(m.longestTask),
          blockingMs: round(m.blocking),
          domNodes: m.domNodesReady,
          load1: m.load1,
        })),
      };
      if (positioned) entry.drag = await dragFrames(page);
      if (positioned) entry.pan = await panFrames(page);
      results.push(entry);
      const drag = entry.drag
        ? `\n${"".padStart(25)}drag: frame p50 ${entry.drag.frameIntervalMs.p50} ms, p95 ${entry.drag.frameIntervalMs.p95} ms, step p50 ${entry.drag.stepMs.p50} ms, renderer busy ${entry.drag.mainThreadMsPerMove} ms per move (load ${entry.drag.load1})` +
          `\n${"".padStart(25)}pan:  frame p50 ${entry.pan.frameIntervalMs.p50} ms, p95 ${entry.pan.frameIntervalMs.p95} ms, step p50 ${entry.pan.stepMs.p50} ms, renderer busy ${entry.pan.mainThreadMsPerMove} ms per move (load ${entry.pan.load1})`
        : "";
      console.log(
        `${String(entry.nodes).padStart(5)} nodes ${entry.import.padEnd(18)} first render ${entry.firstRenderMs} ms  ready ${entry.readyMs} ms  ` +
          `longest task ${entry.longestTaskMs} ms  blocking ${entry.blockingMs} ms  ${entry.domNodes} nodes in the DOM  (load ${entry.load1})${drag}`,
      );
    }
  }
  await browser.close();

  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "");
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `editor-${stamp}.json`);
  writeFileSync(file, JSON.stringify({ benchmark: "editor", base_url: BASE_URL, runs: RUNS, drag_steps: DRAG_STEPS, at: new Date().toISOString(), results }, null, 2));
  console.log(`wrote ${file}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

#!/usr/bin/env node
// Live-view benchmark (issue 13): how closely the run page follows a run, in Chromium against a
// production build (`next start`) of the whole stack, on a quiet machine and with a CPU-bound
// process running beside the stack on every core.
//
//   make build-web && node bench/live-view/run.mjs [--scenarios chain-150,fanout-50] [--loads quiet,cpu] [--runs 1]
//
// Starts the stack itself (`orrery dev` with ORRERY_WEB_MODE=start, fresh data, free ports), or
// uses one already running when BENCH_BASE_URL and BENCH_ENGINE_URL are set. For each scenario
// (a 150-agent chain, a 50-wide fan-out, agents on the offline demo model, behind an approval
// "gate") and load, it starts a run through the engine's API, opens its page while the run waits
// at the gate, approves once the page is live, and measures the rest of the run as it streams:
//   - succeeded delay: from the engine's `run.succeeded` (the event's `at`, set as it is committed)
//     to the page showing "Succeeded" (a MutationObserver in the page; one clock: same machine);
//   - states applied: the step states the page's model took from events (`data-applied-*` on the
//     run view) over the `step.started` / `step.succeeded` events the engine committed after the
//     page's snapshot (`data-snapshot-seq`); and, for comparison, the states ever drawn;
//   - frame times: requestAnimationFrame deltas while the run streams, with the rate events arrive
//     at, per second, and the p95 over the seconds when ~500 events/s or more arrived;
// with the engine's own timing beside them and the load average. Prints a table and writes
// bench/results/live-view-<timestamp>.json. Not part of `make test`: a benchmark, not a test.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const RESULTS = fileURLToPath(new URL("../results/", import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const SCENARIOS = option("scenarios", "chain-150,fanout-50").split(",");
const LOADS = option("loads", "quiet,cpu").split(",");
const RUNS = Number(option("runs", "1"));
/** `--label before`: names what was measured (e.g. the web build's commit) in the results file. */
const LABEL = option("label", null);
/** `--profile <dir>`: a CPU profile of the page per measurement (.cpuprofile, for Chrome's DevTools), and its top functions printed. */
const PROFILE = option("profile", null);
/** `--trace`: where the page's main thread spends its time (Chromium's timeline: script, style, layout, paint), printed per measurement. */
const TRACE = args.includes("--trace");
/** "~500 events/s": the seconds of a run when at least this many events arrived count for the frame p95 under load. */
const BUSY_RATE = 400;

// -- workflows ---------------------------------------------------------------------------------

const agent = (id, i, x, y) => ({
  id,
  type: "agent",
  label: `Agent ${i}`,
  position: { x, y },
  config: { provider: "demo", model: "demo", prompt: `Step ${i}: a short note about {{ inputs.topic }}` },
});

/** An approval the run waits at until the page is open and live: everything after it is seen live. */
const gate = (x, y) => ({ id: "gate", type: "approval", label: "Gate", position: { x, y }, config: { message: "Go?" } });

/** input -> gate -> N agents one after another -> output. */
export function chainSpec(n) {
  const nodes = [{ id: "start", type: "input", label: "Start", position: { x: -280, y: 0 } }, gate(0, 0)];
  const edges = [{ id: "e_gate", source: "start", target: "gate" }];
  let previous = "gate";
  for (let i = 1; i <= n; i++) {
    const id = `agent_${i}`;
    nodes.push(agent(id, i, i * 280, 0));
    edges.push({ id: `e${i}`, source: previous, target: id, ...(previous === "gate" ? { source_handle: "approved" } : {}) });
    previous = id;
  }
  nodes.push({ id: "finish", type: "output", label: "Finish", position: { x: (n + 1) * 280, y: 0 }, config: { name: "last", value: `{{ steps.${previous}.output }}` } });
  edges.push({ id: "e_out", source: previous, target: "finish" });
  return { schema: "orrery.workflow/v1", inputs: { topic: { type: "string" } }, nodes, edges };
}

/** input -> gate -> N agents side by side -> one output reading them all. */
export function fanOutSpec(n) {
  const nodes = [{ id: "start", type: "input", label: "Start", position: { x: -280, y: (n / 2) * 110 } }, gate(0, (n / 2) * 110)];
  const edges = [{ id: "e_gate", source: "start", target: "gate" }];
  for (let i = 1; i <= n; i++) {
    nodes.push(agent(`agent_${i}`, i, 280, (i - 1) * 110));
    edges.push({ id: `in${i}`, source: "gate", target: `agent_${i}`, source_handle: "approved" });
    edges.push({ id: `out${i}`, source: `agent_${i}`, target: "finish" });
  }
  nodes.push({ id: "finish", type: "output", label: "Finish", position: { x: 560, y: (n / 2) * 110 }, config: { name: "first", value: "{{ steps.agent_1.output }}" } });
  return { schema: "orrery.workflow/v1", inputs: { topic: { type: "string" } }, nodes, edges };
}

const SPECS = { "chain-150": () => chainSpec(150), "fanout-50": () => fanOutSpec(50) };

// -- the stack -----------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `orrery dev` on fresh data and free ports, serving the built web app, as scripts/e2e.sh starts it. */
async function startStack() {
  if (process.env.BENCH_BASE_URL) {
    if (!process.env.BENCH_ENGINE_URL) throw new Error("BENCH_ENGINE_URL is needed with BENCH_BASE_URL");
    return { baseUrl: process.env.BENCH_BASE_URL.replace(/\/+$/, ""), engineUrl: process.env.BENCH_ENGINE_URL.replace(/\/+$/, ""), stop: async () => {} };
  }
  const data = mkdtempSync(join(tmpdir(), "orrery-live-view-"));
  const [enginePort, webPort] = [await freePort(), await freePort()];
  const log = join(data, "stack.log");
  const env = { ...process.env, ORRERY_DATA_DIR: data, ENGINE_PORT: String(enginePort), WEB_PORT: String(webPort), ORRERY_WEB_MODE: "start" };
  for (const name of ["DATABASE_URL", "DATABASE_ADMIN_URL", "REDIS_URL", "SUPABASE_URL"]) delete env[name];
  const out = openSync(log, "a");
  const child = spawn(join(REPO, "engine/.venv/bin/orrery"), ["dev"], { cwd: REPO, env, stdio: ["ignore", out, out] });
  const deadline = Date.now() + 240_000;
  while (!readFileSync(log, "utf8").includes("Orrery is running at")) {
    if (child.exitCode !== null) throw new Error(`the stack exited:\n${readFileSync(log, "utf8").slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`the stack did not start:\n${readFileSync(log, "utf8").slice(-4000)}`);
    await sleep(500);
  }
  return {
    baseUrl: `http://127.0.0.1:${webPort}`,
    engineUrl: `http://127.0.0.1:${enginePort}`,
    async stop() {
      child.kill("SIGINT");
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** N processes spinning on a core each (N = cores): the "CPU-bound process beside the stack". */
function busyLoops(n) {
  const children = Array.from({ length: n }, () => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
  return () => {
    for (const child of children) child.kill("SIGKILL");
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// -- the engine --------------------------------------------------------------------------------

async function json(res) {
  const body = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${body.slice(0, 500)}`);
  return body ? JSON.parse(body) : null;
}

/**
 * The engine's own stream of a run, read beside the page from `after`: every message (tokens
 * included) counted per wall-clock second, until the run's terminal event closes it.
 */
function engineStream(engineUrl, token, runId, after) {
  const perSecond = new Map();
  const done = (async () => {
    const res = await fetch(`${engineUrl}/api/v1/runs/${runId}/events`, { headers: { authorization: `Bearer ${token}`, "last-event-id": String(after) } });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true }).replaceAll("\r\n", "\n");
      const blocks = buffer.split("\n\n");
      buffer = blocks.pop();
      const second = Math.floor(Date.now() / 1000);
      const messages = blocks.filter((b) => b.includes("data:")).length;
      if (messages) perSecond.set(second, (perSecond.get(second) ?? 0) + messages);
    }
  })();
  return { perSecond, done };
}

/** Every durable event of a finished run, from the engine's SSE endpoint (it closes after the terminal one). */
async function durableEvents(engineUrl, token, runId) {
  const res = await fetch(`${engineUrl}/api/v1/runs/${runId}/events`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const events = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let id = null;
    let data = "";
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("id:")) id = Number(line.slice(3).trim());
      else if (line.startsWith("data:")) data += line.slice(5).trim();
    }
    if (id !== null && data) events.push({ seq: id, ...JSON.parse(data) });
  }
  return events;
}

// -- the page ------------------------------------------------------------------------------------

/** Runs in every page before its scripts: frame times, arrivals, and when states and "Succeeded" appear. */
function instrument() {
  const b = (window.__bench = { frames: [], received: [], succeededAt: null, drawn: {} });
  const loop = (t) => {
    const view = document.querySelector('[data-testid="run-view"]');
    b.frames.push(t);
    b.received.push(view ? Number(view.dataset.received ?? 0) : 0);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  const seen = new Map();
  new MutationObserver(() => {
    if (b.succeededAt === null && document.querySelector('[data-testid="run-status"] [data-status="succeeded"]')) b.succeededAt = performance.timeOrigin + performance.now();
    for (const el of document.querySelectorAll("[data-node-status]")) {
      const id = el.getAttribute("data-testid");
      const status = el.getAttribute("data-node-status");
      if (seen.get(id) === status) continue;
      seen.set(id, status);
      b.drawn[status] = (b.drawn[status] ?? 0) + 1;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status", "data-node-status"] });
}

async function launch(baseUrl) {
  const profile = mkdtempSync(join(tmpdir(), "orrery-bench-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    baseURL: baseUrl,
    viewport: { width: 1600, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  context.setDefaultTimeout(180_000);
  await context.addInitScript(instrument);
  return { context, close: async () => (await context.close(), rmSync(profile, { recursive: true, force: true })) };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = values.reduce((a, b) => a + b, 0) / (values.length || 1);
  return { n: values.length, mean: round(mean), p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1) ?? 0) };
}
const round = (v) => Math.round(v * 10) / 10;
const load = () => loadavg().map((v) => Math.round(v * 100) / 100);

/**
 * Frame deltas between the gate's approval and "Succeeded"; the rate events reached the page per
 * second (tokens merged by the BFF), and the engine's own rate (every token) beside it: the
 * "busy" frames are those of the seconds the engine streamed BUSY_RATE events or more.
 */
function frameFigures({ frames, received }, startWall, endWall, timeOrigin, enginePerSecond) {
  const end = endWall - timeOrigin;
  const first = frames.findIndex((t) => t >= startWall - timeOrigin);
  if (first < 1) return null;
  const live = [];
  for (let i = first; i < frames.length && frames[i] <= end; i++) live.push({ t: frames[i], dt: frames[i] - frames[i - 1], received: received[i] });
  if (!live.length) return null;
  // Per second of the run: events arrived, and the frames drawn in it.
  const seconds = [];
  for (let from = live[0].t, i = 0; i < live.length; from += 1000) {
    const start = i;
    while (i < live.length && live[i].t < from + 1000) i++;
    if (i === start) continue;
    const before = start > 0 ? live[start - 1].received : received[first - 1];
    seconds.push({ events: live[i - 1].received - before, dts: live.slice(start, i).map((f) => f.dt) });
  }
  const engineRate = [...enginePerSecond.values()];
  const busyDts = live.filter((f) => (enginePerSecond.get(Math.floor((timeOrigin + f.t) / 1000)) ?? 0) >= BUSY_RATE).map((f) => f.dt);
  return {
    frameMs: stats(live.map((f) => f.dt)),
    pageEventsPerSecond: stats(seconds.map((s) => s.events)),
    engineEventsPerSecond: stats(engineRate),
    busySeconds: engineRate.filter((n) => n >= BUSY_RATE).length,
    busyFrameMs: busyDts.length ? stats(busyDts) : null,
  };
}

async function measure(context, stack, token, workflowId, scenario, loadName) {
  const loadBefore = load();
  const page = await context.newPage();
  const engine = (path, init = {}) => fetch(`${stack.engineUrl}${path}`, { ...init, headers: { "content-type": "application/json", authorization: `Bearer ${token}` } }).then(json);
  // A run, and its page opened at once (the page applies what follows its snapshot)
  const profiler = PROFILE ? await startProfile(page) : null;
  const tracer = TRACE ? await startTrace(page) : null;
  const run = await engine(`/api/v1/workflows/${workflowId}/runs`, { method: "POST", body: JSON.stringify({ inputs: { topic: "owls" } }) });
  let waiting;
  while ((waiting = await engine(`/api/v1/runs/${run.id}`)).status !== "waiting") await sleep(100);
  // The page open and live at the gate, the rest of the run goes
  await page.goto(`/runs/${run.id}`);
  await page.locator('[data-testid="live-indicator"][data-connection="pending"]').waitFor();
  const stream = engineStream(stack.engineUrl, token, run.id, waiting.last_event_seq);
  await sleep(200); // connected before the run goes on
  const approvedAt = Date.now();
  await engine(`/api/v1/runs/${run.id}/steps/gate/decision`, { method: "POST", body: JSON.stringify({ approved: true }) });
  let finished;
  for (;;) {
    finished = await engine(`/api/v1/runs/${run.id}`);
    if (["succeeded", "failed", "cancelled"].includes(finished.status)) break;
    await sleep(200);
  }
  if (finished.status !== "succeeded") throw new Error(`${scenario}: the run ${finished.status}: ${JSON.stringify(finished.error)}`);
  await page.waitForFunction(() => window.__bench.succeededAt !== null, null, { timeout: 180_000, polling: 100 });
  await sleep(500);
  if (tracer) await tracer.stop();
  if (profiler) await profiler.stop(join(PROFILE, `live-view-${scenario}-${loadName}-${run.id.slice(0, 8)}.cpuprofile`));
  const page_ = await page.evaluate(() => {
    const view = document.querySelector('[data-testid="run-view"]');
    return { ...window.__bench, timeOrigin: performance.timeOrigin, model: view ? { ...view.dataset } : {} };
  });
  await page.close();
  const loadAfter = load();
  await stream.done;

  const events = await durableEvents(stack.engineUrl, token, run.id);
  const started = events.find((e) => e.type === "step.succeeded" && e.node_id === "gate");
  const succeeded = events.find((e) => e.type === "run.succeeded");
  const snapshotSeq = Number(page_.model.snapshotSeq);
  const after = events.filter((e) => e.seq > snapshotSeq);
  const expected = { running: after.filter((e) => e.type === "step.started").length, succeeded: after.filter((e) => e.type === "step.succeeded").length };
  const applied = { running: Number(page_.model.appliedRunning), succeeded: Number(page_.model.appliedSucceeded) };
  const steps = events.filter((e) => e.type === "step.started" && e.seq > started.seq).length;
  /** The engine's own time for what the page watched: from the gate's approval to the run's end. */
  const runMs = Date.parse(succeeded.at) - Date.parse(started.at);
  return {
    scenario,
    load: loadName,
    runId: run.id,
    succeededDelayMs: Math.round(page_.succeededAt - Date.parse(succeeded.at)),
    states: {
      expectedAfterSnapshot: expected,
      applied,
      appliedShare: { running: share(applied.running, expected.running), succeeded: share(applied.succeeded, expected.succeeded) },
      drawn: { running: page_.drawn.running ?? 0, succeeded: page_.drawn.succeeded ?? 0 },
      snapshotSeq,
    },
    frames: frameFigures(page_, approvedAt, page_.succeededAt, page_.timeOrigin, stream.perSecond),
    page: { received: Number(page_.model.received), batches: Number(page_.model.batches), largestBatch: Number(page_.model.largestBatch) },
    engine: {
      steps,
      durableEvents: events.filter((e) => e.seq > started.seq).length,
      runMs,
      msPerStep: round(runMs / Math.max(1, steps)),
      durableEventsPerSecond: round((events.filter((e) => e.seq > started.seq).length / runMs) * 1000),
    },
    loadavg: { before: loadBefore, after: loadAfter },
  };
}

/** Chromium's timeline of the page; `stop()` prints the main thread's time per kind of work (top-level tasks' children). */
async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
  const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
  return {
    async stop() {
      await cdp.send("Tracing.end");
      await done;
      const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
      const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === "X" && typeof e.dur === "number");
      // `dur` is wall time, `tdur` the thread's CPU time: on a loaded machine the first outgrows the second.
      const byName = new Map();
      for (const e of onMain) {
        const [wall, cpu] = byName.get(e.name) ?? [0, 0];
        byName.set(e.name, [wall + e.dur / 1000, cpu + (e.tdur ?? 0) / 1000]);
      }
      const tasks = onMain.filter((e) => e.name === "RunTask");
      const sum = (key) => round(tasks.reduce((a, e) => a + (e[key] ?? 0) / 1000, 0));
      console.log(`trace: ${tasks.length} tasks on the main thread, ${sum("dur")} ms wall, ${sum("tdur")} ms CPU; by kind (wall / CPU, nested kinds overlap):`);
      for (const [name, [wall, cpu]] of [...byName].sort((a, b) => b[1][0] - a[1][0]).slice(0, 14)) console.log(`  ${wall.toFixed(0).padStart(7)} / ${cpu.toFixed(0).padStart(6)} ms  ${name}`);
      const longest = [...tasks].sort((x, y) => (y.tdur ?? 0) - (x.tdur ?? 0)).slice(0, 5);
      console.log(`  longest tasks (CPU / wall ms): ${longest.map((t) => `${round((t.tdur ?? 0) / 1000)} / ${round(t.dur / 1000)}`).join(", ")}`);
    },
  };
}

/** The page's main thread, sampled by V8 (through CDP) until `stop(file)`, which prints the top functions. */
async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  return {
    async stop(file) {
      const { profile } = await cdp.send("Profiler.stop");
      mkdirSync(PROFILE, { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      const dt = new Map(profile.samples.map((id, i) => [i, profile.timeDeltas[i] ?? 0]));
      const self = new Map();
      profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt.get(i) ?? 0)));
      const rows = profile.nodes
        .map((n) => ({ ms: (self.get(n.id) ?? 0) / 1000, fn: `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").at(-1)}:${n.callFrame.lineNumber}` }))
        .reduce((acc, r) => acc.set(r.fn, (acc.get(r.fn) ?? 0) + r.ms), new Map());
      const top = [...rows].sort((a, b) => b[1] - a[1]).slice(0, 25);
      console.log(`profile ${file}:`);
      for (const [fn, ms] of top) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${fn}`);
    },
  };
}

const share = (a, b) => (b ? Math.round((a / b) * 1000) / 10 : null);

// -- main ------------------------------------------------------------------------------------

async function main() {
  const stack = await startStack();
  const browser = await launch(stack.baseUrl);
  const results = [];
  try {
    const page = await browser.context.newPage();
    const email = `bench-${randomUUID().slice(0, 8)}@example.com`;
    const password = `pw-${randomUUID()}`;
    await page.goto("/signup");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((u) => u.pathname === "/workflows");
    await page.close();
    const auth = await json(await fetch(`${stack.baseUrl}/auth/v1/token?grant_type=password`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) }));
    const token = auth.access_token;
    const workflows = {};
    for (const scenario of SCENARIOS) {
      const spec = SPECS[scenario]?.();
      if (!spec) throw new Error(`unknown scenario ${scenario} (one of ${Object.keys(SPECS).join(", ")})`);
      const created = await json(
        await fetch(`${stack.engineUrl}/api/v1/workflows`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ name: `Live view ${scenario}`, spec }),
        }),
      );
      workflows[scenario] = created.id;
    }
    for (const loadName of LOADS) {
      const stopLoad = loadName === "cpu" ? busyLoops(cpus().length) : () => {};
      try {
        if (loadName === "cpu") await sleep(3000); // let the load average climb
        for (const scenario of SCENARIOS) {
          for (let r = 0; r < RUNS; r++) {
            const result = await measure(browser.context, stack, token, workflows[scenario], scenario, loadName);
            results.push(result);
            const f = result.frames;
            console.log(
              `${scenario.padEnd(10)} ${loadName.padEnd(5)} succeeded +${result.succeededDelayMs} ms after the engine` +
                ` | applied running ${result.states.applied.running}/${result.states.expectedAfterSnapshot.running}, succeeded ${result.states.applied.succeeded}/${result.states.expectedAfterSnapshot.succeeded}` +
                ` (drawn ${result.states.drawn.running} running)` +
                ` | frames p95 ${f?.frameMs.p95 ?? "-"} ms, while the engine streams >=${BUSY_RATE} ev/s p95 ${f?.busyFrameMs?.p95 ?? "-"} ms (${f?.busySeconds ?? 0} s)` +
                ` | events/s engine mean ${f?.engineEventsPerSecond.mean ?? "-"} peak ${f?.engineEventsPerSecond.max ?? "-"}, page peak ${f?.pageEventsPerSecond.max ?? "-"}` +
                ` | engine run ${result.engine.runMs} ms | load ${result.loadavg.after[0]}`,
            );
          }
        }
      } finally {
        stopLoad();
      }
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "");
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `live-view-${LABEL ? `${LABEL}-` : ""}${stamp}.json`);
  const goals = { succeededDelayMs: 1000, appliedSharePercent: 100 };
  writeFileSync(file, JSON.stringify({ benchmark: "live-view", label: LABEL, at: new Date().toISOString(), cores: cpus().length, busyRate: BUSY_RATE, goals, results }, null, 2));
  console.log(`wrote ${file}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

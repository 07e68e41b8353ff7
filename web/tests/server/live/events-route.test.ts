/**
 * /api/trpc/runs.events through the live-run hub, over real HTTP, against a stub engine speaking
 * the engine's SSE contract: one engine read per run, resume without gap or duplicate, a slow
 * browser dropped without slowing the others, access checked per subscriber, the run's end and
 * an upstream failure as tRPC frames them.
 */
import { connect } from "node:net";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { createRunHubs } from "@/server/live/events-route";

import { range, startBff, subscribe, until, USERS } from "./bff";
import { startStubEngine, type StubEngine } from "./stub-engine";

const RUN = "11111111-2222-4333-8444-555555555555";

let engine: StubEngine;
let bff: Awaited<ReturnType<typeof startBff>>;

beforeEach(async () => {
  engine = await startStubEngine();
  engine.addRun(RUN, [USERS.ada, USERS.bob]);
});

afterEach(async () => {
  await bff?.close();
  await engine.close();
});

const dataOf = (m: { data: string }) => JSON.parse(m.data) as Record<string, unknown>;

describe("runs.events through the live hub", () => {
  it("reads the engine once for every subscriber of a run, and gives each every event in order", async () => {
    // Given a BFF and a run with two events already committed
    bff = await startBff(engine.url);
    engine.push(RUN, "run.queued");
    engine.push(RUN, "run.started");
    // When 20 browsers of two users subscribe from the start
    const subs = range(1, 20).map((i) => subscribe(bff.eventsUrl({ runId: RUN }), i % 2 ? USERS.ada : USERS.bob));
    await until(() => subs.every((s) => s.ids().length === 2), 5_000, "every subscriber's history");
    // and the run goes on live
    for (const i of range(3, 40)) engine.push(RUN, "step.log", { line: i });
    await until(() => subs.every((s) => s.ids().length === 40), 5_000, "the live events");
    // Then one engine stream is open for them all (each subscriber's check was opened and closed)
    expect(engine.open(RUN)).toBe(1);
    expect(engine.opened).toBe(20);
    // and each got every event once, in order, with its seq as the SSE id
    for (const s of subs) expect(s.ids()).toEqual(range(1, 40));
    expect(dataOf(subs[0]!.messages.find((m) => m.id === "7")!)).toMatchObject({ type: "step.log", line: 7 });
    // and the run's end reaches everyone as tRPC's `return`
    engine.push(RUN, "run.succeeded");
    const ends = await Promise.all(subs.map((s) => s.done));
    for (const s of subs) expect(s.messages.at(-1)!.event).toBe("return");
    expect(ends.every((e) => e.status === 200 && e.headers.get("content-type") === "text/event-stream")).toBe(true);
    expect(engine.open(RUN)).toBe(0);
  });

  it("checks a viewer joining a long run at the hub's position, so the engine replays nothing the hub has", async () => {
    // Given a run of 500 events watched by one browser since its start
    bff = await startBff(engine.url);
    const first = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    for (const _ of range(1, 500)) engine.push(RUN, "step.log");
    await until(() => first.ids().length === 500, 5_000, "the first viewer's events");
    const replayedBefore = engine.replayed;
    // When 20 more open the run's page (from its start), one of them a user the engine refuses
    const viewers = range(1, 20).map((i) => subscribe(bff.eventsUrl({ runId: RUN }), i % 2 ? USERS.ada : USERS.bob));
    const stranger = subscribe(bff.eventsUrl({ runId: RUN }), USERS.mallory);
    await until(() => viewers.every((v) => v.ids().length === 500), 5_000, "the viewers' history");
    // Then each got the whole history from the hub, and the engine, asked 20 times, replayed nothing
    expect(engine.opened).toBe(1 + 20);
    expect(engine.replayed - replayedBefore).toBe(0);
    for (const v of viewers) expect(v.ids()).toEqual(range(1, 500));
    // and they go on live together; the refused one got tRPC's NOT_FOUND and no event
    engine.push(RUN, "run.succeeded");
    await Promise.all(viewers.map((v) => v.done));
    for (const v of viewers) expect(v.ids().at(-1)).toBe(501);
    await stranger.done;
    expect(stranger.ids()).toEqual([]);
    expect(stranger.messages.find((m) => m.event === "serialized-error")?.data).toContain("NOT_FOUND");
  });

  it("resumes a subscriber whose last id is inside the hub's buffer: the rest, then live, no gap, no duplicate", async () => {
    // Given a subscriber watching a run that reached seq 10
    bff = await startBff(engine.url);
    const first = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    for (const _ of range(1, 10)) engine.push(RUN, "step.log");
    await until(() => first.ids().length === 10);
    // When another reconnects with Last-Event-ID 6 (and an older lastEventId in its input, which the header overrides)
    const second = subscribe(bff.eventsUrl({ runId: RUN, lastEventId: "2" }), USERS.bob, "6");
    await until(() => second.ids().length === 4);
    for (const _ of range(11, 15)) engine.push(RUN, "step.log");
    engine.push(RUN, "run.succeeded");
    await second.done;
    // Then it got 7..16 exactly once, and the engine kept one stream for both
    expect(second.ids()).toEqual(range(7, 16));
    expect(first.ids()).toEqual(range(1, 16));
  });

  it("catches a subscriber older than the buffer up on its own engine read, then joins: no gap, no duplicate", async () => {
    // Given a hub that keeps only its last 3 events, at seq 20
    bff = await startBff(engine.url, { hubs: createRunHubs(undefined, { maxBufferedEvents: 3 }) });
    const first = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    for (const _ of range(1, 20)) engine.push(RUN, "step.log");
    await until(() => first.ids().length === 20);
    // When one resumes after 4 and another starts from the beginning
    const resumed = subscribe(bff.eventsUrl({ runId: RUN, lastEventId: "4" }), USERS.bob);
    const fresh = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    await until(() => resumed.ids().length === 16 && fresh.ids().length === 20, 5_000, "the catch-up");
    // and the run goes on
    for (const _ of range(21, 30)) engine.push(RUN, "step.log");
    await until(() => resumed.ids().at(-1) === 30 && fresh.ids().at(-1) === 30);
    // Then each has every event after its position exactly once
    expect(resumed.ids()).toEqual(range(5, 30));
    expect(fresh.ids()).toEqual(range(1, 30));
    // and after catching up they read from the hub: one engine stream again
    expect(engine.open(RUN)).toBe(1);
  });

  it("sends merged deltas to those connected, untracked and with tRPC's restore-id", async () => {
    // Given a subscriber at seq 3
    bff = await startBff(engine.url);
    const sub = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    for (const _ of range(1, 3)) engine.push(RUN, "step.started");
    await until(() => sub.ids().length === 3);
    // When the step streams tokens
    engine.delta(RUN, "a", "Hel");
    engine.delta(RUN, "a", "lo");
    await until(() => sub.messages.some((m) => m.event === "restore-id"));
    // Then one merged delta arrives with an empty id, and restore-id gives the client back seq 3
    const at = sub.messages.findIndex((m) => m.event === "message" && dataOf(m).type === "step.delta");
    expect(dataOf(sub.messages[at]!)).toMatchObject({ text: "Hello" });
    expect(sub.messages[at]!.id).toBe("");
    expect(sub.messages[at + 1]).toMatchObject({ event: "restore-id", id: "3" });
    sub.close();
  });

  it("drops a subscriber whose socket does not drain, while a fast one gets every event on time", async () => {
    // Given a BFF that drops a subscriber holding more than 256 KiB unsent
    const hubs = createRunHubs();
    bff = await startBff(engine.url, { maxPendingBytes: 256 * 1024, hubs });
    const fast = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    // and a browser that sends its request and never reads
    const port = Number(new URL(bff.url).port);
    const slow = connect(port, "127.0.0.1");
    slow.pause();
    slow.on("error", () => undefined);
    slow.write(`GET /api/trpc/runs.events?input=${encodeURIComponent(JSON.stringify({ runId: RUN }))} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${USERS.bob}\r\nAccept: text/event-stream\r\n\r\n`);
    engine.push(RUN, "run.started");
    await until(() => fast.ids().length === 1 && hubs.get(RUN)?.size === 2, 5_000, "both subscribers");
    // When 600 events of 16 KiB each are committed, 2 ms apart (~10 MB: more than the socket buffers hold)
    const sentAt = new Map<number, number>();
    const big = "x".repeat(16 * 1024);
    for (const _ of range(2, 601)) {
      const seq = engine.push(RUN, "step.log", { big });
      sentAt.set(seq, performance.now());
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(() => fast.ids().length === 601, 10_000, "the fast subscriber's events");
    // Then the fast one has them all, each within 2 s of its commit (in one process with the BFF, on a shared machine)
    expect(fast.ids()).toEqual(range(1, 601));
    const lags = fast.messages.filter((m) => m.id && sentAt.has(Number(m.id))).map((m) => m.at - sentAt.get(Number(m.id))!);
    expect(Math.max(...lags)).toBeLessThan(2_000);
    // and the slow one (it never read: the socket's buffers filled) was dropped from the hub
    expect(hubs.get(RUN)?.size).toBe(1);
    fast.close();
    slow.destroy();
  }, 30_000);

  it("gives a user the engine refuses tRPC's NOT_FOUND error and none of the run's events", async () => {
    // Given a run being watched by its owner
    bff = await startBff(engine.url);
    const owner = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    engine.push(RUN, "run.started", { secret: "s3cret" });
    await until(() => owner.ids().length === 1);
    // When another user subscribes to it
    const intruder = subscribe(bff.eventsUrl({ runId: RUN }), USERS.mallory);
    const { raw } = await intruder.done;
    // Then they get connected, then tRPC's serialized error (as toTRPCError maps the engine's 404), and no event
    expect(intruder.messages.map((m) => m.event)).toEqual(["connected", "serialized-error"]);
    const error = dataOf(intruder.messages[1]!) as { code: number; message: string; data: Record<string, unknown> };
    expect(error.message).toBe("Run not found.");
    expect(error.data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404, path: "runs.events", requestId: "req-1" });
    expect(raw).not.toContain("s3cret");
    owner.close();
  });

  it("answers a request with no session, or with bad input, exactly as tRPC does", async () => {
    // Given the BFF
    bff = await startBff(engine.url);
    for (const [input, token] of [
      [{ runId: RUN }, null],
      [{ runId: "not-a-run" }, USERS.ada],
    ] as const) {
      // When the request reaches the hub's handler, and tRPC's own adapter
      const ours = await subscribe(bff.eventsUrl(input), token).done;
      const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
      const { appRouter } = await import("@/server/routers/_app");
      const { contextFor } = await import("./bff");
      const req = new Request(bff.eventsUrl(input), { headers: token ? { authorization: `Bearer ${token}` } : {} });
      const theirs = await (await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => contextFor(engine.url)(req) })).text();
      // Then the bodies are the same
      expect(ours.raw).toBe(theirs);
      expect(ours.raw).toContain("serialized-error");
    }
    expect(engine.opened).toBe(0);
  });

  it("ends every subscriber with tRPC's serialized error when the upstream fails, and starts a fresh upstream for the next", async () => {
    // Given two subscribers of a run
    bff = await startBff(engine.url);
    const subs = [subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada), subscribe(bff.eventsUrl({ runId: RUN }), USERS.bob)];
    engine.push(RUN, "run.started");
    await until(() => subs.every((s) => s.ids().length === 1));
    // When the engine cuts the shared stream and answers the resumption with a 503
    engine.failOpens(503);
    engine.cut(RUN);
    await Promise.all(subs.map((s) => s.done));
    // Then both got the error tRPC would send
    for (const s of subs) {
      const last = s.messages.at(-1)!;
      expect(last.event).toBe("serialized-error");
      expect(dataOf(last)).toMatchObject({ message: "The database is unavailable.", data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } });
    }
    // and the next subscriber, once the engine is back, reads through a fresh upstream
    engine.failOpens(null);
    const opened = engine.opened;
    const next = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada, "1");
    engine.push(RUN, "step.started");
    await until(() => next.ids().length === 1);
    expect(next.ids()).toEqual([2]);
    expect(engine.opened).toBe(opened + 1);
    expect(engine.open(RUN)).toBe(1);
    next.close();
  });

  it("closes the shared upstream when its last subscriber leaves", async () => {
    // Given two subscribers
    bff = await startBff(engine.url);
    const subs = [subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada), subscribe(bff.eventsUrl({ runId: RUN }), USERS.bob)];
    engine.push(RUN, "run.started");
    await until(() => subs.every((s) => s.ids().length === 1));
    // When the one whose read is the upstream leaves, the other still gets events
    subs[0]!.close();
    await new Promise((r) => setTimeout(r, 50));
    engine.push(RUN, "step.started");
    await until(() => subs[1]!.ids().length === 2);
    expect(engine.open(RUN)).toBe(1);
    // and when the last leaves, the engine stream is closed
    subs[1]!.close();
    await until(() => engine.open(RUN) === 0, 5_000, "the upstream closed");
  });

  it("reconnects the others, rather than failing them, when the upstream's own token expires", async () => {
    // Given a hub whose upstream is ada's read, watched by ada and bob
    bff = await startBff(engine.url);
    const ada = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    engine.push(RUN, "run.started");
    await until(() => ada.ids().length === 1);
    const bob = subscribe(bff.eventsUrl({ runId: RUN }), USERS.bob);
    await until(() => bob.ids().length === 1);
    // When ada's token expires and the engine cuts the stream (its resumption is refused: 401)
    engine.expire(USERS.ada);
    engine.cut(RUN);
    const [adaEnd, bobEnd] = await Promise.all([ada.done, bob.done]);
    // Then both connections were closed without an error or `return` (their clients reconnect)
    for (const [s, end] of [[ada, adaEnd], [bob, bobEnd]] as const) {
      expect(s.messages.map((m) => m.event)).toEqual(["connected", "message"]);
      expect(end.error).not.toBeNull();
    }
    // and bob, reconnecting with his last id, is served by a fresh upstream on his own token
    const again = subscribe(bff.eventsUrl({ runId: RUN }), USERS.bob, "1");
    engine.push(RUN, "step.started");
    await until(() => again.ids().length === 1);
    expect(again.ids()).toEqual([2]);
    again.close();
  });

  it("pings every subscriber of an idle run at the router's interval, one frame for all", async () => {
    // Given hubs pinging every 30 ms and two subscribers of a run with nothing happening
    bff = await startBff(engine.url, { hubs: createRunHubs(undefined, { pingMs: 30 }) });
    const subs = [subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada), subscribe(bff.eventsUrl({ runId: RUN }), USERS.bob)];
    // Then both get tRPC's ping frames
    await until(() => subs.every((s) => s.messages.filter((m) => m.event === "ping").length >= 2), 5_000, "the pings");
    for (const s of subs) s.close();
  });

  it("serves a subscriber ahead of a hub still reading history: nothing twice, nothing missed", async () => {
    // Given a run with 3,000 events in the engine and a hub started from its beginning
    bff = await startBff(engine.url);
    for (const _ of range(1, 3_000)) engine.push(RUN, "step.log");
    const fromStart = subscribe(bff.eventsUrl({ runId: RUN }), USERS.ada);
    // When, while the hub may still be reading that history, another resumes after 2,500
    await until(() => fromStart.ids().length > 0);
    const ahead = subscribe(bff.eventsUrl({ runId: RUN }), USERS.bob, "2500");
    await until(() => fromStart.ids().length === 3_000 && ahead.ids().length === 500, 10_000, "the history");
    // and the run goes on, with streamed tokens
    engine.delta(RUN, "a", "tok");
    for (const _ of range(3_001, 3_010)) engine.push(RUN, "step.log");
    engine.push(RUN, "run.succeeded");
    await Promise.all([fromStart.done, ahead.done]);
    // Then each has every event after its position exactly once, in order
    expect(fromStart.ids()).toEqual(range(1, 3_011));
    expect(ahead.ids()).toEqual(range(2_501, 3_011));
  }, 20_000);
});

/**
 * The live hub against tRPC's own client: `createTRPCClient` with `httpSubscriptionLink` (the
 * browser's link, web/src/lib/trpc/client.tsx) subscribed to the BFF's /api/trpc receives the
 * run's events with their ids, and after a dropped connection resumes from its last id with no
 * gap and no duplicate. And the hub's bytes are tRPC's own: the same engine stream relayed by
 * tRPC's producer (the `runs.events` procedure over tRPC's fetch adapter) and by the hub.
 */
import { createTRPCClient, httpSubscriptionLink } from "@trpc/client";
import { tracked } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sseStreamProducer } from "@trpc/server/unstable-core-do-not-import";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { connectedFrame, RETURN_FRAME, trackedFrame, untrackedFrame } from "@/server/live/wire";
import { appRouter, type AppRouter } from "@/server/routers/_app";

import { TestEventSource } from "../../support/event-source";
import { contextFor, range, startBff, subscribe, until, USERS } from "./bff";
import { startStubEngine, type StubEngine } from "./stub-engine";

const RUN = "11111111-2222-4333-8444-555555555555";

let engine: StubEngine;
let bff: Awaited<ReturnType<typeof startBff>>;

beforeEach(async () => {
  engine = await startStubEngine();
  engine.addRun(RUN, [USERS.ada]);
  TestEventSource.connections = [];
});

afterEach(async () => {
  await bff?.close();
  await engine.close();
});

describe("runs.events through the hub, as tRPC's client sees it", () => {
  it("delivers tracked events with their ids and resumes after a dropped connection", async () => {
    // Given the BFF (the browser's cookie session stood in for by a Bearer token on its EventSource)
    bff = await startBff(engine.url);
    TestEventSource.headers = { authorization: `Bearer ${USERS.ada}` };
    const client = createTRPCClient<AppRouter>({
      links: [httpSubscriptionLink({ url: bff.url, EventSource: TestEventSource })],
    });
    const received: { id: string; seq: number }[] = [];
    let ended = false;
    try {
      engine.push(RUN, "run.queued");
      const sub = client.runs.events.subscribe(
        { runId: RUN },
        {
          onData(value) {
            const tracked = value as unknown as { id: string; data: { seq: number } };
            received.push({ id: tracked.id, seq: tracked.data.seq });
          },
          onComplete: () => (ended = true),
        },
      );
      for (const _ of range(2, 5)) engine.push(RUN, "step.log");
      await until(() => received.length === 5);
      // When the connection drops (the BFF's sockets closed)
      bff.server.closeAllConnections();
      await until(() => TestEventSource.connections.length === 2, 5_000, "the reconnection");
      for (const _ of range(6, 9)) engine.push(RUN, "step.log");
      engine.push(RUN, "run.succeeded");
      await until(() => ended, 5_000, "the subscription's end");
      sub.unsubscribe();
      // Then every event arrived once, in order, with its seq as its id
      expect(received.map((r) => r.seq)).toEqual(range(1, 10));
      expect(received.every((r) => r.id === String(r.seq))).toBe(true);
      // and the reconnection resumed from the last id received
      expect(TestEventSource.connections[1]!.lastEventId).toBe("5");
    } finally {
      TestEventSource.headers = {};
    }
  });

  it("writes the same bytes as tRPC's own subscription producer", async () => {
    // Given a run's whole stream in the engine: durable events, token deltas between them, the end
    for (const _ of range(1, 3)) engine.push(RUN, "step.started");
    engine.push(RUN, "step.log", { text: 'quotes " and\nnewlines' });
    engine.push(RUN, "run.succeeded");
    // When tRPC's fetch adapter serves the procedure, and the hub serves the same request
    bff = await startBff(engine.url);
    const url = bff.eventsUrl({ runId: RUN });
    const req = new Request(url, { headers: { authorization: `Bearer ${USERS.ada}`, "last-event-id": "1" } });
    const theirs = await (await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => contextFor(engine.url)(req) })).text();
    const ours = await subscribe(url, USERS.ada, "1").done;
    // Then the bodies are identical
    expect(theirs).toContain("id: 2");
    expect(ours.raw).toBe(theirs);
  });

  it("frames untracked values (deltas) as tRPC does, before and after the client holds an id", async () => {
    // Given tRPC's own producer, fed an untracked value, a tracked one, an untracked one
    const client = { reconnectAfterInactivityMs: 45_000 };
    async function* values() {
      yield { type: "step.delta", text: "a" };
      yield tracked("3", { type: "step.started" });
      yield { type: "step.delta", text: "b" };
    }
    const theirs = await new Response(sseStreamProducer({ data: values(), client })).text();
    // Then the hub's frames for the same values are the same bytes
    const ours =
      connectedFrame(client) +
      untrackedFrame('{"type":"step.delta","text":"a"}', null) +
      trackedFrame("3", '{"type":"step.started"}') +
      untrackedFrame('{"type":"step.delta","text":"b"}', "3") +
      RETURN_FRAME;
    expect(ours).toBe(theirs);
  });
});

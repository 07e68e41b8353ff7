/**
 * The live-run hub: one engine read per run shared by every browser watching it, each event
 * JSON-encoded and framed once (tRPC's wire format, ./wire.ts) and the same bytes queued on
 * every subscriber's response. tRPC's own subscription producer costs ~100 us of CPU per
 * delivered event (web streams, a ping race and generator delegation per subscriber): a BFF
 * process saturated at ~10,000 deliveries a second (bench/sse/README.md). Here a delivery is a
 * comparison and one enqueue.
 *
 * Keyed per run, not per (user, run): a 500-viewer dashboard costs one engine read. Nobody joins
 * without the engine's word: a subscriber first opens its own engine read with its own token
 * (./events-route.ts), and only an accepted one joins. The hub's upstream is the read of the
 * subscriber that started it (its token). When that read fails, the hub ends and the next
 * subscriber starts a fresh one: with the error for everyone (tRPC's `serialized-error`), or,
 * when the engine refused that token (401/403/404: it expired, the hub outliving its first
 * subscriber's session), by closing everyone's connection, so each reconnects and is checked
 * with its own session again.
 *
 * Resume: the hub keeps its recent durable frames (`MAX_BUFFERED_EVENTS` / `MAX_BUFFERED_BYTES`).
 * A subscriber at a position the buffer covers joins at once and is sent the frames after its
 * position; an older one catches up on its own engine read until the buffer covers it (the
 * route does that). Deltas (untracked, live only) go only to subscribers at the hub's position.
 *
 * Backpressure: each subscriber's response queue is bounded (`MAX_PENDING_BYTES`); one that
 * exceeds it (its socket does not drain) is dropped, its connection closed without `return`, so
 * its client reconnects with its last id and resumes; the others are not slowed. A hub left with
 * no subscriber aborts its upstream.
 */
import { isAbortError } from "@trpc/server/unstable-core-do-not-import";

import type { RunEventMessage } from "@/server/engine/runs";

import { trackedId } from "./run-stream";
import { PING_FRAME, RETURN_FRAME, bytes, trackedFrame, untrackedFrame } from "./wire";

/** How many recent durable frames a hub keeps for subscribers that resume (about 10 s at 200 events/s). */
export const MAX_BUFFERED_EVENTS = 2_000;
/** ...and at most this many bytes of them. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A subscriber whose response holds more than this, unsent, is dropped (it reconnects and resumes). */
export const MAX_PENDING_BYTES = 1024 * 1024;

/**
 * One browser's response: a byte stream whose queue is measured in bytes, so `pending` is what
 * its socket has not taken yet. `position` is the last durable seq it was sent (0: none).
 */
export class Subscriber {
  readonly body: ReadableStream<Uint8Array>;
  position = 0;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private closed = false;
  private readonly goneListeners: (() => void)[] = [];

  constructor(private readonly maxPendingBytes = MAX_PENDING_BYTES) {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.gone(),
      },
      { highWaterMark: 0, size: (chunk) => chunk.byteLength },
    );
  }

  get isClosed() {
    return this.closed;
  }

  /** Bytes queued and not yet taken by the response. */
  get pending() {
    return -(this.controller.desiredSize ?? 0);
  }

  /** Queues a frame; drops the subscriber (and returns false) when it is already too far behind. */
  write(frame: Uint8Array): boolean {
    if (this.closed) return false;
    if (this.pending > this.maxPendingBytes) {
      this.drop();
      return false;
    }
    this.controller.enqueue(frame);
    return true;
  }

  /** The last frame (`return` or an error), then the end of the response. */
  finish(frame?: Uint8Array) {
    if (this.closed) return;
    if (frame) this.controller.enqueue(frame);
    this.controller.close();
    this.gone();
  }

  /**
   * Closes the connection without `return`: the client reconnects and resumes from its last id.
   * The stream errors with an AbortError: Next.js's response pipe then destroys the socket
   * (its writer's abort) and logs nothing, as for a browser that left.
   */
  drop() {
    if (this.closed) return;
    this.controller.error(new DOMException("The subscriber did not keep up.", "AbortError"));
    this.gone();
  }

  /** Called once, when the subscriber is closed for any reason (including the browser leaving). */
  onGone(listener: () => void) {
    if (this.closed) listener();
    else this.goneListeners.push(listener);
  }

  /** The browser went away (or we closed it). */
  gone() {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.goneListeners.splice(0)) listener();
  }
}

/** What a hub needs from its owner: the error frame for a failure, and where to report it. */
export type HubOptions = {
  /** The `serialized-error` frame for an error (formatted as tRPC would). */
  errorFrame: (error: unknown) => string;
  /** JSON-encodes a value through the router's transformer. */
  serialize: (value: unknown) => string;
  pingMs: number;
  /** Whether an upstream failure is its token's (401/403/404): its subscribers then reconnect rather than get the error. */
  isAccessError?: (error: unknown) => boolean;
  maxBufferedEvents?: number;
  maxBufferedBytes?: number;
};

type Buffered = { seq: number; frame: Uint8Array };
/** A frame waiting for this turn's write: `seq` null for a delta, `at` the hub's position when it came. */
type Pending = { seq: number | null; at: number; frame: Uint8Array };

/** One run's shared stream. */
export class RunHub {
  private readonly subscribers = new Set<Subscriber>();
  private buffer: Buffered[] = [];
  private bufferHead = 0;
  private bufferedBytes = 0;
  /** Every durable event after `base`, up to `lastSeq`, is in the buffer. */
  private base: number;
  /** The last durable seq the upstream brought (or where it started). */
  lastSeq: number;
  ended = false;
  private batch: Pending[] = [];
  /** The hub's position when the current batch began. */
  private batchStart = 0;
  private readonly ping: ReturnType<typeof setInterval>;
  private readonly pingFrame = bytes(PING_FRAME);

  constructor(
    readonly runId: string,
    upstream: AsyncIterable<RunEventMessage>,
    private readonly abort: AbortController,
    start: number,
    private readonly options: HubOptions,
    private readonly onEnd: (hub: RunHub) => void,
  ) {
    this.base = start;
    this.lastSeq = start;
    // One timer per hub, the same frame to all (tRPC sends one per subscriber after each quiet interval).
    this.ping = setInterval(() => this.broadcast(this.pingFrame), options.pingMs);
    this.ping.unref?.();
    void this.pump(upstream);
  }

  get size() {
    return this.subscribers.size;
  }

  /** Whether a subscriber at `position` can join without a gap. */
  covers(position: number) {
    return !this.ended && position >= this.base;
  }

  /** Adds a subscriber the engine accepted, at `subscriber.position`: sends it what it missed, then the live stream. */
  join(subscriber: Subscriber) {
    const buffer = this.buffer;
    for (let i = this.bufferHead; i < buffer.length && !subscriber.isClosed; i++) {
      const entry = buffer[i]!;
      if (entry.seq > subscriber.position && subscriber.write(entry.frame)) subscriber.position = entry.seq;
    }
    if (subscriber.isClosed) return;
    this.subscribers.add(subscriber);
    subscriber.onGone(() => this.leave(subscriber));
  }

  private leave(subscriber: Subscriber) {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0 && !this.ended) this.end(null);
  }

  private async pump(upstream: AsyncIterable<RunEventMessage>) {
    try {
      for await (const message of upstream) this.publish(message);
      this.end(bytes(RETURN_FRAME));
    } catch (error) {
      if (this.abort.signal.aborted || isAbortError(error)) return this.end(null);
      // The upstream's token no longer reads the run (it expired: a hub outlives its first
      // subscriber's session): that is not the others' error. They are dropped, reconnect with
      // their own sessions and are checked again; the first starts a fresh upstream.
      if (this.options.isAccessError?.(error)) return this.end(null);
      this.end(bytes(this.options.errorFrame(error)));
    }
  }

  /**
   * Frames a message once and queues it for this turn of the event loop: the engine sends a
   * committed batch of events in one chunk, and the parser yields them one by one, so the
   * frames of one chunk go out as one write per subscriber (as the engine's own stream does),
   * not one per event.
   */
  private publish(message: RunEventMessage) {
    if (this.ended) return;
    if (this.batch.length === 0) {
      this.batchStart = this.lastSeq;
      setImmediate(() => this.flush());
    }
    const id = trackedId(message);
    const json = this.options.serialize(message.event);
    if (id === null) {
      this.batch.push({ seq: null, at: this.lastSeq, frame: bytes(untrackedFrame(json, this.lastSeq > 0 ? String(this.lastSeq) : null)) });
      return;
    }
    const frame = bytes(trackedFrame(id, json));
    this.remember(message.seq!, frame);
    this.batch.push({ seq: message.seq!, at: this.lastSeq, frame });
  }

  /** Sends the queued frames: the whole batch to each subscriber that was at its start, frame by frame to the others. */
  private flush() {
    const batch = this.batch;
    this.batch = [];
    if (this.ended || batch.length === 0) return;
    const whole = batch.length === 1 ? batch[0]!.frame : Buffer.concat(batch.map((entry) => entry.frame));
    const end = this.lastSeq;
    for (const subscriber of this.subscribers) {
      if (subscriber.position === this.batchStart) {
        if (subscriber.write(whole)) subscriber.position = end;
        continue;
      }
      for (const entry of batch) {
        if (entry.seq === null) {
          // A delta: only for a subscriber at the hub's position then (one ahead of it, still
          // waiting for the hub's history to reach it, would be given back an older id by restore-id).
          if (subscriber.position === entry.at) subscriber.write(entry.frame);
        } else if (subscriber.position < entry.seq && subscriber.write(entry.frame)) {
          subscriber.position = entry.seq;
        }
      }
    }
  }

  private remember(seq: number, frame: Uint8Array) {
    this.buffer.push({ seq, frame });
    this.bufferedBytes += frame.byteLength;
    this.lastSeq = seq;
    const maxEvents = this.options.maxBufferedEvents ?? MAX_BUFFERED_EVENTS;
    const maxBytes = this.options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
    while (this.buffer.length - this.bufferHead > maxEvents || (this.bufferedBytes > maxBytes && this.buffer.length - this.bufferHead > 1)) {
      const evicted = this.buffer[this.bufferHead++]!;
      this.bufferedBytes -= evicted.frame.byteLength;
      this.base = evicted.seq;
    }
    if (this.bufferHead > 1024 && this.bufferHead * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.bufferHead);
      this.bufferHead = 0;
    }
  }

  private broadcast(frame: Uint8Array) {
    for (const subscriber of this.subscribers) subscriber.write(frame);
  }

  /** Ends the hub: the last frame to everyone (none when the last subscriber left), upstream closed. */
  private end(frame: Uint8Array | null) {
    if (this.ended) return;
    if (frame) this.flush();
    this.ended = true;
    clearInterval(this.ping);
    this.onEnd(this);
    this.abort.abort();
    for (const subscriber of [...this.subscribers]) {
      if (frame) subscriber.finish(frame);
      else subscriber.drop();
    }
    this.subscribers.clear();
    this.buffer = [];
  }
}

/** The hubs of one BFF process, by run. */
export class RunHubs {
  private readonly hubs = new Map<string, RunHub>();

  constructor(private readonly options: HubOptions) {}

  get(runId: string): RunHub | undefined {
    return this.hubs.get(runId);
  }

  /** Starts the run's hub on an upstream read that is at `start` (its subscriber's position). */
  start(runId: string, upstream: AsyncIterable<RunEventMessage>, abort: AbortController, start: number): RunHub {
    const hub = new RunHub(runId, upstream, abort, start, this.options, (ended) => {
      if (this.hubs.get(ended.runId) === ended) this.hubs.delete(ended.runId);
    });
    this.hubs.set(runId, hub);
    return hub;
  }

  get size() {
    return this.hubs.size;
  }
}

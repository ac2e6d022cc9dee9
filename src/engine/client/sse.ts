// Server-Sent Events framing for LangGraph streams, on top of eventsource-parser.
// Handles what both servers send: multi-line `data:` (the JS server pretty-prints JSON),
// `id:` after the data, `: heartbeat` comments and CRLF lines (Python), and a plain close at the end
// (both servers: neither sends `event: end`, see docs/SERVER-DIFFERENCES.md §1).

import { createParser, type EventSourceParser } from "eventsource-parser";
import type { SseMessage } from "../model";
import { Utf8StreamDecoder } from "./utf8";

/** The stream closed in the middle of an event whose data is not complete. */
export class SseTruncatedError extends Error {
  override readonly name = "SseTruncatedError";

  constructor(
    /** Event name of the half event ("message" when it had no `event:` line). */
    readonly event: string,
    /** Characters of `data` received before the close. */
    readonly receivedChars: number,
    /** `id` of the last complete event delivered before it, if any. */
    readonly lastCompleteId: string | undefined,
  ) {
    const after = lastCompleteId === undefined ? "before any event with an id" : `after event id ${lastCompleteId}`;
    super(`the stream ended in the middle of a "${event}" event (${receivedChars} characters of data received, ${after})`);
  }
}

/** An event whose `data` is not the JSON it should be. */
export class SseDataError extends Error {
  override readonly name = "SseDataError";

  constructor(readonly sseMessage: SseMessage, cause: unknown) {
    const head = sseMessage.data.length > 80 ? `${sseMessage.data.slice(0, 80)}…` : sseMessage.data;
    const id = sseMessage.id === undefined ? "" : ` (id ${sseMessage.id})`;
    const why = (cause as Error).message;
    super(`event "${sseMessage.event}"${id} carries invalid JSON: ${why}; data starts ${JSON.stringify(head)}`, { cause });
  }
}

/** Parses an event's JSON data, or throws an `SseDataError` naming the event. */
export function parseSseData(message: SseMessage): unknown {
  try {
    return JSON.parse(message.data);
  } catch (error) {
    throw new SseDataError(message, error);
  }
}

/**
 * Incremental SSE decoder: bytes in, complete events out. Pure (no I/O), so every chunk boundary
 * can be tested. Call `finish()` at a clean end of stream (it throws if that end cut an event),
 * `abandon()` when the connection broke.
 */
export class SseDecoder {
  private readonly parser: EventSourceParser;
  private readonly text = new Utf8StreamDecoder();
  private ready: SseMessage[] = [];
  /** The last characters fed, to tell at the end whether the stream stopped between events. */
  private tail = "";
  private lastId: string | undefined;

  constructor(onComment?: (comment: string) => void) {
    this.parser = createParser({
      onEvent: (event) => {
        const message: SseMessage = { event: event.event ?? "message", data: event.data };
        if (event.id !== undefined) message.id = event.id;
        this.ready.push(message);
      },
      // Unknown fields and bad `retry:` values are ignored, as the SSE spec says.
      onError: () => undefined,
      onComment: onComment ?? (() => undefined),
    });
  }

  /** Feeds a chunk (bytes or already decoded text) and returns the events it completed. */
  push(chunk: Uint8Array | string): SseMessage[] {
    const text = typeof chunk === "string" ? chunk : this.text.decode(chunk);
    this.feed(text);
    return this.take();
  }

  /**
   * Clean end of stream: returns the events it completed. Throws `SseTruncatedError` if it stopped
   * inside an event, even one whose data looks complete: the JS server writes `id:` after the data,
   * so such an event may lack its id. A cut inside a comment or between events is not an error.
   */
  finish(): SseMessage[] {
    this.feed(this.text.end());
    // A final bare CR ends a line, but the parser waits to see whether an LF follows: settle it.
    let completed: SseMessage[] = [];
    if (this.tail.endsWith("\r")) {
      this.parser.feed("\n");
      completed = this.take();
    }
    const half = this.flushPending();
    if (half) throw new SseTruncatedError(half.event, half.data.length, this.lastId);
    const unfinished = unfinishedEvent(this.tail);
    if (unfinished) throw new SseTruncatedError(unfinished.event, 0, this.lastId);
    return completed;
  }

  /** The stream broke: returns the half-received event (never delivered), if there was one. */
  abandon(): SseMessage | undefined {
    this.feed(this.text.end());
    return this.flushPending();
  }

  /** `id` of the last event returned so far. */
  get lastEventId(): string | undefined {
    return this.lastId;
  }

  private feed(text: string): void {
    if (text === "") return;
    this.tail = text.length >= TAIL_CHARS ? text.slice(-TAIL_CHARS) : (this.tail + text).slice(-TAIL_CHARS);
    this.parser.feed(text);
  }

  private take(): SseMessage[] {
    if (this.ready.length === 0) return [];
    const out = this.ready;
    this.ready = [];
    for (const message of out) this.note(message);
    return out;
  }

  private note(message: SseMessage): void {
    if (message.id !== undefined) this.lastId = message.id;
  }

  /** Two line ends close whatever line and event were pending; an event with no data is not dispatched. */
  private flushPending(): SseMessage | undefined {
    this.parser.feed("\n\n");
    const pending = this.ready;
    this.ready = [];
    return pending[pending.length - 1];
  }
}

const TAIL_CHARS = 256;

/**
 * The event started but not closed by a blank line at the end of the stream, if any
 * (`event:`/`id:` lines or a partial line; comments do not count). Data lines are caught before this.
 */
function unfinishedEvent(tail: string): { event: string } | undefined {
  const text = tail.replace(/\r\n?/g, "\n");
  const boundary = text.lastIndexOf("\n\n");
  const lines = text.slice(boundary === -1 ? 0 : boundary + 2).split("\n");
  const fields = lines.filter((line) => line !== "" && !line.startsWith(":"));
  if (fields.length === 0) return undefined;
  const name = fields.find((line) => line.startsWith("event:"))?.slice(6).trim();
  return { event: name || "message" };
}

/** Options for `readSseStream`. */
export interface ReadSseOptions {
  /** Called for every comment line (`: heartbeat`), e.g. to track liveness. */
  onComment?: (comment: string) => void;
  /** Maps a read failure (connection reset, abort) to the error to throw; gets the half event it cut. */
  describeFailure?: (error: unknown, halfEvent: SseMessage | undefined, lastEventId: string | undefined) => unknown;
}

/**
 * Yields the complete events of an SSE body one chunk at a time (one non-empty array per chunk
 * that completed any); everything received before a failure is yielded first. Batches, because a
 * chunk of the JS server's stream holds dozens of events and each async hop per event costs.
 * The body is any async iterable of chunks: a node:http response, a web `ReadableStream`.
 */
export async function* readSseBatches(
  body: AsyncIterable<Uint8Array | string>,
  options: ReadSseOptions = {},
): AsyncGenerator<SseMessage[], void, undefined> {
  const decoder = new SseDecoder(options.onComment);
  const chunks = body[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      let chunk: IteratorResult<Uint8Array | string>;
      try {
        chunk = await chunks.next();
      } catch (error) {
        done = true;
        const half = decoder.abandon();
        throw options.describeFailure ? options.describeFailure(error, half, decoder.lastEventId) : error;
      }
      if (chunk.done) break;
      const batch = decoder.push(chunk.value);
      if (batch.length > 0) yield batch;
    }
    done = true;
    const last = decoder.finish();
    if (last.length > 0) yield last;
  } finally {
    // Stops the download when the consumer leaves early (break / return).
    if (!done) await chunks.return?.()?.catch(() => undefined);
  }
}

/** Yields every complete event of an SSE body; everything received before a failure is yielded first. */
export async function* readSseStream(
  body: AsyncIterable<Uint8Array | string>,
  options: ReadSseOptions = {},
): AsyncGenerator<SseMessage, void, undefined> {
  yield* eachMessage(readSseBatches(body, options));
}

/** The events of a batched stream one by one. */
export async function* eachMessage(batches: AsyncIterable<SseMessage[]>): AsyncGenerator<SseMessage, void, undefined> {
  for await (const batch of batches) yield* batch;
}

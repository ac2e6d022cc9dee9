// A run's event stream that survives dropped connections: it re-joins with `Last-Event-ID`
// (the debugger always starts runs with `stream_resumable: true`), drops replayed duplicates by id,
// and gives up after a bounded number of attempts without progress.

import type { Run } from "@langchain/langgraph-sdk";
import type { SseMessage } from "../model";
import type { SignalOptions } from "./assistants";
import type { OpenedSse } from "./http";
import { LangGraphHttpError } from "./httpError";

/** How hard to try re-joining a run whose stream broke. */
export interface ReconnectPolicy {
  /** Attempts in a row without receiving a new event before giving up. */
  maxAttempts: number;
  /** Delay before the second attempt (the first is immediate); doubles each time. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Default re-join policy: about 3 s of trying before the stream is declared lost. */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = { maxAttempts: 6, initialDelayMs: 100, maxDelayMs: 1600 };

/** Re-joining a run's stream failed as many times in a row as the policy allows. */
export class RunStreamLostError extends Error {
  override readonly name = "RunStreamLostError";

  constructor(
    readonly threadId: string,
    readonly runId: string,
    readonly attempts: number,
    readonly lastEventId: string | undefined,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const where = lastEventId === undefined ? "before any event" : `after event id ${lastEventId}`;
    const what = `lost the stream of run ${runId} (thread ${threadId}) ${where}`;
    super(`${what}; ${attempts} re-join attempts failed, last: ${why}`, { cause });
  }
}

/** Options of `runs.stream` and `runs.join`. */
export interface RunStreamOptions extends SignalOptions {
  /** Re-join after a dropped connection (default policy), or `false` to fail instead. */
  reconnect?: Partial<ReconnectPolicy> | false;
  /** Aborting `signal` also cancels the run on the server (default true). */
  cancelOnAbort?: boolean;
  /** Told about each re-join attempt, e.g. for the output channel. */
  onReconnect?: (attempt: number, lastEventId: string | undefined, cause: unknown) => void;
}

/**
 * What a stream needs from `client.runs` to re-join, check and cancel its run. An interface here
 * rather than `RunsClient` itself, so that runs.ts can create streams without an import cycle.
 */
export interface RunsApi {
  /** One connection to the run's stream, replaying after `lastEventId` ("-1": from the start). */
  openJoinStream(threadId: string, runId: string, options: SignalOptions & { lastEventId?: string }): Promise<OpenedSse>;
  /** The run, for its status. */
  get(threadId: string, runId: string, options: SignalOptions): Promise<Pick<Run, "status">>;
  /** Asks the server to stop the run. */
  cancel(threadId: string, runId: string, options: SignalOptions & { wait?: boolean }): Promise<void>;
}

type Connect = (signal: AbortSignal) => Promise<OpenedSse>;
/** How one connection ended, and how many new events it delivered. */
type DrainOutcome = ({ ended: true; terminal: boolean } | { ended: false; error: unknown }) & { delivered: number; received: number };

/** Statuses of a run that is not finished: its stream may still grow. */
const UNFINISHED: ReadonlySet<string> = new Set(["pending", "running"]);

/** The events of one run, each delivered once, across however many connections it takes. */
export class ResumableRunStream implements AsyncIterable<SseMessage> {
  /** Run id: known from the `content-location` header, else from the `metadata` event. */
  runId: string | undefined;
  /** `id` of the last event delivered. */
  lastEventId: string | undefined;
  /**
   * `Last-Event-ID` for a re-join: the id before the last one. Resuming after the last id would lose
   * the events that share it but had not arrived yet (Python ids repeat); the one replayed twice is dropped.
   */
  private resumeAfter: string | undefined;
  /** Re-join attempts made so far. */
  reconnects = 0;

  /**
   * How many events with each id were delivered. A count, not a set: the Python server's ids are
   * millisecond stamps (`1795293594797-0`) that several events can share.
   */
  private readonly delivered = new Map<string, number>();
  /**
   * Ids delivered by a connection that could not replay anything, not yet counted in `delivered`:
   * appending is cheaper than counting, and the counts are needed only if a re-join happens.
   */
  private uncounted: string[] = [];
  private failuresInARow = 0;
  /** The run was still running when the current re-join started (see `drain`). */
  private rejoiningLiveRun = false;
  private started = false;
  private closed = false;
  private readonly policy: ReconnectPolicy;
  private readonly onCallerAbort = () => this.cancelAfterAbort();

  /** Connects (`connect` does the first request) and returns once the server accepted it. */
  static async open(
    runs: RunsApi,
    threadId: string | null,
    runId: string | undefined,
    connect: Connect,
    options: RunStreamOptions,
    lastEventId?: string,
  ): Promise<ResumableRunStream> {
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const opened = await connect(signal);
    const location = parseContentLocation(opened.headers.get("content-location"));
    const ids = { threadId: location.threadId ?? threadId, runId: location.runId ?? runId };
    const stream = new ResumableRunStream(runs, ids.threadId, ids.runId, opened, controller, signal, options);
    if (lastEventId !== undefined && lastEventId !== "-1") stream.lastEventId = stream.resumeAfter = lastEventId;
    return stream;
  }

  private constructor(
    private readonly runs: RunsApi,
    /** Thread of the run (null for a stateless run, which cannot be re-joined). */
    readonly threadId: string | null,
    runId: string | undefined,
    private readonly first: OpenedSse,
    private readonly controller: AbortController,
    private readonly signal: AbortSignal,
    private readonly options: RunStreamOptions,
  ) {
    this.runId = runId;
    const reconnect = options.reconnect;
    this.policy = { ...DEFAULT_RECONNECT_POLICY, ...(reconnect === false ? { maxAttempts: 0 } : reconnect) };
    options.signal?.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  /** Iterates the events; only once per stream. */
  [Symbol.asyncIterator](): AsyncGenerator<SseMessage, void, undefined> {
    if (this.started) throw new Error("a run stream can be iterated only once");
    this.started = true;
    return this.iterate();
  }

  /** Asks the server to stop the run; the stream then ends (JS: with an `error` event, Python: a plain close). */
  async cancel(options: { wait?: boolean; action?: "interrupt" | "rollback"; signal?: AbortSignal } = {}): Promise<void> {
    if (this.threadId === null || this.runId === undefined) throw new Error("cannot cancel the run: its id is not known yet");
    await this.runs.cancel(this.threadId, this.runId, options);
  }

  /** Stops reading without cancelling the run (it keeps going on the server). */
  close(): void {
    this.closed = true;
    this.controller.abort(new Error("run stream closed"));
  }

  private async *iterate(): AsyncGenerator<SseMessage, void, undefined> {
    let source = this.first;
    try {
      for (;;) {
        const outcome = yield* this.drain(source);
        if (this.closed) return;
        if (this.options.signal?.aborted) throw this.options.signal.reason;
        if (outcome.ended && outcome.terminal) return;
        const canRejoin = this.threadId !== null && this.runId !== undefined && this.policy.maxAttempts > 0;
        if (!canRejoin) {
          if (!outcome.ended) throw outcome.error;
          return;
        }
        let cause: unknown = outcome.ended ? undefined : outcome.error;
        this.rejoiningLiveRun = false;
        if (outcome.ended) {
          // The JS server ends every stream with a plain close: only the run's status tells a drop from the end.
          try {
            this.rejoiningLiveRun = await this.stillRunning();
            if (this.rejoiningLiveRun) cause = new Error("the stream closed while the run was still running");
            // Without HTTP framing a cut also reads as a clean end: re-join until a re-join brings nothing
            // new. It must bring something old, though: it replays from the id before the last one, and
            // a cut (even an RST that discards what was in flight) can end it before its first event.
            else if (source.framed || (source !== this.first && outcome.delivered === 0 && outcome.received > 0)) return;
            else cause = new Error("the stream ended without HTTP framing; re-joining to check that nothing was cut off");
          } catch (error) {
            if (this.signal.aborted) throw error;
            cause = error;
          }
        } else {
          this.rejoiningLiveRun = await this.stillRunning().catch(() => false);
        }
        try {
          source = await this.rejoin(cause);
        } catch (error) {
          if (this.closed) return;
          throw error;
        }
      }
    } finally {
      this.options.signal?.removeEventListener("abort", this.onCallerAbort);
    }
  }

  /** Delivers new events from one connection; reports how that connection ended. */
  private async *drain(source: OpenedSse): AsyncGenerator<SseMessage, DrainOutcome, undefined> {
    let terminal = false;
    let delivered = 0;
    let received = 0;
    // A replay repeats events already delivered: the n-th event with an id on this connection is
    // new only if fewer than n with that id were delivered before.
    const onThisConnection = new Map<string, number>();
    // The Python server's join of a live run sends the stored events, then its live queue, which
    // may start before the last stored one: mostly the last stored event comes twice in a row
    // (same id, same bytes). Only that immediate repeat is dropped, and only when re-joining a
    // running run: identical events in one millisecond can be real, and a finished run has no queue.
    const dropImmediateRepeats = source !== this.first && this.rejoiningLiveRun;
    let previousKey: string | undefined;
    // Nothing delivered yet (the first connection, usually the only one): nothing can be a replay,
    // so the per-connection counts are not needed; the run's counts are, for a later re-join.
    const fresh = this.delivered.size === 0 && this.uncounted.length === 0 && !dropImmediateRepeats;
    if (!fresh) this.countUncounted();
    try {
      for await (const batch of source.batches) {
        for (const message of batch) {
          received++;
          if (message.id !== undefined) {
            if (fresh) {
              this.uncounted.push(message.id);
            } else {
              const nth = (onThisConnection.get(message.id) ?? 0) + 1;
              const before = this.delivered.get(message.id) ?? 0;
              const key = dropImmediateRepeats ? `${message.id}\n${message.event}\n${message.data}` : undefined;
              const repeat = key !== undefined && key === previousKey;
              previousKey = key;
              if (repeat && nth > before) continue;
              onThisConnection.set(message.id, nth);
              if (nth <= before) continue;
              this.delivered.set(message.id, before + 1);
            }
            if (message.id !== this.lastEventId) {
              this.resumeAfter = this.lastEventId;
              this.lastEventId = message.id;
            }
          }
          if (message.event === "metadata" && this.runId === undefined) this.runId = runIdOf(message.data);
          if (message.event === "end" || message.event === "error") terminal = true;
          this.failuresInARow = 0;
          delivered++;
          yield message;
        }
      }
    } catch (error) {
      return { ended: false, error, delivered, received };
    }
    return { ended: true, terminal, delivered, received };
  }

  private countUncounted(): void {
    for (const id of this.uncounted) this.delivered.set(id, (this.delivered.get(id) ?? 0) + 1);
    this.uncounted = [];
  }

  private async stillRunning(): Promise<boolean> {
    try {
      const run = await this.runs.get(this.threadId as string, this.runId as string, { signal: this.signal });
      return UNFINISHED.has(run.status);
    } catch (error) {
      if (error instanceof LangGraphHttpError && error.status === 404) return false;
      throw error;
    }
  }

  private async rejoin(cause: unknown): Promise<OpenedSse> {
    const threadId = this.threadId as string;
    const runId = this.runId as string;
    let lastError = cause;
    for (;;) {
      this.failuresInARow++;
      if (this.failuresInARow > this.policy.maxAttempts) {
        throw new RunStreamLostError(threadId, runId, this.policy.maxAttempts, this.lastEventId, lastError);
      }
      this.reconnects++;
      this.options.onReconnect?.(this.failuresInARow, this.lastEventId, lastError);
      await sleep(this.delayBefore(this.failuresInARow), this.signal);
      try {
        // "-1" replays everything.
        return await this.runs.openJoinStream(threadId, runId, { lastEventId: this.resumeAfter ?? "-1", signal: this.signal });
      } catch (error) {
        if (this.signal.aborted) throw error;
        // A 4xx (unknown run or thread) will not change by retrying.
        if (error instanceof LangGraphHttpError && error.status < 500) throw error;
        lastError = error;
      }
    }
  }

  private delayBefore(attempt: number): number {
    if (attempt <= 1) return 0;
    return Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** (attempt - 2));
  }

  private cancelAfterAbort(): void {
    if (this.options.cancelOnAbort === false || this.closed) return;
    if (this.threadId === null || this.runId === undefined) return;
    // Fire and forget: the caller is gone, and an unreachable server has nothing to cancel anyway.
    this.runs.cancel(this.threadId, this.runId, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  }
}

/** Thread and run id from `content-location: /threads/{tid}/runs/{run_id}` (or `/runs/{run_id}`). */
export function parseContentLocation(location: string | null): { threadId?: string; runId?: string } {
  const match = location ? /(?:\/threads\/([^/?#]+))?\/runs\/([^/?#]+)/.exec(location) : null;
  if (!match) return {};
  return { threadId: match[1] ? decodeURIComponent(match[1]) : undefined, runId: decodeURIComponent(match[2]) };
}

function runIdOf(data: string): string | undefined {
  try {
    const parsed = JSON.parse(data) as { run_id?: unknown };
    return typeof parsed.run_id === "string" ? parsed.run_id : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

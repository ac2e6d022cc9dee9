// Glue of the run engine: SSE messages of one run → RunEvents → Supersteps, and at the end the
// RunOutcome, decided from the stream and the thread read once the stream ended.
import { parseSseMessage } from "./events";
import type { RunEvent, RunOutcome, SseMessage, Superstep } from "./model";
import { decideOutcome, emptySummary, noteEvent, type BreakpointList, type StreamSummary, type ThreadLike, type ThreadStateLike } from "./outcome";
import { diffStates } from "./diff";
import { SuperstepAssembler, type SuperstepAssemblerOptions } from "./supersteps";
import { messageOf } from "./errorMessage";

/** What the session needs of `client.threads` (LangGraphClient's ThreadsClient fits). */
export interface RunSessionThreads {
  state(threadId: string, options?: { subgraphs?: boolean; signal?: AbortSignal }): Promise<unknown>;
  get(threadId: string, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** What a run session yields, in stream order. */
export type RunSessionItem =
  | { type: "events"; events: RunEvent[] }
  | { type: "superstep"; superstep: Superstep }
  | { type: "outcome"; outcome: RunOutcome; head?: ThreadHead };

/** Where the thread stands after the run, read from its state (absent when unreadable). */
export interface ThreadHead {
  checkpointId?: string;
  values: unknown;
  next: string[];
}

/** Options of `runSession`. */
export interface RunSessionOptions extends SuperstepAssemblerOptions {
  /** Where to read the thread after the stream; null for a stateless run. */
  threads: RunSessionThreads | null;
  threadId: string | null;
  /** The run's breakpoints, to tell "paused before" from "paused after". */
  interruptBefore?: BreakpointList;
  interruptAfter?: BreakpointList;
  /** Aborted when the user cancelled: the outcome is then `cancelled`. */
  signal?: AbortSignal;
  /** Sees each message as received, before it is parsed (a recorder). */
  onMessage?(message: SseMessage, receivedAt: number): void;
}

/** Synchronous core of a session: feed SSE messages, get events and closed supersteps back. */
export class RunPipeline {
  readonly assembler: SuperstepAssembler;
  readonly summary: StreamSummary;
  constructor(options: SuperstepAssemblerOptions & { interruptBefore?: BreakpointList; interruptAfter?: BreakpointList } = {}) {
    this.assembler = new SuperstepAssembler(options);
    this.summary = emptySummary({ interruptBefore: options.interruptBefore, interruptAfter: options.interruptAfter });
  }

  /** Parses one SSE message and feeds its events on; returns them and any supersteps they closed. */
  accept(message: SseMessage, receivedAt: number = Date.now()): { events: RunEvent[]; supersteps: Superstep[] } {
    const events = parseSseMessage(message, receivedAt);
    let supersteps: Superstep[] = NONE;
    for (const event of events) {
      noteEvent(this.summary, event);
      const closed = this.assembler.push(event);
      if (closed.length > 0) supersteps = supersteps === NONE ? closed : supersteps.concat(closed);
    }
    this.noteClosed(supersteps);
    return { events, supersteps };
  }

  /** The stream ended: flushes the steps still open. */
  finish(): Superstep[] {
    const closed = this.assembler.finish();
    this.noteClosed(closed);
    return closed;
  }

  private noteClosed(supersteps: Superstep[]): void {
    for (const s of supersteps) {
      if (s.ns.length === 0 && s.nodes.length > 0) {
        this.summary.lastStepNodes = s.nodes.map((n) => n.node);
      }
    }
  }
}

const NONE: Superstep[] = [];

/**
 * Runs the engine over one run's stream: yields each message's events, each closed superstep, and
 * finally the outcome (also returned). A broken stream is not thrown: everything received is
 * yielded first and the outcome says what happened.
 */
export async function* runSession(
  stream: AsyncIterable<SseMessage>,
  options: RunSessionOptions,
): AsyncGenerator<RunSessionItem, RunOutcome, undefined> {
  const pipeline = new RunPipeline(options);
  try {
    for await (const message of stream) {
      const receivedAt = Date.now();
      options.onMessage?.(message, receivedAt);
      const { events, supersteps } = pipeline.accept(message, receivedAt);
      yield { type: "events", events };
      for (const superstep of supersteps) yield { type: "superstep", superstep };
      if (events.some((e) => e.kind === "end")) break;
    }
  } catch (error) {
    if (options.signal?.aborted) pipeline.summary.aborted = true;
    else pipeline.summary.transportError = messageOf(error);
  }
  if (options.signal?.aborted) pipeline.summary.aborted = true;
  const unfinished = pipeline.finish();
  const { state, thread } = await readThread(options);
  const head = state ? headOf(state) : undefined;
  if (head) settleLastRootStep(unfinished, head, options.diff ?? diffStates);
  for (const superstep of unfinished) yield { type: "superstep", superstep };
  const outcome = decideOutcome(pipeline.summary, state, thread);
  yield head ? { type: "outcome", outcome, head } : { type: "outcome", outcome };
  return outcome;
}

/**
 * A root step left open when the stream ended ends where the thread is: a run paused after a node
 * (interrupt_after) saves that step's checkpoint, but the JS server does not stream it, so only the
 * thread's state tells what the step changed. (Paused in, failed or cancelled: the state is the one
 * before the step, and the step changed nothing.)
 */
export function settleLastRootStep(unfinished: Superstep[], head: ThreadHead, diff: (before: unknown, after: unknown) => Superstep["diff"]): void {
  const step = unfinished.findLast((s) => s.ns.length === 0);
  if (!step || head.values === undefined) return;
  step.stateAfter = head.values;
  step.diff = diff(step.stateBefore, head.values);
  if (step.diff.length > 0 && head.checkpointId) step.checkpointId = head.checkpointId;
}

function headOf(state: ThreadStateLike): ThreadHead {
  const full = state as ThreadStateLike & { values?: unknown; checkpoint?: { checkpoint_id?: string } | null };
  return { checkpointId: full.checkpoint?.checkpoint_id ?? undefined, values: full.values, next: state.next };
}

/** Reads the thread's state (with subgraphs) and status after the run; nulls when that fails. */
async function readThread(options: RunSessionOptions): Promise<{ state: ThreadStateLike | null; thread: ThreadLike | null }> {
  if (!options.threads || options.threadId === null) return { state: null, thread: null };
  const [state, thread] = await Promise.all([
    options.threads.state(options.threadId, { subgraphs: true }).catch(() => null),
    options.threads.get(options.threadId).catch(() => null),
  ]);
  return { state: state as ThreadStateLike | null, thread: thread as ThreadLike | null };
}

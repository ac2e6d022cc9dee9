// A recording answering as its deployment did: the graph, schemas, the thread's state and history,
// and runs that play the recorded stream back. A replayed run stops where a live run with the same
// breakpoints would have (before a node that comes next, after a node that ran, at a recorded
// interrupt()), so the driver, the debug adapter and the views work on it unchanged, offline and
// deterministically. Nothing can be written: the recording is read-only.
import type { Assistant, Run, Thread, ThreadState } from "@langchain/langgraph-sdk";
import type { LangGraphApi, LangGraphRuns, RunStream } from "../client/api";
import type { RunStreamPayload } from "../client/runs";
import type { SseMessage } from "../model";
import type { BreakpointList } from "../outcome";
import type { Recording } from "./format";
import { buildTimeline, type ReplayTimeline, type StopPoint } from "./replayTimeline";

/** Refused because a recording cannot change. */
export class ReadOnlyRecordingError extends Error {
  constructor(what: string) {
    super(`${what}: a recording is read-only. Run the graph on a deployment to change it.`);
  }
}

/** The `apiUrl` of a replay: where it came from, marked as a replay. */
export function replayUrl(file: string): string {
  return `replay:${file}`;
}

export class ReplayClient implements LangGraphApi {
  readonly apiUrl: string;
  readonly assistants: LangGraphApi["assistants"];
  readonly threads: LangGraphApi["threads"];
  readonly runs: LangGraphRuns;
  private readonly timeline: ReplayTimeline;
  /** Messages of the timeline the thread has gone through. */
  private position = 0;

  constructor(
    readonly recording: Recording,
    file: string,
  ) {
    this.apiUrl = replayUrl(file);
    this.timeline = buildTimeline(recording);
    this.assistants = {
      search: async () => [this.assistant()],
      get: async (id) => this.assistant(id),
      graph: async (id) => {
        this.assistant(id);
        if (!recording.graph) throw new Error(`The recording ${file} holds no graph.`);
        return recording.graph as never;
      },
      schemas: async (id) => {
        this.assistant(id);
        if (recording.schemas === undefined) throw new Error(`The recording ${file} holds no schemas.`);
        return recording.schemas as never;
      },
    };
    this.threads = {
      create: async () => {
        this.position = 0;
        return this.thread();
      },
      get: async (id) => this.thread(id),
      search: async () => [this.thread()],
      state: async (id) => {
        this.thread(id);
        return this.headState();
      },
      stateAt: async (id, checkpointId) => {
        this.thread(id);
        const state = this.stateOf(checkpointId);
        if (!state) throw new Error(`Checkpoint ${checkpointId} is not in this recording.`);
        return state;
      },
      history: async (id, options = {}) => {
        this.thread(id);
        return this.historyToHead().slice(0, options.limit ?? 10);
      },
      updateState: async () => {
        throw new ReadOnlyRecordingError("Editing state");
      },
    };
    this.runs = {
      stream: async (threadId, assistantId, payload = {}) => {
        if (threadId !== null) this.thread(threadId);
        this.assistant(assistantId);
        return this.play(payload);
      },
      join: async () => {
        throw new Error("A recording has no run in progress to join.");
      },
      cancel: async () => undefined,
      get: async (_threadId, runId) => {
        throw new Error(`Run ${runId} cannot be read from a recording.`);
      },
      list: async () => [] as Run[],
    };
  }

  /** The stop point the thread is at (undefined: before the first recorded message). */
  private get head(): StopPoint | undefined {
    return this.timeline.points.findLast((p) => p.at <= this.position);
  }

  private play(payload: RunStreamPayload): RunStream {
    if (payload.checkpoint_id) this.position = this.positionOf(payload.checkpoint_id);
    const { messages, points, repeats, runOf } = this.timeline;
    const before = payload.interrupt_before as BreakpointList;
    const after = payload.interrupt_after as BreakpointList;
    const start = this.position;
    let cancelled = false;
    const moveTo = (position: number) => {
      this.position = position;
    };
    async function* messagesFrom(): AsyncGenerator<SseMessage> {
      let sentMetadata = false;
      let point = points.findIndex((p) => p.at > start);
      for (let i = start; i < messages.length && !cancelled; i++) {
        const message = messages[i];
        // One run to the driver: one metadata event first; the recorded runs' own ends are not ends here.
        const mode = message.event.split("|")[0];
        const skip = (mode === "metadata" && sentMetadata) || (mode === "end" && i < messages.length - 1) || (repeats.has(i) && runOf[i] !== runOf[start]);
        if (!skip) {
          if (mode === "metadata") sentMetadata = true;
          yield message;
        }
        moveTo(i + 1);
        while (point >= 0 && point < points.length && points[point].at === i + 1) {
          if (stopsAt(points[point], before, after)) return;
          point++;
        }
      }
    }
    const iterable = messagesFrom();
    return {
      [Symbol.asyncIterator]: () => iterable,
      cancel: async () => {
        cancelled = true;
      },
    };
  }

  private positionOf(checkpointId: string): number {
    const point = this.timeline.points.find((p) => p.checkpointId === checkpointId);
    if (point) return point.at;
    // Not a place the recorded runs stood (the checkpoint the first run went on from, or a branch
    // of the history no recorded run took): the replay goes on from the start.
    if (this.timeline.points.length === 0 || this.stateOf(checkpointId) !== undefined) return 0;
    throw new Error(`Checkpoint ${checkpointId} is not in this recording.`);
  }

  /** The thread's state where the replay stands. */
  private headState(): ThreadState {
    const head = this.head;
    if (!head) return this.initialState();
    const state = this.stateOf(head.checkpointId) ?? synthesized(this.recording.threadId, head);
    // History was read after the fact: a checkpoint's tasks carry the interrupt() they raised later.
    // Stopped before that happened (a breakpoint), the tasks have not interrupted yet.
    if (head.recorded?.status === "waiting" || !state.tasks?.some((t) => t.interrupts?.length)) return state;
    return { ...state, tasks: state.tasks.map((t) => ({ ...t, interrupts: [] })) };
  }

  /** Before the first recorded message: the checkpoint the first run went on from, else an empty thread. */
  private initialState(): ThreadState {
    const first = this.timeline.points[0];
    const parent = first?.checkpointId ? this.stateOf(first.checkpointId)?.parent_checkpoint?.checkpoint_id : undefined;
    const fromHistory = parent ? this.stateOf(parent) : undefined;
    if (fromHistory) return fromHistory;
    return { values: {}, next: [], tasks: [], checkpoint: null, metadata: null, created_at: null, parent_checkpoint: null } as unknown as ThreadState;
  }

  private stateOf(checkpointId: string | undefined): ThreadState | undefined {
    return checkpointId ? this.recording.history.find((s) => s.checkpoint?.checkpoint_id === checkpointId) : undefined;
  }

  /** History as the thread had it where the replay stands: the head and what came before, newest first. */
  private historyToHead(): ThreadState[] {
    const headId = this.head?.checkpointId ?? this.initialState().checkpoint?.checkpoint_id;
    const index = headId ? this.recording.history.findIndex((s) => s.checkpoint?.checkpoint_id === headId) : -1;
    return index >= 0 ? this.recording.history.slice(index) : [];
  }

  private assistant(id?: string): Assistant {
    const { assistantId, graphId } = this.recording;
    if (id !== undefined && id !== assistantId && id !== graphId) throw new Error(`The recording is of assistant ${assistantId}${graphId ? ` (graph ${graphId})` : ""}, not ${id}.`);
    return { assistant_id: assistantId, graph_id: graphId ?? assistantId, name: graphId ?? assistantId, config: {}, metadata: {}, version: 1, created_at: "", updated_at: "" } as unknown as Assistant;
  }

  private thread(id?: string): Thread {
    const { threadId } = this.recording;
    if (id !== undefined && id !== threadId) throw new Error(`The recording is of thread ${threadId}, not ${id}.`);
    const head = this.head;
    const status = head?.recorded?.status === "failed" ? "error" : head && (head.next.length > 0 || head.recorded?.status === "waiting") ? "interrupted" : "idle";
    return { thread_id: threadId, status, metadata: {}, values: {}, created_at: "", updated_at: "" } as unknown as Thread;
  }
}

/** Whether a replayed run stops at a point, as the server would with these breakpoints. */
function stopsAt(point: StopPoint, before: BreakpointList, after: BreakpointList): boolean {
  if (point.recorded?.status === "waiting") return true;
  if (point.again) return false;
  if (matches(before, point.next)) return true;
  return matches(after, point.ran);
}

/** As LangGraph's `should_interrupt`: `"*"` means every node but the hidden `__start__`. */
function matches(list: BreakpointList, nodes: string[]): boolean {
  if (!list || nodes.length === 0) return false;
  return list === "*" ? nodes.some((n) => n !== "__start__") : nodes.some((n) => list.includes(n));
}

/** A state for a point the history does not hold (cut by its limit): what the stream said of it. */
function synthesized(threadId: string, point: StopPoint): ThreadState {
  return {
    values: point.values ?? point.head?.values ?? {},
    next: point.next,
    tasks: point.tasks ?? [],
    checkpoint: point.checkpointId ? { checkpoint_id: point.checkpointId, thread_id: threadId, checkpoint_ns: "" } : null,
    metadata: null,
    created_at: null,
    parent_checkpoint: null,
  } as unknown as ThreadState;
}

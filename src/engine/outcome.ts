// How a run ended. The stream alone cannot tell (the JS server just closes it), so the decision
// combines what the stream showed with the thread's state read after the end.
import { parseInterrupts } from "./events";
import type { InterruptInfo, Namespace, RunEvent, RunOutcome } from "./model";

/** Breakpoint lists as sent with the run (`interrupt_before` / `interrupt_after`). */
export type BreakpointList = string[] | "*" | undefined;

/** What the stream showed about how the run ended. */
export interface StreamSummary {
  /** `error` events (the last one ends the stream). */
  errors: { error: string; message: string }[];
  /** Tasks whose result carried an error, in order. */
  failedTasks: { node: string; ns: Namespace; error: { name: string; message: string } }[];
  /** Interrupts seen in `__interrupt__` updates and task results. */
  interrupts: InterruptInfo[];
  /** Root nodes that ran in the last root superstep. */
  lastStepNodes: string[];
  /** The run's `interrupt_before`, if any. */
  interruptBefore?: BreakpointList;
  /** The run's `interrupt_after`, if any. */
  interruptAfter?: BreakpointList;
  /** The client stopped the run (user cancel / abort). */
  aborted?: boolean;
  /** The stream broke and could not be re-joined. */
  transportError?: string;
}

/** The parts of `GET /threads/{id}/state?subgraphs=true` the decision reads. */
export interface ThreadStateLike {
  next: string[];
  tasks: { id: string; name: string; error?: unknown; interrupts?: unknown[]; result?: unknown; state?: ThreadStateLike | null }[];
  checkpoint?: { checkpoint_ns?: string } | null;
}

/** The parts of `GET /threads/{id}` the decision reads. */
export interface ThreadLike {
  status?: string;
  /**
   * The interrupts still waiting, by task id. The one list both servers keep right: the state's
   * `tasks` keep an answered interrupt (JS) or lose a waiting one (Python), and `next` is empty
   * while a node that interrupted twice waits again (docs/SERVER-DIFFERENCES.md §13).
   */
  interrupts?: Record<string, unknown[]> | null;
}

/** The message the JS server sends in the `error` event when a run is cancelled. */
const CANCEL_MESSAGE = "interrupt";

/** A summary with nothing in it, to fill while streaming. */
export function emptySummary(request: { interruptBefore?: BreakpointList; interruptAfter?: BreakpointList } = {}): StreamSummary {
  return { errors: [], failedTasks: [], interrupts: [], lastStepNodes: [], ...request };
}

/** Records what an event says about the outcome. */
export function noteEvent(summary: StreamSummary, event: RunEvent): void {
  if (event.kind === "error") summary.errors.push({ error: event.error, message: event.message });
  else if (event.kind === "interrupt") summary.interrupts.push(...event.interrupts);
  else if (event.kind === "taskResult") {
    if (event.error) summary.failedTasks.push({ node: event.node, ns: event.ns, error: event.error });
    summary.interrupts.push(...event.interrupts);
  }
}

/** Decides the outcome from the stream summary and the thread state read after the stream ended (null if unreadable). */
export function decideOutcome(summary: StreamSummary, state: ThreadStateLike | null, thread?: ThreadLike | null): RunOutcome {
  const lastError = summary.errors[summary.errors.length - 1];
  if (summary.aborted || (lastError?.message === CANCEL_MESSAGE && summary.failedTasks.length === 0)) return { status: "cancelled" };

  const stateFailure = stateTaskError(state);
  // Python ends a cancelled run's stream with a plain close, records `CancelledError()` as the
  // task's error and leaves the thread interrupted (docs/SERVER-DIFFERENCES.md §7).
  if (!lastError && summary.failedTasks.length === 0 && thread?.status === "interrupted" && stateFailure?.error.name === "CancelledError") {
    return { status: "cancelled" };
  }
  const failedTask = summary.failedTasks[summary.failedTasks.length - 1] ?? stateFailure;
  if (failedTask || lastError) {
    return { status: "failed", node: failedTask?.node, message: failedTask?.error.message ?? lastError!.message };
  }

  // A broken stream is explained by the thread only if it says the run stopped (idle or interrupted).
  const settled = thread?.status === "idle" || thread?.status === "interrupted";
  if (summary.transportError && !settled) return { status: "failed", message: summary.transportError };

  const seen = mergeInterrupts([...(state ? stateInterrupts(state, []) : []), ...summary.interrupts]);
  const waiting = thread?.status === "interrupted" ? threadInterrupts(thread, state, seen) : undefined;
  if (waiting && waiting.length > 0) return { status: "waiting", interrupts: waiting };
  const interrupts = waiting ? [] : seen;
  const withPayload = interrupts.filter((i) => i.id !== undefined || i.value !== undefined);
  if (withPayload.length > 0 && (state === null || state.next.length > 0)) return { status: "waiting", interrupts: withPayload };

  if (state && state.next.length > 0 && thread?.status !== "error") return pausedAt(summary, state.next);
  // Python: paused after the branches of a fan-in (`join` waits on `left` and `right`), the thread is
  // `interrupted` but `next` and `tasks` are empty; going on runs the join (docs/SERVER-DIFFERENCES.md §7a).
  if (state && thread?.status === "interrupted") {
    const after = matching(summary.interruptAfter, summary.lastStepNodes);
    if (after.length > 0) return { status: "paused", when: "after", nodes: after };
  }
  if (thread?.status === "error") return { status: "failed", message: "the run ended with an error the stream did not report" };
  return { status: "finished" };
}

/** A static breakpoint: after the nodes that just ran if they are in `interrupt_after`, else before `next`. */
function pausedAt(summary: StreamSummary, next: string[]): RunOutcome {
  const after = matching(summary.interruptAfter, summary.lastStepNodes);
  if (after.length > 0) return { status: "paused", when: "after", nodes: after };
  const before = matching(summary.interruptBefore, next);
  return { status: "paused", when: "before", nodes: before.length > 0 ? before : next };
}

function matching(list: BreakpointList, nodes: string[]): string[] {
  if (list === "*") return [...new Set(nodes)];
  if (!list) return [];
  return [...new Set(nodes.filter((n) => list.includes(n)))];
}

/** The failed task recorded in the state (`tasks[].error` is a JSON string on the JS server). */
function stateTaskError(state: ThreadStateLike | null): StreamSummary["failedTasks"][number] | undefined {
  for (const task of state?.tasks ?? []) {
    if (task.error === null || task.error === undefined || task.error === "") continue;
    return { node: task.name, ns: [], error: readTaskError(task.error) };
  }
  return undefined;
}

function readTaskError(error: unknown): { name: string; message: string } {
  let value = error;
  if (typeof value === "string") {
    // JS server: a JSON string. Python server: the exception's repr, e.g. `RuntimeError("Boom")`.
    const repr = /^(\w+)\((?:(["'])([\s\S]*)\2)?\)$/.exec(value);
    if (repr) return { name: repr[1], message: repr[3] ?? repr[1] };
    try {
      value = JSON.parse(value);
    } catch {
      return { name: "Error", message: value as string };
    }
  }
  const obj = (value ?? {}) as Record<string, unknown>;
  const message = typeof obj.message === "string" ? obj.message : JSON.stringify(value);
  return { name: typeof obj.name === "string" ? obj.name : "Error", message };
}

/**
 * The thread's waiting interrupts (undefined when the server did not list them), each with the
 * node and namespace the stream or the state told, looked up by interrupt id, else by task id.
 */
function threadInterrupts(thread: ThreadLike, state: ThreadStateLike | null, seen: InterruptInfo[]): InterruptInfo[] | undefined {
  if (!thread.interrupts || typeof thread.interrupts !== "object") return undefined;
  const byId = new Map(seen.filter((i) => i.id !== undefined).map((i) => [i.id, i]));
  const taskNames = new Map((state?.tasks ?? []).map((t) => [t.id, t.name]));
  return Object.entries(thread.interrupts).flatMap(([taskId, list]) =>
    parseInterrupts(list, []).map((info) => {
      const known = info.id !== undefined ? byId.get(info.id) : undefined;
      const node = known?.node ?? taskNames.get(taskId);
      return { ...info, ns: known?.ns ?? info.ns, ...(node !== undefined ? { node } : {}) };
    }),
  );
}

/** Interrupts of the state's tasks, descending into paused subgraphs' states (not those of tasks that have a result: answered). */
function stateInterrupts(state: ThreadStateLike, ns: Namespace): InterruptInfo[] {
  const found: InterruptInfo[] = [];
  for (const task of state.tasks ?? []) {
    if (task.result === undefined || task.result === null) found.push(...parseInterrupts(task.interrupts, ns, task.name));
    if (task.state) {
      const innerNs = task.state.checkpoint?.checkpoint_ns;
      found.push(...stateInterrupts(task.state, innerNs ? innerNs.split("|") : [...ns, `${task.name}:${task.id}`]));
    }
  }
  return found;
}

/** One entry per interrupt id, keeping the deepest namespace it was seen in. */
export function mergeInterrupts(list: InterruptInfo[]): InterruptInfo[] {
  const byId = new Map<string, InterruptInfo>();
  const anonymous: InterruptInfo[] = [];
  for (const item of list) {
    if (item.id === undefined) {
      anonymous.push(item);
      continue;
    }
    const seen = byId.get(item.id);
    // The deepest namespace wins; node and schema come from whichever sighting had them.
    const [kept, other] = !seen || item.ns.length > seen.ns.length ? [item, seen] : [seen, item];
    const merged = { ...kept };
    if (merged.node === undefined && other?.node !== undefined) merged.node = other.node;
    if (merged.responseSchema === undefined && other?.responseSchema !== undefined) merged.responseSchema = other.responseSchema;
    byId.set(item.id, merged);
  }
  return [...byId.values(), ...anonymous];
}

/** A short description of an outcome, for logs and the status bar (`short`: without the error message). */
export function describeOutcome(outcome: RunOutcome, options: { short?: boolean } = {}): string {
  switch (outcome.status) {
    case "finished":
      return "finished";
    case "paused":
      return `paused ${outcome.when} ${outcome.nodes.join(", ")}`;
    case "waiting":
      return "waiting for input";
    case "failed":
      return `failed${outcome.node ? ` in ${outcome.node}` : ""}${options.short ? "" : `: ${outcome.message}`}`;
    case "cancelled":
      return "cancelled";
  }
}

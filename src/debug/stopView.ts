// What the session shows at a stop, read once per stop: the thread's state at the checkpoint the driver
// stands on (with paused subgraphs), its pending tasks as stack frames, and from the driver's story
// the last superstep's writes and diff.
import { StoppedEvent } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { LangGraphApi } from "../engine/client";
import { diffStates } from "../engine/diff";
import type { DriverTarget } from "../engine/driver/threadDriver";
import { parseInterrupts } from "../engine/events";
import type { InterruptInfo, Namespace, Superstep } from "../engine/model";
import type { Resolved } from "./launch";
import type { Verdict } from "./runLoop";
import type { StopView } from "./variables";

/** One pending task of the thread: a stack frame. */
export interface Frame {
  /** Node name, with the subgraph path: `child › child_llm`. */
  name: string;
  taskId?: string;
}

/** A stop: the checkpoint shown, its frames and variables. */
export interface Stop {
  checkpointId?: string;
  frames: Frame[];
  view: StopView;
  /** The node that last wrote a state key (what a state edit is written as), if a node did. */
  lastWriter(key: string): string | undefined;
}

interface TaskLike {
  id: string;
  name: string;
  interrupts?: unknown[];
  state?: { tasks?: TaskLike[]; checkpoint?: { checkpoint_ns?: string } | null } | null;
}

/**
 * Reads the stop the driver's target stands on. `since`: the state at the previous pause, which the
 * Changes scope is the diff from (a step the run paused after has no diff of its own); absent, the last
 * superstep's diff.
 */
export async function readStop(client: LangGraphApi, target: DriverTarget, supersteps: readonly Superstep[], resolved: Resolved | undefined, since?: unknown): Promise<Stop> {
  // After stepping back the stop is the checkpoint travelled to (the thread itself stays where it was).
  const at = target.forkFrom ?? target.checkpointId;
  let state = await client.threads.state(target.threadId, { subgraphs: true });
  if (at && state.checkpoint?.checkpoint_id !== at) {
    state = await client.threads.stateAt(target.threadId, at, { subgraphs: true });
  }
  const tasks = (state.tasks ?? []) as unknown as TaskLike[];
  const frames: Frame[] = [];
  const interrupts: InterruptInfo[] = [];
  collect(tasks, [], [], frames, interrupts);
  if (frames.length === 0) frames.push({ name: state.next.length ? state.next.join(", ") : "(end of the graph)" });
  const root = supersteps.filter((s) => s.ns.length === 0);
  const last = root.at(-1);
  const checkpointId = state.checkpoint?.checkpoint_id ?? at;
  const view: StopView = {
    state: (state.values ?? {}) as Record<string, unknown>,
    writes: last ? writesOf(last) : {},
    changes: since === undefined ? (last?.diff ?? []) : diffStates(since, state.values),
    // The outcome's list is the thread's own (docs/SERVER-DIFFERENCES.md §13): the state's tasks keep answered interrupts (JS) or lose waiting ones (Python).
    next: { nodes: state.next, interrupts: target.outcome?.status === "waiting" && !target.forkFrom ? target.outcome.interrupts : interrupts },
    config: {
      assistant: target.assistantId,
      thread: target.threadId,
      checkpoint: checkpointId ?? null,
      config: resolved?.config ?? {},
      ...(resolved?.context === undefined ? {} : { context: resolved.context }),
      metadata: state.metadata ?? {},
    },
  };
  return { checkpointId, frames, view, lastWriter: (key) => lastWriter(root, key) };
}

/** Frames for the leaf tasks (a paused subgraph's own tasks under its node) and their interrupts. */
function collect(tasks: TaskLike[], names: string[], ns: Namespace, frames: Frame[], interrupts: InterruptInfo[]): void {
  for (const task of tasks) {
    const path = [...names, task.name];
    interrupts.push(...parseInterrupts(task.interrupts, ns, task.name).filter((i) => !interrupts.some((seen) => seen.id !== undefined && seen.id === i.id)));
    const inner = task.state?.tasks ?? [];
    if (inner.length > 0) collect(inner, path, task.state?.checkpoint?.checkpoint_ns ? task.state.checkpoint.checkpoint_ns.split("|") : [...ns, `${task.name}:${task.id}`], frames, interrupts);
    else frames.push({ name: path.join(" › "), taskId: task.id });
  }
}

function writesOf(step: Superstep): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const node of step.nodes) out[node.node] = node.writes ?? null;
  return out;
}

function lastWriter(root: readonly Superstep[], key: string): string | undefined {
  for (let i = root.length - 1; i >= 0; i--) {
    for (const node of root[i].nodes) {
      const writes = node.writes as Record<string, unknown> | null | undefined;
      if (writes && typeof writes === "object" && key in writes) return node.node.startsWith("__") ? undefined : node.node;
    }
  }
  return undefined;
}

/** The DAP `stopped` event of a stop verdict (every thread stops: there is one). */
export function stoppedEvent(verdict: Extract<Verdict, { type: "stop" }>, threadId: number): DebugProtocol.StoppedEvent {
  const event = new StoppedEvent(verdict.reason, threadId) as DebugProtocol.StoppedEvent;
  event.body.description = verdict.description;
  event.body.text = verdict.description;
  event.body.allThreadsStopped = true;
  if (verdict.hitBreakpointIds?.length) event.body.hitBreakpointIds = verdict.hitBreakpointIds;
  return event;
}

// Node statuses from the run's events: taskStart → running, taskResult → done/error/interrupted,
// updates and tokens when the tasks stream mode is absent, and the run's outcome at the end.
// Decided here once, by the run driver; the graph view, status bar and debugger only show them.
import type { Namespace, RunEvent, RunOutcome } from "./model";

/** What a node is doing in the current run (the `data-status` contract). */
export type NodeStatus = "idle" | "running" | "done" | "error" | "interrupted";

/** A node's status with its error or pause explanation. */
export interface NodeStatusEntry {
  status: NodeStatus;
  note?: string;
}

/** A status change, made at the event with index `at` of a batch (-1: at the run's outcome). */
export interface NodeStatusChange extends NodeStatusEntry {
  /** Graph node id (xray id, or the enclosing subgraph's). */
  node: string;
  at: number;
}

/** The ids events can be mapped onto: every node's xray id and every subgraph group (`child` of `child:step`). */
export function graphNodeIds(graph: { nodes: { id: string }[] } | undefined): Set<string> {
  const ids = new Set<string>();
  for (const { id } of graph?.nodes ?? []) {
    ids.add(id);
    const parts = id.split(":");
    for (let i = 1; i < parts.length; i++) ids.add(parts.slice(0, i).join(":"));
  }
  return ids;
}

/** Maps an event's (namespace, node) to a graph node id: the xray id `child:child_step` when the graph has it, else the enclosing `child`. */
export function resolveNodeId(ns: Namespace, node: string, known: ReadonlySet<string>): string {
  const prefix = ns.map((part) => part.split(":")[0]);
  const full = [...prefix, node].join(":");
  if (known.has(full)) return full;
  for (let i = prefix.length; i > 0; i--) {
    const group = prefix.slice(0, i).join(":");
    if (known.has(group)) return group;
  }
  return full;
}

/** Maps events' (namespace, node) onto one graph's drawn node ids, cached (it is asked for every token). */
export class NodeIdResolver {
  private known: ReadonlySet<string> = new Set();
  private readonly cache = new Map<string, string>();

  /** The graph whose ids events map onto (none: every event keeps its own id). */
  useGraph(graph: { nodes: { id: string }[] } | undefined): void {
    this.known = graphNodeIds(graph);
    this.cache.clear();
  }

  /** Forgets cached mappings (their keys hold subgraph task ids: one run's worth at a time). */
  clear(): void {
    this.cache.clear();
  }

  resolve(ns: Namespace, node: string): string {
    const key = ns.length === 0 ? node : `${ns.join("|")}\u0000${node}`;
    let id = this.cache.get(key);
    if (id === undefined) {
      id = resolveNodeId(ns, node, this.known);
      this.cache.set(key, id);
    }
    return id;
  }
}

/** Tracks every node's status and its error or interrupt note across one run. */
export class NodeStatusTracker {
  private readonly status = new Map<string, NodeStatus>();
  private readonly runningTasks = new Map<string, Set<string>>();
  /** Nodes whose write this run replayed cached: a task start for them (JS sends it after the write) runs nothing. */
  private readonly cached = new Set<string>();
  /** Error or pause explanation per node, shown on hover and focus. */
  readonly notes = new Map<string, string>();

  /** Back to all idle (a new run). */
  reset(): void {
    this.status.clear();
    this.runningTasks.clear();
    this.cached.clear();
    this.notes.clear();
  }

  /** Applies one stream event; `resolve` maps (ns, node) to a graph node id. Returns the change it made, if any. */
  apply(event: RunEvent, resolve: (ns: Namespace, node: string) => string): { id: string; status: NodeStatus; note?: string } | undefined {
    const change = this.changeFor(event, resolve);
    const before = change ? this.status.get(change.id) : undefined;
    if ((event.kind === "taskStart" || event.kind === "taskResult") && !this.cached.has(resolve(event.ns, event.node))) {
      const id = resolve(event.ns, event.node);
      const tasks = this.runningTasks.get(id) ?? new Set<string>();
      if (event.kind === "taskStart") tasks.add(event.taskId);
      else tasks.delete(event.taskId);
      this.runningTasks.set(id, tasks);
    } else if (event.kind === "update" && event.cached) {
      // No result follows a replayed write: its task is over (Python starts it first, JS after).
      this.runningTasks.delete(resolve(event.ns, event.node));
      this.cached.add(resolve(event.ns, event.node));
    }
    if (!change) return undefined;
    const noteBefore = this.notes.get(change.id);
    this.set(change.id, change.status, change.note);
    return before === change.status && noteBefore === this.notes.get(change.id) ? undefined : change;
  }

  /** The status change `event` would make, without making it (undefined: none). */
  changeFor(event: RunEvent, resolve: (ns: Namespace, node: string) => string): { id: string; status: NodeStatus; note?: string } | undefined {
    switch (event.kind) {
      case "taskStart": {
        const id = resolve(event.ns, event.node);
        return this.cached.has(id) ? undefined : { id, status: "running" };
      }
      case "taskResult": {
        const id = resolve(event.ns, event.node);
        if (event.error) return { id, status: "error", note: `${event.error.name}: ${event.error.message}` };
        if (event.interrupts.length > 0) return { id, status: "interrupted", note: `Waiting for input: ${preview(event.interrupts.map((i) => i.value))}` };
        const tasks = this.runningTasks.get(id);
        const othersRunning = tasks ? [...tasks].some((t) => t !== event.taskId) : false;
        const current = this.status.get(id);
        return othersRunning || current === "error" || current === "interrupted" ? undefined : { id, status: "done" };
      }
      case "update": {
        if (event.node === "__interrupt__") return undefined;
        const id = resolve(event.ns, event.node);
        if (event.cached) return { id, status: "done" };
        // Without the tasks mode an update is the only sign the node finished.
        return (this.runningTasks.get(id)?.size ?? 0) === 0 && this.status.get(id) !== "error" ? { id, status: "done" } : undefined;
      }
      case "token":
      case "message": {
        const id = resolve(event.ns, event.node);
        return (this.status.get(id) ?? "idle") === "idle" ? { id, status: "running" } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A node's current status. */
  statusOf(id: string): NodeStatus {
    return this.status.get(id) ?? "idle";
  }

  /** Applies how the run ended: marks paused/failed nodes and settles nodes still running. */
  applyOutcome(outcome: RunOutcome, resolve: (ns: Namespace, node: string) => string): void {
    const settle = (to: NodeStatus, note?: string) => {
      for (const [id, s] of this.status) if (s === "running") this.set(id, to, note);
    };
    switch (outcome.status) {
      case "finished":
        settle("done");
        break;
      case "paused":
        settle("idle");
        for (const node of outcome.nodes) {
          this.set(resolve([], node), "interrupted", `Paused ${outcome.when} ${node}`);
        }
        break;
      case "waiting":
        settle("interrupted", `Waiting for input: ${preview(outcome.interrupts.map((i) => i.value))}`);
        break;
      case "failed":
        if (outcome.node) {
          settle("idle");
          this.set(resolve([], outcome.node), "error", outcome.message);
        } else {
          settle("error", outcome.message);
        }
        break;
      case "cancelled":
        // Stopped mid-node: it did not finish, so it is not done; say where the run stopped.
        settle("interrupted", "Cancelled while running");
        break;
    }
    this.runningTasks.clear();
    this.cached.clear();
  }

  /** Current statuses (with notes) of the nodes that left idle; a fresh object each call. */
  entries(): Record<string, NodeStatusEntry> {
    const out: Record<string, NodeStatusEntry> = {};
    for (const [id, status] of this.status) {
      const note = this.notes.get(id);
      out[id] = note === undefined ? { status } : { status, note };
    }
    return out;
  }

  /** Marks nodes as done without a run (a checkpoint loaded from history ran them). */
  markDone(ids: Iterable<string>): void {
    for (const id of ids) this.set(id, "done");
  }

  private set(id: string, status: NodeStatus, note?: string): void {
    this.status.set(id, status);
    if (note !== undefined) this.notes.set(id, note);
    else if (status === "running" || status === "done") this.notes.delete(id);
  }
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

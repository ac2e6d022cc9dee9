// The story of the thread being debugged: every superstep its runs made, in order, the stream events,
// node statuses and how the last run ended. Continue, step and resume append to it; another thread
// or a checkpoint loaded from history starts a new one. Owned by the ThreadDriver. Pure.
import type { GraphData, Namespace, RunEvent, RunOutcome, Superstep } from "../model";
import { NodeIdResolver, NodeStatusTracker, type NodeStatusChange, type NodeStatusEntry } from "../nodeStatus";

/** Read-only view of a story, as listeners and snapshots get it. */
export interface StorySnapshot {
  assistantId: string;
  threadId: string;
  events: RunEvent[];
  supersteps: Superstep[];
  statuses: Record<string, NodeStatusEntry>;
  outcome?: RunOutcome;
}

/** One thread's supersteps, events and node statuses, across all the runs made on it. */
export class ThreadStory {
  readonly events: RunEvent[] = [];
  readonly supersteps: Superstep[] = [];
  outcome: RunOutcome | undefined;
  private readonly tracker = new NodeStatusTracker();
  private readonly ids = new NodeIdResolver();
  private readonly resolveFn = (ns: Namespace, node: string) => this.resolve(ns, node);

  constructor(
    readonly assistantId: string,
    readonly threadId: string,
    graph?: GraphData,
  ) {
    if (graph) this.useGraph(graph);
  }

  /** Node ids events are mapped onto (xray ids of the assistant's graph and its subgraph groups). */
  useGraph(graph: GraphData): void {
    this.ids.useGraph(graph);
  }

  /** The drawn node an event's (namespace, node) belongs to. */
  resolve(ns: Namespace, node: string): string {
    return this.ids.resolve(ns, node);
  }

  /** A run starts on this story: it is running again until its outcome. */
  runStarted(): void {
    this.outcome = undefined;
  }

  /** Adds a batch of stream events; returns the node status changes they made (`at` indexes the batch). */
  addEvents(events: readonly RunEvent[]): NodeStatusChange[] {
    const changes: NodeStatusChange[] = [];
    for (let i = 0; i < events.length; i++) {
      this.events.push(events[i]);
      const change = this.tracker.apply(events[i], this.resolveFn);
      if (change) changes.push(change.note === undefined ? { node: change.id, status: change.status, at: i } : { node: change.id, status: change.status, note: change.note, at: i });
    }
    return changes;
  }

  addSuperstep(superstep: Superstep): void {
    this.supersteps.push(superstep);
  }

  /** The run ended: settles the statuses it left running. */
  end(outcome: RunOutcome): void {
    this.outcome = outcome;
    this.tracker.applyOutcome(outcome, this.resolveFn);
  }

  /** Marks the nodes of history steps as having run (a story loaded from checkpoints has no events). */
  markRan(supersteps: readonly Superstep[]): void {
    this.tracker.markDone(supersteps.flatMap((s) => s.nodes.map((n) => this.resolve(n.ns.length > 0 ? n.ns : s.ns, n.node))));
  }

  /** State after the last root superstep (the "before" of the next run's first step). */
  lastRootState(): unknown {
    for (let i = this.supersteps.length - 1; i >= 0; i--) if (this.supersteps[i].ns.length === 0) return this.supersteps[i].stateAfter;
    return undefined;
  }

  /** Step number the next root step (e.g. a state edit) takes. */
  nextRootStep(): number {
    for (let i = this.supersteps.length - 1; i >= 0; i--) if (this.supersteps[i].ns.length === 0) return this.supersteps[i].step + 1;
    return 0;
  }

  statuses(): Record<string, NodeStatusEntry> {
    return this.tracker.entries();
  }

  /** A copy safe to hand out: later appends do not show through it. */
  snapshot(): StorySnapshot {
    return {
      assistantId: this.assistantId,
      threadId: this.threadId,
      events: this.events.slice(),
      supersteps: this.supersteps.slice(),
      statuses: this.tracker.entries(),
      outcome: this.outcome,
    };
  }
}

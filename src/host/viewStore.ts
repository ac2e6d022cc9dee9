import type { DiffEntry, GraphData, RunEvent, RunOutcome, Superstep } from "../engine/model";
import type { Breakpoints, HostToWebview, RunInfo, ViewSnapshot } from "../shared/protocol";

type DeltaListener = (message: HostToWebview) => void;

/** How long stream events are held to be posted as one batch. */
const EVENT_BATCH_MS = 16;

/**
 * What the graph view shows, kept in the host so a view that is hidden and shown again
 * (or opened mid-run) recovers from one snapshot. Every change is also emitted as a delta.
 * No `vscode` import: unit-testable.
 */
export class ViewStore {
  private state: ViewSnapshot;
  private readonly listeners = new Set<DeltaListener>();
  private pendingEvents: RunEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(deploymentUrl: string) {
    this.state = { deployment: { url: deploymentUrl, reachable: null }, breakpoints: { before: [], after: [] }, events: [], supersteps: [] };
  }

  /** Subscribe to deltas; returns a disposable. */
  onDelta(listener: DeltaListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  snapshot(): ViewSnapshot {
    this.flushEvents();
    return this.state;
  }

  /** Another deployment: nothing of the old one stays on screen. */
  reset(url: string): void {
    this.flushEvents();
    this.state = { deployment: { url, reachable: null }, breakpoints: { before: [], after: [] }, events: [], supersteps: [] };
    this.emit({ type: "snapshot", snapshot: this.state });
  }

  setDeployment(url: string, reachable: boolean | null): void {
    this.state = { ...this.state, deployment: { url, reachable } };
  }

  setGraph(assistantId: string, graph: GraphData): void {
    this.state = { ...this.state, assistantId, graph };
    this.emit({ type: "graph", assistantId, graph });
  }

  setBreakpoints(breakpoints: Breakpoints): void {
    this.state = { ...this.state, breakpoints };
    this.emit({ type: "breakpoints", breakpoints });
  }

  startRun(run: RunInfo): void {
    this.flushEvents();
    this.state = { ...this.state, run, events: [], supersteps: [], outcome: undefined };
    this.emit({ type: "runStarted", run });
  }

  /** Stream events are batched: one post per frame at most. */
  addEvent(event: RunEvent): void {
    this.pendingEvents.push(event);
    this.flushTimer ??= setTimeout(() => this.flushEvents(), EVENT_BATCH_MS);
  }

  setRunId(runId: string): void {
    if (this.state.run) this.state = { ...this.state, run: { ...this.state.run, runId } };
  }

  addSuperstep(superstep: Superstep): void {
    this.flushEvents();
    this.state.supersteps.push(superstep);
    this.emit({ type: "superstep", superstep });
  }

  /** A state edit saved by the person, shown as a step of its own. */
  addEdit(edit: { asNode?: string; checkpointId?: string; stateBefore: unknown; stateAfter: unknown; diff: DiffEntry[] }): void {
    const rootSteps = this.state.supersteps.filter((s) => s.ns.length === 0);
    const step = (rootSteps.at(-1)?.step ?? -1) + 1;
    this.addSuperstep({
      step,
      ns: [],
      source: "update",
      checkpointId: edit.checkpointId,
      nodes: edit.asNode ? [{ node: edit.asNode, taskId: `edit-${step}`, ns: [], messages: [], interrupts: [], writes: edit.stateAfter }] : [],
      stateBefore: edit.stateBefore,
      stateAfter: edit.stateAfter,
      diff: edit.diff,
    });
  }

  endRun(outcome: RunOutcome): void {
    this.flushEvents();
    this.state = { ...this.state, outcome };
    this.emit({ type: "runEnded", outcome });
  }

  selectStep(step: number): void {
    this.emit({ type: "selectStep", step });
  }

  private flushEvents(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingEvents.length === 0) return;
    const events = this.pendingEvents;
    this.pendingEvents = [];
    for (const event of events) this.state.events.push(event);
    this.emit({ type: "runEvents", events });
  }

  private emit(message: HostToWebview): void {
    for (const listener of this.listeners) listener(message);
  }
}

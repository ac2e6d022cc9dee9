// What the graph views show (the side panel's and any editor tab's: as many as listen), read from
// its owners (the run driver: graph, story, statuses; the breakpoint store: breakpoints) and turned
// into webview messages. A view that is hidden and shown again (or opened mid-run) recovers from one
// snapshot. No `vscode` import: unit-testable.
import type { DriverEvent, RunRequest, ThreadDriver } from "../engine/driver/threadDriver";
import type { RunEvent } from "../engine/model";
import type { NodeStatusChange } from "../engine/nodeStatus";
import type { AssistantShown, Breakpoints, DeploymentInfo, HostToWebview, RunInfo, ViewSnapshot } from "../shared/protocol";
import { schemaTakesMessages } from "./runInput";

type DeltaListener = (message: HostToWebview) => void;

/** How long stream events are held to be posted as one batch. */
const EVENT_BATCH_MS = 16;

/** Where the shown assistant's breakpoints come from. */
export interface BreakpointSource {
  get(assistantId: string): Breakpoints;
}

/** What the store reads of the run driver. */
export type RunSource = Pick<ThreadDriver, "onEvent" | "graph" | "story" | "supersteps" | "status" | "target"> & Partial<Pick<ThreadDriver, "schemas">>;

/** Feeds the graph view: a snapshot on demand, deltas as the driver reports them (stream events batched per frame). */
export class ViewStore {
  private readonly listeners = new Set<DeltaListener>();
  private pending: { events: RunEvent[]; statusChanges: NodeStatusChange[] } | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: { dispose(): void };
  /** The node a debug session's selected frame runs; cleared when another run starts. */
  private focusedNode: string | undefined;
  private deployment: DeploymentInfo | undefined;
  /** What was last read of the shown assistant (name, active version); in a snapshot only while it is still shown. */
  private assistantRead: AssistantShown | undefined;
  /** Whether each assistant's input takes `messages` (chat mode), once its schema was read. */
  private readonly takesMessages = new Map<string, boolean>();

  constructor(
    private readonly driver: RunSource,
    private readonly breakpoints: BreakpointSource,
  ) {
    this.subscription = driver.onEvent((event) => this.onDriverEvent(event));
  }

  /** Subscribe to deltas; returns a disposable. */
  onDelta(listener: DeltaListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Everything the view shows now, as copies. Events still held for the next batch are left out
   * here and arrive in that batch, so a view that takes a snapshot never sees an event twice.
   */
  snapshot(): ViewSnapshot {
    const shown = this.driver.graph;
    const assistantId = this.assistantId;
    const story = this.driver.story();
    // Another assistant's thread means nothing on this graph (the same node names would light up).
    const run = story && story.assistantId === assistantId ? story : undefined;
    // The story's snapshot is a copy of its own: the events still held are cut off it in place.
    const held = this.pending?.events.length ?? 0;
    if (run && held > 0) run.events.length -= held;
    const status = this.driver.status;
    return {
      assistantId,
      graph: shown?.graph,
      breakpoints: assistantId ? this.breakpoints.get(assistantId) : { before: [], after: [] },
      run: run ? { threadId: run.threadId, assistantId: run.assistantId } : undefined,
      events: run ? run.events : [],
      supersteps: run ? run.supersteps : [],
      statuses: run ? run.statuses : {},
      outcome: run && status !== "running" ? run.outcome : undefined,
      focusedNode: this.focusedNode,
      deployment: this.deployment,
      assistant: this.assistantRead && this.assistantRead.assistantId === assistantId ? { ...this.assistantRead } : undefined,
      takesMessages: assistantId ? this.chatSupport(assistantId) : undefined,
    };
  }

  /** Whether the assistant's input takes `messages`, if known; else reads its schema and tells the views when it is. */
  private chatSupport(assistantId: string): boolean | undefined {
    const known = this.takesMessages.get(assistantId);
    if (known !== undefined || !this.driver.schemas) return known;
    void this.driver.schemas(assistantId).then(
      (schemas) => {
        const takesMessages = schemaTakesMessages(schemas.input_schema);
        if (this.takesMessages.get(assistantId) === takesMessages) return;
        this.takesMessages.set(assistantId, takesMessages);
        this.emit({ type: "chatSupport", assistantId, takesMessages });
      },
      () => undefined,
    );
    return undefined;
  }

  /** The assistant the views are showing (its graph, else the thread being debugged's). */
  get assistantId(): string | undefined {
    return this.driver.graph?.assistantId ?? this.driver.target?.assistantId;
  }

  /** The deployment as last told (a tab's own store borrows it from the main one). */
  get deploymentShown(): DeploymentInfo | undefined {
    return this.deployment && { ...this.deployment };
  }

  /** An assistant's breakpoints changed: sent with its id (a view pinned to it may show it while the debugger is elsewhere). */
  breakpointsChanged(assistantId: string, breakpoints: Breakpoints): void {
    this.emit({ type: "breakpoints", breakpoints, assistantId });
  }

  /** Everything changed (another deployment): the view starts over from a snapshot. */
  reset(): void {
    this.dropPending();
    this.emit({ type: "snapshot", snapshot: this.snapshot() });
  }

  /** The deployment and whether it answers, for the view to say when it cannot be reached. */
  deploymentChanged(deployment: DeploymentInfo): void {
    const same = this.deployment?.url === deployment.url && this.deployment.reachable === deployment.reachable && this.deployment.refused === deployment.refused;
    if (same) return;
    this.deployment = { ...deployment };
    this.emit({ type: "deployment", deployment: { ...deployment } });
  }

  /** The shown assistant's name and active version as just read (the host reads it on a graph, a run, an edit). */
  assistantChanged(assistant: AssistantShown): void {
    // A late answer about an assistant no longer shown says nothing about the one shown now.
    if (assistant.assistantId !== this.assistantId) return;
    this.assistantRead = { ...assistant };
    this.emit({ type: "assistant", assistant: { ...assistant } });
  }

  /** Selects a step (e.g. a checkpoint in the Threads view, a stack frame) so the view shows it. */
  selectStep(step: number, ns: string[] = []): void {
    this.flush();
    this.emit({ type: "selectStep", step, ns });
  }

  /** Shows the state where the thread stopped: the last top-level step of the story. */
  revealLatestStep(): void {
    const last = this.driver.supersteps().findLast((s) => s.ns.length === 0);
    if (last) this.selectStep(last.step, last.ns);
  }

  /** Marks a node (the selected stack frame's) in the graph. */
  focusNode(node: string): void {
    this.focusedNode = node;
    this.emit({ type: "focusNode", node });
  }

  private onDriverEvent(event: DriverEvent): void {
    switch (event.type) {
      case "graph":
        this.flush();
        this.emit({ type: "graph", assistantId: event.assistantId, graph: event.graph });
        this.emit({ type: "breakpoints", breakpoints: this.breakpoints.get(event.assistantId), assistantId: event.assistantId });
        {
          const takesMessages = this.chatSupport(event.assistantId);
          if (takesMessages !== undefined) this.emit({ type: "chatSupport", assistantId: event.assistantId, takesMessages });
        }
        return;
      case "runStarted":
        this.flush();
        this.focusedNode = undefined;
        this.emit({ type: "runStarted", run: runInfo(event.threadId, event.assistantId, event.request), continues: event.continues });
        return;
      case "events":
        this.hold(event.events, event.statusChanges);
        return;
      case "superstep":
        this.flush();
        this.emit({ type: "superstep", superstep: event.superstep });
        return;
      case "runEnded":
        this.flush();
        this.emit({ type: "runEnded", outcome: event.outcome, statuses: event.statuses });
        return;
      case "target":
        if (event.target === undefined) this.reset();
        return;
      case "warning":
      case "codeReloaded":
        // A reload's new graph came as `graph` just before.
        return;
    }
  }

  /** Stream events are batched: one post per frame at most. */
  private hold(events: RunEvent[], statusChanges: NodeStatusChange[]): void {
    const pending = (this.pending ??= { events: [], statusChanges: [] });
    const offset = pending.events.length;
    for (const e of events) pending.events.push(e);
    for (const c of statusChanges) pending.statusChanges.push({ ...c, at: c.at + offset });
    this.flushTimer ??= setTimeout(() => this.flush(), EVENT_BATCH_MS);
  }

  private flush(): void {
    const pending = this.pending;
    this.dropPending();
    if (pending && pending.events.length > 0) this.emit({ type: "runEvents", events: pending.events, statusChanges: pending.statusChanges });
  }

  private dropPending(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = undefined;
  }

  private emit(message: HostToWebview): void {
    for (const listener of this.listeners) listener(message);
  }

  dispose(): void {
    this.dropPending();
    this.subscription.dispose();
    this.listeners.clear();
  }
}

/** The run as the view says it: its thread and assistant, and the settings it was started with. */
function runInfo(threadId: string, assistantId: string, request: RunRequest | undefined): RunInfo {
  const run: RunInfo = { threadId, assistantId };
  if (request?.configurable) run.configurable = request.configurable;
  if (request?.context) run.context = request.context;
  return run;
}

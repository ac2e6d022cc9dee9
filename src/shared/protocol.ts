// Messages between the extension host and the graph webview. Imported by both sides
// (type-only in the webview). The host posts nothing before the webview's `ready`.
import type { GraphData, RunEvent, RunOutcome, Superstep } from "../engine/model";

export type BreakpointWhen = "before" | "after";

/** Breakpoints of the shown assistant, by node id. */
export interface Breakpoints {
  before: string[];
  after: string[];
}

/** The run being shown. */
export interface RunInfo {
  runId?: string;
  threadId: string;
  assistantId: string;
}

/** Everything the view shows, sent once after `ready` (and again whenever the view recovers). */
export interface ViewSnapshot {
  deployment: { url: string; reachable: boolean | null };
  assistantId?: string;
  graph?: GraphData;
  breakpoints: Breakpoints;
  run?: RunInfo;
  events: RunEvent[];
  supersteps: Superstep[];
  outcome?: RunOutcome;
}

/** Whole state, sent after `ready`. */
export interface SnapshotMessage {
  type: "snapshot";
  snapshot: ViewSnapshot;
}
/** A graph to draw (new assistant, or re-fetched). */
export interface GraphMessage {
  type: "graph";
  assistantId: string;
  graph: GraphData;
}
/** Breakpoints changed (from the palette, the graph, or another window). */
export interface BreakpointsMessage {
  type: "breakpoints";
  breakpoints: Breakpoints;
}
/** A run started streaming; clears the previous run's panes. */
export interface RunStartedMessage {
  type: "runStarted";
  run: RunInfo;
}
/** Stream events, batched by the host. */
export interface RunEventsMessage {
  type: "runEvents";
  events: RunEvent[];
}
/** A superstep the assembler closed. */
export interface SuperstepMessage {
  type: "superstep";
  superstep: Superstep;
}
/** The run ended: finished, paused, waiting on `interrupt()`, failed or cancelled. */
export interface RunEndedMessage {
  type: "runEnded";
  outcome: RunOutcome;
}
/** Select a step (e.g. from the threads tree) so the view shows its state and nodes. */
export interface SelectStepMessage {
  type: "selectStep";
  step: number;
}

export type HostToWebview =
  | SnapshotMessage
  | GraphMessage
  | BreakpointsMessage
  | RunStartedMessage
  | RunEventsMessage
  | SuperstepMessage
  | RunEndedMessage
  | SelectStepMessage;

/** The webview is mounted and listening. */
export interface ReadyMessage {
  type: "ready";
}
/** The user toggled a node's breakpoint in the graph. */
export interface ToggleBreakpointMessage {
  type: "toggleBreakpoint";
  node: string;
  when: BreakpointWhen;
}
/** The user selected a node (Enter or click). */
export interface SelectNodeMessage {
  type: "selectNode";
  node: string;
}
/** The user asked for a debugger action from the view's banner. */
export interface RunActionMessage {
  type: "runAction";
  action: "streamRun" | "continue" | "step" | "cancel" | "resume" | "editState";
}

export type WebviewToHost = ReadyMessage | ToggleBreakpointMessage | SelectNodeMessage | RunActionMessage;

export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}

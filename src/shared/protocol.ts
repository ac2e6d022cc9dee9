// Messages between the extension host and the graph webview. Imported by both sides
// (type-only in the webview). The host posts nothing before the webview's `ready`.
import type { GraphData, Namespace, RunEvent, RunOutcome, Superstep } from "../engine/model";
import type { NodeStatusChange, NodeStatusEntry } from "../engine/nodeStatus";
import type { ViewRecording } from "../engine/recording/storyView";

export type { NodeStatus, NodeStatusChange, NodeStatusEntry } from "../engine/nodeStatus";

export type BreakpointWhen = "before" | "after";

/** Breakpoints of the shown assistant, by node id. */
export interface Breakpoints {
  before: string[];
  after: string[];
}

/** The thread being shown. */
export interface RunInfo {
  threadId: string;
  assistantId: string;
  /** The run's `config.configurable` and `context`, when it was started with some (said in the banner). */
  configurable?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** The deployment the view draws from, and whether it answers (null: not known yet). */
export interface DeploymentInfo {
  url: string;
  reachable: boolean | null;
  /** Why it refuses the requests, e.g. "401 Missing API key" (until the key changes). */
  refused?: string;
}

/** The assistant a run of the shown graph uses, and its version active on the server (runs use that one). */
export interface AssistantShown {
  assistantId: string;
  name: string;
  graphId: string;
  version: number;
  /** The graph's default assistant (the server made it). */
  system: boolean;
}

/** Node statuses by graph node id (nodes not listed are idle). */
export type NodeStatuses = Record<string, NodeStatusEntry>;

/** Everything the view shows, sent once after `ready` (and again whenever the view recovers). */
export interface ViewSnapshot {
  assistantId?: string;
  graph?: GraphData;
  breakpoints: Breakpoints;
  run?: RunInfo;
  events: RunEvent[];
  supersteps: Superstep[];
  /** Decided by the run driver (src/engine/nodeStatus.ts); the view only paints them. */
  statuses: NodeStatuses;
  outcome?: RunOutcome;
  /** The node in focus (a debug session's selected frame), kept for a view shown again. */
  focusedNode?: string;
  deployment?: DeploymentInfo;
  /** The shown assistant's name and active version, once read. */
  assistant?: AssistantShown;
  /** Whether the shown assistant's input takes `messages` (chat mode), once its schema was read. */
  takesMessages?: boolean;
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
  /** Whose they are; a view showing another assistant's graph ignores them. */
  assistantId?: string;
}
/**
 * A run started streaming. `continues`: it goes on with the thread shown (continue, step, resume,
 * another input): its supersteps, tokens and node statuses are appended to what is shown.
 * Otherwise (another thread, or time travel) the panes start empty.
 */
export interface RunStartedMessage {
  type: "runStarted";
  run: RunInfo;
  continues: boolean;
}
/** Stream events, batched by the host, with the node status changes they made (`at`: index into `events`). */
export interface RunEventsMessage {
  type: "runEvents";
  events: RunEvent[];
  statusChanges: NodeStatusChange[];
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
  /** Every node's status once the outcome is applied. */
  statuses: NodeStatuses;
}
/** Select a step (e.g. from the threads tree or a stack frame): its number and namespace (subgraph steps restart at -1). */
export interface SelectStepMessage {
  type: "selectStep";
  step: number;
  ns: Namespace;
}

/** Mark a node as the one in focus (e.g. the selected stack frame of a debug session). */
export interface FocusNodeMessage {
  type: "focusNode";
  node: string;
}

/** The deployment changed, or was found to answer or not. */
export interface DeploymentMessage {
  type: "deployment";
  deployment: DeploymentInfo;
}

/** The shown assistant was read (shown, run, edited, or another version made active). */
export interface AssistantMessage {
  type: "assistant";
  assistant: AssistantShown;
}

/** The formats the graph can be exported in. */
export const EXPORT_FORMATS = ["svg", "png", "mermaid"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Export the graph as drawn, with the run's node statuses (the palette's Export graph). */
export interface ExportGraphMessage {
  type: "exportGraph";
  format: ExportFormat;
}

/** What a pinned assistant's tab shows. */
export interface Pin {
  assistantId: string;
  /** The tab's title, naming the assistant. */
  title: string;
}

/**
 * Sent to an editor tab pinned to one assistant, after `ready` and whenever the debugger moves to
 * another assistant or back. `following`: the debugger is on the pinned assistant, so the tab
 * follows its run; otherwise the tab keeps that assistant's last run and gets nothing else.
 * `own`: the tab shows a thread of its own (runs started from the tab), whatever the debugger does.
 */
export interface PinnedMessage {
  type: "pinned";
  pin: Pin;
  following: boolean;
  own?: boolean;
}

/** The run viewer's recording, sent once after `ready`; the webview scrubs through it on its own. */
export interface RecordingMessage {
  type: "recording";
  /** The file's name, for the title and messages. */
  file: string;
  recording: ViewRecording;
  /** What did not stop the file from opening (e.g. cut short). */
  warnings: string[];
}
/** The run viewer's file could not be read: what and where (`line` is 1-based). */
export interface RecordingErrorMessage {
  type: "recordingError";
  file: string;
  line?: number;
  message: string;
}

/** The host's verdict on `answerInterrupts`: what is wrong, keyed by interrupt id, `update` or `goto`; none: the resume was sent. */
export interface AnswerCheckedMessage {
  type: "answerChecked";
  requestId: number;
  problems: Record<string, string>;
}

/** Whether an assistant's input takes `messages` (read from its input schema): chat mode is offered for it. */
export interface ChatSupportMessage {
  type: "chatSupport";
  assistantId: string;
  takesMessages: boolean;
}
/** A chat message (`chatSend`, `chatEdit`) could not be run: why. */
export interface ChatRefusedMessage {
  type: "chatRefused";
  requestId: number;
  message: string;
}

/** The parts of the run form, each from one of the assistant's schemas. */
export type RunFormSection = "input" | "config" | "context";

/** What the run form sends: the input (null continues the thread), `configurable` and `context`. */
export interface RunFormValues {
  input: Record<string, unknown> | null;
  config?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** The run form of an assistant: its schemas (input, `configurable`, context) and its input history, newest first. */
export interface RunFormMessage {
  type: "runForm";
  assistantId: string;
  /** The assistant's name or graph id, for the form's title. */
  name: string;
  schemas: { input?: unknown; config?: unknown; context?: unknown };
  history: RunFormValues[];
  /** Why the schemas could not be read (the form then is JSON only). */
  error?: string;
}

/** The host's verdict on `submitRunForm`: problems keyed by section + JSON pointer (`input/topic`); none: the run started. */
export interface RunFormCheckedMessage {
  type: "runFormChecked";
  requestId: number;
  problems: Record<string, string>;
}

export type HostToWebview =
  | RunFormMessage
  | RunFormCheckedMessage
  | AnswerCheckedMessage
  | ChatSupportMessage
  | ChatRefusedMessage
  | SnapshotMessage
  | GraphMessage
  | BreakpointsMessage
  | RunStartedMessage
  | RunEventsMessage
  | SuperstepMessage
  | RunEndedMessage
  | SelectStepMessage
  | FocusNodeMessage
  | DeploymentMessage
  | AssistantMessage
  | ExportGraphMessage
  | PinnedMessage
  | RecordingMessage
  | RecordingErrorMessage
  | KeptLayoutsMessage;

/**
 * A layout a graph webview made, under the key its layout client made for it (the build's worker,
 * the graph, the collapsed subgraphs, the direction). The host keeps it opaque (src/host/layoutCache.ts);
 * the webview checks its shape before drawing it.
 */
export interface StoredLayout {
  key: string;
  geometry: unknown;
}

/** Sent on `ready`: the layouts graph views made before (any view, any window), drawn at once when asked for again. */
export interface KeptLayoutsMessage {
  type: "keptLayouts";
  layouts: StoredLayout[];
}

/** The webview is mounted and listening. */
export interface ReadyMessage {
  type: "ready";
}
/** The user toggled a node's breakpoint in the graph. */
export interface ToggleBreakpointMessage {
  type: "toggleBreakpoint";
  node: string;
  when: BreakpointWhen;
  /** The assistant whose graph shows the node (a pinned tab may show one the debugger has left). */
  assistantId?: string;
}
/** The user selected a node (Enter or click). */
export interface SelectNodeMessage {
  type: "selectNode";
  node: string;
}
/** The user asked for a node's code (double-click, F12, or the node's context menu). */
export interface GoToSourceMessage {
  type: "goToSource";
  node: string;
  /** The assistant whose graph shows the node. */
  assistantId?: string;
}
/** Debugger actions the view's banner offers. */
export const RUN_ACTIONS = ["streamRun", "continue", "step", "cancel", "resume", "editState"] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

/** The user asked for a debugger action from the view's banner. */
export interface RunActionMessage {
  type: "runAction";
  action: RunAction;
}

/**
 * The exported graph, for the host to save: text (SVG, Mermaid) as is, PNG as base64. `error`
 * instead when it could not be made (nothing laid out yet, the image would not decode).
 */
export type ExportedGraphMessage =
  | { type: "exportedGraph"; format: ExportFormat; data: string; encoding: "utf8" | "base64" }
  | { type: "exportedGraph"; format: ExportFormat; error: string };

/** One interrupt's answer from the banner: JSON text as typed, or the value a form built. */
export type InterruptAnswer = { json: string } | { form: unknown };

/**
 * The user answered interrupts from the banner (one, or all at once). The host parses and checks
 * each answer (against the interrupt's `response_schema` when it has one), then resumes, and says
 * what it found with `answerChecked`. `update`: JSON text of state to write; `goto`: node to jump to.
 */
export interface AnswerInterruptsMessage {
  type: "answerInterrupts";
  requestId: number;
  answers: Record<string, InterruptAnswer>;
  update?: string;
  goto?: string;
}

/** Chat mode: send a user message as a run on the thread shown (`newThread`: on a new thread). */
export interface ChatSendMessage {
  type: "chatSend";
  requestId: number;
  text: string;
  newThread?: boolean;
}
/** Chat mode's "Edit and re-send from here": fork the thread shown from the checkpoint before message `messageId`, with `text` instead. */
export interface ChatEditMessage {
  type: "chatEdit";
  requestId: number;
  messageId: string;
  text: string;
}

/** The person opened the run form: the host answers with `runForm`. */
export interface OpenRunFormMessage {
  type: "openRunForm";
  assistantId: string;
}

/**
 * The run form was submitted. The host checks the values against the schemas, answers with
 * `runFormChecked`, and when they fit starts the run as Stream run does: on a new thread, or on
 * `threadId` (the thread shown).
 */
export interface SubmitRunFormMessage {
  type: "submitRunForm";
  requestId: number;
  assistantId: string;
  values: RunFormValues;
  threadId?: string;
}

export type WebviewToHost =
  | ReadyMessage
  | ToggleBreakpointMessage
  | SelectNodeMessage
  | GoToSourceMessage
  | RunActionMessage
  | ExportedGraphMessage
  | AnswerInterruptsMessage
  | ChatSendMessage
  | ChatEditMessage
  | OpenRunFormMessage
  | SubmitRunFormMessage
  | LayoutKeptMessage;

/** A small layout the webview's worker made: the host keeps it for the next view that shows the same graph. */
export interface LayoutKeptMessage {
  type: "layoutKept";
  layout: StoredLayout;
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}

// All webview state, in one Svelte 5 module. The message handler (handleMessage.ts) writes it,
// once per animation frame; components only read it (and set the few UI-only fields).
import type { GraphData, Namespace, RunOutcome, Superstep } from "../src/engine/model";
import { type NodeStatus, type NodeStatusChange, type NodeStatusEntry, NodeIdResolver } from "../src/engine/nodeStatus";
import { Conversation } from "../src/engine/chat/conversation";
import type { ViewRecording } from "../src/engine/recording/storyView";
import type { AssistantShown, Breakpoints, DeploymentInfo, ExportFormat, NodeStatuses, Pin, RunFormMessage, RunInfo } from "../src/shared/protocol";
import type { Geometry } from "./layout/geometry";
import type { KeptLayout } from "./layout/layoutMessages";
import { ancestorsOf, graphHierarchy } from "./layout/toElk";
import { TokenLog } from "./run/tokenLog";
import type { Viewport } from "./viewport";
import type { Pane } from "./vscodeApi";

/** A superstep's identity: subgraph steps restart at -1, so the number alone is ambiguous. */
export interface StepRef {
  step: number;
  ns: Namespace;
}

/** What the view shows: the graph with its panes, or the conversation (chat mode). */
export type ViewMode = "graph" | "chat";

/** How fast the run viewer plays a recording: real time, ten times that, or as fast as it paints. */
export type PlaySpeed = 1 | 10 | "max";

/** Whether `step` is the one `ref` names. */
export function isStep(step: StepRef, ref: StepRef | undefined): boolean {
  return ref !== undefined && step.step === ref.step && step.ns.join("|") === ref.ns.join("|");
}

const STATUS_RANK: Record<NodeStatus, number> = { running: 4, error: 3, interrupted: 2, done: 1, idle: 0 };

/** The view's state: graph, breakpoints, the run's statuses, tokens and supersteps, and UI choices. */
class ViewState {
  graph = $state.raw<GraphData | undefined>(undefined);
  assistantId = $state<string | undefined>(undefined);
  breakpoints = $state.raw<Breakpoints>({ before: [], after: [] });
  run = $state.raw<RunInfo | undefined>(undefined);
  /** True between `runStarted` and `runEnded`. */
  running = $state(false);
  outcome = $state.raw<RunOutcome | undefined>(undefined);
  /** Node statuses as the host decided them (src/engine/nodeStatus.ts), published once per frame. */
  statuses = $state.raw<Record<string, NodeStatus>>({});
  notes = $state.raw<Record<string, string>>({});
  supersteps = $state.raw<Superstep[]>([]);
  selectedStep = $state.raw<StepRef | undefined>(undefined);
  selectedNode = $state<string | undefined>(undefined);
  pane = $state<Pane>("tokens");
  collapsed = $state.raw<string[]>([]);
  /** The person's own pan and zoom; undefined: the graph is fitted to the view. */
  viewport = $state.raw<Viewport | undefined>(undefined);
  /** The graph's share of the height, once the divider was dragged; undefined: sized to the graph. */
  split = $state<number | undefined>(undefined);
  /** The state inspector's share of the supersteps pane, once its divider was dragged; undefined: the default. */
  inspector = $state<number | undefined>(undefined);
  /** An editor tab pinned to one assistant (undefined: the side panel, following the debugger). */
  pin = $state.raw<Pin | undefined>(undefined);
  /** False while the debugger is on another assistant than the pinned one: the tab keeps its last run. */
  following = $state(true);
  /** The tab runs a thread of its own (started from its banner); the side panel follows the debugger. */
  ownThread = $state(false);
  geometry = $state.raw<Geometry | undefined>(undefined);
  /** The last layout the worker made (if small), saved with the UI state so the view made again draws at once. */
  keptLayout = $state.raw<KeptLayout | undefined>(undefined);
  /** Layouts any graph view made before (kept by the host across views and windows), drawn at once when asked for again. */
  hostLayouts = $state.raw<KeptLayout[]>([]);
  layoutError = $state<string | undefined>(undefined);
  /** Nodes with a token section, in first-streamed order. */
  tokenNodeIds = $state.raw<string[]>([]);
  /** The node whose tokens arrived last (the token pane keeps its section in view). */
  activeTokenNode = $state<string | undefined>(undefined);
  /** Row version per token section; bumped when its rows change. */
  tokenVersions = $state.raw<Record<string, number>>({});
  /** An export the host asked for, waiting for the graph to be laid out (ExportMenu makes it). */
  exportRequest = $state<ExportFormat | undefined>(undefined);
  /** Where the graph comes from and whether it answers. */
  deployment = $state.raw<DeploymentInfo | undefined>(undefined);
  /** The shown assistant's name and active version (read by the host). */
  assistantShown = $state.raw<AssistantShown | undefined>(undefined);
  /** The host's last verdict on answers to interrupts (`answerChecked`): problems by interrupt id, `update` or `goto`. */
  answerVerdict = $state.raw<{ requestId: number; problems: Record<string, string> } | undefined>(undefined);
  /** The run form's schemas and history, as the host last sent them (`runForm`). */
  runForm = $state.raw<RunFormMessage | undefined>(undefined);
  /** Whether the run form is shown (above the graph). */
  formOpen = $state(false);
  /** The host's last verdict on the run form (`runFormChecked`): problems by section + JSON pointer. */
  runFormVerdict = $state.raw<{ requestId: number; problems: Record<string, string> } | undefined>(undefined);
  /** Errors from messages the view could not handle. */
  problems = $state.raw<string[]>([]);
  /** The run viewer (a recording opened as a file): no run actions, no breakpoints. */
  readOnly = $state(false);
  /** The recording shown by the run viewer, and its file's name. */
  recording = $state.raw<ViewRecording | undefined>(undefined);
  recordingFile = $state<string | undefined>(undefined);
  /** Events arrived at the scrubber's position: 0 … recording.count. */
  position = $state(0);
  /** Where the scrubber was when this webview was last hidden (from the saved UI state). */
  resumePosition: number | undefined;
  /** Why the recording could not be opened, or what is wrong with what was opened. */
  recordingError = $state.raw<{ file: string; line?: number; message: string } | undefined>(undefined);
  recordingWarnings = $state.raw<string[]>([]);
  /** The run viewer is playing the recording, at this speed (`max`: as fast as it paints). */
  playing = $state(false);
  speed = $state<PlaySpeed>(1);
  /** A brief confirmation at the bottom of the view ("Copied the value"); Toast.svelte clears it. */
  toast = $state.raw<{ text: string; error?: boolean; id: number } | undefined>(undefined);
  /** The node whose inspector is open (a click on a node opens it). */
  inspectedNode = $state<string | undefined>(undefined);
  /** The latest `custom` event's data per drawn node, from the live stream (shown while the node runs). */
  progress = $state.raw<Record<string, unknown>>({});
  /** Graph or chat; chat is offered when the assistant's input takes `messages`. */
  mode = $state<ViewMode>("graph");
  /** Whether the shown assistant's input takes `messages` (from its schema, via the host); undefined: not known yet. */
  takesMessages = $state<boolean | undefined>(undefined);
  /** The conversation's version, published once per frame (read it to redraw when the conversation changes). */
  chatVersion = $state(0);
  /** "New thread" was pressed: the next message starts a thread. */
  chatNewThread = $state(false);
  /** The host could not run the last chat message: its request and why. */
  chatRefusal = $state.raw<{ requestId: number; message: string } | undefined>(undefined);

  /** Statuses and tokens as received; plain objects, published into the fields above per frame. */
  private readonly received = new Map<string, NodeStatusEntry>();
  private statusesChanged = false;
  readonly tokens = new TokenLog();
  /** The conversation chat mode shows (src/engine/chat/conversation.ts): its one owner. */
  readonly chat = new Conversation();
  private readonly ids = new NodeIdResolver();

  collapsedSet = $derived(new Set(this.collapsed));
  breakBefore = $derived(new Set(this.breakpoints.before));
  breakAfter = $derived(new Set(this.breakpoints.after));
  hierarchy = $derived(this.graph ? graphHierarchy(this.graph) : undefined);

  /** Graph node ids the selected superstep ran (marked on the graph). */
  stepNodes = $derived.by(() => {
    const step = this.supersteps.find((s) => isStep(s, this.selectedStep));
    return new Set(step ? step.nodes.map((n) => this.resolve(n.ns.length > 0 ? n.ns : step.ns, n.node)) : []);
  });

  /** Status per drawn node; a collapsed subgraph shows the most urgent status inside it. */
  displayStatuses = $derived.by(() => {
    const out: Record<string, NodeStatus> = { ...this.statuses };
    for (const [id, status] of Object.entries(this.statuses)) {
      for (const group of ancestorsOf(id)) {
        if (!this.collapsedSet.has(group)) continue;
        const current = out[group] ?? "idle";
        if (STATUS_RANK[status] > STATUS_RANK[current]) out[group] = status;
      }
    }
    return out;
  });

  /** Maps an event's namespace and node to a drawn graph node id (cached: called for every token). */
  resolve(ns: Namespace, node: string): string {
    return this.ids.resolve(ns, node);
  }

  /** Sets the graph and the ids events are mapped onto. */
  setGraph(graph: GraphData | undefined, assistantId: string | undefined): void {
    this.graph = graph;
    this.assistantId = assistantId;
    this.ids.useGraph(graph);
    // The layout of a graph no longer shown (another deployment's) must not stay drawn.
    if (!graph) this.geometry = undefined;
  }

  /** Clears everything a run showed. */
  clearRun(): void {
    this.setStatuses({});
    // Keys hold subgraph task ids: one run's worth at a time.
    this.ids.clear();
    this.tokens.clear();
    this.outcome = undefined;
    this.supersteps = [];
    this.selectedStep = undefined;
    this.tokenNodeIds = [];
    this.tokenVersions = {};
    this.activeTokenNode = undefined;
    this.progress = {};
    this.chat.reset();
  }

  /** Shows a brief confirmation (or what went wrong) at the bottom of the view. */
  notify(text: string, error = false): void {
    this.toast = { text, error, id: (this.toast?.id ?? 0) + 1 };
  }

  /** Applies one status change from the host; the change is the node's whole entry (no note: none). */
  changeStatus(change: NodeStatusChange): void {
    this.received.set(change.node, change.note === undefined ? { status: change.status } : { status: change.status, note: change.note });
    this.statusesChanged = true;
  }

  /** Replaces every node's status (a snapshot, or the statuses after a run's outcome). */
  setStatuses(statuses: NodeStatuses): void {
    this.received.clear();
    for (const [id, entry] of Object.entries(statuses)) this.received.set(id, entry);
    this.statusesChanged = true;
  }

  /** Whether chat mode suits the assistant shown: its schema says it takes `messages`, or (not read yet) its state has them. */
  get chatOffered(): boolean {
    void this.chatVersion;
    return !this.readOnly && (this.takesMessages ?? this.chat.hasState);
  }

  /** Publishes what was received into the reactive fields (once per frame). */
  publish(): void {
    if (this.chat.version !== this.chatVersion) this.chatVersion = this.chat.version;
    if (this.statusesChanged) {
      this.statusesChanged = false;
      const statuses: Record<string, NodeStatus> = {};
      const notes: Record<string, string> = {};
      for (const [id, entry] of this.received) {
        statuses[id] = entry.status;
        if (entry.note !== undefined) notes[id] = entry.note;
      }
      if (!sameRecord(statuses, this.statuses)) this.statuses = statuses;
      if (!sameRecord(notes, this.notes)) this.notes = notes;
    }
    const changed = this.tokens.flush();
    if (changed.length > 0) {
      const versions = { ...this.tokenVersions };
      for (const id of changed) versions[id] = this.tokens.section(id)?.version ?? 0;
      this.tokenVersions = versions;
      this.activeTokenNode = this.tokens.lastNodeId;
      if (this.tokens.nodeIds.length !== this.tokenNodeIds.length) this.tokenNodeIds = this.tokens.nodeIds;
    }
  }
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k]);
}

/** The one instance of the view's state. */
export const view = new ViewState();

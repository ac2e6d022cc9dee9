// The run engine's data model: typed stream events, supersteps, diffs and run outcomes.
// Shared by the extension host and the webview (type-only there), so: no `vscode`, no DOM, no Node.

/** One Server-Sent Event as framed on the wire (multi-line `data:` joined with "\n"). */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/** Subgraph path of an event: [] for the root graph, ["child:<task id>"] one level down, and so on. */
export type Namespace = string[];

/** One `interrupt()` raised by a node (or an empty list for a static breakpoint). */
export interface InterruptInfo {
  /** Interrupt id, used as the key of a `resume` map. */
  id?: string;
  /** The payload the node passed to `interrupt()`. */
  value: unknown;
  /** Subgraph the interrupt was raised in ([] when top level). */
  ns: Namespace;
  /** The node that called `interrupt()`, when the stream or the state said. */
  node?: string;
  /** JSON Schema of the answer the node expects (`interrupt(value, response_schema=…)`), when it gave one. */
  responseSchema?: Record<string, unknown>;
}

/** A tool call as assembled from `tool_call_chunks` (args kept as the streamed text until it parses). */
export interface ToolCallDraft {
  index: number;
  id?: string;
  name?: string;
  /** Raw argument text as streamed so far. */
  argsText: string;
  /** Parsed args once `argsText` is valid JSON, else undefined. */
  args?: Record<string, unknown>;
}

/** A message as streamed, accumulated chunk by chunk. */
export interface StreamedMessage {
  /** Message id (`run-<uuid>` for chat model output); a synthetic id when the server sent none. */
  id: string;
  /** `ai`, `tool`, `human`, … (chunk suffixes removed). */
  role: string;
  /** Node that produced it (`langgraph_node`). */
  node: string;
  ns: Namespace;
  /** Text so far; list-of-blocks content is flattened to its text blocks. */
  text: string;
  toolCalls: ToolCallDraft[];
  /** For tool results: the call it answers. */
  toolCallId?: string;
  /** Tool name for tool results. */
  name?: string;
  /** Superstep reported by the server (`langgraph_step`). */
  step?: number;
}

interface EventBase {
  /** SSE `id:` of the event (counts per run on resumable streams). */
  eventId?: string;
  /** Subgraph path, parsed from `mode|node:task_id|…`. */
  ns: Namespace;
  /** Milliseconds since the epoch when the client received it. */
  receivedAt: number;
}

/** Typed union of everything a run's stream can tell. */
export type RunEvent =
  | (EventBase & { kind: "metadata"; runId: string; attempt?: number })
  | (EventBase & { kind: "taskStart"; taskId: string; node: string; triggers: string[]; input: unknown; step?: number })
  | (EventBase & {
      kind: "taskResult";
      taskId: string;
      node: string;
      /** Writes keyed by channel, or null. */
      result: Record<string, unknown> | null;
      error: { name: string; message: string } | null;
      interrupts: InterruptInfo[];
    })
  /** `cached`: the node's write replayed from an earlier run (Python, resuming beside it); no task result follows. */
  | (EventBase & { kind: "update"; node: string; values: unknown; cached?: boolean })
  /** Full state after a step (`values` mode). */
  | (EventBase & { kind: "values"; values: unknown })
  | (EventBase & {
      kind: "token";
      node: string;
      messageId: string;
      /** Text carried by this chunk (may be empty). */
      text: string;
      /** Tool call chunks carried by this chunk. */
      toolCallChunks: { index: number; id?: string; name?: string; args?: string }[];
      role: string;
      step?: number;
      /** Task that streamed it (last segment of `langgraph_checkpoint_ns`). */
      taskId?: string;
    })
  | (EventBase & { kind: "message"; node: string; message: Record<string, unknown>; step?: number; taskId?: string })
  | (EventBase & {
      kind: "checkpoint";
      checkpointId?: string;
      parentCheckpointId?: string;
      step: number;
      source?: string;
      values: unknown;
      next: string[];
      tasks: { id: string; name: string; interrupts: InterruptInfo[]; error?: unknown }[];
    })
  | (EventBase & { kind: "custom"; node?: string; data: unknown })
  | (EventBase & { kind: "interrupt"; interrupts: InterruptInfo[] })
  | (EventBase & { kind: "error"; error: string; message: string })
  | (EventBase & { kind: "end" })
  /** An event this client does not model, or one it could not parse (`problem` says why; `data` is then the raw text). */
  | (EventBase & { kind: "unknown"; event: string; data: unknown; problem?: string });

export type RunEventKind = RunEvent["kind"];

/** One change between the state before and after a superstep. */
export interface DiffEntry {
  /** JSON path such as `messages[3]` or `plan.steps[0].done` (`$` for the root). */
  path: string;
  change: "added" | "changed" | "removed";
  before?: unknown;
  after?: unknown;
}

/** A node execution inside a superstep. */
export interface NodeRun {
  node: string;
  taskId: string;
  ns: Namespace;
  startedAt?: number;
  finishedAt?: number;
  /** What the node wrote (its `updates` / task result). */
  writes?: unknown;
  /** Messages the node streamed during this step. */
  messages: StreamedMessage[];
  error?: { name: string; message: string };
  interrupts: InterruptInfo[];
}

/** Everything one superstep did: who ran, what they streamed, what changed. */
export interface Superstep {
  /** Step number (`metadata.step` of the checkpoint it produced); -1 is the input step. */
  step: number;
  ns: Namespace;
  nodes: NodeRun[];
  checkpointId?: string;
  /** Where the step came from: `loop` (a node ran), `input`, `update` (a state edit), `fork`. */
  source?: string;
  stateBefore: unknown;
  stateAfter: unknown;
  diff: DiffEntry[];
  /** True when the step was flushed without its checkpoint (the run paused, failed or was cancelled in it). */
  incomplete?: boolean;
  /** `custom` events written during the step (`node` when only one node was running). */
  custom?: { node?: string; data: unknown }[];
}

/** How a run ended, read from the stream and then the thread. */
export type RunOutcome =
  | { status: "finished" }
  | { status: "paused"; when: "before" | "after"; nodes: string[] }
  | { status: "waiting"; interrupts: InterruptInfo[] }
  | { status: "failed"; node?: string; message: string }
  | { status: "cancelled" };

export type RunStatus = "idle" | "running" | RunOutcome["status"];

/** Node ids and edges of an assistant's graph, as `/assistants/{id}/graph` returns them. */
export interface GraphData {
  nodes: { id: string; name?: string; type?: string; data?: unknown; metadata?: Record<string, unknown> | null }[];
  edges: { source: string; target: string; conditional?: boolean; data?: unknown }[];
}

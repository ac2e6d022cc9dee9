// The run driver's vocabulary: what it drives (the target), what it tells its listeners, what it
// needs from its host, and the small pure helpers around them. The driver is threadDriver.ts.
import type { Command, Config } from "@langchain/langgraph-sdk";
import type { LangGraphApi, RunStream, RunStreamOptions, RunStreamPayload } from "../client";
import type { GraphData, RunEvent, RunOutcome, RunStatus, SseMessage, Superstep } from "../model";
import type { NodeStatusChange, NodeStatusEntry } from "../nodeStatus";
import type { ThreadHead } from "../runSession";
import { parseInterrupts } from "../events";
import type { Breaks } from "./breaks";

/** The thread being debugged: where Continue, Step and Resume act. */
export interface DriverTarget {
  assistantId: string;
  threadId: string;
  /** The thread's newest checkpoint as last read (what a state edit is made against). */
  checkpointId?: string;
  /** An older checkpoint chosen by time travel: the next run goes on from it, forking the thread there. */
  forkFrom?: string;
  outcome?: RunOutcome;
  running: boolean;
}

/** What the driver tells its listeners, in order. */
export type DriverEvent =
  | { type: "target"; target: DriverTarget | undefined }
  | { type: "graph"; assistantId: string; graph: GraphData }
  /** `request`: what was asked of the server (absent for a story loaded from history). */
  | { type: "runStarted"; threadId: string; assistantId: string; continues: boolean; request?: RunRequest }
  /** One SSE message of the run as received, before it is parsed (what a recording keeps). */
  | { type: "wire"; message: SseMessage; receivedAt: number }
  | { type: "events"; events: RunEvent[]; statusChanges: NodeStatusChange[] }
  | { type: "superstep"; superstep: Superstep }
  /**
   * `head`: where the thread stands after the run (its state, next nodes, checkpoint), when it could be read.
   * `fromHistory`: the story was loaded from the thread's history (a thread or checkpoint picked): nothing
   * ran, so nothing new is in the thread, its store or its recording.
   */
  | { type: "runEnded"; outcome: RunOutcome; statuses: Record<string, NodeStatusEntry>; head?: ThreadHead; fromHistory?: true }
  | { type: "warning"; message: string }
  /** The deployment's code was reloaded (hot reload): `files` saved, nodes `added` and `removed` (the `graph` event came first). */
  | { type: "codeReloaded"; assistantId: string; files: string[]; graph: GraphData; added: string[]; removed: string[] };

/** What a run asked of the server: how it was started, its input or command, its breakpoints. No headers, no keys. */
export interface RunRequest {
  kind: "start" | "continue" | "step" | "resume" | "follow";
  input?: Record<string, unknown> | null;
  command?: Command;
  checkpointId?: string;
  interruptBefore?: Breaks["interruptBefore"];
  interruptAfter?: Breaks["interruptAfter"];
  /** The run's `config.configurable` (without the checkpoint it starts from) and `context`, when it had some. */
  configurable?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** What the driver needs from its host. */
export interface DriverDeps {
  /** The deployment's client (after a deployment switch the host calls `forget`). */
  client(): Promise<LangGraphApi>;
  /** The breakpoints sent with every run of an assistant. */
  breakpoints(assistantId: string): Breaks;
  log?: { info(message: string): void; warn(message: string): void };
}

/** A new run: input (or a command), on a new or existing thread. */
export interface StartRequest {
  assistantId: string;
  /** An existing thread; absent: a new one is created. */
  threadId?: string;
  /** A checkpoint of `threadId` to fork from with this input (chat mode's "Edit and re-send"); absent: the thread's latest. */
  fromCheckpoint?: string;
  input?: Record<string, unknown> | null;
  command?: Command;
  config?: Config;
  context?: unknown;
  /** Breakpoints for this run instead of the assistant's. */
  breaks?: Breaks;
  /** When the server saves checkpoints ("exit": only at the end, which a debugger is warned about). */
  durability?: RunStreamPayload["durability"];
}

/** A state edit made against a checkpoint that is no longer the thread's newest. */
export class StaleStateError extends Error {
  constructor(
    readonly threadId: string,
    readonly basedOn: string,
    readonly current: string | undefined,
  ) {
    super(`Thread ${threadId} moved on since this state was read (checkpoint ${short(basedOn)}, now ${short(current)}): saving would overwrite what happened since.`);
  }
}

/** Opens the stream of a run that already exists (a join, or a watch of its status). */
export type OpenStream = (signal: AbortSignal, options: RunStreamOptions) => Promise<RunStream>;

/** What a target's thread is doing: `running`, how its last run ended, or `idle` (no target, or no run yet). */
export function statusOf(target: DriverTarget | undefined): RunStatus {
  return target?.running ? "running" : (target?.outcome?.status ?? "idle");
}

/** How a thread stands at a history entry: waiting on the interrupts of its tasks, paused before `next`, or finished. */
export function outcomeAt(entry: { next: string[]; tasks?: { name?: string; interrupts?: unknown[]; result?: unknown }[] } | undefined): RunOutcome {
  // The JS server keeps an answered interrupt on its task (which then has a result) while another waits.
  const interrupts = (entry?.tasks ?? []).filter((t) => t.result === undefined || t.result === null).flatMap((t) => parseInterrupts(t.interrupts, [], t.name));
  if (interrupts.length > 0) return { status: "waiting", interrupts };
  const next = entry?.next ?? [];
  return next.length ? { status: "paused", when: "before", nodes: next } : { status: "finished" };
}

/** What a run asked of the server, for listeners (a recording keeps it). */
export function runRequest(kind: RunRequest["kind"], payloadOrOpen: RunStreamPayload | OpenStream, breaks: Breaks): RunRequest {
  const request: RunRequest = { kind };
  if (breaks.interruptBefore !== undefined) request.interruptBefore = breaks.interruptBefore;
  if (breaks.interruptAfter !== undefined) request.interruptAfter = breaks.interruptAfter;
  if (typeof payloadOrOpen === "function") return request;
  if (payloadOrOpen.input !== undefined) request.input = payloadOrOpen.input;
  if (payloadOrOpen.command !== undefined) request.command = payloadOrOpen.command;
  if (payloadOrOpen.checkpoint_id) request.checkpointId = payloadOrOpen.checkpoint_id;
  const { checkpoint_id: _checkpoint, checkpoint_ns: _ns, thread_id: _thread, ...configurable } = (payloadOrOpen.config?.configurable ?? {}) as Record<string, unknown>;
  if (Object.keys(configurable).length > 0) request.configurable = configurable;
  const context = payloadOrOpen.context as Record<string, unknown> | undefined;
  if (context && typeof context === "object" && Object.keys(context).length > 0) request.context = context;
  return request;
}

function short(id: string | undefined): string {
  return id ? id.slice(0, 8) : "none";
}

// What the Threads view and the thread picker say about threads and checkpoints. No `vscode`
// import: the tree rows and quick pick items are built from these and unit-tested on what the
// real servers return (test/fixtures/*/threads.json).
import type { Assistant, Thread } from "@langchain/langgraph-sdk";
import type { CheckpointEntry } from "../engine/checkpointTimeline";
import { contentText, readMessage } from "../engine/messageFields";
import type { RunStatus } from "../engine/model";
import { isUuid } from "../engine/client/graphIds";
import { nodeName } from "../shared/names";

/** How the last run this extension followed on a thread ended, and when that was seen. */
export interface KnownOutcome {
  status: RunStatus;
  /** Epoch ms when the run was seen to end. */
  at: number;
}

/** How times are written: the person's locale and zone, fixed in tests. */
export interface TimeFormat {
  locale?: string;
  timeZone?: string;
  /** What "today" is measured against (epoch ms); default now. */
  now?: number;
}

/** A row label is cut to this many characters; the tooltip has the whole text. */
const LINE_CHARS = 60;

/**
 * The text of the thread's first user message (`values.messages`), whole: plain dicts
 * (`{type:"human"}`, `{role:"user"}`) or LangChain's serialized form, content a string or a list of
 * blocks. Undefined when the thread has no user message with text.
 */
export function firstUserMessage(values: unknown): string | undefined {
  const messages = values && typeof values === "object" && !Array.isArray(values) ? (values as Record<string, unknown>).messages : undefined;
  if (!Array.isArray(messages)) return undefined;
  for (const message of messages) {
    const read = readMessage(message);
    if (read?.role !== "human") continue;
    const text = contentText(read.fields.content).trim();
    if (text) return text;
  }
  return undefined;
}

/** What a thread is about: its first user message, else its first text field (`topic: the report`). */
export function threadSubject(thread: Pick<Thread, "values">): string | undefined {
  const message = firstUserMessage(thread.values);
  if (message) return message;
  const values = thread.values;
  if (!values || typeof values !== "object" || Array.isArray(values)) return undefined;
  const field = Object.entries(values).find(([, v]) => typeof v === "string" && v.trim());
  return field ? `${field[0]}: ${String(field[1]).trim()}` : undefined;
}

/**
 * The thread as its row names it: a thread has no values while it runs (Python) or only those of its
 * last run (JS), so a running thread with no subject of its own is named from its driver's state.
 */
export function shownThread(thread: Thread, runningValues: unknown): Thread {
  return runningValues && !threadSubject(thread) ? { ...thread, values: runningValues as Thread["values"] } : thread;
}

/** Text on one line (whitespace runs become one space), cut with an ellipsis. */
export function oneLine(text: string, max = LINE_CHARS): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** Assistant names by assistant id: the assistant's name, else its graph id (as the pickers say). */
export function assistantNames(assistants: Assistant[]): Map<string, string> {
  return new Map(assistants.map((a) => [a.assistant_id, a.name || a.graph_id]));
}

/** The name of the assistant a thread ran on (never its UUID); undefined for a thread that never ran. */
export function threadAssistant(thread: Pick<Thread, "metadata">, names: ReadonlyMap<string, string>): string | undefined {
  const metadata = (thread.metadata ?? {}) as Record<string, unknown>;
  const id = typeof metadata.assistant_id === "string" ? metadata.assistant_id : undefined;
  const graph = typeof metadata.graph_id === "string" ? metadata.graph_id : undefined;
  return (id && names.get(id)) ?? graph ?? (id && !isUuid(id) ? id : undefined);
}

/** A time, short: `16:25` today (`16:25:45` with seconds), else `1 Dec 16:25`. */
export function shortTime(iso: string | undefined, format: TimeFormat = {}, seconds = false): string {
  const at = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) return iso ?? "";
  const { locale, timeZone } = format;
  const clock: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}), hour12: false, timeZone };
  const day = (ms: number) => new Date(ms).toLocaleDateString("en-CA", { timeZone });
  if (day(at) === day(format.now ?? Date.now())) return new Date(at).toLocaleTimeString(locale, clock);
  return new Date(at).toLocaleString(locale, { day: "numeric", month: "short", ...clock });
}

/** A thread as a row of the Threads view. */
export interface ThreadRow {
  label: string;
  description: string;
  tooltip: string;
  /** Codicon id. */
  icon: string;
  /** What the row calls the thread's state. */
  status: string;
}

/** What a thread row knows besides the thread. */
export interface ThreadRowContext extends TimeFormat {
  /** How the last run this extension followed on it ended. */
  known?: KnownOutcome;
  /** Assistant names by id (assistantNames). */
  names?: ReadonlyMap<string, string>;
  /** The debugger's run is going on this thread now (the driver's target). */
  running?: boolean;
  /** Under its assistant's group the row does not name the assistant again. */
  grouped?: boolean;
}

const STATUS_ICONS: Record<string, string> = { idle: "pass", busy: "loading~spin", running: "loading~spin", interrupted: "debug-pause", error: "error", cancelled: "circle-slash" };

/** How long after a run was seen to end the server may still touch the thread (cancel with wait lands then). */
const SETTLE_MS = 10_000;

/**
 * A thread row: the first user message on one line, the assistant, status and time beside it, the
 * whole message and the id in the tooltip. A cancelled run leaves the thread `error` (JS server)
 * or `interrupted` (Python): when this extension saw the thread's last run end cancelled, and
 * nothing touched the thread since, the row says `cancelled` instead.
 */
export function threadRow(thread: Thread, context: ThreadRowContext = {}): ThreadRow {
  const { known, running } = context;
  const updated = Date.parse(thread.updated_at);
  const untouched = known !== undefined && (Number.isNaN(updated) || updated <= known.at + SETTLE_MS);
  const cancelled = !running && known?.status === "cancelled" && untouched && (thread.status === "error" || thread.status === "interrupted");
  const status = running ? "running" : cancelled ? "cancelled" : thread.status;
  const assistant = threadAssistant(thread, context.names ?? new Map());
  const subject = threadSubject(thread);
  const label = subject ? oneLine(subject) : assistant ? "(no input)" : "Empty thread";
  const tooltip = [
    subject ?? label,
    "",
    `Assistant: ${assistant ?? "none yet (never ran)"}`,
    `Thread: ${thread.thread_id}`,
    `Status: ${status}${cancelled ? ` (the server says ${thread.status})` : ""}`,
    `Updated: ${Number.isNaN(updated) ? thread.updated_at : new Date(updated).toLocaleString(context.locale, { timeZone: context.timeZone })}`,
  ].join("\n");
  return {
    label,
    description: [context.grouped ? undefined : (assistant ?? "no runs"), status, shortTime(thread.updated_at, context)].filter(Boolean).join(" · "),
    tooltip,
    icon: STATUS_ICONS[status] ?? "circle-outline",
    status,
  };
}

/** Newest update first (`updated_at`); the servers sort their search by creation unless asked. */
export function byLastUpdate<T extends Pick<Thread, "updated_at">>(threads: readonly T[]): T[] {
  const at = (t: T) => {
    const ms = Date.parse(t.updated_at);
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  return [...threads].sort((a, b) => at(b) - at(a));
}

/**
 * The threads to list: the server's newest, and the thread the debugger runs on even when the
 * search has not caught up with it (a thread created for the run), first.
 */
export function withRunningThread(found: Thread[], running: Thread | undefined): Thread[] {
  if (!running || found.some((t) => t.thread_id === running.thread_id)) return byLastUpdate(found);
  return [running, ...byLastUpdate(found)];
}

/** A group of the Threads view: one assistant's threads, newest first. */
export interface ThreadGroup<T> {
  /** The assistant's name; undefined for threads that never ran. */
  assistant: string | undefined;
  threads: T[];
}

/** Threads grouped by assistant; groups ordered by their newest thread, never-run threads last. */
export function groupByAssistant<T extends Pick<Thread, "updated_at" | "metadata">>(threads: readonly T[], names: ReadonlyMap<string, string>): ThreadGroup<T>[] {
  const groups = new Map<string | undefined, T[]>();
  for (const thread of byLastUpdate(threads)) {
    const key = threadAssistant(thread, names);
    groups.set(key, [...(groups.get(key) ?? []), thread]);
  }
  const named = [...groups].filter(([key]) => key !== undefined);
  const unnamed = groups.get(undefined);
  return [...named.map(([assistant, list]) => ({ assistant, threads: list })), ...(unnamed ? [{ assistant: undefined, threads: unnamed }] : [])];
}

/** A row of the thread picker: a thread, or a separator between the chosen assistant's threads and the others. */
export type ThreadPickRow = { kind: "separator"; label: string } | { kind: "thread"; label: string; description: string; detail: string; threadId: string };

/**
 * The thread picker's rows: the chosen assistant's threads first (newest first), then the other
 * assistants' threads, each named by its first message with its assistant and status beside it.
 */
export function threadPickRows(threads: readonly Thread[], names: ReadonlyMap<string, string>, chosen: Pick<Assistant, "assistant_id" | "graph_id" | "name">, format: TimeFormat = {}): ThreadPickRow[] {
  const chosenName = chosen.name || chosen.graph_id;
  const isChosen = (t: Thread) => {
    const metadata = (t.metadata ?? {}) as Record<string, unknown>;
    return metadata.assistant_id === chosen.assistant_id || (metadata.assistant_id === undefined && metadata.graph_id === chosen.graph_id);
  };
  const row = (t: Thread): ThreadPickRow => {
    const r = threadRow(t, { ...format, names });
    return { kind: "thread", label: r.label, description: `${threadAssistant(t, names) ?? "no runs"} · ${r.status}`, detail: `updated ${shortTime(t.updated_at, format)} · ${t.thread_id}`, threadId: t.thread_id };
  };
  const sorted = byLastUpdate(threads);
  const mine = sorted.filter(isChosen);
  const others = sorted.filter((t) => !isChosen(t));
  return [
    ...(mine.length ? [{ kind: "separator" as const, label: `${chosenName}'s threads` }, ...mine.map(row)] : []),
    ...(others.length ? [{ kind: "separator" as const, label: "other threads" }, ...others.map(row)] : []),
  ];
}

/** A checkpoint as a row of the Threads view. */
export interface CheckpointRow {
  label: string;
  description: string;
  tooltip: string;
  icon: string;
}

/** Who wrote a checkpoint, as people say it: Input, Start, the nodes, a state edit or a re-run. */
export function checkpointWriter(entry: Pick<CheckpointEntry, "step" | "source" | "nodes">): string {
  if (entry.step === -1 || entry.source === "input") return "Input";
  if (entry.nodes.length) return entry.nodes.map(nodeName).join(", ");
  if (entry.source === "update") return "State edit";
  if (entry.source === "fork") return "Re-run";
  return `Step ${entry.step}`;
}

/** A checkpoint row: who wrote it, then its step, its local time and what runs next. */
export function checkpointRow(entry: CheckpointEntry, format: TimeFormat = {}): CheckpointRow {
  const writer = checkpointWriter(entry);
  const next = entry.next.map(nodeName).join(", ");
  const time = shortTime(entry.createdAt, format, true);
  const description = [entry.step >= 0 ? `step ${entry.step}` : "", time].filter(Boolean).join(" · ") + (next ? ` → ${next}` : "");
  const tooltip = [
    `${writer} (${entry.step === -1 ? "the run's input" : `step ${entry.step}`}, ${entry.source})`,
    `Checkpoint ${entry.checkpointId}`,
    entry.createdAt ? `Written ${Number.isNaN(Date.parse(entry.createdAt)) ? entry.createdAt : new Date(entry.createdAt).toLocaleString(format.locale, { timeZone: format.timeZone })}` : "",
    next ? `Next: ${next}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  const icon = entry.source === "update" ? "edit" : entry.source === "fork" ? "debug-restart" : entry.source === "input" ? "arrow-right" : "circle-small-filled";
  return { label: writer, description, tooltip, icon };
}

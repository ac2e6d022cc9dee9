// What the pickers and the Threads view say about assistants and threads. No `vscode` import:
// the quick pick items and tree rows are built from these and unit-tested.
import type { Assistant, Thread } from "@langchain/langgraph-sdk";
import type { RunStatus } from "../engine/model";

/** An assistant as a quick pick row. */
export interface AssistantRow {
  label: string;
  /** Only when it tells the rows apart or says more than the label (the graph, the id). */
  description?: string;
  assistant: Assistant;
}

/**
 * One name per assistant: its name (the graph id when it has none). The graph id is added when it
 * differs from the name, the assistant id only when two rows would otherwise read the same.
 */
export function assistantRows(assistants: Assistant[]): AssistantRow[] {
  const labelOf = (a: Assistant) => a.name || a.graph_id;
  const extraOf = (a: Assistant) => (a.graph_id !== labelOf(a) ? `graph ${a.graph_id}` : undefined);
  const seen = new Map<string, number>();
  for (const a of assistants) {
    const key = `${labelOf(a)}\u0000${extraOf(a) ?? ""}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return assistants.map((a) => {
    const extra = extraOf(a);
    const ambiguous = (seen.get(`${labelOf(a)}\u0000${extra ?? ""}`) ?? 0) > 1;
    const description = [extra, ambiguous ? a.assistant_id : undefined].filter(Boolean).join(" · ");
    return description ? { label: labelOf(a), description, assistant: a } : { label: labelOf(a), assistant: a };
  });
}

/** How the last run this extension followed on a thread ended, and when that was seen. */
export interface KnownOutcome {
  status: RunStatus;
  /** Epoch ms when the run was seen to end. */
  at: number;
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

const STATUS_ICONS: Record<string, string> = { idle: "pass", busy: "loading~spin", interrupted: "debug-pause", error: "error", cancelled: "circle-slash" };

/** How long after a run was seen to end the server may still touch the thread (cancel with wait lands then). */
const SETTLE_MS = 10_000;

/**
 * A thread row. A cancelled run leaves the thread `error` (JS server) or `interrupted` (Python):
 * when this extension saw the thread's last run end cancelled, and nothing touched the thread
 * since, the row says `cancelled` instead.
 */
export function threadRow(thread: Thread, known?: KnownOutcome, locale?: string): ThreadRow {
  const graph = (thread.metadata as Record<string, unknown> | null)?.graph_id;
  const updated = Date.parse(thread.updated_at);
  const untouched = known !== undefined && (Number.isNaN(updated) || updated <= known.at + SETTLE_MS);
  const cancelled = known?.status === "cancelled" && untouched && (thread.status === "error" || thread.status === "interrupted");
  const status = cancelled ? "cancelled" : thread.status;
  const when = Number.isNaN(updated) ? thread.updated_at : new Date(updated).toLocaleString(locale);
  return {
    label: `${typeof graph === "string" ? `${graph} · ` : ""}${thread.thread_id.slice(0, 8)}`,
    description: `${status} · ${when}`,
    tooltip: `Thread ${thread.thread_id}\nStatus: ${status}${cancelled ? ` (the server says ${thread.status})` : ""}\nUpdated: ${thread.updated_at}`,
    icon: STATUS_ICONS[status] ?? "circle-outline",
    status,
  };
}

// What the Threads view's rows are drawn from, as one short string: the tree compares it between
// refreshes and redraws only when it changed (while VS Code redraws a tree it knows no row, and an
// inline action clicked then is given none). A run refreshes the view on every read cycle, so the
// key holds what the rows show, never a thread's state: a long conversation is megabytes. No
// `vscode` import: unit-tested against threadRow on the real servers' threads.
import type { Assistant, Thread, ThreadState } from "@langchain/langgraph-sdk";
import { assistantNames, type KnownOutcome, threadAssistant, threadSubject } from "./threadLabels";

/** A thread whose run goes on, with its newest state in its driver's story, if any yet. */
export interface RunningThread {
  threadId: string;
  values?: unknown;
}

/** Everything the rows are drawn from (the tree's own fields, as they are). */
export interface DrawnFrom {
  url: string;
  /** Why the deployment refused the key, if it did: the only row then. */
  refusal: object | undefined;
  grouped: boolean;
  /** The search's key, its count and the threads listed (with whether more are on the server). */
  pages: { key: string; total?: number; threads: { readonly threads: readonly Thread[]; readonly complete: boolean } } | undefined;
  /** The expanded threads' checkpoints. */
  checkpoints: ReadonlyMap<string, { readonly hasOlder: boolean; readonly checkpoints: readonly ThreadState[] }>;
  /** For the assistant names the rows show and group by. */
  assistants: readonly Assistant[];
  /** How the runs this extension followed ended, by thread id. */
  known: Readonly<Record<string, KnownOutcome>>;
  running: readonly RunningThread[];
  /** Today's date: a time of today is drawn without its date. */
  today: string;
}

/**
 * The key of what the rows show: the same key, the same rows. A thread's row is its subject (label
 * and tooltip), assistant (description, group, the click's assistant id), status (with how its last
 * run ended, and whether it runs) and update time (description, tooltip, order). A running thread
 * with no subject of its own is named from its driver's state: the running list keys that subject.
 */
export function rowsKey(from: DrawnFrom): string {
  const names = assistantNames([...from.assistants]);
  const thread = (t: Thread) => {
    const known = from.known[t.thread_id];
    const assistantId = (t.metadata as Record<string, unknown> | null)?.assistant_id;
    return [t.thread_id, t.updated_at, t.status, known?.status, known?.at, assistantId, threadAssistant(t, names), threadSubject(t)];
  };
  const pages = from.pages;
  return JSON.stringify([
    from.url,
    from.refusal ?? null,
    from.grouped,
    pages ? [pages.key, pages.total, pages.threads.complete, pages.threads.threads.map(thread)] : null,
    // A checkpoint never changes, and a thread's list only grows at either end: its length and ends stand for its rows.
    [...from.checkpoints].map(([id, p]) => [id, p.hasOlder, p.checkpoints.length, idOf(p.checkpoints[0]), idOf(p.checkpoints.at(-1))]),
    from.running.map((r) => [r.threadId, r.values === undefined ? null : (threadSubject({ values: r.values as Thread["values"] }) ?? null)]),
    from.today,
  ]);
}

const idOf = (state: ThreadState | undefined) => state?.checkpoint?.checkpoint_id;

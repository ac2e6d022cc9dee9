// Following a run someone else started (ThreadDriver.follow): which run, with which breakpoints,
// how to read it without disturbing its own client, and the thread's steps before it.
import type { Run } from "@langchain/langgraph-sdk";
import type { LangGraphApi, RunStream } from "../client";
import type { BreakpointList } from "../outcome";
import type { SseMessage, Superstep } from "../model";
import { lineageSupersteps } from "../checkpointTimeline";
import { diffStates } from "../diff";


/** The run to follow and what the server says of it. */
export interface RunToFollow {
  run: Run;
  /** The run's own `interrupt_before` / `interrupt_after`: they tell a pause before from a pause after. */
  interruptBefore?: BreakpointList;
  interruptAfter?: BreakpointList;
  /**
   * Started with `stream_resumable`: its stream can be replayed from the start by any number of
   * readers. Otherwise a join shares one queue with the run's own reader (JS) and takes events from it.
   */
  resumable: boolean;
}

const IN_PROGRESS: ReadonlySet<string> = new Set(["pending", "running"]);

/** The run `runId`, or the thread's run in progress; throws when there is none to follow. */
export async function findRunToFollow(client: LangGraphApi, threadId: string, runId?: string): Promise<RunToFollow> {
  const run = runId ? await client.runs.get(threadId, runId) : (await client.runs.list(threadId, { limit: 20 })).find((r) => IN_PROGRESS.has(r.status));
  if (!run) throw new Error(`Thread ${threadId} has no run in progress to follow.`);
  if (!IN_PROGRESS.has(run.status)) throw new Error(`Run ${run.run_id} is not in progress (it is ${run.status}).`);
  // Both servers report the run's request as `kwargs` (not in the SDK's Run type).
  const kwargs = (run as { kwargs?: { interrupt_before?: BreakpointList | null; interrupt_after?: BreakpointList | null; resumable?: boolean } }).kwargs ?? {};
  return { run, interruptBefore: kwargs.interrupt_before ?? undefined, interruptAfter: kwargs.interrupt_after ?? undefined, resumable: kwargs.resumable !== false };
}

/**
 * A run read without its events: polls its status and ends when it is no longer in progress (the
 * thread then says how). For runs that are not resumable, whose events belong to their own reader.
 */
export function watchRunStatus(client: LangGraphApi, threadId: string, runId: string, signal: AbortSignal, intervalMs = 250): RunStream {
  async function* poll(): AsyncGenerator<SseMessage> {
    for (;;) {
      const run = await client.runs.get(threadId, runId, { signal });
      if (!IN_PROGRESS.has(run.status)) return;
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal.reason);
        };
        const timer = setTimeout(() => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        }, intervalMs);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    }
  }
  return { runId, [Symbol.asyncIterator]: poll, cancel: (options) => client.runs.cancel(threadId, runId, options) };
}

/**
 * The thread's root supersteps before a run: the lineage of the newest checkpoint created before the
 * run was (and not written by it). Empty when history has no such checkpoint.
 */
export async function stepsBefore(client: LangGraphApi, threadId: string, run: Pick<Run, "run_id" | "created_at">): Promise<Superstep[]> {
  const started = Date.parse(run.created_at);
  if (Number.isNaN(started)) return [];
  const history = await client.threads.history(threadId, { limit: 1000 });
  const head = history.find((h) => (h.metadata as { run_id?: unknown } | null)?.run_id !== run.run_id && Date.parse(h.created_at ?? "") < started);
  const id = head?.checkpoint.checkpoint_id;
  return id ? lineageSupersteps(history, id, diffStates) : [];
}

/** The thread's root supersteps up to a checkpoint that the story does not have yet (a run read without its events). */
export async function stepsMissing(client: LangGraphApi, threadId: string, checkpointId: string, known: readonly Superstep[]): Promise<Superstep[]> {
  const have = new Set(known.map((s) => s.checkpointId).filter(Boolean));
  const lineage = lineageSupersteps(await client.threads.history(threadId, { limit: 1000 }), checkpointId, diffStates);
  return lineage.filter((s) => !have.has(s.checkpointId));
}

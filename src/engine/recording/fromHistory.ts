// A run rebuilt from a thread's history, for a thread saved from the Threads view: its stream was
// never watched here, so its checkpoints are written as the stream would have carried them (the
// `tasks` and `checkpoints` modes, in the servers' wire format). Tokens and node writes are not in
// history and stay absent; steps, states, next nodes and interrupts are all there.
import type { ThreadState } from "@langchain/langgraph-sdk";
import type { RunOutcome } from "../model";
import { outcomeAt } from "../driver/driverTypes";
import type { RecordedMessage, RecordedRun } from "./format";

/** The main line of the history (the lineage of its newest checkpoint) as one recorded run. */
export function runFromHistory(history: readonly ThreadState[]): RecordedRun | undefined {
  const head = history[0];
  if (!head?.checkpoint?.checkpoint_id) return undefined;
  const byId = new Map(history.map((h) => [h.checkpoint.checkpoint_id, h]));
  const lineage: ThreadState[] = [];
  for (let entry: ThreadState | undefined = head; entry; entry = byId.get(entry.parent_checkpoint?.checkpoint_id ?? "")) lineage.unshift(entry);
  const messages: RecordedMessage[] = [];
  const at = (entry: ThreadState) => Date.parse(entry.created_at ?? "") || 0;
  const add = (t: number, event: string, data: unknown) => messages.push({ t, event, data: JSON.stringify(data), id: String(messages.length) });
  lineage.forEach((entry, i) => {
    const parent = lineage[i - 1];
    const source = (entry.metadata as { source?: string } | null)?.source;
    // The tasks a checkpoint announced are the ones that ran to make the next (loop steps only).
    if (parent && source === "loop") {
      for (const task of parent.tasks ?? []) {
        add(at(entry), "tasks", { id: task.id, name: task.name, input: null, triggers: [] });
        add(at(entry), "tasks", { id: task.id, name: task.name, result: [], error: task.error ?? null, interrupts: task.interrupts ?? [] });
      }
    }
    const configurable = (checkpoint: ThreadState["checkpoint"] | null | undefined) => (checkpoint ? { configurable: { ...checkpoint, checkpoint_ns: checkpoint.checkpoint_ns ?? "" } } : null);
    add(at(entry), "checkpoints", { config: configurable(entry.checkpoint), parent_config: configurable(entry.parent_checkpoint), values: entry.values, metadata: entry.metadata, next: entry.next, tasks: entry.tasks ?? [] });
  });
  // A thread waiting in interrupt(): the interrupting tasks ran and stopped, as the stream showed.
  for (const task of head.tasks ?? []) {
    if (!task.interrupts?.length) continue;
    add(at(head), "tasks", { id: task.id, name: task.name, input: null, triggers: [] });
    add(at(head), "tasks", { id: task.id, name: task.name, result: [], error: null, interrupts: task.interrupts });
  }
  const end = at(head);
  return {
    startedAt: at(lineage[0]),
    fromHistory: true,
    request: { kind: "start", input: null },
    messages,
    end: { t: end, outcome: outcomeOf(head), head: { checkpointId: head.checkpoint.checkpoint_id ?? undefined, next: head.next, values: head.values } },
  };
}

/** How the thread stands at its head (the driver's `outcomeAt`), or failed when a task there holds an error. */
function outcomeOf(head: ThreadState): RunOutcome {
  const outcome = outcomeAt(head);
  const failed = (head.tasks ?? []).find((t) => t.error);
  return outcome.status !== "waiting" && failed ? { status: "failed", message: String(failed.error) } : outcome;
}

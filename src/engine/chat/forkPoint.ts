// Where "Edit and re-send from here" forks a thread: the checkpoint just before a message entered
// the state, on the branch the thread is on (as LangGraph's own chat UI does: the parent of the
// first checkpoint holding the message). No `vscode` import.
import type { HistoryEntryWithValues } from "../checkpointTimeline";
import { messageId } from "../messageFields";

/**
 * The checkpoint to run the edited message from: the parent of the oldest checkpoint on `head`'s
 * lineage whose `messages` hold `id`. Undefined when the message is not on that lineage, or was
 * there from the thread's very first checkpoint.
 */
export function checkpointBeforeMessage(history: HistoryEntryWithValues[], headId: string, id: string): string | undefined {
  const byId = new Map(history.filter((h) => h.checkpoint.checkpoint_id).map((h) => [h.checkpoint.checkpoint_id as string, h]));
  let firstWith: HistoryEntryWithValues | undefined;
  for (let entry = byId.get(headId); entry; ) {
    if (!holds(entry.values, id)) break;
    firstWith = entry;
    const parentId = entry.parent_checkpoint?.checkpoint_id;
    entry = parentId ? byId.get(parentId) : undefined;
  }
  return firstWith?.parent_checkpoint?.checkpoint_id ?? undefined;
}

function holds(values: unknown, id: string): boolean {
  const messages = (values as { messages?: unknown } | null | undefined)?.messages;
  return Array.isArray(messages) && messages.some((m) => messageId(m) === id);
}

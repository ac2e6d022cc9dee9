// What the pickers say about assistants (threads and checkpoints: threadLabels.ts). No `vscode`
// import: the quick pick items are built from these and unit-tested.
import type { Assistant } from "@langchain/langgraph-sdk";

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

// Messages between the graph view and the layout worker.
import type { ElkNode } from "elkjs/lib/elk-api";

/** A graph to lay out; `id` matches the reply. */
export interface LayoutJob {
  id: number;
  graph: ElkNode;
}

/** ELK's answer (or why it failed) and how long ELK took inside the worker. */
export type LayoutReply =
  | { id: number; ok: true; laidOut: ElkNode; ms: number }
  | { id: number; ok: false; error: string };

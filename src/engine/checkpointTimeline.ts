// A thread's history (a flat list over all branches, newest first) as a timeline with branches.
// No `vscode` import.
import type { DiffEntry, Superstep } from "./model";

/** The parts of a history entry (`ThreadState`) the timeline reads. */
export interface HistoryEntry {
  checkpoint: { checkpoint_id?: string | null };
  parent_checkpoint?: { checkpoint_id?: string | null } | null;
  metadata?: Record<string, unknown> | null;
  next: string[];
  created_at?: string | null;
}

/** One checkpoint, oldest first, with what ran to produce it and which branch it is on. */
export interface CheckpointEntry {
  checkpointId: string;
  parentId?: string;
  step: number;
  /** `input`, `loop`, `update` or `fork`. */
  source: string;
  /** Nodes whose writes made this checkpoint (the parent's `next` for a loop step). */
  nodes: string[];
  /** Nodes that run next from here. */
  next: string[];
  /** 0 on the first line of history; 1, 2, … for each fork off it. */
  branch: number;
  createdAt?: string;
}

/** Orders the history oldest first, depth-first so each branch follows its fork point. */
export function checkpointTimeline(history: HistoryEntry[]): CheckpointEntry[] {
  const byId = new Map<string, HistoryEntry>();
  const children = new Map<string | undefined, HistoryEntry[]>();
  for (const entry of history) {
    const id = entry.checkpoint.checkpoint_id;
    if (!id) continue;
    byId.set(id, entry);
  }
  for (const entry of [...byId.values()].reverse()) {
    const parent = entry.parent_checkpoint?.checkpoint_id ?? undefined;
    const key = parent && byId.has(parent) ? parent : undefined;
    const list = children.get(key) ?? [];
    list.push(entry);
    children.set(key, list);
  }
  const out: CheckpointEntry[] = [];
  let branches = 0;
  const visit = (entry: HistoryEntry, branch: number) => {
    const id = entry.checkpoint.checkpoint_id as string;
    const parentId = entry.parent_checkpoint?.checkpoint_id ?? undefined;
    const parent = parentId ? byId.get(parentId) : undefined;
    const source = String(entry.metadata?.source ?? "loop");
    const writes = entry.metadata?.writes;
    const nodes = writes && typeof writes === "object" ? Object.keys(writes) : source === "loop" && parent ? parent.next : [];
    out.push({ checkpointId: id, parentId, step: Number(entry.metadata?.step ?? 0), source, nodes, next: entry.next, branch, createdAt: entry.created_at ?? undefined });
    (children.get(id) ?? []).forEach((child, i) => visit(child, i === 0 ? branch : ++branches));
  };
  (children.get(undefined) ?? []).forEach((root, i) => visit(root, i === 0 ? 0 : ++branches));
  return out;
}

/** A checkpoint of the tree, with the lines that fork off it. */
export interface CheckpointNode {
  entry: CheckpointEntry;
  /** Lines that start at a child of this checkpoint other than the one its own line goes on with; the one with the newest checkpoint first. */
  branches: CheckpointNode[][];
}

/**
 * The history as lines of checkpoints, each oldest first, nested where they split: the first line
 * is the lineage of the newest checkpoint (where the thread is now); a checkpoint that others forked
 * from (time travel, state edits) holds those lines as branches. At each split the line goes on
 * with the child whose descendants hold the newest checkpoint. Lines after the first start at a
 * checkpoint whose parent is beyond the history's limit.
 */
export function checkpointTree(history: HistoryEntry[]): CheckpointNode[][] {
  const entries = checkpointTimeline(history);
  // History is newest first: a smaller index is a newer checkpoint.
  const rank = new Map<string, number>();
  history.forEach((h, i) => {
    const id = h.checkpoint.checkpoint_id;
    if (id && !rank.has(id)) rank.set(id, i);
  });
  const byId = new Map(entries.map((e) => [e.checkpointId, e]));
  const children = new Map<string | undefined, CheckpointEntry[]>();
  for (const entry of entries) {
    const key = entry.parentId && byId.has(entry.parentId) ? entry.parentId : undefined;
    children.set(key, [...(children.get(key) ?? []), entry]);
  }
  const newest = new Map<string, number>();
  const newestIn = (entry: CheckpointEntry): number => {
    let best = newest.get(entry.checkpointId);
    if (best !== undefined) return best;
    best = rank.get(entry.checkpointId) ?? Infinity;
    for (const child of children.get(entry.checkpointId) ?? []) best = Math.min(best, newestIn(child));
    newest.set(entry.checkpointId, best);
    return best;
  };
  const newestFirst = (list: CheckpointEntry[]) => [...list].sort((a, b) => newestIn(a) - newestIn(b));
  const line = (start: CheckpointEntry): CheckpointNode[] => {
    const out: CheckpointNode[] = [];
    for (let entry: CheckpointEntry | undefined = start; entry; ) {
      const [next, ...others] = newestFirst(children.get(entry.checkpointId) ?? []);
      out.push({ entry, branches: others.map(line) });
      entry = next;
    }
    return out;
  };
  return newestFirst(children.get(undefined) ?? []).map(line);
}

/** A history entry with its values (what `historySupersteps` diffs). */
export interface HistoryEntryWithValues extends HistoryEntry {
  values: unknown;
}

/**
 * The supersteps that led to a checkpoint, rebuilt from history: its lineage from the first
 * checkpoint, each step with the state before and after and the diff between them.
 */
export function lineageSupersteps(history: HistoryEntryWithValues[], checkpointId: string, diff: (before: unknown, after: unknown) => DiffEntry[]): Superstep[] {
  const byId = new Map(history.filter((h) => h.checkpoint.checkpoint_id).map((h) => [h.checkpoint.checkpoint_id as string, h]));
  const lineage: HistoryEntryWithValues[] = [];
  for (let entry = byId.get(checkpointId); entry; ) {
    lineage.unshift(entry);
    const parentId = entry.parent_checkpoint?.checkpoint_id;
    entry = parentId ? byId.get(parentId) : undefined;
  }
  return lineage.map((entry, i) => {
    const parent = lineage[i - 1];
    const source = String(entry.metadata?.source ?? "loop");
    const writes = entry.metadata?.writes;
    const nodes = writes && typeof writes === "object" ? Object.keys(writes) : source === "loop" && parent ? parent.next : [];
    const before = parent?.values ?? {};
    return {
      step: Number(entry.metadata?.step ?? i - 1),
      ns: [],
      source,
      checkpointId: entry.checkpoint.checkpoint_id ?? undefined,
      nodes: nodes.map((node) => ({ node, taskId: `${entry.checkpoint.checkpoint_id}:${node}`, ns: [], messages: [], interrupts: [] })),
      stateBefore: before,
      stateAfter: entry.values,
      diff: diff(before, entry.values),
    };
  });
}

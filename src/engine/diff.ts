// State diff between two supersteps, via jsondiffpatch, flattened to `DiffEntry[]` with JSON paths.
import { create, type Delta } from "jsondiffpatch";
import { pathChild, ROOT_PATH } from "./jsonPath";
import { messageId } from "./messageFields";
import type { DiffEntry } from "./model";

// List items (messages above all) are matched by `id`, so an appended message is one `added` entry at
// `messages[N]` rather than every later index "changed". Items without an id match by position.
const differ = create({
  objectHash: (item: object, index?: number) => messageId(item) ?? `$$index:${index ?? 0}`,
  arrays: { detectMove: false },
});

/** The changes from `before` to `after`, one entry per added/changed/removed leaf or list item. */
export function diffStates(before: unknown, after: unknown): DiffEntry[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path: ROOT_PATH, change: "added", after }];
  if (after === undefined) return [{ path: ROOT_PATH, change: "removed", before }];
  const entries: DiffEntry[] = [];
  collect(differ.diff(before, after), ROOT_PATH, entries);
  return entries;
}

function collect(delta: Delta, at: string, out: DiffEntry[]): void {
  if (delta === undefined) return;
  if (Array.isArray(delta)) {
    if (delta.length === 1) out.push({ path: at, change: "added", after: delta[0] });
    else if (delta.length === 2) out.push({ path: at, change: "changed", before: delta[0], after: delta[1] });
    else if (delta[2] === 0) out.push({ path: at, change: "removed", before: delta[0] });
    // Moves (3) and text diffs (2) are not enabled in `differ`.
    return;
  }
  if (delta._t === "a") {
    collectArray(delta as Record<string, Delta>, at, out);
    return;
  }
  for (const key of Object.keys(delta)) collect((delta as Record<string, Delta>)[key], pathChild(at, key), out);
}

function collectArray(delta: Record<string, Delta>, path: string, out: DiffEntry[]): void {
  // `_N` keys name items removed from the old list (old index); plain `N` keys the new list's index.
  const removed = Object.keys(delta)
    .filter((k) => k.startsWith("_") && k !== "_t")
    .map((k) => Number(k.slice(1)))
    .sort((a, b) => a - b);
  for (const index of removed) collect(delta[`_${index}`], pathChild(path, index), out);
  const current = Object.keys(delta)
    .filter((k) => /^\d+$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
  for (const index of current) collect(delta[String(index)], pathChild(path, index), out);
}

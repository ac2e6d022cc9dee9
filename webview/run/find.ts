// The find box's searches, on the data rather than the DOM (the token pane and the state tree draw
// only the rows in view). Case-insensitive, non-overlapping, like VS Code's find without options.
import type { Superstep } from "../../src/engine/model";
import { nodeName, stepNodesLabel } from "../../src/shared/names";
import { customText } from "./progress";
import { valueText } from "./values";

/** Most matches counted; past this the box says "10000+" (a long log can hold more). */
export const MAX_MATCHES = 10_000;

/** Where each match of `query` starts in `text` (case-insensitive). */
export function matchOffsets(text: string, query: string): number[] {
  if (!query) return [];
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  const out: number[] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) out.push(at);
  return out;
}

/** A match in the token pane: the n-th match in row `row` of `nodeId`'s section. */
export interface TokenMatch {
  nodeId: string;
  row: number;
  nth: number;
}

/** Matches in token rows, section by section in the order they are shown. */
export function tokenMatches(sections: { nodeId: string; rows: readonly { text: string }[] }[], query: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  if (!query) return out;
  for (const { nodeId, rows } of sections) {
    for (let row = 0; row < rows.length; row++) {
      const n = matchOffsets(rows[row].text, query).length;
      for (let nth = 0; nth < n; nth++) {
        out.push({ nodeId, row, nth });
        if (out.length >= MAX_MATCHES) return out;
      }
    }
  }
  return out;
}

/** The parts of a superstep entry the find box searches, as they are shown. */
export type StepField = "nodes" | "path" | "before" | "after" | "error" | "custom";

/** A match in the supersteps pane: step `step` (index into the list), field `field` of item `item`, its n-th match. */
export interface StepMatch {
  step: number;
  field: StepField;
  item: number;
  nth: number;
}

/** The searchable texts of one superstep entry, in the order they are drawn. */
export function stepTexts(step: Superstep): { field: StepField; item: number; text: string }[] {
  const out: { field: StepField; item: number; text: string }[] = [{ field: "nodes", item: 0, text: stepNodesLabel(step) }];
  step.diff.forEach((d, i) => {
    out.push({ field: "path", item: i, text: d.path });
    if (d.change !== "added") out.push({ field: "before", item: i, text: valueText(d.before) });
    if (d.change !== "removed") out.push({ field: "after", item: i, text: valueText(d.after) });
  });
  step.nodes
    .filter((n) => n.error)
    .forEach((n, i) => out.push({ field: "error", item: i, text: `${nodeName(n.node)}: ${n.error?.name}: ${n.error?.message}` }));
  (step.custom ?? []).forEach((c, i) => out.push({ field: "custom", item: i, text: customText(c.data) }));
  return out;
}

/** Matches in the supersteps, step by step in list order. */
export function stepMatches(steps: readonly Superstep[], query: string): StepMatch[] {
  const out: StepMatch[] = [];
  if (!query) return out;
  steps.forEach((s, step) => {
    for (const { field, item, text } of stepTexts(s)) {
      const n = matchOffsets(text, query).length;
      for (let nth = 0; nth < n && out.length < MAX_MATCHES; nth++) out.push({ step, field, item, nth });
    }
  });
  return out;
}

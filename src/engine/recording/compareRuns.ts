// Two runs side by side: which nodes ran in which superstep on each side, the first step where they
// went different ways (other nodes, or the same nodes leaving another state), and the state diff
// between the two sides at that step. Works on thread histories, so on recordings and live threads
// alike. Pure; `compareMarkdown` renders it for a read-only document.
import { lineageSupersteps, type HistoryEntryWithValues } from "../checkpointTimeline";
import { diffStates } from "../diff";
import type { DiffEntry } from "../model";

/** One side: a name for people, and its thread's history (newest first). */
export interface RunSide {
  name: string;
  history: HistoryEntryWithValues[];
}

export interface StepPair {
  step: number;
  a?: string[];
  b?: string[];
  /** Same nodes and the same state after the step. */
  same: boolean;
}

export interface RunComparison {
  a: string;
  b: string;
  steps: StepPair[];
  /** The first step that differs, with the state diff from side a to side b after it; absent when the runs agree. */
  divergence?: { step: number; why: "nodes" | "state" | "length"; diff: DiffEntry[] };
}

/** Compares the main lines (the lineage of the newest checkpoint) of two threads. */
export function compareRuns(a: RunSide, b: RunSide): RunComparison {
  const stepsA = mainLine(a.history);
  const stepsB = mainLine(b.history);
  const steps: StepPair[] = [];
  let divergence: RunComparison["divergence"];
  for (let i = 0; i < Math.max(stepsA.length, stepsB.length); i++) {
    const sa = stepsA[i];
    const sb = stepsB[i];
    const nodesA = sa?.nodes.map((n) => n.node).sort();
    const nodesB = sb?.nodes.map((n) => n.node).sort();
    const sameNodes = nodesA !== undefined && nodesB !== undefined && nodesA.join("\u0000") === nodesB.join("\u0000");
    const diff = sa && sb ? diffStates(comparable(sa.stateAfter), comparable(sb.stateAfter)) : [];
    const same = sameNodes && diff.length === 0;
    steps.push({ step: (sa ?? sb)!.step, ...(nodesA ? { a: nodesA } : {}), ...(nodesB ? { b: nodesB } : {}), same });
    if (!same && !divergence) {
      const why = !sa || !sb ? "length" : sameNodes ? "state" : "nodes";
      divergence = { step: (sa ?? sb)!.step, why, diff: sa && sb ? diff : [] };
    }
  }
  return { a: a.name, b: b.name, steps, ...(divergence ? { divergence } : {}) };
}

function mainLine(history: HistoryEntryWithValues[]) {
  const head = history[0]?.checkpoint.checkpoint_id;
  return head ? lineageSupersteps(history, head, () => []) : [];
}

/**
 * State with the ids that differ in every run left out: message ids (`run-…`, uuids) would make
 * every step of two runs "different" though the conversation is the same.
 */
function comparable(state: unknown): unknown {
  if (Array.isArray(state)) return state.map(comparable);
  if (!state || typeof state !== "object") return state;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (key === "id" || key === "tool_call_id" || key === "response_metadata" || key === "usage_metadata") continue;
    out[key] = key === "tool_calls" && Array.isArray(value) ? value.map((c) => comparable(c)) : comparable(value);
  }
  return out;
}

/** The comparison as Markdown: a table of steps, then where and how the runs diverged. */
export function compareMarkdown(c: RunComparison): string {
  const cell = (nodes?: string[]) => (nodes ? (nodes.length ? nodes.map((n) => `\`${n}\``).join(", ") : "(input)") : "—");
  const lines = [`# Runs compared`, "", `- **A**: ${escape(c.a)}`, `- **B**: ${escape(c.b)}`, ""];
  if (c.divergence) {
    const d = c.divergence;
    const why = d.why === "nodes" ? "other nodes ran" : d.why === "state" ? "the same nodes left another state" : "one run stopped earlier";
    lines.push(`**The runs diverge at step ${d.step}**: ${why}.`, "");
  } else lines.push("**The runs agree** at every step.", "");
  lines.push("| step | A | B | |", "|---:|---|---|---|");
  for (const s of c.steps) lines.push(`| ${s.step} | ${cell(s.a)} | ${cell(s.b)} | ${s.same ? "same" : c.divergence?.step === s.step ? "**diverges**" : "differs"} |`);
  if (c.divergence && c.divergence.diff.length > 0) {
    lines.push("", `## State after step ${c.divergence.step}, A → B`, "", "| path | change | A | B |", "|---|---|---|---|");
    for (const e of c.divergence.diff) lines.push(`| \`${e.path}\` | ${e.change} | ${value(e.before)} | ${value(e.after)} |`);
  }
  return lines.join("\n") + "\n";
}

function value(v: unknown): string {
  if (v === undefined) return "";
  return `\`${escape(JSON.stringify(v)).replace(/`/g, "'")}\``;
}

/** Markdown and HTML stay text. */
function escape(text: string): string {
  return text.replace(/[|<>]/g, (ch) => ({ "|": "\\|", "<": "&lt;", ">": "&gt;" })[ch]!);
}

// The recorded story in the form the run viewer's webview gets it once: only what the view draws
// (tokens, supersteps, status changes, outcomes, receive times), each state sent once however many
// steps share it, and the questions the scrubber asks of a position. Pure; the webview imports it.
import type { GraphData, RunEvent, RunOutcome, Superstep } from "../model";
import type { NodeStatusChange, NodeStatusEntry } from "../nodeStatus";

/** One recorded run's place on the timeline: its events are `[start, end)`. */
export interface StoryRun {
  /** What the run asked: start, continue, step, resume or follow. */
  kind: string;
  start: number;
  end: number;
  startedAt: number;
  endedAt?: number;
  /** How it ended; absent when the recording was saved (or cut) while it was still going. */
  outcome?: RunOutcome;
}

/** Everything a recording shows, with when each part appeared. */
export interface RecordedStory {
  assistantId: string;
  threadId: string;
  graph?: GraphData;
  /** Every stream event of every run, in order, with its recorded receive time. */
  events: RunEvent[];
  /** Supersteps in the order they closed. */
  supersteps: Superstep[];
  /** `stepAt[i]`: index of the event whose arrival closed `supersteps[i]` (-1: shown from the start). */
  stepAt: number[];
  /** Node status changes; `at` is the global event index that made them (-1: from the start). */
  statusChanges: NodeStatusChange[];
  runs: StoryRun[];
  /** Every node's status at the end. */
  statuses: Record<string, NodeStatusEntry>;
  /** How the last run ended (a history-only recording: how the thread stands). */
  outcome?: RunOutcome;
}

/** A token or whole-message event, as the token pane reads it. */
export type ViewTokenEvent = Extract<RunEvent, { kind: "token" | "message" }>;
type TokenEvent = Extract<RunEvent, { kind: "token" }>;
type MessageEvent = Extract<RunEvent, { kind: "message" }>;

/**
 * The token and whole-message events in columns (a long answer is a hundred thousand tokens that
 * differ only in their text): per event its position, text and source (node, namespace, message).
 */
export interface ViewTokens {
  /** Position of each event among all events, ascending. */
  at: number[];
  text: string[];
  /** Index into `sources`; -1 for a whole-message event (in `messages`). */
  source: number[];
  sources: Pick<TokenEvent, "node" | "ns" | "messageId" | "role" | "step">[];
  /** Tool call chunks of the events that carried any, by event index. */
  chunks: Record<number, TokenEvent["toolCallChunks"]>;
  messages: Record<number, Pick<MessageEvent, "node" | "ns" | "message" | "step">>;
}

/** Token event `i` of the columns, as the token pane takes it. */
export function tokenEvent(tokens: ViewTokens, i: number): ViewTokenEvent {
  const s = tokens.source[i];
  if (s < 0) return { kind: "message", receivedAt: 0, ...tokens.messages[i] };
  return { kind: "token", receivedAt: 0, ...tokens.sources[s], text: tokens.text[i], toolCallChunks: tokens.chunks[i] ?? [] };
}

/** A superstep whose states are indexes into `ViewRecording.states`. */
export type ViewStep = Omit<Superstep, "stateBefore" | "stateAfter"> & { before: number; after: number; at: number };

/** The recorded story as the viewer draws it. Positions count events: 0 … `count`. */
export interface ViewRecording {
  assistantId: string;
  threadId: string;
  graph?: GraphData;
  count: number;
  /** When the first event arrived (ms since the epoch). */
  startedAt: number;
  /** Per event, ms since the first; pauses between runs are cut to GAP_MS. */
  times: number[];
  tokens: ViewTokens;
  states: unknown[];
  steps: ViewStep[];
  statusChanges: NodeStatusChange[];
  runs: StoryRun[];
  /** Final statuses and outcome (what a history-only recording shows). */
  statuses: Record<string, NodeStatusEntry>;
  outcome?: RunOutcome;
}

/** Longest pause between two runs on the timeline (the person took their time before Continue). */
export const GAP_MS = 1000;

/** Trims the story to the view's form. */
export function viewRecording(story: RecordedStory): ViewRecording {
  const states: unknown[] = [];
  const stateIndex = new Map<unknown, number>();
  const indexOf = (state: unknown) => {
    let i = stateIndex.get(state);
    if (i === undefined) {
      i = states.push(state) - 1;
      stateIndex.set(state, i);
    }
    return i;
  };
  const steps = story.supersteps.map((s, i): ViewStep => {
    const { stateBefore, stateAfter, ...rest } = s;
    return { ...rest, before: indexOf(stateBefore), after: indexOf(stateAfter), at: story.stepAt[i] };
  });
  const tokens = tokenColumns(story.events);
  const view: ViewRecording = {
    assistantId: story.assistantId,
    threadId: story.threadId,
    count: story.events.length,
    startedAt: story.events[0]?.receivedAt ?? story.runs[0]?.startedAt ?? 0,
    times: timesOf(story),
    tokens,
    states,
    steps,
    statusChanges: story.statusChanges,
    runs: story.runs,
    statuses: story.statuses,
  };
  if (story.graph) view.graph = story.graph;
  if (story.outcome) view.outcome = story.outcome;
  return view;
}

function tokenColumns(events: readonly RunEvent[]): ViewTokens {
  const tokens: ViewTokens = { at: [], text: [], source: [], sources: [], chunks: {}, messages: {} };
  const sourceIndex = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.kind !== "token" && e.kind !== "message") return;
    const k = tokens.at.push(i) - 1;
    if (e.kind === "message") {
      tokens.text.push("");
      tokens.source.push(-1);
      tokens.messages[k] = e.step === undefined ? { node: e.node, ns: e.ns, message: e.message } : { node: e.node, ns: e.ns, message: e.message, step: e.step };
      return;
    }
    const key = JSON.stringify([e.node, e.ns, e.messageId, e.role, e.step]);
    let s = sourceIndex.get(key);
    if (s === undefined) {
      s = tokens.sources.push(e.step === undefined ? { node: e.node, ns: e.ns, messageId: e.messageId, role: e.role } : { node: e.node, ns: e.ns, messageId: e.messageId, role: e.role, step: e.step }) - 1;
      sourceIndex.set(key, s);
    }
    tokens.text.push(e.text);
    tokens.source.push(s);
    if (e.toolCallChunks.length > 0) tokens.chunks[k] = e.toolCallChunks;
  });
  return tokens;
}

function timesOf(story: RecordedStory): number[] {
  const times: number[] = new Array<number>(story.events.length);
  const starts = new Set(story.runs.map((r) => r.start));
  let shift = 0;
  let last = story.events[0]?.receivedAt ?? 0;
  story.events.forEach((e, i) => {
    // A run starts when the person asked for it: the wait before it is cut short.
    if (i > 0 && starts.has(i) && e.receivedAt - last > GAP_MS) shift += e.receivedAt - last - GAP_MS;
    const t = Math.max(last, e.receivedAt);
    times[i] = t - shift - (story.events[0]?.receivedAt ?? 0);
    last = t;
  });
  return times;
}

/** How many of `sorted` (ascending) are below `value`. */
export function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many steps have closed at position `p`. */
export function stepsShown(rec: ViewRecording, p: number): number {
  let lo = 0;
  let hi = rec.steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rec.steps[mid].at < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every node's status at position `p`: the changes made by the events that have arrived. */
export function statusesAt(rec: ViewRecording, p: number): Record<string, NodeStatusEntry> {
  const out: Record<string, NodeStatusEntry> = {};
  for (const c of rec.statusChanges) {
    if (c.at >= p) break;
    out[c.node] = c.note === undefined ? { status: c.status } : { status: c.status, note: c.note };
  }
  return out;
}

/** What the banner says at position `p`: a run's outcome right at its end, running inside a run. */
export function phaseAt(rec: ViewRecording, p: number): { running: boolean; outcome?: RunOutcome } {
  if (rec.runs.length === 0) return rec.outcome ? { running: false, outcome: rec.outcome } : { running: false };
  for (let r = rec.runs.length - 1; r >= 0; r--) {
    const run = rec.runs[r];
    if (run.end === p && run.outcome) return { running: false, outcome: run.outcome };
    if (run.start < p && p <= run.end) return { running: true };
  }
  return { running: false };
}

/** Positions the keyboard stops at: the start, each step's close, each run's end, the end. */
export function stopPositions(rec: ViewRecording): number[] {
  const set = new Set<number>([0, rec.count]);
  for (const s of rec.steps) set.add(Math.max(0, s.at + 1));
  for (const r of rec.runs) set.add(r.end);
  return [...set].sort((a, b) => a - b);
}

/** Position of the event last arrived by time `ms` on the timeline. */
export function positionAtTime(rec: ViewRecording, ms: number): number {
  return countBelow(rec.times, ms + 1e-6);
}

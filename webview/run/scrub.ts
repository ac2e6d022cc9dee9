// The run viewer's scrubber: shows a recording as it looked when `position` events had arrived.
// The recording comes once; every move is worked out here from it (statuses, supersteps, outcome,
// tokens), never asked of the host.
import type { Superstep } from "../../src/engine/model";
import { phaseAt, statusesAt, stepsShown, stopPositions } from "../../src/engine/recording/storyView";
import type { RecordingMessage } from "../../src/shared/protocol";
import { isStep, view } from "../state.svelte";
import { TokenTimeline } from "./tokenTimeline";

let steps: Superstep[] = [];
let stops: number[] = [];
let tokens: TokenTimeline | undefined;

/** Takes a recording from the host and shows it as it ended (or where this tab was left). */
export function loadRecording(msg: RecordingMessage): void {
  const rec = msg.recording;
  view.setGraph(rec.graph, rec.assistantId);
  view.clearRun();
  view.run = { threadId: rec.threadId, assistantId: rec.assistantId };
  view.recording = rec;
  view.recordingFile = msg.file;
  view.recordingWarnings = msg.warnings;
  view.recordingError = undefined;
  // Steps that kept their state share one object, as in the live view.
  steps = rec.steps.map(({ before, after, at: _at, ...step }) => ({ ...step, stateBefore: rec.states[before], stateAfter: rec.states[after] }));
  stops = stopPositions(rec);
  tokens = new TokenTimeline(rec.tokens, (ns, node) => view.resolve(ns, node));
  // A tab shown again opens where it was left; a fresh one at the end, as the runs ended.
  showPosition(view.resumePosition !== undefined && view.resumePosition <= rec.count ? view.resumePosition : rec.count);
  view.resumePosition = undefined;
}

/** Shows the recording at position `p` (clamped to 0 … count). */
export function showPosition(p: number): void {
  const rec = view.recording;
  if (!rec || !tokens) return;
  const position = Math.max(0, Math.min(rec.count, Math.round(p)));
  view.position = position;
  tokens.seek(view.tokens, position);
  view.setStatuses(statusesAt(rec, position));
  const shown = stepsUpTo(stepsShown(rec, position));
  if (shown.length !== view.supersteps.length || shown.some((s, i) => s !== view.supersteps[i])) view.supersteps = shown;
  if (view.selectedStep && !shown.some((s) => isStep(s, view.selectedStep))) view.selectedStep = undefined;
  const phase = phaseAt(rec, position);
  view.outcome = phase.outcome;
  view.running = phase.running;
  view.publish();
  // Going back can empty the pane or leave sections the same length: publish only sees growth.
  if (view.tokens.nodeIds.join("\n") !== view.tokenNodeIds.join("\n")) view.tokenNodeIds = view.tokens.nodeIds;
  view.activeTokenNode = view.tokens.lastNodeId;
}

/** The first `n` steps, a re-sent step (same number and namespace) replacing the earlier one in place. */
function stepsUpTo(n: number): Superstep[] {
  const out: Superstep[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${steps[i].ns.join("|")}#${steps[i].step}`;
    const at = index.get(key);
    if (at === undefined) index.set(key, out.push(steps[i]) - 1);
    else out[at] = steps[i];
  }
  return out;
}

/** The previous (-1) or next (+1) place worth stopping at: a step's close, a run's end, either end. */
export function stepPosition(direction: -1 | 1): number {
  const p = view.position;
  if (direction > 0) return stops.find((s) => s > p) ?? view.recording?.count ?? 0;
  return stops.findLast((s) => s < p) ?? 0;
}

/** Jumps to where superstep `i` of the recording closed, and selects it. */
export function showStep(i: number): void {
  const rec = view.recording;
  const step = steps[i];
  if (!rec || !step) return;
  showPosition(rec.steps[i].at + 1);
  view.selectedStep = { step: step.step, ns: step.ns };
}

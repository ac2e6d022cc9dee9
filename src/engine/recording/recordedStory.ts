// A recording turned into what the view shows at every point of it, for the read-only run viewer:
// each recorded run's messages go through a fresh RunPipeline (state carried over from the run
// before, as the live driver does) and one ThreadStory decides node statuses, so the replay looks
// exactly as the runs looked live. Positions count events: at position p the first p events have
// arrived. Pure: no `vscode`, no DOM.
import { lineageSupersteps } from "../checkpointTimeline";
import { diffStates } from "../diff";
import { ThreadStory } from "../driver/threadStory";
import { outcomeAt } from "../driver/driverTypes";
import type { RunOutcome, Superstep } from "../model";
import type { NodeStatusChange } from "../nodeStatus";
import { RunPipeline, settleLastRootStep } from "../runSession";
import { sseOf, type Recording } from "./format";
import type { RecordedStory, StoryRun } from "./storyView";

export type { RecordedStory, StoryRun } from "./storyView";

/** Builds the story of a recording. A recording without runs shows its history's supersteps. */
export function recordedStory(recording: Recording): RecordedStory {
  const story = new ThreadStory(recording.assistantId, recording.threadId, recording.graph);
  const out: RecordedStory = { assistantId: recording.assistantId, threadId: recording.threadId, events: story.events, supersteps: story.supersteps, stepAt: [], statusChanges: [], runs: [], statuses: {} };
  if (recording.graph) out.graph = recording.graph;
  if (recording.runs.length === 0) return historyStory(recording, story, out);
  const addSteps = (steps: Superstep[], at: number) => {
    for (const step of steps) {
      story.addSuperstep(step);
      out.stepAt.push(at);
    }
  };
  for (const run of recording.runs) {
    story.runStarted();
    const start = story.events.length;
    const pipeline = new RunPipeline({ interruptBefore: run.request.interruptBefore, interruptAfter: run.request.interruptAfter, initialState: story.lastRootState() });
    for (const message of run.messages) {
      const { events, supersteps } = pipeline.accept(sseOf(message), message.t);
      const offset = story.events.length;
      for (const change of story.addEvents(events)) out.statusChanges.push({ ...change, at: change.at + offset });
      addSteps(supersteps, story.events.length - 1);
    }
    const unfinished = pipeline.finish();
    const head = run.end?.head;
    if (head) settleLastRootStep(unfinished, { checkpointId: head.checkpointId, values: head.values, next: head.next }, diffStates);
    addSteps(unfinished, story.events.length - 1);
    const storyRun: StoryRun = { kind: run.request.kind, start, end: story.events.length, startedAt: run.startedAt };
    if (run.end) {
      storyRun.endedAt = run.end.t;
      storyRun.outcome = run.end.outcome;
      endRun(story, run.end.outcome, story.events.length - 1, out.statusChanges);
    }
    out.runs.push(storyRun);
  }
  out.statuses = story.statuses();
  const outcome = recording.runs.at(-1)?.end?.outcome;
  if (outcome) out.outcome = outcome;
  return out;
}

/** Settles the statuses a run left (as the driver does at its end); the changes count from event `at`. */
function endRun(story: ThreadStory, outcome: RunOutcome, at: number, changes: NodeStatusChange[]): void {
  const before = story.statuses();
  story.end(outcome);
  for (const [node, entry] of Object.entries(story.statuses())) {
    const was = before[node];
    if (was && was.status === entry.status && was.note === entry.note) continue;
    changes.push(entry.note === undefined ? { node, status: entry.status, at } : { node, status: entry.status, note: entry.note, at });
  }
}

/** A thread saved from history alone: its newest checkpoint's lineage, all shown from the start. */
function historyStory(recording: Recording, story: ThreadStory, out: RecordedStory): RecordedStory {
  const head = recording.history[0];
  const headId = head?.checkpoint.checkpoint_id;
  const steps = headId ? lineageSupersteps(recording.history, headId, diffStates) : [];
  for (const step of steps) {
    story.addSuperstep(step);
    out.stepAt.push(-1);
  }
  story.markRan(steps);
  const outcome = outcomeAt(head);
  endRun(story, outcome, -1, []);
  out.statuses = story.statuses();
  for (const [node, entry] of Object.entries(out.statuses)) out.statusChanges.push({ ...entry, node, at: -1 });
  out.outcome = outcome;
  return out;
}

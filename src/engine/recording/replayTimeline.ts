// Where a recording's thread stands between its stream messages: the points a replayed run can
// stop at (a root checkpoint streamed, or a recorded run's end), each with the checkpoint reached,
// the nodes that come next and the root nodes that ran since the point before. Pure.
import { parseSseMessage } from "../events";
import type { RunOutcome, SseMessage } from "../model";
import { sseOf, type RecordedHead, type Recording } from "./format";

/** One place the thread can be: after `at` messages of the timeline. */
export interface StopPoint {
  at: number;
  checkpointId?: string;
  next: string[];
  /** Root nodes that finished since the previous point (what `interrupt_after` looks at). */
  ran: string[];
  /** The checkpoint's state as streamed, when it was. */
  values?: unknown;
  tasks?: unknown[];
  /** How the recorded run ended here, when one did. */
  recorded?: RunOutcome;
  /** The recorded run's head, when one ended here. */
  head?: RecordedHead;
  /** The same checkpoint as the point before (the run went on streaming after it): only a recorded interrupt() stops here. */
  again?: boolean;
}

/** Every message of every recorded run, in order, and the points between them. */
export interface ReplayTimeline {
  messages: SseMessage[];
  /** Message index → recorded run index. */
  runOf: number[];
  points: StopPoint[];
  /**
   * Messages that only repeat the checkpoint the thread was at: a continued run starts by streaming
   * it again (a baseline for that run's reader). A replay that goes through from the run before
   * skips them, or the repeat would read as a step of its own.
   */
  repeats: Set<number>;
}

export function buildTimeline(recording: Recording): ReplayTimeline {
  const messages: SseMessage[] = [];
  const runOf: number[] = [];
  const points: StopPoint[] = [];
  const repeats = new Set<number>();
  let ran: string[] = [];
  let lastStreamed: string | undefined;
  recording.runs.forEach((run, r) => {
    let firstOfRun = true;
    for (const recorded of run.messages) {
      const message = sseOf(recorded);
      messages.push(message);
      runOf.push(r);
      if (!recorded.event.startsWith("checkpoints") && !recorded.event.startsWith("tasks")) continue;
      for (const event of parseSseMessage(message, recorded.t)) {
        if (event.ns.length > 0) continue;
        if (event.kind === "taskResult" && !event.error && !ran.includes(event.node)) ran.push(event.node);
        if (event.kind === "checkpoint") {
          const repeat = firstOfRun && r > 0 && event.checkpointId !== undefined && event.checkpointId === lastStreamed;
          firstOfRun = false;
          lastStreamed = event.checkpointId;
          if (repeat) {
            repeats.add(messages.length - 1);
            continue;
          }
          points.push({ at: messages.length, checkpointId: event.checkpointId, next: event.next, ran, values: event.values, tasks: event.tasks });
          ran = [];
        }
      }
    }
    if (!run.end) return;
    const last = points.at(-1);
    const head = run.end.head;
    const sameCheckpoint = last !== undefined && (!head?.checkpointId || head.checkpointId === last.checkpointId);
    if (last && sameCheckpoint && last.at === messages.length) {
      last.recorded = run.end.outcome;
      if (head) last.head = head;
      return;
    }
    // The run ended later than its last checkpoint (an interrupt's events come after it: `again`),
    // or at a checkpoint it did not stream (the JS server's pause after a node).
    points.push({ at: messages.length, checkpointId: head?.checkpointId ?? last?.checkpointId, next: head?.next ?? last?.next ?? [], ran: sameCheckpoint ? [] : ran, values: head?.values, recorded: run.end.outcome, ...(head ? { head } : {}), ...(sameCheckpoint ? { again: true } : {}) });
    if (!sameCheckpoint) ran = [];
  });
  return { messages, runOf, points, repeats };
}

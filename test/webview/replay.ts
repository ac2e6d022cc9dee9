// Turns a recorded real stream (test/fixtures/js/*.sse + .json) into the host messages the view
// would get, with the engine's own pure modules: SSE decoding, event parsing, superstep
// assembly, the outcome decision and the node statuses (hostStatuses.ts).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseSseMessage } from "../../src/engine/events";
import type { RunEvent, RunOutcome, Superstep } from "../../src/engine/model";
import { decideOutcome, emptySummary, noteEvent, type ThreadStateLike } from "../../src/engine/outcome";
import { lineageSupersteps, type HistoryEntryWithValues } from "../../src/engine/checkpointTimeline";
import { diffStates } from "../../src/engine/diff";
import { parseSseData, SseDecoder } from "../../src/engine/client/sse";
import { SuperstepAssembler } from "../../src/engine/supersteps";
import type { HostToWebview } from "../../src/shared/protocol";
import { HostStatuses } from "./hostStatuses";

const FIXTURES = resolve(process.cwd(), "test/fixtures/js");

import { SAMPLE_GRAPHS } from "../support/sampleGraphs";

export { SAMPLE_GRAPHS };

/** A recorded run as the host would forward it. */
export interface RecordedRun {
  events: RunEvent[];
  supersteps: Superstep[];
  outcome: RunOutcome;
  /** graph, runStarted, then runEvents in batches of `batch` interleaved with the supersteps they close, then runEnded. */
  messages: (batch?: number) => HostToWebview[];
}

/** Replays `test/fixtures/js/<name>.sse` through the engine. */
export function replayFixture(name: string, graphName = name): RecordedRun {
  const meta = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as { state: ThreadStateLike; thread_status: string };
  const decoder = new SseDecoder();
  const sse = [...decoder.push(readFileSync(join(FIXTURES, `${name}.sse`))), ...decoder.finish()];
  const assembler = new SuperstepAssembler();
  const summary = emptySummary();
  const events: RunEvent[] = [];
  const closedAfter: { index: number; steps: Superstep[] }[] = [];
  let at = 1_700_000_000_000;
  for (const message of sse) {
    for (const event of parseSseMessage(message, at++)) {
      events.push(event);
      noteEvent(summary, event);
      const closed = assembler.push(event);
      if (closed.length > 0) closedAfter.push({ index: events.length - 1, steps: closed });
    }
  }
  const last = assembler.finish();
  if (last.length > 0) closedAfter.push({ index: events.length - 1, steps: last });
  const supersteps = closedAfter.flatMap((c) => c.steps);
  const outcome = decideOutcome(summary, meta.state, { status: meta.thread_status });
  const graph = SAMPLE_GRAPHS[graphName];
  return {
    events,
    supersteps,
    outcome,
    messages: (batch = 4) => {
      const host = new HostStatuses();
      const out: HostToWebview[] = [
        host.complete({ type: "graph", assistantId: graphName, graph }),
        host.complete({ type: "runStarted", run: { threadId: "recorded", assistantId: graphName } }),
      ];
      let from = 0;
      const flushTo = (end: number) => {
        for (let i = from; i < end; i += batch) out.push(host.events(events.slice(i, Math.min(end, i + batch))));
        from = end;
      };
      for (const c of closedAfter) {
        flushTo(c.index + 1);
        for (const s of c.steps) out.push({ type: "superstep", superstep: s });
      }
      flushTo(events.length);
      out.push(host.complete({ type: "runEnded", outcome }));
      return out;
    },
  };
}

/**
 * The supersteps the Threads view's "Show checkpoint" rebuilds for the run's last checkpoint: the
 * recorded `checkpoints` events are what `GET /threads/{id}/history` returns, one entry each.
 */
export function historySupersteps(name: string): Superstep[] {
  const decoder = new SseDecoder();
  const sse = [...decoder.push(readFileSync(join(FIXTURES, `${name}.sse`))), ...decoder.finish()];
  const history = sse.filter((m) => m.event === "checkpoints").map((m) => parseSseData(m) as HistoryEntryWithValues);
  const last = history.at(-1)?.checkpoint.checkpoint_id;
  if (!last) throw new Error(`${name}.sse has no top-level checkpoint`);
  return lineageSupersteps(history, last, diffStates);
}

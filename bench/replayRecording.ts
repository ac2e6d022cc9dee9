// Makes the run viewer benchmark's recording: the real JS agent recording (paused before tools,
// then continued; test/fixtures/recordings) repeated as more turns on the same thread, each with
// its own ids and step numbers, and the streamed answer of every turn scaled up by repeating its
// real token messages, until the stream holds the asked number of events. Every message is one
// the server sent, with ids, steps and times rewritten; nothing else is made up.
import { readFileSync } from "node:fs";
import path from "node:path";
import { readRecording } from "../src/engine/recording/readRecording";
import type { RecordedMessage, RecordedRun, Recording } from "../src/engine/recording/format";
import { recordedStory } from "../src/engine/recording/recordedStory";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Steps one turn takes (input, __start__, agent, tools, agent). */
const STEPS_PER_TURN = 5;
/** Time between two repeated tokens, as a fast model streams. */
const TOKEN_MS = 1;

/** `turns` turns of the agent's recorded story, with `events` stream events in all. */
export function benchRecording(root: string, events: number, turns: number): Recording {
  const file = path.join(root, "test/fixtures/recordings/js-agent-breakpoint.lgrun");
  const base = readRecording(readFileSync(file), file).recording;
  const perTurn = recordedStory(base).events.length;
  // The thread and the assistant stay the same turn after turn.
  const assistant = /"assistant_id": *"([0-9a-f-]{36})"/.exec(base.runs[0].messages.map((m) => m.data).join("\n"))?.[1];
  const keep = new Set([base.threadId, ...(assistant ? [assistant] : [])]);
  const extra = Math.max(0, events - perTurn * turns);
  const runs: RecordedRun[] = [];
  let clock = base.runs[0].startedAt;
  for (let turn = 0; turn < turns; turn++) {
    const tokens = Math.floor(extra / turns) + (turn < extra % turns ? 1 : 0);
    for (const [r, run] of base.runs.entries()) {
      const messages = r === base.runs.length - 1 ? withMoreTokens(run.messages, tokens) : run.messages;
      const shift = clock - run.startedAt;
      let last = clock;
      const moved = messages.map((m, i) => {
        // Repeated tokens arrive TOKEN_MS apart; the rest keep their recorded spacing.
        const t = Math.max(m.t + shift, last + (i > 0 && m.t <= messages[i - 1].t ? TOKEN_MS : 0));
        last = t;
        return { ...m, t, data: rewrite(m.data, turn, keep) };
      });
      runs.push({ startedAt: clock, request: run.request, messages: moved, ...(run.end ? { end: { ...run.end, t: last + (run.end.t - (run.messages.at(-1)?.t ?? run.end.t)) } } : {}) });
      clock = last + 200;
    }
  }
  return { ...base, runs, history: [] };
}

/** The run's messages with its answer's token messages repeated until `count` more are in. */
function withMoreTokens(messages: RecordedMessage[], count: number): RecordedMessage[] {
  const answer = messages.filter((m) => m.event.startsWith("messages") && /"content": *"[^"]+"/.test(m.data) && /"type": *"ai/.test(m.data));
  if (answer.length === 0 || count === 0) return messages;
  const lastToken = messages.lastIndexOf(answer.at(-1)!);
  const more = Array.from({ length: count }, (_, i) => answer[i % answer.length]);
  return [...messages.slice(0, lastToken + 1), ...more, ...messages.slice(lastToken + 1)];
}

/** Ids made unique per turn and step numbers moved on by the turns before, as a longer thread would have them. */
function rewrite(data: string, turn: number, keep: ReadonlySet<string>): string {
  if (turn === 0) return data;
  const suffix = turn.toString(16).padStart(4, "0");
  const ids = data.replace(UUID, (id) => (keep.has(id) ? id : id.slice(0, 32) + suffix));
  return ids.replace(/"(step|langgraph_step)": *(-?\d+)/g, (_, key: string, n: string) => `"${key}": ${Number(n) + turn * STEPS_PER_TURN}`);
}

// recordedStory + storyView on recordings made from the real sample servers (JS and Python):
// what the run viewer shows at every position is what the live view showed at that moment.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Superstep } from "../../src/engine/model";
import { readRecording } from "../../src/engine/recording/readRecording";
import { recordedStory } from "../../src/engine/recording/recordedStory";
import { phaseAt, positionAtTime, statusesAt, stepsShown, stopPositions, viewRecording } from "../../src/engine/recording/storyView";

const FIXTURES = resolve(process.cwd(), "test/fixtures/recordings");
const read = (name: string) => readRecording(readFileSync(join(FIXTURES, name)), name).recording;
const shape = (steps: readonly Superstep[]) => steps.filter((s) => s.ns.length === 0).map((s) => `${s.step}:${s.nodes.map((n) => n.node).sort().join("+")}`);
const statusOf = (statuses: Record<string, { status: string }>) => Object.fromEntries(Object.entries(statuses).map(([k, v]) => [k, v.status]));

describe.each(["js", "python"])("recorded story of the %s server's runs", (kind) => {
  it("agent paused before tools, then continued: two runs, their events with recorded times, steps where they closed", () => {
    const recording = read(`${kind}-agent-breakpoint.lgrun`);
    const story = recordedStory(recording);
    expect(story.runs.map((r) => [r.kind, r.outcome?.status])).toEqual([["start", "paused"], ["continue", "finished"]]);
    expect(story.runs[0].start).toBe(0);
    expect(story.runs[1].start).toBe(story.runs[0].end);
    expect(story.runs[1].end).toBe(story.events.length);
    // Every event carries the time its message was received, as recorded.
    const times = new Set(recording.runs.flatMap((r) => r.messages.map((m) => m.t)));
    expect(story.events.every((e) => times.has(e.receivedAt))).toBe(true);
    expect(shape(story.supersteps)).toEqual(["-1:", "0:__start__", "1:agent", "2:tools", "3:agent"]);
    // The continued run's first step starts from where the paused run left the state.
    const tools = story.supersteps.find((s) => s.ns.length === 0 && s.step === 2)!;
    const agent = story.supersteps.find((s) => s.ns.length === 0 && s.step === 1)!;
    expect(tools.stateBefore).toEqual(agent.stateAfter);
    expect(tools.diff.map((d) => d.path)).toEqual(["messages[2]"]);
    expect(story.stepAt.every((at, i) => i === 0 || at >= story.stepAt[i - 1])).toBe(true);
    expect(statusOf(story.statuses)).toEqual({ agent: "done", tools: "done" });
    expect(story.outcome).toEqual({ status: "finished" });
  });

  it("scrubbing: statuses, steps and the outcome at the first run's end, inside the second, and at the end", () => {
    const view = viewRecording(recordedStory(read(`${kind}-agent-breakpoint.lgrun`)));
    const [first, second] = view.runs;
    expect(phaseAt(view, 0)).toEqual({ running: false });
    expect(statusesAt(view, 0)).toEqual({});
    expect(stepsShown(view, 0)).toBe(0);

    expect(phaseAt(view, first.end)).toEqual({ running: false, outcome: { status: "paused", when: "before", nodes: ["tools"] } });
    expect(statusOf(statusesAt(view, first.end))).toEqual({ agent: "done", tools: "interrupted" });
    expect(stepsShown(view, first.end)).toBe(3);
    // One event into the continued run: running again, no outcome.
    expect(phaseAt(view, first.end + 1)).toEqual({ running: true });
    expect(phaseAt(view, first.end - 1)).toEqual({ running: true });

    const toolsClosed = view.steps.findIndex((s) => s.ns.length === 0 && s.step === 2);
    const atTools = view.steps[toolsClosed].at + 1;
    expect(stepsShown(view, atTools)).toBe(toolsClosed + 1);
    expect(stepsShown(view, atTools - 1)).toBe(toolsClosed);
    expect(statusesAt(view, atTools).tools.status).toBe("done");
    expect(phaseAt(view, second.end)).toEqual({ running: false, outcome: { status: "finished" } });
    expect(statusOf(statusesAt(view, view.count))).toEqual({ agent: "done", tools: "done" });

    const stops = stopPositions(view);
    expect(stops[0]).toBe(0);
    expect(stops.at(-1)).toBe(view.count);
    expect(stops).toContain(first.end);
    // The timeline's clock: time 0 is the first event; the end is the last.
    expect(positionAtTime(view, -1)).toBe(0);
    expect(positionAtTime(view, view.times.at(-1)!)).toBe(view.count);
  });

  it("hitl waiting in interrupt(), then resumed: the wait shows at the first run's end", () => {
    const view = viewRecording(recordedStory(read(`${kind}-hitl.lgrun`)));
    expect(view.runs.map((r) => [r.kind, r.outcome?.status])).toEqual([["start", "waiting"], ["resume", "finished"]]);
    const phase = phaseAt(view, view.runs[0].end);
    expect(phase.outcome?.status).toBe("waiting");
    expect(statusesAt(view, view.runs[0].end).review.status).toBe("interrupted");
    expect(statusOf(statusesAt(view, view.count))).toEqual({ draft: "done", review: "done", publish: "done" });
    // States shared by consecutive steps are sent once.
    expect(view.states.length).toBeLessThan(view.steps.length * 2);
  });
});

describe("a recording without runs", () => {
  it("a thread saved from history alone shows its history's steps, all at position 0", () => {
    const recording = { ...read("js-agent-breakpoint.lgrun"), runs: [] };
    const view = viewRecording(recordedStory(recording));
    expect(view.count).toBe(0);
    expect(shape(view.steps.map((s) => ({ ...s, stateBefore: null, stateAfter: null })))).toEqual(["-1:", "0:__start__", "1:agent", "2:tools", "3:agent"]);
    expect(stepsShown(view, 0)).toBe(view.steps.length);
    // As Show checkpoint marks them: every node of the lineage ran.
    expect(statusOf(statusesAt(view, 0))).toEqual({ __start__: "done", agent: "done", tools: "done" });
    expect(phaseAt(view, 0)).toEqual({ running: false, outcome: { status: "finished" } });
  });

});

import { describe, expect, it } from "vitest";
import { diffStates } from "../../../src/engine/diff";
import { checkpointTimeline, lineageSupersteps, type HistoryEntryWithValues } from "../../../src/host/checkpointTimeline";

// Shaped like GET /threads/{id}/history: newest first, all branches, linked by parent_checkpoint.
const entry = (id: string, parent: string | null, step: number, source: string, next: string[], values: unknown): HistoryEntryWithValues => ({
  checkpoint: { checkpoint_id: id },
  parent_checkpoint: parent ? { checkpoint_id: parent } : null,
  metadata: { step, source },
  next,
  values,
});
const m = (id: string, content: string) => ({ id, type: "human", content });
const history = [
  entry("f2", "f1", 2, "loop", [], { messages: [m("1", "hi"), m("3", "fork answer")] }),
  entry("f1", "c1", 1, "update", ["agent"], { messages: [m("1", "hi")] }),
  entry("c3", "c2", 2, "loop", [], { messages: [m("1", "hi"), m("2", "answer")] }),
  entry("c2", "c1", 1, "loop", ["__end__"], { messages: [m("1", "hi"), m("2", "answer")] }),
  entry("c1", "c0", 0, "loop", ["agent"], { messages: [m("1", "hi")] }),
  entry("c0", null, -1, "input", ["__start__"], { messages: [] }),
];

describe("checkpointTimeline", () => {
  it("orders oldest first with each fork after its fork point, and names what ran", () => {
    const timeline = checkpointTimeline(history);
    expect(timeline.map((c) => [c.checkpointId, c.branch])).toEqual([["c0", 0], ["c1", 0], ["c2", 0], ["c3", 0], ["f1", 1], ["f2", 1]]);
    expect(timeline.find((c) => c.checkpointId === "c2")?.nodes).toEqual(["agent"]);
    expect(timeline.find((c) => c.checkpointId === "f1")).toMatchObject({ source: "update", nodes: [], next: ["agent"] });
  });
});

describe("lineageSupersteps", () => {
  it("rebuilds the steps that led to a checkpoint with their diffs, only along its branch", () => {
    const steps = lineageSupersteps(history, "f2", diffStates);
    expect(steps.map((s) => s.checkpointId)).toEqual(["c0", "c1", "f1", "f2"]);
    const last = steps.at(-1)!;
    expect(last.nodes.map((n) => n.node)).toEqual(["agent"]);
    expect(last.diff).toEqual([expect.objectContaining({ path: "messages[1]", change: "added" })]);
  });
  it("is empty for a checkpoint that is not in the history", () => {
    expect(lineageSupersteps(history, "nope", diffStates)).toEqual([]);
  });
});

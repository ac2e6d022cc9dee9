import { describe, expect, it } from "vitest";
import { diffStates } from "../../src/engine/diff";
import { checkpointTimeline, checkpointTree, lineageSupersteps, type CheckpointNode, type HistoryEntryWithValues } from "../../src/engine/checkpointTimeline";

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

// A run, then "Re-run from checkpoint" on c1 (r2, r3), then "Fork with edited state" on c1 (u2, u3, u4).
const rerunAndFork = [
  entry("u4", "u3", 4, "loop", [], {}),
  entry("u3", "u2", 3, "loop", ["agent"], {}),
  entry("u2", "c1", 2, "update", ["tools"], {}),
  entry("r3", "r2", 3, "loop", [], {}),
  entry("r2", "c1", 2, "loop", ["agent"], {}),
  entry("c3", "c2", 3, "loop", [], {}),
  entry("c2", "c1", 2, "loop", ["agent"], {}),
  entry("c1", "c0", 1, "loop", ["tools"], {}),
  entry("c0", null, 0, "input", ["agent"], {}),
];

describe("checkpointTimeline on re-runs and forks", () => {

  it("numbers the branches off one checkpoint in the order they were made, each after the line before it", () => {
    const timeline = checkpointTimeline(rerunAndFork);
    expect(timeline.map((c) => `${c.checkpointId}:${c.branch}`)).toEqual(["c0:0", "c1:0", "c2:0", "c3:0", "r2:1", "r3:1", "u2:2", "u3:2", "u4:2"]);
    // What ran on a branch is its parent's `next`, as on the first line.
    expect(timeline.find((c) => c.checkpointId === "r2")?.nodes).toEqual(["tools"]);
    expect(timeline.find((c) => c.checkpointId === "u3")?.nodes).toEqual(["tools"]);
  });

  it("names the nodes from `writes` when the metadata has them (older servers)", () => {
    const withWrites = [{ ...entry("w1", "c0", 1, "loop", [], {}), metadata: { step: 1, source: "loop", writes: { agent: {}, tools: {} } } }, entry("c0", null, 0, "input", ["agent"], {})];
    expect(checkpointTimeline(withWrites).at(-1)?.nodes).toEqual(["agent", "tools"]);
  });

  it("starts a line at a checkpoint whose parent is beyond the history's limit", () => {
    const truncated = rerunAndFork.filter((h) => h.checkpoint.checkpoint_id !== "c0");
    const timeline = checkpointTimeline(truncated);
    expect(timeline[0]).toMatchObject({ checkpointId: "c1", branch: 0, nodes: [] });
    expect(timeline).toHaveLength(truncated.length);
  });
});

describe("checkpointTree", () => {
  const ids = (line: CheckpointNode[]) => line.map((n) => n.entry.checkpointId);

  it("goes on with the line of the newest checkpoint; the others hang off their fork point, newest first", () => {
    const [main, ...rest] = checkpointTree(rerunAndFork);
    expect(rest).toEqual([]);
    expect(ids(main)).toEqual(["c0", "c1", "u2", "u3", "u4"]);
    expect(main[1].branches.map(ids)).toEqual([["r2", "r3"], ["c2", "c3"]]);
    expect(main.filter((n) => n.branches.length > 0)).toHaveLength(1);
  });

  it("a branch made off a branch nests under that branch's checkpoint", () => {
    const deeper = [entry("d4", "r2", 3, "update", [], {}), ...rerunAndFork];
    const [main] = checkpointTree(deeper);
    expect(ids(main)).toEqual(["c0", "c1", "r2", "d4"]);
    const [c1] = main.slice(1, 2);
    expect(c1.branches.map(ids)).toEqual([["u2", "u3", "u4"], ["c2", "c3"]]);
    expect(main[2].branches.map(ids)).toEqual([["r3"]]);
  });

  it("lines whose start is beyond the history's limit come after the main line", () => {
    const truncated = rerunAndFork.filter((h) => !["c0", "c1"].includes(h.checkpoint.checkpoint_id!));
    expect(checkpointTree(truncated).map(ids)).toEqual([["u2", "u3", "u4"], ["r2", "r3"], ["c2", "c3"]]);
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

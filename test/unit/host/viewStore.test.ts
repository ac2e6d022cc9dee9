import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../../src/engine/model";
import type { HostToWebview } from "../../../src/shared/protocol";
import { ViewStore } from "../../../src/host/viewStore";

const token = (text: string): RunEvent => ({ kind: "token", ns: [], receivedAt: 0, node: "agent", messageId: "m1", text, toolCallChunks: [], role: "ai" });
const graph = { nodes: [{ id: "agent" }], edges: [] };

function recording(store: ViewStore): HostToWebview[] {
  const seen: HostToWebview[] = [];
  store.onDelta((m) => seen.push(m));
  return seen;
}

describe("ViewStore", () => {
  it("batches stream events into one post, flushed before anything else is posted", () => {
    const store = new ViewStore("http://a");
    const seen = recording(store);
    store.startRun({ threadId: "t1", assistantId: "agent" });
    store.addEvent(token("Hel"));
    store.addEvent(token("lo"));
    expect(seen.map((m) => m.type)).toEqual(["runStarted"]);
    store.endRun({ status: "finished" });
    expect(seen.map((m) => m.type)).toEqual(["runStarted", "runEvents", "runEnded"]);
    expect(seen[1]).toMatchObject({ type: "runEvents", events: [{ text: "Hel" }, { text: "lo" }] });
  });

  it("keeps everything for a view that opens mid-run or is shown again", () => {
    const store = new ViewStore("http://a");
    store.setGraph("agent", graph);
    store.startRun({ threadId: "t1", assistantId: "agent" });
    store.addEvent(token("Hi"));
    const snapshot = store.snapshot();
    expect(snapshot).toMatchObject({ assistantId: "agent", graph, run: { threadId: "t1" }, events: [{ text: "Hi" }] });
  });

  it("a new run clears the previous run's events, steps and outcome but keeps the graph", () => {
    const store = new ViewStore("http://a");
    store.setGraph("agent", graph);
    store.startRun({ threadId: "t1", assistantId: "agent" });
    store.addEvent(token("old"));
    store.endRun({ status: "finished" });
    store.startRun({ threadId: "t2", assistantId: "agent" });
    expect(store.snapshot()).toMatchObject({ graph, run: { threadId: "t2" }, events: [], supersteps: [], outcome: undefined });
  });

  it("shows a state edit as a step after the last one", () => {
    const store = new ViewStore("http://a");
    store.addSuperstep({ step: 3, ns: [], nodes: [], stateBefore: {}, stateAfter: {}, diff: [] });
    store.addEdit({ asNode: "agent", stateBefore: { a: 1 }, stateAfter: { a: 2 }, diff: [{ path: "a", change: "changed", before: 1, after: 2 }] });
    expect(store.snapshot().supersteps.at(-1)).toMatchObject({ step: 4, source: "update", nodes: [{ node: "agent" }] });
  });

  it("reset for another deployment drops the old graph and run and tells the view", () => {
    const store = new ViewStore("http://a");
    const seen = recording(store);
    store.setGraph("agent", graph);
    store.startRun({ threadId: "t1", assistantId: "agent" });
    store.reset("http://b");
    expect(seen.at(-1)).toMatchObject({ type: "snapshot", snapshot: { deployment: { url: "http://b" }, events: [] } });
    expect(store.snapshot().graph).toBeUndefined();
    expect(store.snapshot().run).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import type { DriverEvent } from "../../../src/engine/driver/threadDriver";
import { ThreadStory } from "../../../src/engine/driver/threadStory";
import type { GraphData, RunEvent, RunOutcome } from "../../../src/engine/model";
import type { HostToWebview } from "../../../src/shared/protocol";
import { ViewStore, type RunSource } from "../../../src/host/viewStore";

const token = (text: string): RunEvent => ({ kind: "token", ns: [], receivedAt: 0, node: "agent", messageId: "m1", text, toolCallChunks: [], role: "ai" });
const taskStart = (node: string): RunEvent => ({ kind: "taskStart", ns: [], receivedAt: 0, taskId: `t-${node}`, node, triggers: [], input: null });
const taskResult = (node: string): RunEvent => ({ kind: "taskResult", ns: [], receivedAt: 0, taskId: `t-${node}`, node, result: {}, error: null, interrupts: [] });
const graph: GraphData = { nodes: [{ id: "agent" }, { id: "tools" }], edges: [] };

/** A run source that behaves as the driver does: a story it appends to, and the events it emits. */
class ScriptedSource implements RunSource {
  graph: { assistantId: string; graph: GraphData } | undefined = { assistantId: "agent", graph };
  target: RunSource["target"];
  private current: ThreadStory | undefined;
  private readonly listeners = new Set<(e: DriverEvent) => void>();
  onEvent(listener: (e: DriverEvent) => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  get status() {
    return this.target?.running ? ("running" as const) : (this.target?.outcome?.status ?? ("idle" as const));
  }
  story() {
    return this.current?.snapshot();
  }
  supersteps() {
    return this.current?.supersteps ?? [];
  }
  start(threadId: string, continues = false): void {
    if (!continues || !this.current) this.current = new ThreadStory("agent", threadId, graph);
    this.current.runStarted();
    this.target = { assistantId: "agent", threadId, running: true };
    this.emit({ type: "runStarted", threadId, assistantId: "agent", continues });
  }
  events(...events: RunEvent[]): void {
    const statusChanges = this.current!.addEvents(events);
    this.emit({ type: "events", events, statusChanges });
  }
  end(outcome: RunOutcome): void {
    this.current!.end(outcome);
    this.target = { ...this.target!, outcome, running: false };
    this.emit({ type: "runEnded", outcome, statuses: this.current!.statuses() });
  }
  private emit(event: DriverEvent): void {
    for (const l of this.listeners) l(event);
  }
}

function recording(store: ViewStore): HostToWebview[] {
  const seen: HostToWebview[] = [];
  store.onDelta((m) => seen.push(m));
  return seen;
}

const NO_BREAKPOINTS = { get: () => ({ before: [], after: [] }) };

describe("ViewStore", () => {
  it("batches stream events into one post with their status changes re-based, flushed before anything else", () => {
    const source = new ScriptedSource();
    const store = new ViewStore(source, NO_BREAKPOINTS);
    const seen = recording(store);
    source.start("t1");
    source.events(token("Hel"));
    source.events(taskStart("tools"), token("lo"));
    expect(seen.map((m) => m.type)).toEqual(["runStarted"]);
    source.end({ status: "finished" });
    expect(seen.map((m) => m.type)).toEqual(["runStarted", "runEvents", "runEnded"]);
    expect(seen[1]).toMatchObject({ type: "runEvents", events: [{ text: "Hel" }, { kind: "taskStart" }, { text: "lo" }] });
    // agent started streaming at event 0; tools started at event 1 of the second batch, i.e. 1 of the merged one.
    expect((seen[1] as Extract<HostToWebview, { type: "runEvents" }>).statusChanges).toEqual([
      { node: "agent", status: "running", at: 0 },
      { node: "tools", status: "running", at: 1 },
    ]);
    expect(seen[2]).toMatchObject({ type: "runEnded", statuses: { agent: { status: "done" }, tools: { status: "done" } } });
  });

  it("a snapshot taken mid-batch leaves the held events to the batch (none is seen twice), and posts nothing", () => {
    const source = new ScriptedSource();
    const store = new ViewStore(source, NO_BREAKPOINTS);
    const seen = recording(store);
    source.start("t1");
    source.events(token("Hi"));
    const snapshot = store.snapshot();
    expect(snapshot).toMatchObject({ assistantId: "agent", graph, run: { threadId: "t1" }, events: [], outcome: undefined });
    expect(seen.map((m) => m.type)).toEqual(["runStarted"]);
    source.end({ status: "finished" });
    expect(store.snapshot().events).toHaveLength(1);
  });

  it("hands out copies: later appends do not show through an earlier snapshot", () => {
    const source = new ScriptedSource();
    const store = new ViewStore(source, NO_BREAKPOINTS);
    source.start("t1");
    source.events(token("a"));
    source.end({ status: "paused", when: "before", nodes: ["tools"] });
    const first = store.snapshot();
    source.start("t1", true);
    source.events(token("b"));
    source.end({ status: "finished" });
    expect(first.events).toHaveLength(1);
    expect(first.outcome).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
    expect(store.snapshot().events).toHaveLength(2);
  });

  it("a continued run keeps the story (events and statuses); another thread starts a new one", () => {
    const source = new ScriptedSource();
    const store = new ViewStore(source, NO_BREAKPOINTS);
    const seen = recording(store);
    source.start("t1");
    source.events(taskStart("agent"), token("a"), taskResult("agent"));
    source.end({ status: "paused", when: "before", nodes: ["tools"] });
    source.start("t1", true);
    expect(seen.at(-1)).toEqual({ type: "runStarted", run: { threadId: "t1", assistantId: "agent" }, continues: true });
    expect(store.snapshot().statuses).toMatchObject({ agent: { status: "done" } });
    source.start("t2");
    expect(store.snapshot().events).toEqual([]);
    expect(store.snapshot().statuses).toEqual({});
  });

  it("shows no run of another assistant on the graph shown", () => {
    const source = new ScriptedSource();
    const store = new ViewStore(source, NO_BREAKPOINTS);
    source.start("t1");
    source.events(token("a"));
    source.graph = { assistantId: "other", graph };
    expect(store.snapshot()).toMatchObject({ assistantId: "other", run: undefined, events: [], supersteps: [] });
  });

  it("tells the views whether the assistant's input takes messages (chat mode), once its schema is read", async () => {
    // The agent's input has `messages`; `fanout`'s (a topic) has not.
    const inputs: Record<string, unknown> = { agent: { type: "object", properties: { messages: { type: "array" } } }, fanout: { type: "object", properties: { topic: { type: "string" } } } };
    const source = Object.assign(new ScriptedSource(), { schemas: async (assistantId: string) => ({ graph_id: assistantId, input_schema: inputs[assistantId] }) as never });
    const store = new ViewStore(source, NO_BREAKPOINTS);
    const seen = recording(store);
    expect(store.snapshot().takesMessages).toBeUndefined();
    await Promise.resolve();
    expect(seen).toEqual([{ type: "chatSupport", assistantId: "agent", takesMessages: true }]);
    expect(store.snapshot().takesMessages).toBe(true);
    source.graph = { assistantId: "fanout", graph };
    store.snapshot();
    await Promise.resolve();
    expect(seen.at(-1)).toEqual({ type: "chatSupport", assistantId: "fanout", takesMessages: false });
    expect(store.snapshot().takesMessages).toBe(false);
  });
});

describe("ViewStore: the shown assistant's name and version", () => {
  it("posts and snapshots the shown assistant's, never another's", () => {
    const source = new ScriptedSource();
    const store = new ViewStore(source, NO_BREAKPOINTS);
    const seen = recording(store);
    const shown = { assistantId: "agent", name: "brief", graphId: "agent", version: 2, system: false };
    store.assistantChanged(shown);
    store.assistantChanged({ ...shown, assistantId: "other", name: "other" });
    expect(seen).toEqual([{ type: "assistant", assistant: shown }]);
    expect(store.snapshot().assistant).toEqual(shown);
    // Another graph shown: the last read is not its own.
    source.graph = { assistantId: "hitl", graph };
    expect(store.snapshot().assistant).toBeUndefined();
  });
});

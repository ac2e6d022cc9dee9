// The side panel and two tabs pinned to two assistants, fed by one ViewStore on a driver that
// moves from one assistant to the other: who is sent what.
import { describe, expect, it } from "vitest";
import type { DriverEvent } from "../../../src/engine/driver/threadDriver";
import { ThreadStory } from "../../../src/engine/driver/threadStory";
import type { GraphData, RunEvent } from "../../../src/engine/model";
import type { Breakpoints, HostToWebview } from "../../../src/shared/protocol";
import { followingFeed, PinnedFeed, type ViewFeed } from "../../../src/host/viewFeed";
import { ViewStore, type RunSource } from "../../../src/host/viewStore";

const graph: GraphData = { nodes: [{ id: "agent" }, { id: "tools" }], edges: [] };
const taskStart = (node: string): RunEvent => ({ kind: "taskStart", ns: [], receivedAt: 0, taskId: `t-${node}`, node, triggers: [], input: null });

/** A driver that shows one assistant's graph at a time and runs a thread on it. */
class TwoAssistants implements RunSource {
  graph: RunSource["graph"];
  target: RunSource["target"];
  status = "idle" as const;
  private current: ThreadStory | undefined;
  private readonly listeners = new Set<(e: DriverEvent) => void>();
  onEvent(listener: (e: DriverEvent) => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  story() {
    return this.current?.snapshot();
  }
  supersteps() {
    return this.current?.supersteps ?? [];
  }
  show(assistantId: string): void {
    this.graph = { assistantId, graph };
    this.emit({ type: "graph", assistantId, graph });
  }
  start(assistantId: string, threadId: string): void {
    this.current = new ThreadStory(assistantId, threadId, graph);
    this.current.runStarted();
    this.target = { assistantId, threadId, running: true };
    this.emit({ type: "runStarted", threadId, assistantId, continues: false });
  }
  events(): void {
    const statusChanges = this.current!.addEvents([taskStart("agent")]);
    this.emit({ type: "events", events: [taskStart("agent")], statusChanges });
  }
  private emit(event: DriverEvent): void {
    for (const l of this.listeners) l(event);
  }
}

const breakpoints: Record<string, Breakpoints> = {};
const store = (source: RunSource) => new ViewStore(source, { get: (id) => breakpoints[id] ?? { before: [], after: [] } });

/** Every message a feed would post, as `type` (snapshots as `snapshot:<assistant>`, notes as `pinned:<following>`). */
function posts(feed: ViewFeed, viewStore: ViewStore): string[] {
  const seen: string[] = [];
  const name = (m: HostToWebview) => (m.type === "snapshot" ? `snapshot:${m.snapshot.assistantId}` : m.type === "pinned" ? `pinned:${m.following}` : m.type);
  seen.push(...feed.ready().map(name));
  viewStore.onDelta((m) => seen.push(...feed.delta(m).map(name)));
  return seen;
}

describe("view feeds", () => {
  it("the side panel follows every assistant; a pinned tab only its own, catching up with a snapshot", () => {
    const source = new TwoAssistants();
    source.show("a");
    const viewStore = store(source);
    const panel = posts(followingFeed(viewStore), viewStore);
    const tabA = posts(new PinnedFeed({ assistantId: "a", title: "Graph: a" }, viewStore), viewStore);
    const tabB = posts(new PinnedFeed({ assistantId: "b", title: "Graph: b" }, viewStore), viewStore);
    expect(panel).toEqual(["snapshot:a"]);
    expect(tabA).toEqual(["snapshot:a", "pinned:true"]);
    expect(tabB).toEqual(["pinned:false"]);

    source.start("a", "t1");
    source.show("b");
    source.start("b", "t2");
    expect(panel).toEqual(["snapshot:a", "runStarted", "graph", "breakpoints", "runStarted"]);
    expect(tabA).toEqual(["snapshot:a", "pinned:true", "runStarted", "pinned:false"]);
    expect(tabB).toEqual(["pinned:false", "snapshot:b", "pinned:true", "breakpoints", "runStarted"]);
  });

  it("a tab away from its assistant still gets that assistant's breakpoints, and no other's", () => {
    const source = new TwoAssistants();
    source.show("b");
    const viewStore = store(source);
    const tabA = posts(new PinnedFeed({ assistantId: "a", title: "Graph: a" }, viewStore), viewStore);
    viewStore.breakpointsChanged("b", { before: ["tools"], after: [] });
    viewStore.breakpointsChanged("a", { before: ["agent"], after: [] });
    source.start("b", "t1");
    source.events();
    expect(tabA).toEqual(["pinned:false", "breakpoints"]);
  });
});

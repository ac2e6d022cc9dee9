// The side panel and two tabs pinned to two assistants, fed by one ViewStore on a driver that
// moves from one assistant to the other: who is sent what.
import { describe, expect, it } from "vitest";
import type { DriverEvent } from "../../../src/engine/driver/threadDriver";
import { ThreadStory } from "../../../src/engine/driver/threadStory";
import type { GraphData, RunEvent } from "../../../src/engine/model";
import type { Breakpoints, HostToWebview } from "../../../src/shared/protocol";
import { followingFeed, PinnedFeed, TabFeed, type ViewFeed } from "../../../src/host/viewFeed";
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

/** Every message a feed would post, as `type` (snapshots as `snapshot:<assistant>:<thread>`, notes as `pinned:<following>` or `pinned:own`). */
function posts(feed: ViewFeed): string[] {
  const seen: string[] = [];
  const name = (m: HostToWebview) =>
    m.type === "snapshot" ? `snapshot:${m.snapshot.assistantId}${m.snapshot.run ? `:${m.snapshot.run.threadId}` : ""}` : m.type === "pinned" ? `pinned:${m.own ? "own" : m.following}` : m.type;
  seen.push(...feed.ready().map(name));
  feed.listen((messages) => seen.push(...messages.map(name)));
  return seen;
}

describe("view feeds", () => {
  it("the side panel follows every assistant; a pinned tab only its own, catching up with a snapshot", () => {
    const source = new TwoAssistants();
    source.show("a");
    const viewStore = store(source);
    const panel = posts(followingFeed(viewStore));
    const tabA = posts(new PinnedFeed({ assistantId: "a", title: "Graph: a" }, viewStore));
    const tabB = posts(new PinnedFeed({ assistantId: "b", title: "Graph: b" }, viewStore));
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
    const tabA = posts(new PinnedFeed({ assistantId: "a", title: "Graph: a" }, viewStore));
    viewStore.breakpointsChanged("b", { before: ["tools"], after: [] });
    viewStore.breakpointsChanged("a", { before: ["agent"], after: [] });
    source.start("b", "t1");
    source.events();
    expect(tabA).toEqual(["pinned:false", "breakpoints"]);
  });

  it("a tab with a run of its own shows that run's store, hears its assistant's breakpoints, and goes back to the debugger's when it lets go", () => {
    const main = new TwoAssistants();
    main.show("b");
    const mainStore = store(main);
    const feed = new TabFeed({ assistantId: "a", title: "Graph: a" }, mainStore);
    const tabA = posts(feed);
    const own = new TwoAssistants();
    const ownStore = store(own);
    // A driver just made has no graph yet: only the note, the tab keeps drawing what it drew.
    feed.useOwn(ownStore);
    own.show("a");
    own.start("a", "t-own");
    own.events();
    // The debugger's run of another assistant does not reach the tab; its own assistant's breakpoints do.
    main.start("b", "t-main");
    mainStore.breakpointsChanged("a", { before: ["agent"], after: [] });
    mainStore.breakpointsChanged("b", { before: ["tools"], after: [] });
    feed.useOwn(undefined);
    expect(tabA).toEqual(["pinned:false", "pinned:own", "graph", "breakpoints", "runStarted", "breakpoints", "pinned:false"]);
    // Shown again (a hidden tab, a reload) while on its own run: one snapshot of that run.
    feed.useOwn(ownStore);
    expect(feed.ready().map((m) => (m.type === "snapshot" ? m.snapshot.run?.threadId : m.type === "pinned" && m.own))).toEqual(["t-own", true]);
  });
});

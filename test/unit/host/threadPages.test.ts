// The Threads view's paging: threads by offset while the server's order shifts under it, checkpoints
// by `before` with forks whose fork point is on a page not loaded yet, and the search box. The
// "server" here is a list sorted as both real servers sort it (stable, newest update first).
import type { Thread, ThreadState } from "@langchain/langgraph-sdk";
import { describe, expect, it } from "vitest";
import { checkpointTree } from "../../../src/engine/checkpointTimeline";
import { describeFilter, parseThreadFilter, threadFetcher } from "../../../src/host/threadFilter";
import { CheckpointPages, ThreadPages } from "../../../src/host/threadPages";

/** Threads as the servers keep them; `touch` updates one (it moves to the top of an updated_at sort). */
function scriptedServer(count: number) {
  let clock = 1_000;
  const threads: Thread[] = Array.from({ length: count }, (_, i) => thread(`t${i}`, clock++));
  function thread(id: string, at: number): Thread {
    return { thread_id: id, created_at: new Date(at).toISOString(), updated_at: new Date(at).toISOString(), metadata: { n: Number(id.slice(1)) }, status: "idle", values: {}, interrupts: {} } as unknown as Thread;
  }
  const sorted = () => [...threads].sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at));
  const reads: number[] = [];
  return {
    reads,
    fetch: async (offset: number, limit: number) => {
      reads.push(offset);
      return sorted().slice(offset, offset + limit);
    },
    create: (id: string) => threads.push(thread(id, clock++)),
    touch: (id: string) => {
      const t = threads.find((x) => x.thread_id === id)!;
      t.updated_at = new Date(clock++).toISOString();
    },
    order: () => sorted().map((t) => t.thread_id),
  };
}

const ids = (pages: ThreadPages) => pages.threads.map((t) => t.thread_id);

describe("ThreadPages", () => {
  it("pages through every thread once, in the server's order, and knows when it has them all", async () => {
    const server = scriptedServer(120);
    const pages = new ThreadPages(server.fetch, 50);
    await pages.loadMore();
    expect(ids(pages)).toEqual(server.order().slice(0, 50));
    expect(pages.complete).toBe(false);
    await pages.loadAll();
    expect(ids(pages)).toEqual(server.order());
    expect(pages.complete).toBe(true);
    expect(server.reads).toEqual([0, 50, 100]);
  });

  it("a load clicked twice while it runs reads one page", async () => {
    const server = scriptedServer(120);
    const pages = new ThreadPages(server.fetch, 50);
    await Promise.all([pages.loadMore(), pages.loadMore()]);
    expect(server.reads).toEqual([0]);
  });

  it("threads created or updated between two pages shift the offsets: none is listed twice or skipped", async () => {
    const server = scriptedServer(120);
    const pages = new ThreadPages(server.fetch, 50);
    await pages.loadMore();
    server.create("new1");
    server.touch("t10"); // below the first page: moves to the top
    await pages.loadAll();
    // The second page repeats two threads of the first: the list is read again from the top, where t10 and new1 went.
    expect(ids(pages)).toEqual(server.order());
  });

  it("a refresh puts new and updated threads first, keeps the pages read, and reads only down to an unchanged thread", async () => {
    const server = scriptedServer(300);
    const pages = new ThreadPages(server.fetch, 50);
    await pages.loadMore();
    await pages.loadMore();
    server.create("new1");
    server.touch("t250"); // never listed yet
    server.touch("t280"); // listed on the first page
    server.reads.length = 0;
    await pages.refresh();
    expect(server.reads).toEqual([0]);
    expect(ids(pages)).toEqual(server.order().slice(0, 101));
    await pages.loadAll();
    expect(ids(pages)).toEqual(server.order());
  });

  it("a refresh after more changes than a page reads on until it meets a thread it had", async () => {
    const server = scriptedServer(200);
    const pages = new ThreadPages(server.fetch, 50);
    await pages.loadMore();
    for (let i = 0; i < 70; i++) server.create(`new${i}`);
    server.reads.length = 0;
    await pages.refresh();
    expect(server.reads).toEqual([0, 50]);
    expect(ids(pages)).toEqual(server.order().slice(0, 120));
  });
});

/** A history as both servers return it: newest first by checkpoint id, over all branches. */
function historyServer(entries: { id: string; parent?: string }[]) {
  const sorted = () => [...entries].sort((a, b) => (a.id < b.id ? 1 : -1));
  const calls: { limit: number; before?: string }[] = [];
  const state = (e: { id: string; parent?: string }) => ({ checkpoint: { checkpoint_id: e.id }, parent_checkpoint: e.parent ? { checkpoint_id: e.parent } : null, metadata: { source: "loop", step: 0 }, next: [], values: {} }) as unknown as ThreadState;
  return {
    calls,
    entries,
    fetch: async (limit: number, before?: string) => {
      calls.push({ limit, before });
      const list = sorted().filter((e) => before === undefined || e.id < before);
      return list.slice(0, limit).map(state);
    },
  };
}

/** A line of `n` checkpoints c0000 → c0001 → …, and forks off early checkpoints written last. */
function longThread(n: number) {
  const entries = Array.from({ length: n }, (_, i) => ({ id: `c${String(i).padStart(4, "0")}`, parent: i ? `c${String(i - 1).padStart(4, "0")}` : undefined }));
  // Forked later (ids sort after every c…): f1 off c0005, f2 off f1, g1 off c0100.
  // Then the thread went on from its tip (z, newest of all): its line is the main one.
  entries.push({ id: "f1", parent: "c0005" }, { id: "f2", parent: "f1" }, { id: "g1", parent: "c0100" }, { id: "z", parent: `c${String(n - 1).padStart(4, "0")}` });
  return historyServer(entries);
}

describe("CheckpointPages", () => {
  it("pages back through the history, each page read one longer so 'older ones exist' is known, and ends with every checkpoint once", async () => {
    const server = longThread(450);
    const pages = new CheckpointPages(server.fetch, 200);
    await pages.loadOlder();
    expect(pages.checkpoints).toHaveLength(200);
    expect(pages.hasOlder).toBe(true);
    await pages.loadAll();
    const loaded = pages.checkpoints.map((s) => s.checkpoint.checkpoint_id);
    expect(loaded).toHaveLength(454);
    expect(new Set(loaded).size).toBe(454);
    expect(pages.hasOlder).toBe(false);
    expect(server.calls.map((c) => c.limit)).toEqual([201, 201, 201]);
  });

  it("a fork whose fork point is not loaded yet is a line of its own, and moves under its fork point once that page is", async () => {
    const server = longThread(450);
    const pages = new CheckpointPages(server.fetch, 200);
    await pages.loadOlder();
    // Newest first: z, the forks, then c0449 … c0254. The forks' fork points (c0005, c0100) are older.
    const [main, ...detached] = checkpointTree(pages.checkpoints as ThreadState[]);
    expect(main.map((n) => n.entry.checkpointId).slice(0, 1).concat(main.at(-1)!.entry.checkpointId)).toEqual(["c0254", "z"]);
    expect(main[0].entry.parentId).toBe("c0253");
    expect(detached.map((line) => [line[0].entry.checkpointId, line[0].entry.parentId])).toEqual([["g1", "c0100"], ["f1", "c0005"]]);
    await pages.loadAll();
    const [whole, ...rest] = checkpointTree(pages.checkpoints as ThreadState[]);
    expect(rest).toEqual([]);
    expect(whole).toHaveLength(451);
    expect(whole[5].branches.map((line) => line.map((n) => n.entry.checkpointId))).toEqual([["f1", "f2"]]);
    expect(whole[100].branches.map((line) => line.map((n) => n.entry.checkpointId))).toEqual([["g1"]]);
  });

  it("a refresh adds the checkpoints written since, however many, and keeps the older pages", async () => {
    const server = longThread(450);
    const pages = new CheckpointPages(server.fetch, 200);
    await pages.loadOlder();
    await pages.loadOlder();
    for (let i = 0; i < 250; i++) server.entries.push({ id: `zz${String(i).padStart(4, "0")}`, parent: i ? `zz${String(i - 1).padStart(4, "0")}` : "g1" });
    await pages.refresh();
    expect(pages.checkpoints).toHaveLength(650);
    expect(pages.checkpoints[0].checkpoint.checkpoint_id).toBe("zz0249");
    await pages.loadAll();
    expect(new Set(pages.checkpoints.map((s) => s.checkpoint.checkpoint_id)).size).toBe(704);
  });

  it("refreshes that overlap (one per run event) add each new checkpoint once, newest first", async () => {
    const server = longThread(10);
    const pages = new CheckpointPages(server.fetch, 200);
    await pages.loadOlder();
    server.entries.push({ id: "zz1", parent: "z" });
    const first = pages.refresh();
    server.entries.push({ id: "zz2", parent: "zz1" });
    await Promise.all([first, pages.refresh()]);
    const loaded = pages.checkpoints.map((s) => s.checkpoint.checkpoint_id);
    expect(loaded.slice(0, 3)).toEqual(["zz2", "zz1", "z"]);
    expect(new Set(loaded).size).toBe(loaded.length);
  });
});

describe("the thread search box", () => {
  it("reads status, graph, metadata, a whole id and an id's start", () => {
    expect(parseThreadFilter("status:Error graph:agent user=alice n=3")).toEqual({ filter: { status: "error", metadata: { graph_id: "agent", user: "alice", n: 3 } } });
    expect(parseThreadFilter("1F2A3B4C-0000-4000-8000-000000000001")).toEqual({ filter: { threadId: "1f2a3b4c-0000-4000-8000-000000000001" } });
    expect(parseThreadFilter("1f2a")).toEqual({ filter: { idPrefix: "1f2a" } });
    expect(parseThreadFilter("status:sleeping")).toEqual({ error: expect.stringContaining("not a thread status") });
    expect(parseThreadFilter("hello")).toEqual({ error: expect.stringContaining('Cannot read "hello"') });
    const { filter } = parseThreadFilter("status:busy graph:agent seed=x 1f2a") as { filter: object };
    expect(describeFilter(filter)).toBe("status:busy graph:agent seed=x 1f2a");
  });

  it("an id's start is matched over the ids alone, then the matches are read page by page", async () => {
    const all = Array.from({ length: 2500 }, (_, i) => ({ thread_id: `${i % 7 === 0 ? "ab" : "cd"}${String(i).padStart(6, "0")}`, updated_at: new Date(10_000 - i).toISOString() }));
    const calls: { offset?: number; limit?: number; ids?: string[]; select?: string[] }[] = [];
    const search = async (q: { offset?: number; limit?: number; ids?: string[]; select?: string[] }) => {
      calls.push(q);
      const list = all.filter((t) => !q.ids || q.ids.includes(t.thread_id));
      return list.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 10)) as unknown as Thread[];
    };
    const pages = new ThreadPages(threadFetcher({ search }, { idPrefix: "ab" }), 50);
    await pages.loadAll();
    const expected = all.filter((t) => t.thread_id.startsWith("ab")).map((t) => t.thread_id);
    expect(pages.threads.map((t) => t.thread_id)).toEqual(expected);
    expect(calls.filter((c) => c.select).map((c) => c.offset)).toEqual([0, 1000, 2000]);
  });
});

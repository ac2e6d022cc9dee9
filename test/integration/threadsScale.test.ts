// The Threads view at a production deployment's scale, on both real servers: 10,000 threads and a
// thread of 2,000 checkpoints (with forks off old checkpoints), read through the same paging the view
// uses (ThreadPages, CheckpointPages, threadFetcher), each timing printed next to the bare HTTP calls
// it makes (one JSON line per server, no timed assertions). Facts: docs/SERVER-DIFFERENCES.md §8g.
import type { Thread, ThreadState } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkpointTree, type CheckpointNode } from "../../src/engine/checkpointTimeline";
import { LangGraphClient } from "../../src/engine/client";
import { threadFetcher } from "../../src/host/threadFilter";
import { CheckpointPages, ThreadPages } from "../../src/host/threadPages";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";

const SEEDED = 10_000;
const CHECKPOINTS = 2_000;
const THREAD_PAGE = 50;
const HISTORY_PAGE = 200;
/** Requests in flight while seeding (both servers took 16–32 best; Python slows as its thread list grows). */
const SEED_CONCURRENCY = 24;

/**
 * fetch, sent again when the connection was reset before any answer. Seeding makes ~10,000 requests
 * on keep-alive connections, and the server closes the idle ones: in one CI run the JS server reset
 * one right after writing the 2,000-checkpoint thread, in another two in a row on a history read
 * (each retry can take another pooled connection the server has just closed). A read is sent up to
 * five times; a write once more only: had the server acted on the first after all, the counts
 * checked below would say so. Any other failure, or one more reset, fails the suite.
 */
async function fetchRetryingResets(url: string, init?: RequestInit): Promise<Response> {
  const attempts = init?.method && init.method !== "GET" ? 2 : 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if ((code !== "ECONNRESET" && code !== "UND_ERR_SOCKET") || attempt >= attempts) throw error;
    }
  }
}

describe.each(SERVER_KINDS)("the Threads view's paging at scale on the real %s server", (kind) => {
  let server: RunningServer;
  let client: LangGraphClient;
  const bench: Record<string, unknown> = { bench: "threadsScale", server: kind };
  const seeded: string[] = [];
  const statuses = { error: [] as string[], interrupted: [] as string[] };
  let longThread = "";
  /** The long thread's checkpoint ids, oldest first, along its first line. */
  let line: string[] = [];
  const forks: { parent: string; id: string }[] = [];

  const post = async <T,>(path: string, body: unknown): Promise<T> => {
    const response = await fetchRetryingResets(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const get = async <T,>(path: string): Promise<T> => {
    const response = await fetchRetryingResets(`${server.url}${path}`);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const timed = async <T,>(name: string, body: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await body();
    bench[name] = Math.round(performance.now() - started);
    return result;
  };

  beforeAll(async () => {
    server = await startServer(kind);
    client = new LangGraphClient({ apiUrl: server.url });
    await timed("seedThreadsMs", async () => {
      let next = 0;
      const worker = async () => {
        for (let n = next++; n < SEEDED; n = next++) {
          const thread = await post<Thread>("/threads", { metadata: { seed: "scale", n, group: n % 10 === 3 ? "three" : "other" } });
          seeded[n] = thread.thread_id;
        }
      };
      await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
    });
    // Real runs for the statuses: a node that throws (error), two that wait in interrupt() (interrupted).
    await timed("seedRunsMs", async () => {
      for (const [graph, input, bucket] of [
        ["broken", { messages: [] }, statuses.error],
        ["hitl", { topic: "one" }, statuses.interrupted],
        ["hitl", { topic: "two" }, statuses.interrupted],
      ] as const) {
        const thread = await post<Thread>("/threads", { metadata: { seed: "runs" } });
        await post(`/threads/${thread.thread_id}/runs/wait`, { assistant_id: graph, input });
        bucket.push(thread.thread_id);
      }
    });
    // 2,000 checkpoints in one request: the run's input, then state edits as `publish` (the end: the thread stays idle).
    await timed("seedLongThreadMs", async () => {
      const supersteps = [
        { updates: [{ values: { messages: [{ role: "user", content: "A thread of two thousand checkpoints" }] }, as_node: "__input__" }] },
        ...Array.from({ length: CHECKPOINTS - 1 }, (_, k) => ({ updates: [{ values: { topic: `edit ${k + 1}` }, as_node: "publish" }] })),
      ];
      longThread = (await post<Thread>("/threads", { metadata: { graph_id: "hitl", seed: "long" }, supersteps })).thread_id;
      const history = await get<ThreadState[]>(`/threads/${longThread}/history?limit=${CHECKPOINTS + 10}`);
      line = history.map((s) => s.checkpoint.checkpoint_id!).reverse();
      // Forks off old checkpoints (on the last page), written after the line, then the line goes on from its tip.
      for (const at of [10, 500]) {
        const { checkpoint } = await post<{ checkpoint: { checkpoint_id: string } }>(`/threads/${longThread}/state`, { values: { topic: `fork at ${at}` }, as_node: "publish", checkpoint_id: line[at] });
        forks.push({ parent: line[at], id: checkpoint.checkpoint_id });
      }
      const { checkpoint } = await post<{ checkpoint: { checkpoint_id: string } }>(`/threads/${longThread}/state`, { values: { topic: "the tip" }, as_node: "publish", checkpoint_id: line.at(-1) });
      line.push(checkpoint.checkpoint_id);
    });
  }, 240_000);

  afterAll(async () => {
    console.log(JSON.stringify(bench));
    await server?.stop();
  });

  /** Threads the tests make after seeding. */
  const later: string[] = [];
  const allThreadIds = () => [...seeded, ...statuses.error, ...statuses.interrupted, longThread, ...later];

  it("pages through every thread exactly once, newest update first, as fast as the bare searches it makes", async () => {
    const pages = new ThreadPages(threadFetcher(client.threads), THREAD_PAGE);
    await timed("firstPageMs", () => pages.loadMore());
    await timed("firstPageBareMs", () => post("/threads/search", { limit: THREAD_PAGE, offset: 0, sort_by: "updated_at", sort_order: "desc" }));
    expect(pages.threads).toHaveLength(THREAD_PAGE);
    expect(pages.threads[0].thread_id).toBe(longThread);

    await timed("allThreadsMs", () => pages.loadAll());
    await timed("allThreadsBareMs", async () => {
      for (let offset = 0; ; offset += THREAD_PAGE) {
        const page = await post<Thread[]>("/threads/search", { limit: THREAD_PAGE, offset, sort_by: "updated_at", sort_order: "desc" });
        if (page.length < THREAD_PAGE) break;
      }
    });
    bench.threads = pages.threads.length;
    const listed = pages.threads.map((t) => t.thread_id);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(allThreadIds().sort());
    const times = pages.threads.map((t) => Date.parse(t.updated_at));
    expect(times.every((at, i) => i === 0 || at <= times[i - 1])).toBe(true);
    expect(await client.threads.count()).toBe(listed.length);
  });

  it("a search by metadata, status, a whole id or an id's start finds exactly the seeded matches", async () => {
    const found = async (filter: Parameters<typeof threadFetcher>[1]) => {
      const pages = new ThreadPages(threadFetcher(client.threads, filter), THREAD_PAGE);
      await pages.loadAll();
      return pages.threads.map((t) => t.thread_id).sort();
    };
    const three = seeded.filter((_, n) => n % 10 === 3).sort();
    expect(await timed("searchMetadataMs", () => found({ metadata: { group: "three" } }))).toEqual(three);
    expect(await client.threads.count({ metadata: { group: "three" } })).toBe(three.length);
    expect(await found({ status: "error" })).toEqual(statuses.error);
    expect(await found({ status: "interrupted" })).toEqual([...statuses.interrupted].sort());
    expect(await found({ metadata: { graph_id: "hitl" }, status: "interrupted" })).toEqual([...statuses.interrupted].sort());
    expect(await found({ threadId: seeded[1234] })).toEqual([seeded[1234]]);
    // A thread whose run goes on (40 tokens 100 ms apart) is the one `busy` thread.
    const busy = await post<Thread>("/threads", { metadata: { seed: "busy" } });
    later.push(busy.thread_id);
    const run = await post<{ run_id: string }>(`/threads/${busy.thread_id}/runs`, { assistant_id: "agent", input: { messages: [{ role: "user", content: "Weather in Oslo?" }] }, config: { configurable: { delay_ms: 100, tokens: 40 } } });
    await expect.poll(async () => (await get<Thread>(`/threads/${busy.thread_id}`)).status, { timeout: 20_000, interval: 50 }).toBe("busy");
    expect(await found({ status: "busy" })).toEqual([busy.thread_id]);
    await get(`/threads/${busy.thread_id}/runs/${run.run_id}/join`);
    // Python's ids are time-ordered (UUIDv7: threads made in one minute share their first characters): the shortest start naming a few.
    const ids = allThreadIds();
    let prefix = seeded[4321].slice(0, 3);
    while (ids.filter((id) => id.startsWith(prefix)).length > 20) prefix = seeded[4321].slice(0, prefix.length + 1);
    const byPrefix = await timed("searchIdPrefixMs", () => found({ idPrefix: prefix }));
    expect(byPrefix).toEqual(allThreadIds().filter((id) => id.startsWith(prefix)).sort());
    expect(byPrefix).toContain(seeded[4321]);
  });

  it(`reads the whole history of ${CHECKPOINTS}+ checkpoints page by page, none missing or twice, the forks under their fork points`, async () => {
    const pages = new CheckpointPages((limit, before) => client.threads.history(longThread, { limit, before }), HISTORY_PAGE);
    await timed("historyFirstPageMs", () => pages.loadOlder());
    await timed("historyFirstPageBareMs", () => get(`/threads/${longThread}/history?limit=${HISTORY_PAGE + 1}`));
    expect(pages.checkpoints).toHaveLength(HISTORY_PAGE);
    expect(pages.hasOlder).toBe(true);
    // The forks are among the newest, their fork points far older: lines of their own, never under another checkpoint.
    const [firstLine, ...detached] = checkpointTree(pages.checkpoints as ThreadState[]);
    expect(firstLine.at(-1)!.entry.checkpointId).toBe(line.at(-1));
    expect(detached.map((l) => [l[0].entry.checkpointId, l[0].entry.parentId]).sort()).toEqual(forks.map((f) => [f.id, f.parent]).sort());

    await timed("historyAllMs", () => pages.loadAll());
    await timed("historyAllBareMs", async () => {
      for (let before: string | undefined; ; ) {
        const page = await get<ThreadState[]>(`/threads/${longThread}/history?limit=${HISTORY_PAGE + 1}${before ? `&before=${before}` : ""}`);
        if (page.length <= HISTORY_PAGE) break;
        before = page[HISTORY_PAGE - 1].checkpoint.checkpoint_id!;
      }
    });
    const whole = await timed("historyOneCallBareMs", () => get<ThreadState[]>(`/threads/${longThread}/history?limit=${CHECKPOINTS * 2}`));
    const loaded = pages.checkpoints.map((s) => s.checkpoint.checkpoint_id);
    bench.checkpoints = loaded.length;
    expect(loaded.length).toBe(CHECKPOINTS + forks.length + 1);
    expect(new Set(loaded).size).toBe(loaded.length);
    expect(loaded).toEqual(whole.map((s) => s.checkpoint.checkpoint_id));

    const [main, ...rest] = checkpointTree(pages.checkpoints as ThreadState[]);
    expect(rest).toEqual([]);
    expect(main.map((n) => n.entry.checkpointId)).toEqual(line);
    const branchesAt = (id: string) => main.find((n) => n.entry.checkpointId === id)!.branches.map((l: CheckpointNode[]) => l.map((n) => n.entry.checkpointId));
    for (const fork of forks) expect(branchesAt(fork.parent)).toEqual([[fork.id]]);
    expect(main.filter((n) => n.branches.length).length).toBe(forks.length);
  });
});

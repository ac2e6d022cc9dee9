// A deployment that demands a key, on both real dev servers: the samples' langgraph.auth.json
// (custom auth accepting one x-api-key, or the same key as a bearer token). Without a key, with a
// wrong or an expired one, every path is refused once with the server's words and nothing is
// asked again on its own; with the key the graph, a run and the threads work (the Threads view's
// paging and search too; the Store view's list, read, save and delete on what a `memory` run wrote),
// and the key is in none of what the server sends back. Measured answers: docs/SERVER-DIFFERENCES.md §8b.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeServer, flavourOf, isAccessRefused, LangGraphClient, missingFeatures, type RequestLogEntry } from "../../src/engine/client";
import { findTrace } from "../../src/engine/client/tracing";
import { DURABILITY_EXIT_WARNING, ThreadDriver, type DriverEvent } from "../../src/engine/driver/threadDriver";
import { threadFetcher } from "../../src/host/threadFilter";
import { CheckpointPages, ThreadPages } from "../../src/host/threadPages";
import { matchQuery, namespaceLevels } from "../../src/host/storeRows";
import { collect } from "../support/collectStream";
import { SAMPLE_GRAPHS } from "../support/sampleGraphs";
import { SERVER_KINDS, startAuthServer, type RunningServer } from "../support/servers";

const KEY = "sample-key-5f0c2d9e";
const EXPIRED = "expired-key-77a1b3";
const FAST = { configurable: { delay_ms: 0 } };

/** A client that counts its requests. */
function clientOf(url: string, credentials: { apiKey?: string; headers?: Record<string, string> } = {}) {
  const requests: RequestLogEntry[] = [];
  const client = new LangGraphClient({ apiUrl: url, ...credentials, onRequest: (entry) => requests.push(entry) });
  return { client, requests };
}

async function refusal(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAccessRefused(error)) throw new Error(`expected a 401/403, got ${String(error)}`);
  return { status: error.status, message: error.serverMessage, apiUrl: error.apiUrl };
}

describe.each(SERVER_KINDS)("a %s deployment that demands a key", (kind) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startAuthServer(kind, { apiKey: KEY, expiredKey: EXPIRED });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("refuses no key (401), an expired key (401) and a wrong key (403) with the server's words, once each", async () => {
    const none = clientOf(server.url);
    expect(await refusal(none.client.assistants.search())).toEqual({ status: 401, message: "Missing API key: send it as x-api-key", apiUrl: server.url });
    const expired = clientOf(server.url, { apiKey: EXPIRED });
    expect(await refusal(expired.client.threads.search())).toMatchObject({ status: 401, message: "API key expired" });
    const wrong = clientOf(server.url, { apiKey: "wrong-key-123" });
    expect(await refusal(wrong.client.assistants.graph("agent"))).toMatchObject({ status: 403, message: "Invalid API key" });
    // A refused run is not retried (the resumable stream re-joins only after a 5xx or a cut).
    expect(await refusal(wrong.client.runs.stream(null, "agent", { input: { messages: [] } }))).toMatchObject({ status: 403 });
    expect(wrong.requests.map((r) => [r.method, r.path.split("?")[0], r.status, r.message])).toEqual([
      ["GET", "/assistants/agent/graph", 403, "Invalid API key"],
      ["POST", "/runs/stream", 403, "Invalid API key"],
    ]);
  });

  it("answers /info without a key: flavour, version, flags", async () => {
    const { client } = clientOf(server.url);
    const info = await client.info();
    expect(flavourOf(info)).toBe(kind);
    expect(describeServer(info)).toMatch(kind === "js" ? /^LangGraph\.js server \d+\.\d+\.\d+ \(@langchain\/langgraph \d/ : /^LangGraph Python server \d+\.\d+\.\d+ \(langgraph \d.*self-hosted\)/);
    // [differs: §8b] the JS dev server has no crons; the Python one does.
    expect(missingFeatures(info)).toEqual(kind === "js" ? ["crons", "langsmith"] : ["langsmith"]);
  });

  it("the driver, refused: a run and the graph fail at once with the status, after one request each", async () => {
    const { client, requests } = clientOf(server.url, { apiKey: "wrong-key-123" });
    const driver = new ThreadDriver({ client: async () => client, breakpoints: () => ({}) });
    expect(await refusal(driver.showGraph("agent"))).toMatchObject({ status: 403 });
    const started = requests.length;
    await expect(driver.start({ assistantId: "agent", input: { messages: [{ role: "user", content: "hi" }] }, config: FAST })).rejects.toSatisfy(isAccessRefused);
    // The run asks for the graph (refused), then starts the run (refused): nothing more.
    expect(requests.length - started).toBeLessThanOrEqual(3);
    expect(requests.every((r) => r.status === 403)).toBe(true);
    driver.dispose();
  });

  it("with the key: the graph, a run and its thread; the key is in nothing the server sends back", async () => {
    const { client } = clientOf(server.url, { apiKey: KEY });
    const driver = new ThreadDriver({ client: async () => client, breakpoints: () => ({}) });
    const seen: DriverEvent[] = [];
    driver.onEvent((e) => seen.push(e));
    const graph = await driver.showGraph("agent");
    expect(graph.nodes.map((n) => n.id)).toContain("tools");
    const outcome = await driver.start({ assistantId: "agent", input: { messages: [{ role: "user", content: "Weather in Paris?" }] }, config: FAST });
    expect(outcome).toMatchObject({ status: "finished" });
    const threadId = driver.target!.threadId;
    const threads = await client.threads.search({ limit: 10 });
    expect(threads.map((t) => t.thread_id)).toContain(threadId);
    const history = await client.threads.history(threadId, { limit: 50 });
    // What a recording is made of (the wire, history, thread; schemas come from the graph's code).
    const echoed = JSON.stringify([seen.filter((e) => e.type === "wire"), history, await client.threads.get(threadId)]);
    expect(echoed).toContain("get_weather");
    expect(echoed).not.toContain(KEY);
    // A dev server without LangSmith settings offers no trace link, and LangSmith is never asked (nothing listens there).
    const trace = await findTrace({ runs: client.runs, info: await client.info(), deploymentUrl: server.url, threadId, apiKey: KEY, smithApi: "http://127.0.0.1:9" });
    expect(trace).toEqual({ reason: expect.stringContaining("flags.langsmith is not true") });
    driver.dispose();
  });

  // On this server to spare a start: durability has nothing to do with the key.
  it("durability \"exit\" is warned about before the run starts [differs: §8c Python keeps one checkpoint, JS ignores it]", async () => {
    const { client } = clientOf(server.url, { apiKey: KEY });
    const driver = new ThreadDriver({ client: async () => client, breakpoints: () => ({}) });
    const seen: DriverEvent[] = [];
    driver.onEvent((e) => seen.push(e));
    const outcome = await driver.start({ assistantId: "agent", input: { messages: [{ role: "user", content: "Weather in Paris?" }] }, config: FAST, durability: "exit" });
    expect(outcome).toMatchObject({ status: "finished" });
    const warning = seen.findIndex((e) => e.type === "warning" && e.message === DURABILITY_EXIT_WARNING);
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(seen.findIndex((e) => e.type === "runStarted"));
    // The stream shows every step either way; what the thread keeps to travel back to differs.
    expect(driver.story()!.supersteps.filter((s) => s.ns.length === 0).length).toBeGreaterThanOrEqual(4);
    const history = await client.threads.history(driver.target!.threadId, { limit: 50 });
    expect(history.length).toBe(kind === "python" ? 1 : 5);
    driver.dispose();
  });

  it("the Threads view's paging and search with the key; without it, or with a wrong one, one refused request and nothing listed", async () => {
    const SEEDED = 260;
    const { client } = clientOf(server.url, { apiKey: KEY });
    const seeded: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < SEEDED; n = next++) seeded[n] = (await client.threads.create({ metadata: { seed: "auth-paging", n, group: n % 10 === 3 ? "three" : "other" } })).thread_id;
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    // 250 checkpoints in one request: two pages of the view's 200.
    const supersteps = Array.from({ length: 250 }, (_, k) => ({ updates: [{ values: { topic: `edit ${k}` }, as_node: k === 0 ? "__input__" : "publish" }] }));
    const response = await fetch(`${server.url}/threads`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": KEY }, body: JSON.stringify({ metadata: { graph_id: "hitl" }, supersteps }) });
    expect(response.status).toBe(200);
    const longThread = ((await response.json()) as { thread_id: string }).thread_id;

    const pages = new ThreadPages(threadFetcher(client.threads), 50);
    await pages.loadMore();
    expect(pages.threads).toHaveLength(50);
    expect(pages.threads[0].thread_id).toBe(longThread);
    await pages.loadAll();
    const listed = pages.threads.map((t) => t.thread_id);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining([...seeded, longThread]));
    expect(await client.threads.count()).toBe(listed.length);

    const found = async (filter: Parameters<typeof threadFetcher>[1]) => {
      const filtered = new ThreadPages(threadFetcher(client.threads, filter), 50);
      await filtered.loadAll();
      return filtered.threads.map((t) => t.thread_id).sort();
    };
    expect(await found({ metadata: { seed: "auth-paging", group: "three" } })).toEqual(seeded.filter((_, n) => n % 10 === 3).sort());
    expect(await found({ threadId: seeded[123] })).toEqual([seeded[123]]);
    expect(await found({ idPrefix: seeded[77].slice(0, 8) })).toContain(seeded[77]);

    const history = new CheckpointPages((limit, before) => client.threads.history(longThread, { limit, before }), 200);
    await history.loadOlder();
    expect(history.checkpoints).toHaveLength(200);
    expect(history.hasOlder).toBe(true);
    await history.loadAll();
    expect(history.checkpoints).toHaveLength(250);
    expect(history.hasOlder).toBe(false);

    for (const [credentials, status] of [[{}, 401], [{ apiKey: "wrong-key-123" }, 403]] as const) {
      const refused = clientOf(server.url, credentials);
      const noPages = new ThreadPages(threadFetcher(refused.client.threads), 50);
      expect(await refusal(noPages.loadMore())).toMatchObject({ status, apiUrl: server.url });
      expect(noPages.threads).toEqual([]);
      expect(noPages.started).toBe(false);
      const noHistory = new CheckpointPages((limit, before) => refused.client.threads.history(longThread, { limit, before }), 200);
      expect(await refusal(noHistory.loadOlder())).toMatchObject({ status });
      expect(noHistory.checkpoints).toEqual([]);
      expect(refused.requests.map((r) => [r.method, r.path.split("?")[0], r.status])).toEqual([
        ["POST", "/threads/search", status],
        ["GET", `/threads/${longThread}/history`, status],
      ]);
    }
  });

  it("a bearer token works from the headers setting, and as a key written \"Bearer …\" (a second secret)", async () => {
    const fromHeaders = clientOf(server.url, { headers: { Authorization: `Bearer ${KEY}` } });
    const sampleGraphs = Object.keys(SAMPLE_GRAPHS).sort();
    expect((await fromHeaders.client.assistants.search()).map((a) => a.graph_id).sort()).toEqual(sampleGraphs);
    const asKey = clientOf(server.url, { apiKey: `Bearer ${KEY}` });
    expect(await asKey.client.assistants.search()).toHaveLength(sampleGraphs.length);
    // Sent as the Authorization header, not as x-api-key: a wrong bearer token is refused the same way.
    expect(await refusal(clientOf(server.url, { apiKey: "Bearer nope-123456" }).client.threads.search())).toMatchObject({ status: 403 });
  });

  it("the Store view's paths on what a memory run wrote: with the key listed, read, saved back, deleted; without one or with a wrong one, one refused request each", async () => {
    const { client } = clientOf(server.url, { apiKey: KEY });
    const thread = await client.threads.create();
    const { error } = await collect(await client.runs.stream(thread.thread_id, "memory", { input: { messages: [{ role: "user", content: "I like green tea" }] }, config: { configurable: { user_id: "auth-user", fact_key: "tea" } } }));
    expect(error).toBeUndefined();
    const facts = ["users", "auth-user", "facts"];
    // What the tree asks: the namespaces (folded into levels), then the items of the namespace opened.
    const levels = namespaceLevels(await client.store.listNamespaces({ limit: 1000 }));
    expect(levels.map((l) => l.path)).toEqual([["users"]]);
    expect(levels[0]!.children[0]!.children[0]).toMatchObject({ path: facts, isNamespace: true });
    const found = await client.store.search({ namespacePrefix: facts, query: "green", limit: 100 });
    expect(matchQuery(found, "green").items.map((i) => [i.key, i.value])).toEqual([["tea", { text: "I like green tea", source: "memory graph" }]]);
    // The document: read, saved back (read again to check it changed on the server), deleted.
    const read = await client.store.get(facts, "tea");
    expect(read?.value.text).toBe("I like green tea");
    await client.store.put(facts, "tea", { text: "I like jasmine tea", source: "edited" });
    const written = await client.store.get(facts, "tea");
    expect(written?.value).toEqual({ text: "I like jasmine tea", source: "edited" });

    for (const [credentials, status, message] of [[{}, 401, "Missing API key: send it as x-api-key"], [{ apiKey: "wrong-key-123" }, 403, "Invalid API key"]] as const) {
      const refused = clientOf(server.url, credentials);
      const store = refused.client.store;
      for (const call of [() => store.listNamespaces({ limit: 1000 }), () => store.search({ namespacePrefix: facts, limit: 100 }), () => store.get(facts, "tea"), () => store.put(facts, "tea", { text: "overwritten" }), () => store.delete(facts, "tea")]) {
        const error: unknown = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isAccessRefused(error)).toBe(true);
        // What the Store view and the log show: the status and the server's words.
        expect((error as Error).message).toMatch(new RegExp(` failed: ${status} ${message}$`));
      }
      expect(refused.requests.map((r) => [r.method, r.path.split("?")[0], r.status])).toEqual([
        ["POST", "/store/namespaces", status],
        ["POST", "/store/items/search", status],
        ["GET", "/store/items", status],
        ["PUT", "/store/items", status],
        ["DELETE", "/store/items", status],
      ]);
    }
    // Neither refused write reached the item.
    expect((await client.store.get(facts, "tea"))?.value).toEqual({ text: "I like jasmine tea", source: "edited" });
    await client.store.delete(facts, "tea");
    expect(await client.store.get(facts, "tea")).toBeNull();
  });
});

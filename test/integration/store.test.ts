// The store client on both real dev servers, on items the `memory` sample graph wrote through a real
// run: list namespaces, search, get, put, delete (docs/SERVER-DIFFERENCES.md §8e).
import { beforeAll, describe, expect, it } from "vitest";
import { LangGraphHttpError } from "../../src/engine/client/httpError";
import { collect } from "../support/collectStream";
import { SERVER_KINDS } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

const FACTS = ["users", "ada", "facts"];

describe.each(SERVER_KINDS)("store on the real %s server", (kind) => {
  const deployment = onSharedDeployment(kind);

  /** Runs the `memory` graph on a new thread: it stores the message as a fact of `userId`. */
  async function remember(text: string, userId: string, factKey?: string): Promise<string> {
    const thread = await deployment.client.threads.create();
    const stream = await deployment.client.runs.stream(thread.thread_id, "memory", {
      input: { messages: [{ role: "user", content: text }] },
      config: { configurable: { user_id: userId, ...(factKey ? { fact_key: factKey } : {}) } },
    });
    const { error } = await collect(stream);
    if (error) throw error;
    return thread.thread_id;
  }

  beforeAll(async () => {
    await remember("I like green tea", "ada", "tea");
    await remember("My cat is called Ziggy", "ada");
    await remember("Bob drinks coffee", "bob", "coffee");
  });

  it("lists the namespaces the run wrote, by prefix and cut to a depth", async () => {
    expect(await deployment.client.store.listNamespaces()).toEqual([FACTS, ["users", "bob", "facts"]]);
    expect(await deployment.client.store.listNamespaces({ prefix: ["users", "bob"] })).toEqual([["users", "bob", "facts"]]);
    expect(await deployment.client.store.listNamespaces({ prefix: ["users"], maxDepth: 2 })).toEqual([["users", "ada"], ["users", "bob"]]);
    expect(await deployment.client.store.listNamespaces({ limit: 1, offset: 1 })).toEqual([["users", "bob", "facts"]]);
  });

  it("searches items under a prefix; a filter matches fields, a query without an index matches everything", async () => {
    const all = await deployment.client.store.search({ namespacePrefix: ["users"], limit: 10 });
    expect(all.map((i) => i.value.text).sort()).toEqual(["Bob drinks coffee", "I like green tea", "My cat is called Ziggy"]);
    expect(all.find((i) => i.key === "tea")).toMatchObject({ namespace: FACTS, value: { text: "I like green tea", source: "memory graph" } });
    expect(Date.parse(all[0]!.updated_at)).not.toBeNaN();
    const filtered = await deployment.client.store.search({ namespacePrefix: ["users"], filter: { text: "Bob drinks coffee" } });
    expect(filtered.map((i) => i.key)).toEqual(["coffee"]);
    const queried = await deployment.client.store.search({ namespacePrefix: ["users"], query: "coffee" });
    expect(queried).toHaveLength(3);
    expect(await deployment.client.store.search({ namespacePrefix: ["users"], limit: 1, offset: 2 })).toHaveLength(1);
  });

  it("get reads one item; a missing one is null", async () => {
    expect(await deployment.client.store.get(FACTS, "tea")).toMatchObject({ key: "tea", namespace: FACTS, value: { text: "I like green tea" } });
    expect(await deployment.client.store.get(FACTS, "nothing-here")).toBeNull();
  });

  it("put replaces the value and the graph reads it back; a non-object value is refused", async () => {
    await deployment.client.store.put(FACTS, "tea", { text: "I like jasmine tea", source: "edited" });
    expect((await deployment.client.store.get(FACTS, "tea"))?.value).toEqual({ text: "I like jasmine tea", source: "edited" });
    const threadId = await remember("", "ada");
    const state = await deployment.client.threads.state(threadId);
    const answer = (state.values as { messages: { content: string }[] }).messages.at(-1)?.content;
    expect(answer).toContain("I like jasmine tea");
    const refused = await deployment.client.store.put(FACTS, "bad", [1, 2] as unknown as Record<string, unknown>).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LangGraphHttpError);
    expect((refused as LangGraphHttpError).status).toBe(kind === "js" ? 400 : 422);
    const dotted = await deployment.client.store.put(["users", "a.b"], "k", {}).catch((e: unknown) => e);
    expect((dotted as LangGraphHttpError).status).toBe(422);
  });

  it("delete removes the item; deleting it again succeeds", async () => {
    await deployment.client.store.put(["scratch"], "gone", { n: 1 });
    await deployment.client.store.delete(["scratch"], "gone");
    expect(await deployment.client.store.get(["scratch"], "gone")).toBeNull();
    await deployment.client.store.delete(["scratch"], "gone");
  });
});

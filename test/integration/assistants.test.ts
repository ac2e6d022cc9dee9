// Assistants on both real dev servers: create one from a graph with a config, edit it (a new
// version), choose the version runs use, run it, delete it (docs/SERVER-DIFFERENCES.md §13). The
// agent sample answers with `configurable.tokens` tokens, so a run shows which config it used.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { LangGraphHttpError } from "../../src/engine/client/httpError";
import { checkConfig } from "../../src/host/assistantConfig";
import { hostedGraphs, isSystemAssistant } from "../../src/host/assistantRows";
import { collect } from "../support/collectStream";
import type { RunningServer } from "../support/langgraphServer";
import { SAMPLE_GRAPHS } from "../support/sampleGraphs";
import { SERVER_KINDS, startServer } from "../support/servers";

describe.each(SERVER_KINDS)("assistants on the real %s server", (kind) => {
  let server: RunningServer;
  let client: LangGraphClient;

  /** Runs an assistant on a new thread; the number of words of its answer (the agent streams `tokens` of them). */
  async function answerWords(assistantId: string): Promise<number> {
    const thread = await client.threads.create();
    const { error } = await collect(await client.runs.stream(thread.thread_id, assistantId, { input: { messages: [{ role: "user", content: "hello there" }] }, config: { configurable: { delay_ms: 0 } } }));
    if (error) throw error;
    const state = await client.threads.state(thread.thread_id);
    const messages = (state.values as { messages: { content: string }[] }).messages;
    return messages.at(-1)!.content.trim().split(/\s+/).length;
  }

  beforeAll(async () => {
    server = await startServer(kind);
    client = new LangGraphClient({ apiUrl: server.url });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("each hosted graph has a default assistant made by the server; search pages and counts them", async () => {
    const all = await client.assistants.search();
    expect(all.every(isSystemAssistant)).toBe(true);
    expect(hostedGraphs(all).map((g) => g.graphId)).toEqual(Object.keys(SAMPLE_GRAPHS).sort());
    expect(await client.assistants.count()).toBe(Object.keys(SAMPLE_GRAPHS).length);
    const pages = [...(await client.assistants.search({ limit: 4 })), ...(await client.assistants.search({ limit: 4, offset: 4 }))];
    expect(pages.map((a) => a.assistant_id).sort()).toEqual(all.map((a) => a.assistant_id).sort());
  });

  it("create → v1; edit → v2, active; set the active version back; each run uses the active version's config; delete", async () => {
    // The JS server's first /schemas read takes seconds (30 s and a 500 on a loaded machine): read on Python only.
    const schemas = kind === "python" ? await client.assistants.schemas("fe096781-5601-53d2-b2f6-0d3403f7e9ca") : undefined;
    const config = checkConfig('{"configurable": {"tokens": 3}}', schemas?.config_schema);
    expect(config.value).toEqual({ configurable: { tokens: 3 } });

    const created = await client.assistants.create("agent", { name: "three tokens", config: config.value, metadata: { owner: "tests" } });
    expect(created).toMatchObject({ graph_id: "agent", name: "three tokens", version: 1, config: { configurable: { tokens: 3 } }, metadata: { owner: "tests" } });
    const id = created.assistant_id;
    expect((await client.assistants.search({ metadata: { owner: "tests" } })).map((a) => a.assistant_id)).toEqual([id]);
    expect(await client.assistants.count({ graphId: "agent" })).toBe(2);
    // Newest first: a graph id names its default assistant only through the metadata filter (pickers.ts).
    expect((await client.assistants.search({ graphId: "agent", limit: 1 }))[0]?.assistant_id).toBe(id);
    expect((await client.assistants.search({ graphId: "agent", metadata: { created_by: "system" } })).map((a) => a.assistant_id)).toEqual(["fe096781-5601-53d2-b2f6-0d3403f7e9ca"]);
    expect(await answerWords(id)).toBe(3);

    const edited = await client.assistants.update(id, { name: "five tokens", config: { configurable: { tokens: 5 } } });
    expect(edited).toMatchObject({ assistant_id: id, version: 2, name: "five tokens", metadata: { owner: "tests" } });
    const versions = await client.assistants.versions(id);
    expect(versions.map((v) => [v.version, v.name, v.config.configurable?.tokens])).toEqual([
      [2, "five tokens", 5],
      [1, "three tokens", 3],
    ]);
    expect((await client.assistants.versions(id, { limit: 1, offset: 1 })).map((v) => v.version)).toEqual([1]);
    expect(await answerWords(id)).toBe(5);

    const back = await client.assistants.setLatest(id, 1);
    expect(back).toMatchObject({ version: 1, name: "three tokens", config: { configurable: { tokens: 3 } } });
    expect((await client.assistants.get(id)).version).toBe(1);
    // Versions are kept: setting v1 active made no v3.
    expect((await client.assistants.versions(id)).map((v) => v.version)).toEqual([2, 1]);
    expect(await answerWords(id)).toBe(3);
    await expect(client.assistants.setLatest(id, 9)).rejects.toMatchObject({ status: 404 });

    await client.assistants.delete(id);
    await expect(client.assistants.get(id)).rejects.toBeInstanceOf(LangGraphHttpError);
    expect(await client.assistants.count()).toBe(Object.keys(SAMPLE_GRAPHS).length);
  });

  it("an assistant of a graph the deployment does not host: the JS server makes it, the Python one answers 404", async () => {
    const made = client.assistants.create("no-such-graph", { name: "ghost" });
    if (kind === "python") {
      await expect(made).rejects.toMatchObject({ status: 404 });
      return;
    }
    const ghost = await made;
    expect(ghost).toMatchObject({ graph_id: "no-such-graph", version: 1 });
    await client.assistants.delete(ghost.assistant_id);
  });
});

// The client against the real dev servers (JS and Python, the same bodies): discovery, threads,
// state, streaming, re-joining, cancelling, and the failures a user meets (unknown ids, server gone).
// Where the servers differ the test title says `[differs: §n]` (docs/SERVER-DIFFERENCES.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient, type RequestLogEntry } from "../../src/engine/client";
import { LangGraphHttpError, LangGraphNetworkError } from "../../src/engine/client/httpError";
import type { SseMessage } from "../../src/engine/model";
import { RunStreamLostError, type ResumableRunStream } from "../../src/engine/client/resumableStream";
import { freePort } from "../support/freePort";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";
import { sharedServer } from "../support/sharedServers";
import { eachMessage } from "../../src/engine/client/sse";
import { collect } from "../support/collectStream";

const question = { messages: [{ role: "user", content: "What is the weather in Paris?" }] };
/** A run of a few hundred ms. */
const shortRun = { input: question, config: { configurable: { tokens: 6, delay_ms: 0 } } };
/** A run of about 10 s, to act on while it is going. */
const longRun = { input: question, config: { configurable: { tokens: 2000, delay_ms: 5 } } };
const FAST_RECONNECT = { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 100 };
const MISSING_THREAD = "00000000-0000-4000-8000-000000000000";

/** Reads until `count` events arrived, then returns a promise of the rest. */
async function readSome(stream: ResumableRunStream, count: number) {
  const iterator = stream[Symbol.asyncIterator]();
  const first: SseMessage[] = [];
  while (first.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    first.push(next.value);
  }
  const rest = collect({ [Symbol.asyncIterator]: () => iterator });
  return { first, rest };
}

/** The events after the last one carrying `id`: what a join with that Last-Event-ID replays (ids repeat on Python, §1). */
const after = (messages: SseMessage[], id: string | undefined) => messages.slice(messages.map((m) => m.id).lastIndexOf(id) + 1);

describe.each(SERVER_KINDS)("client on the real %s server", (kind) => {
  let server: RunningServer;
  let client: LangGraphClient;
  const log: RequestLogEntry[] = [];

  beforeAll(async () => {
    server = await sharedServer(kind);
    client = new LangGraphClient({ apiUrl: server.url, onRequest: (e) => log.push(e) });
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** The whole stored stream of a run, replayed from the start. */
  async function replay(threadId: string, runId: string): Promise<SseMessage[]> {
    const { messages, error } = await collect(eachMessage((await client.runs.openJoinStream(threadId, runId, { lastEventId: "-1" })).batches));
    if (error) throw error;
    return messages;
  }

  async function assistantId(graphId: string): Promise<string> {
    const found = (await client.assistants.search()).find((a) => a.graph_id === graphId);
    if (!found) throw new Error(`no assistant for ${graphId}`);
    return found.assistant_id;
  }

  describe("discovery", () => {
    it("assistants.search lists the sample graphs; get reads one", async () => {
      const assistants = await client.assistants.search();
      expect(assistants.map((a) => a.graph_id).sort()).toEqual(["agent", "approvals", "broken", "fanout", "hitl", "memory", "nested"]);
      // Deterministic per graph, the same on both servers.
      expect(assistants.find((a) => a.graph_id === "agent")?.assistant_id).toBe("fe096781-5601-53d2-b2f6-0d3403f7e9ca");
      const agent = await client.assistants.get(await assistantId("agent"));
      expect(agent.graph_id).toBe("agent");
    });

    it("assistants.graph, with and without xray", async () => {
      const agent = await client.assistants.graph("agent");
      expect(agent.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(["__start__", "agent", "tools", "__end__"]));
      expect(agent.edges).toContainEqual(expect.objectContaining({ source: "agent", target: "tools", conditional: true }));
      const flat = await client.assistants.graph("nested", { xray: true });
      expect(flat.nodes.map((n) => n.id)).toContain("child:child_step");
      const plain = await client.assistants.graph("nested");
      expect(plain.nodes.map((n) => n.id)).not.toContain("child:child_step");
    });

    it("assistants.schemas by assistant id; get and schemas by graph id [differs: §8 graph id]", async () => {
      const schemas = await client.assistants.schemas(await assistantId("agent"));
      expect(schemas.graph_id).toBe("agent");
      expect(schemas.state_schema).toBeTruthy();
      // Python takes a graph id only for runs and /graph: callers must resolve it to an assistant id.
      if (kind === "js") {
        expect((await client.assistants.schemas("agent")).graph_id).toBe("agent");
        expect((await client.assistants.get("agent")).graph_id).toBe("agent");
      } else {
        const refused = "failed: 422 Invalid assistant ID: must be a UUID";
        await expect(client.assistants.schemas("agent")).rejects.toThrow(`GET /assistants/agent/schemas ${refused}`);
        await expect(client.assistants.get("agent")).rejects.toThrow(`GET /assistants/agent ${refused}`);
      }
    });
  });

  describe("threads and a streamed run", () => {
    it("streams an agent run: run id from the header, resumable ids, the default modes [differs: §1 event ids]", async () => {
      const thread = await client.threads.create({ metadata: { test: "client" } });
      expect((await client.threads.get(thread.thread_id)).status).toBe("idle");

      const stream = await client.runs.stream(thread.thread_id, "agent", shortRun);
      expect(stream.runId).toMatch(/^[0-9a-f-]{36}$/);
      expect(stream.threadId).toBe(thread.thread_id);
      const { messages, error } = await collect(stream);
      expect(error).toBeUndefined();
      if (kind === "js") expect(messages.map((m) => m.id)).toEqual(messages.map((_, i) => String(i)));
      // Millisecond stamps, `<ms>-0`, in order; events in one millisecond share one (how many do depends on
      // the machine's speed, so none may). Every event must still arrive once: the replay below.
      else {
        const stamps = messages.map((m) => /^(\d+)-0$/.exec(m.id ?? "")?.[1]).map(Number);
        expect(stamps.every((stamp) => stamp > 0)).toBe(true);
        expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      }
      expect(messages).toEqual(await replay(thread.thread_id, stream.runId as string));
      expect(stream.reconnects).toBe(0);
      expect(JSON.parse(messages[0].data)).toMatchObject({ run_id: stream.runId });
      const events = new Set(messages.map((m) => m.event));
      for (const name of ["metadata", "updates", "messages", "tasks", "checkpoints"]) expect(events).toContain(name);

      const runs = await client.runs.list(thread.thread_id);
      expect(runs.map((r) => r.run_id)).toContain(stream.runId);
      expect((await client.runs.get(thread.thread_id, stream.runId as string)).status).toBe("success");
    });

    it("reads state, history and a past checkpoint, and updates state as a node", async () => {
      const thread = await client.threads.create();
      await collect(await client.runs.stream(thread.thread_id, "agent", shortRun));
      const state = await client.threads.state(thread.thread_id, { subgraphs: true });
      expect((state.values as { messages: unknown[] }).messages.length).toBeGreaterThanOrEqual(4);
      expect(state.next).toEqual([]);

      const history = await client.threads.history(thread.thread_id, { limit: 3 });
      expect(history).toHaveLength(3);
      expect(history[0].checkpoint.checkpoint_id).toBe(state.checkpoint.checkpoint_id);
      const older = await client.threads.history(thread.thread_id, { limit: 2, before: history[0].checkpoint.checkpoint_id as string });
      expect(older[0].checkpoint.checkpoint_id).toBe(history[1].checkpoint.checkpoint_id);

      const past = await client.threads.stateAt(thread.thread_id, history[2].checkpoint.checkpoint_id as string);
      expect(past.checkpoint.checkpoint_id).toBe(history[2].checkpoint.checkpoint_id);

      const update = await client.threads.updateState(thread.thread_id, {
        values: { messages: [{ role: "user", content: "edited by the test" }] },
        asNode: "agent",
      });
      expect(update.checkpoint.checkpoint_id).toBeTruthy();
      const latest = await client.threads.state(thread.thread_id);
      expect(latest.checkpoint.checkpoint_id).toBe(update.checkpoint.checkpoint_id);
      expect(latest.metadata?.source).toBe("update");

      const branch = await client.threads.updateState(thread.thread_id, {
        values: { messages: [{ role: "user", content: "a branch" }] },
        asNode: "agent",
        checkpointId: history[2].checkpoint.checkpoint_id as string,
      });
      const branched = await client.threads.stateAt(thread.thread_id, branch.checkpoint.checkpoint_id as string);
      expect(branched.parent_checkpoint?.checkpoint_id).toBe(history[2].checkpoint.checkpoint_id);
    });

    it("a stateless run (no thread) streams too", async () => {
      const { messages, error } = await collect(await client.runs.stream(null, "agent", shortRun));
      expect(error).toBeUndefined();
      expect(messages[0].event).toBe("metadata");
      expect(messages.some((m) => m.event === "updates")).toBe(true);
    });
  });

  describe("join and cancel", () => {
    it("joining with Last-Event-ID from the middle replays exactly the tail of the full stream", async () => {
      const thread = await client.threads.create();
      const stream = await client.runs.stream(thread.thread_id, "agent", shortRun);
      const full = (await collect(stream)).messages;
      const middle = full[Math.floor(full.length / 2)].id;
      const tail = await collect(eachMessage((await client.runs.openJoinStream(thread.thread_id, stream.runId as string, { lastEventId: middle })).batches));
      expect(tail.messages).toEqual(after(full, middle));
      const all = await collect(await client.runs.join(thread.thread_id, stream.runId as string, { lastEventId: "-1" }));
      expect(all.messages).toEqual(full);
    });

    it("cancel() mid-run stops the run on the server [differs: §7 cancel]", async () => {
      const thread = await client.threads.create();
      const stream = await client.runs.stream(thread.thread_id, "agent", longRun);
      const { first, rest } = await readSome(stream, 20);
      expect(first).toHaveLength(20);
      await stream.cancel({ wait: true });
      const { messages, error } = await rest;
      expect(error).toBeUndefined();
      if (kind === "js") {
        expect(messages.at(-1)?.event).toBe("error");
        expect(JSON.parse(messages.at(-1)?.data ?? "{}")).toMatchObject({ message: "interrupt" });
      } else expect(messages.map((m) => m.event)).not.toContain("error");
      const run = await client.runs.get(thread.thread_id, stream.runId as string);
      expect(run.status).toBe(kind === "js" ? "error" : "interrupted");
    });

    it("aborting the stream's signal cancels the run on the server", async () => {
      const thread = await client.threads.create();
      const controller = new AbortController();
      const stream = await client.runs.stream(thread.thread_id, "agent", longRun, { signal: controller.signal });
      const { first, rest } = await readSome(stream, 10);
      expect(first).toHaveLength(10);
      controller.abort();
      const { error } = await rest;
      expect(error?.name).toBe("AbortError");
      await expect
        .poll(async () => (await client.runs.get(thread.thread_id, stream.runId as string)).status, { timeout: 10_000 })
        .not.toMatch(/pending|running/);
    });

    it("a run cancelled by another client ends the stream [differs: §7 cancel]", async () => {
      const thread = await client.threads.create();
      const stream = await client.runs.stream(thread.thread_id, "agent", longRun);
      const { rest } = await readSome(stream, 5);
      const other = new LangGraphClient({ apiUrl: server.url });
      await other.runs.cancel(thread.thread_id, stream.runId as string);
      const { messages, error } = await rest;
      expect(error).toBeUndefined();
      expect(messages.at(-1)?.event === "error").toBe(kind === "js");
      expect(stream.reconnects).toBe(0);
      await expect.poll(async () => (await client.threads.get(thread.thread_id)).status).toBe(kind === "js" ? "error" : "interrupted");
    });

    it("a second run on a busy thread is refused or queued [differs: §7 multitask]", async () => {
      const thread = await client.threads.create();
      const first = await client.runs.stream(thread.thread_id, "agent", longRun);
      const { rest } = await readSome(first, 3);
      const second = client.runs.stream(thread.thread_id, "agent", shortRun);
      if (kind === "js") await expect(second).rejects.toMatchObject({ status: 422 });
      else {
        const queued = await second;
        expect((await client.runs.get(thread.thread_id, queued.runId as string)).status).toBe("pending");
        await first.cancel({ wait: true });
        const { messages, error } = await collect(queued);
        expect(error).toBeUndefined();
        expect(messages.some((m) => m.event === "updates")).toBe(true);
      }
      await first.cancel({ wait: true }).catch(() => undefined);
      await rest;
    });
  });

  describe("failures a user meets", () => {
    it("an unknown assistant [differs: §9 status codes]", async () => {
      const thread = await client.threads.create();
      const run = () => client.runs.stream(thread.thread_id, "nope", shortRun);
      const graph = () => client.assistants.graph("nope");
      if (kind === "js") {
        await expect(run()).rejects.toThrow(
          `POST /threads/${thread.thread_id}/runs/stream failed: 404 No assistant found for "nope". Make sure the assistant ID is for a valid assistant or a valid graph ID.`,
        );
        await expect(graph()).rejects.toThrow("GET /assistants/nope/graph failed: 404 Assistant not found");
      } else {
        await expect(run()).rejects.toThrow(
          `POST /threads/${thread.thread_id}/runs/stream failed: 422 Invalid assistant: 'nope'. Must be either:\n- A valid assistant UUID, or\n- One of the registered graphs: agent, hitl, nested, fanout, broken, memory`,
        );
        await expect(graph()).rejects.toThrow("GET /assistants/nope/graph failed: 422 Invalid assistant ID: must be a UUID");
      }
    });

    it("a thread that does not exist [differs: §9 status codes]", async () => {
      const error = await client.runs.stream(MISSING_THREAD, "agent", shortRun).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LangGraphHttpError);
      expect((error as LangGraphHttpError).status).toBe(kind === "js" ? 422 : 404);
      await expect(client.threads.state(MISSING_THREAD)).rejects.toThrow(
        `GET /threads/${MISSING_THREAD}/state failed: 404 Thread with ID ${MISSING_THREAD} not found`,
      );
      await expect(client.threads.get("not-a-uuid")).rejects.toThrow(
        kind === "js" ? "GET /threads/not-a-uuid failed: 400 Invalid request: thread_id: Invalid uuid" : "GET /threads/not-a-uuid failed: 422 Invalid thread ID: must be a UUID",
      );
    });

    it("a bad stream mode is explained by the server's own words [differs: §9 status codes]", async () => {
      const thread = await client.threads.create();
      const run = client.runs.stream(thread.thread_id, "agent", { ...shortRun, stream_mode: ["nope" as never] });
      await expect(run).rejects.toThrow(
        kind === "js"
          ? /400 Invalid request: stream_mode\.0: Invalid enum value\. Expected 'values' \| 'messages'.*received 'nope'/
          : /422 \["nope"\] is not valid under any of the schemas listed in the 'anyOf' keyword/,
      );
    });

    it("the server is killed during a run: events so far are kept, then a clear error", async () => {
      const doomed = await startServer(kind);
      try {
        const doomedClient = new LangGraphClient({ apiUrl: doomed.url });
        const thread = await doomedClient.threads.create();
        const stream = await doomedClient.runs.stream(thread.thread_id, "agent", longRun, { reconnect: FAST_RECONNECT });
        const { first, rest } = await readSome(stream, 10);
        await doomed.stop();
        const { messages, error } = await rest;
        const received = [...first, ...messages];
        expect(received.length).toBeGreaterThanOrEqual(10);
        if (kind === "js") expect(received.map((m) => m.id)).toEqual(received.map((_, i) => String(i)));
        expect(error).toBeInstanceOf(RunStreamLostError);
        expect(error?.message).toMatch(
          new RegExp(`^lost the stream of run ${stream.runId} \\(thread ${thread.thread_id}\\) after event id ${received.at(-1)?.id}; 3 re-join attempts failed, last: .*ECONNREFUSED`),
        );
      } finally {
        await doomed.stop();
      }
    });

    it("onRequest saw method, path, status and time for every request (and the server's message of a refusal), nothing else", () => {
      expect(log.length).toBeGreaterThan(20);
      for (const entry of log) {
        const keys = entry.status === undefined ? ["elapsedMs", "error", "method", "path"] : entry.status >= 300 ? ["elapsedMs", "message", "method", "path", "status"] : ["elapsedMs", "method", "path", "status"];
        expect(Object.keys(entry).sort()).toEqual(keys);
      }
      expect(log).toContainEqual(expect.objectContaining({ method: "POST", path: "/threads", status: 200 }));
    });
  });
});

describe("no server at all", () => {
  it("the server is gone before the run (nothing listens on the port)", async () => {
    const port = await freePort();
    const gone = new LangGraphClient({ apiUrl: `http://127.0.0.1:${port}` });
    const error = await gone.runs.stream(null, "agent", shortRun).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangGraphNetworkError);
    expect((error as Error).message).toBe(
      `POST /runs/stream failed: cannot reach the LangGraph server at http://127.0.0.1:${port}/runs/stream: connection refused, is the server running? (ECONNREFUSED)`,
    );
  });
});

// The client against the real Python LangGraph dev server (examples/python): its ids are
// millisecond stamps that several events share, it frames CRLF and closes without an `end` event
// on resumable streams. The client must deliver every event and re-join like on the JS server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import type { SseMessage } from "../../src/engine/model";
import { startFaultProxy, type CutPlan, type FaultProxy } from "../support/faultProxy";
import type { RunningServer } from "../support/langgraphServer";
import { startPythonServer } from "../support/pythonServer";

let server: RunningServer;
let client: LangGraphClient;
const input = { messages: [{ role: "user", content: "What is the weather in Paris?" }] };

beforeAll(async () => {
  server = await startPythonServer();
  client = new LangGraphClient({ apiUrl: server.url });
});

afterAll(async () => {
  await server?.stop();
});

async function collect(stream: AsyncIterable<SseMessage>): Promise<{ messages: SseMessage[]; error?: Error }> {
  const messages: SseMessage[] = [];
  try {
    for await (const message of stream) messages.push(message);
  } catch (error) {
    return { messages, error: error as Error };
  }
  return { messages };
}

/** The run's whole stream as the server stores it (replayed from the start). */
async function replay(threadId: string, runId: string): Promise<SseMessage[]> {
  const { messages, error } = await collect(await client.runs.joinStream(threadId, runId, { lastEventId: "-1" }));
  if (error) throw error;
  return messages;
}

describe("Python server", () => {
  it("a streamed run delivers every event, including those sharing an id", async () => {
    const thread = await client.threads.create();
    const stream = await client.runs.stream(thread.thread_id, "agent", { input });
    expect(stream.runId).toBeTruthy();
    const { messages, error } = await collect(stream);
    expect(error).toBeUndefined();
    const stored = await replay(thread.thread_id, stream.runId as string);
    expect(messages).toEqual(stored);
    // The point of this test: the server does reuse ids within a run.
    expect(new Set(stored.map((m) => m.id)).size).toBeLessThan(stored.length);
    expect(stream.reconnects).toBe(0);
  });

  it("joining with Last-Event-ID replays what follows the last event with that id", async () => {
    const thread = await client.threads.create();
    const stream = await client.runs.stream(thread.thread_id, "agent", { input });
    const full = (await collect(stream)).messages;
    const middle = full[Math.floor(full.length / 2)].id as string;
    const lastWithId = full.map((m) => m.id).lastIndexOf(middle);
    const tail = await collect(await client.runs.joinStream(thread.thread_id, stream.runId as string, { lastEventId: middle }));
    expect(tail.messages).toEqual(full.slice(lastWithId + 1));
  });

  it("streams cut at random offsets re-join to the stored stream, shared ids included", async () => {
    const seed = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Math.floor(Math.random() * 2 ** 31);
    console.log(`python fault seed: ${seed} (replay with FAULT_SEED=${seed})`);
    let state = seed >>> 0;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const thread = await client.threads.create();
    const stream = await client.runs.stream(thread.thread_id, "agent", { input });
    await collect(stream);
    const stored = await replay(thread.thread_id, stream.runId as string);
    const bytes = stored.reduce((sum, m) => sum + Buffer.byteLength(`event: ${m.event}\r\ndata: ${m.data}\r\nid: ${m.id}\r\n\r\n`), 0);
    const plans: CutPlan[] = [];
    let proxy: FaultProxy | undefined;
    try {
      proxy = await startFaultProxy(server.port, (request) => (request.path.endsWith("/stream") ? plans.shift() : undefined));
      const viaProxy = new LangGraphClient({ apiUrl: proxy.url });
      for (let trial = 0; trial < 10; trial++) {
        plans.length = 0;
        plans.push({ afterBodyBytes: 1 + Math.floor(random() * (bytes - 1)), reset: random() < 0.5, closeDelimited: random() < 0.5 });
        const joined = await viaProxy.runs.join(thread.thread_id, stream.runId as string, {
          lastEventId: "-1",
          reconnect: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 100 },
        });
        const { messages, error } = await collect(joined);
        expect(error, `trial ${trial}`).toBeUndefined();
        expect(messages, `trial ${trial}, cut ${JSON.stringify(proxy.cuts.at(-1))}`).toEqual(stored);
      }
      expect(proxy.cuts.length).toBe(10);
    } finally {
      await proxy?.stop();
    }
  });
});

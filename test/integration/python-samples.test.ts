/**
 * The Python sample deployment (examples/python) on the real `langgraph dev` server: each graph
 * streams the behaviour the debugger relies on, the same as the JS samples.
 */
import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { startPythonServer } from "../support/pythonServer";

/** One parsed SSE event. */
interface StreamEvent {
  event: string;
  id: string | undefined;
  data: unknown;
}

interface StreamResult {
  status: number;
  headers: Headers;
  events: StreamEvent[];
  comments: string[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEBUG_STREAM_MODES = ["updates", "messages-tuple", "tasks", "checkpoints", "custom"];

let server: RunningServer;

beforeAll(async () => {
  server = await startPythonServer();
});

afterAll(async () => {
  await server?.stop();
});

async function api(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}\n${server.logs().slice(-3000)}`);
  return JSON.parse(text) as Json;
}

async function newThread(): Promise<string> {
  return (await api("POST", "/threads", {})).thread_id as string;
}

/** POST /threads/{id}/runs/stream with the debugger's stream settings; reads the stream to its end. */
async function streamRun(threadId: string, body: Json): Promise<StreamResult> {
  const response = await fetch(`${server.url}/threads/${threadId}/runs/stream`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      stream_mode: DEBUG_STREAM_MODES,
      stream_subgraphs: true,
      stream_resumable: true,
      ...body,
    }),
  });
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const parser = createParser({
    onEvent: (message) =>
      events.push({ event: message.event ?? "message", id: message.id, data: JSON.parse(message.data) as unknown }),
    onComment: (comment) => comments.push(comment),
  });
  parser.feed(await response.text());
  return { status: response.status, headers: response.headers, events, comments };
}

function named(result: StreamResult, name: string): Json[] {
  return result.events.filter((e) => e.event === name).map((e) => e.data as Json);
}

/** Data of events whose name starts with `<mode>|` (subgraph events). */
function namespaced(result: StreamResult, mode: string): StreamEvent[] {
  return result.events.filter((e) => e.event.startsWith(`${mode}|`));
}

/** `messages` (messages-tuple) chunks emitted by `node`, split into model calls by chunk id. */
function modelCalls(events: StreamEvent[], node: string): Json[][] {
  const calls = new Map<string, Json[]>();
  for (const { data } of events) {
    const [chunk, metadata] = data as [Json, Json];
    if (metadata.langgraph_node !== node || chunk.type !== "AIMessageChunk") continue;
    const list = calls.get(chunk.id as string) ?? [];
    list.push(chunk);
    calls.set(chunk.id as string, list);
  }
  return [...calls.values()];
}

const textTokens = (chunks: Json[]) => chunks.filter((c) => typeof c.content === "string" && c.content !== "");

describe("python sample deployment on langgraph dev", () => {
  it("agent streams a tool call with split JSON args, runs the tool, then streams the answer", async () => {
    const threadId = await newThread();
    const run = await streamRun(threadId, {
      assistant_id: "agent",
      input: { messages: [{ role: "user", content: "What is the weather in Berlin?" }] },
    });
    expect(run.status).toBe(200);
    expect(run.headers.get("content-location")).toMatch(new RegExp(`^/threads/${threadId}/runs/[0-9a-f-]{36}$`));
    expect(run.events[0]?.event).toBe("metadata");
    expect(run.events.every((e) => e.id !== undefined)).toBe(true);

    const [toolCall, answer] = modelCalls(run.events.filter((e) => e.event === "messages"), "agent");
    const argPieces = toolCall.flatMap((c) => (c.tool_call_chunks as Json[]).map((t) => t.args as string));
    expect(argPieces.length).toBeGreaterThan(1);
    expect(toolCall[0].tool_call_chunks[0]).toMatchObject({ name: "get_weather", index: 0 });
    expect(JSON.parse(argPieces.join(""))).toEqual({ city: "Berlin" });
    expect(textTokens(answer)).toHaveLength(12);

    const updates = named(run, "updates").map((u) => Object.keys(u)[0]);
    expect(updates).toEqual(["agent", "tools", "agent"]);
    const toolMessage = named(run, "updates")[1].tools.messages[0];
    expect(toolMessage).toMatchObject({ type: "tool", name: "get_weather", content: "It is sunny and 21 °C in Berlin." });

    const state = await api("GET", `/threads/${threadId}/state`);
    const finalMessage = state.values.messages.at(-1);
    expect(finalMessage.id).toBe(answer[0].id);
    expect(finalMessage.content).toBe(textTokens(answer).map((c) => c.content).join(""));
    expect((await api("GET", `/threads/${threadId}`)).status).toBe("idle");
  });

  it("agent answers with as many tokens as configurable.tokens asks for", async () => {
    const run = await streamRun(await newThread(), {
      assistant_id: "agent",
      input: { messages: [{ role: "user", content: "Weather in Oslo?" }] },
      config: { configurable: { tokens: 5, delay_ms: 0 } },
    });
    const calls = modelCalls(run.events.filter((e) => e.event === "messages"), "agent");
    expect(calls).toHaveLength(2);
    expect(textTokens(calls[1])).toHaveLength(5);
  });

  it("hitl pauses in review with the draft, then publishes with the resumed value", async () => {
    const threadId = await newThread();
    const first = await streamRun(threadId, { assistant_id: "hitl", input: { topic: "kites" } });
    const interrupt = named(first, "updates").find((u) => "__interrupt__" in u)?.__interrupt__[0];
    expect(interrupt.value).toEqual({
      question: "Approve this draft?",
      draft: "A short post about kites: graphs are easier to debug when you can see them run.",
    });
    expect(typeof interrupt.id).toBe("string");
    const paused = await api("GET", `/threads/${threadId}`);
    expect(paused.status).toBe("interrupted");
    expect((await api("GET", `/threads/${threadId}/state`)).next).toEqual(["review"]);

    const resumed = await streamRun(threadId, { assistant_id: "hitl", command: { resume: "yes" } });
    expect(named(resumed, "updates").map((u) => Object.keys(u)[0])).toEqual(["review", "publish"]);
    const state = await api("GET", `/threads/${threadId}/state`);
    expect(state.values).toMatchObject({ verdict: "yes", published: true });
    expect(state.values.messages.at(-1).content).toMatch(/^Published\. Reviewer answered "yes" to: A short post about kites/);
    expect(state.next).toEqual([]);
    expect((await api("GET", `/threads/${threadId}`)).status).toBe("idle");
  });

  it("nested streams custom progress and child events under the child:<task id> namespace", async () => {
    const run = await streamRun(await newThread(), {
      assistant_id: "nested",
      input: { messages: [{ role: "user", content: "hello" }] },
      config: { configurable: { tokens: 4, delay_ms: 0 } },
    });
    const custom = namespaced(run, "custom");
    expect(custom.map((e) => e.data)).toEqual([1, 2, 3].map((progress) => ({ progress, of: 3, from: "child_step" })));
    const namespace = custom[0].event.slice("custom|".length);
    expect(namespace).toMatch(/^child:[0-9a-f-]{36}$/);

    const childUpdates = namespaced(run, "updates");
    expect(childUpdates.every((e) => e.event === `updates|${namespace}`)).toBe(true);
    expect(childUpdates.map((e) => Object.keys(e.data as Json)[0])).toEqual(["child_step", "child_llm"]);
    expect(named(run, "updates").map((u) => Object.keys(u)[0])).toEqual(["prepare", "child", "finish"]);

    const childTokens = modelCalls(namespaced(run, "messages"), "child_llm");
    expect(childTokens).toHaveLength(1);
    expect(textTokens(childTokens[0])).toHaveLength(4);
    expect(namespaced(run, "messages").every((e) => e.event === `messages|${namespace}`)).toBe(true);
  });

  it("fanout runs left and right in the same superstep before join", async () => {
    const threadId = await newThread();
    const run = await streamRun(threadId, { assistant_id: "fanout", input: { topic: "tests" } });
    const checkpoints = named(run, "checkpoints");
    const both = checkpoints.find((c) => c.next.includes("left"));
    expect([...both!.next].sort()).toEqual(["left", "right"]);
    const afterBranches = checkpoints.find((c) => c.metadata.step === both!.metadata.step + 1);
    expect(afterBranches!.next).toEqual(["join"]);

    const tasks = named(run, "tasks");
    const startOf = (name: string) => tasks.findIndex((t) => t.name === name && "input" in t);
    const resultOf = (name: string) => tasks.findIndex((t) => t.name === name && "result" in t);
    expect(Math.max(startOf("left"), startOf("right"))).toBeLessThan(Math.min(resultOf("left"), resultOf("right")));
    const state = await api("GET", `/threads/${threadId}/state`);
    expect(state.values.summary).toBe("Joined 2 results: left half of tests + right half of tests");
  });

  it("broken ends with an error event and leaves the thread in error", async () => {
    const threadId = await newThread();
    const run = await streamRun(threadId, { assistant_id: "broken", input: {} });
    expect(run.status).toBe(200);
    const last = run.events.at(-1)!;
    expect(last.event).toBe("error");
    expect(last.data).toMatchObject({ message: expect.stringMatching(/^Boom: /) });
    const failedTask = named(run, "tasks").find((t) => t.name === "explode" && t.error);
    expect(failedTask!.error.message).toMatch(/^Boom: /);
    expect(named(run, "updates").map((u) => Object.keys(u)[0])).toEqual(["prepare"]);
    expect((await api("GET", `/threads/${threadId}`)).status).toBe("error");
  });
});

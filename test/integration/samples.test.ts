// The sample deployments (examples/js, examples/python) on the real dev servers, driven with plain
// fetch: the same test bodies on both. Where the servers differ the test title says
// `[differs: §n]`, naming the section of docs/SERVER-DIFFERENCES.md that documents it.
import { createParser } from "eventsource-parser";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, startJsServer, type RunningServer } from "../support/langgraphServer";
import { SAMPLE_GRAPHS } from "../support/sampleGraphs";
import { SERVER_KINDS, startServer } from "../support/servers";
import { sharedServer } from "../support/sharedServers";
import { loadGraphSources, loadGraphSourcesFromCode } from "../../src/engine/source/nodeSources";

const STREAM_MODES = ["updates", "messages-tuple", "tasks", "checkpoints", "custom"];

interface WireEvent {
  event: string;
  id?: string;
  data: unknown;
}

interface StreamResult {
  events: WireEvent[];
  comments: string[];
  contentLocation: string | null;
}

type Json = Record<string, unknown>;
/** A message as serialised by the server (only the fields these tests read). */
interface WireMessage {
  type: string;
  id?: string;
  content: unknown;
  tool_calls?: { name: string; args: Json }[];
  tool_call_chunks?: { index: number; id?: string; name?: string; args?: string }[];
  tool_call_id?: string;
}
type MessageTuple = [WireMessage, { langgraph_node: string; langgraph_step: number }];

const ofType = (events: WireEvent[], name: string) => events.filter((event) => event.event === name);
const tuples = (events: WireEvent[], name = "messages") => ofType(events, name).map((event) => event.data as MessageTuple);
const userSays = (content: string) => ({ messages: [{ role: "user", content }] });
/** A token is a chunk with text: Python closes every model call with an empty chunk (§2, §4). */
const isToken = ([message]: MessageTuple) => typeof message.content === "string" && message.content !== "";

/** The answer tokens of the agent node (after the tool result). */
function answerTokens(events: WireEvent[]): string[] {
  const all = tuples(events);
  const toolIndex = all.findIndex(([message]) => message.type === "tool");
  return all
    .slice(toolIndex + 1)
    .filter((tuple) => tuple[1].langgraph_node === "agent" && isToken(tuple))
    .map(([message]) => message.content as string);
}

describe.each(SERVER_KINDS)("sample graphs on the real %s server", (kind) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await sharedServer(kind);
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  const newThread = async () => (await api<{ thread_id: string }>("POST", "/threads", {})).thread_id;
  const threadState = (threadId: string) => api<{ values: Json; next: string[] }>("GET", `/threads/${threadId}/state`);
  const threadStatus = async (threadId: string) => (await api<{ status: string }>("GET", `/threads/${threadId}`)).status;

  /** POST runs/stream and collect every SSE event until the server closes the stream. */
  async function streamRun(threadId: string, body: Json): Promise<StreamResult> {
    const response = await fetch(`${server.url}/threads/${threadId}/runs/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ stream_mode: STREAM_MODES, stream_subgraphs: true, stream_resumable: true, ...body }),
    });
    expect(response.status, response.ok ? "" : await response.clone().text()).toBe(200);
    const events: WireEvent[] = [];
    const comments: string[] = [];
    const parser = createParser({
      onEvent: (message) => events.push({ event: message.event ?? "message", id: message.id, data: JSON.parse(message.data) }),
      onComment: (comment) => comments.push(comment),
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    parser.feed(decoder.decode());
    return { events, comments, contentLocation: response.headers.get("content-location") };
  }

  it("places every node of each sample's xray graph in the sample's code (the node finder)", async () => {
    const langgraphJson = path.join(repoRoot(), "examples", kind, "langgraph.json");
    const read = (file: string) => readFile(file, "utf8").catch(() => undefined);
    for (const graphId of Object.keys(SAMPLE_GRAPHS)) {
      const graph = await api<{ nodes: { id: string }[] }>("GET", `/assistants/${graphId}/graph?xray=true`);
      const map = await loadGraphSources(langgraphJson, graphId, graph.nodes.map((n) => n.id), read);
      const ids = graph.nodes.map((n) => n.id).filter((id) => !id.endsWith("__start__") && !id.endsWith("__end__"));
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const lookup = map.sourceOf(id);
        expect(lookup?.missing, `${graphId}: ${id}`).toBeUndefined();
        expect(lookup?.source?.added?.file, `${graphId}: ${id}`).toMatch(kind === "js" ? /\.ts$/ : /\.py$/);
      }
      // With no server, the code alone names the same nodes (CodeLens before the server runs).
      const fromCode = await loadGraphSourcesFromCode(langgraphJson, graphId, read);
      expect([...fromCode.drawnNodes].sort(), graphId).toEqual([...ids].sort());
    }
  });

  it("agent streams a tool call in chunks, then the answer token by token [differs: §1 event ids, §4 chunk type]", async () => {
    const threadId = await newThread();
    const { events, contentLocation } = await streamRun(threadId, {
      assistant_id: "agent",
      input: userSays("What is the weather in Berlin?"),
      config: { configurable: { delay_ms: 0 } },
    });
    const metadata = events[0];
    expect(metadata.event).toBe("metadata");
    const runId = (metadata.data as { run_id: string }).run_id;
    expect(contentLocation).toBe(`/threads/${threadId}/runs/${runId}`);
    if (kind === "js") expect(events.map((event) => event.id)).toEqual(events.map((_, index) => String(index)));
    else {
      // `<unix ms>-0`, shared by events in the same millisecond, never decreasing.
      const ids = events.map((event) => event.id ?? "");
      expect(ids.every((id) => /^\d{13}-0$/.test(id))).toBe(true);
      expect(ids).toEqual([...ids].sort());
      expect(new Set(ids).size).toBeLessThan(ids.length);
    }
    expect(events.at(-1)?.event).not.toBe("end");

    const all = tuples(events);
    const toolIndex = all.findIndex(([message]) => message.type === "tool");
    expect(toolIndex).toBeGreaterThan(0);
    expect(all[0][0].type).toBe(kind === "js" ? "ai" : "AIMessageChunk");
    const callChunks = all.slice(0, toolIndex).flatMap(([message]) => message.tool_call_chunks ?? []);
    expect(callChunks.length).toBeGreaterThan(1);
    expect(callChunks[0]).toMatchObject({ index: 0, name: "get_weather" });
    expect(JSON.parse(callChunks.map((chunk) => chunk.args ?? "").join(""))).toEqual({ city: "Berlin" });
    expect(all[toolIndex][0].content).toContain("Berlin");

    const tokens = answerTokens(events);
    expect(tokens).toHaveLength(12);
    const startedTasks = ofType(events, "tasks").map((event) => (event.data as { name: string; input?: unknown }))
      .filter((task) => "input" in task).map((task) => task.name);
    expect(startedTasks).toEqual(["agent", "tools", "agent"]);

    const { values } = await threadState(threadId);
    const messages = values.messages as WireMessage[];
    expect(messages.map((message) => message.type)).toEqual(["human", "ai", "tool", "ai"]);
    expect(messages[1].tool_calls?.[0]).toMatchObject({ name: "get_weather", args: { city: "Berlin" } });
    expect(messages[3].content).toBe(tokens.join(""));
    expect(messages[3].id).toBe(all.at(-1)?.[0].id);
    expect(await threadStatus(threadId)).toBe("idle");
  });

  it("agent streams as many answer tokens as configurable.tokens asks", async () => {
    for (const tokens of [3, 40]) {
      const { events } = await streamRun(await newThread(), {
        assistant_id: "agent",
        input: userSays("Weather in Oslo?"),
        config: { configurable: { tokens, delay_ms: 0 } },
      });
      expect(answerTokens(events)).toHaveLength(tokens);
    }
  });

  it("agent rejects a bad configurable.tokens with a clear error event", async () => {
    const threadId = await newThread();
    const { events } = await streamRun(threadId, {
      assistant_id: "agent",
      input: userSays("Weather?"),
      config: { configurable: { tokens: "many" } },
    });
    expect(events.at(-1)?.event).toBe("error");
    expect(JSON.stringify(events.at(-1)?.data)).toContain("configurable.tokens must be an integer");
  });

  it("hitl pauses on interrupt() and finishes with the resumed value", async () => {
    const threadId = await newThread();
    const first = await streamRun(threadId, { assistant_id: "hitl", input: { topic: "breakpoints" } });
    const interrupt = ofType(first.events, "updates")
      .map((event) => (event.data as { __interrupt__?: { id: string; value: Json }[] }).__interrupt__)
      .find((value) => value !== undefined);
    expect(interrupt?.[0].value).toEqual({
      question: "Approve this draft?",
      draft: "A short post about breakpoints: graphs are easier to debug when you can see them run.",
    });
    expect(interrupt?.[0].id).toMatch(/^[0-9a-f]{32}$/);
    expect(await threadStatus(threadId)).toBe("interrupted");
    expect((await threadState(threadId)).next).toEqual(["review"]);

    const resumed = await streamRun(threadId, { assistant_id: "hitl", command: { resume: "yes" } });
    const updatedNodes = ofType(resumed.events, "updates").flatMap((event) => Object.keys(event.data as Json));
    expect(updatedNodes).toEqual(["review", "publish"]);
    const { values, next } = await threadState(threadId);
    expect(next).toEqual([]);
    expect(values).toMatchObject({ verdict: "yes", published: true });
    expect((values.messages as WireMessage[]).at(-1)?.content).toMatch(/^Published\. Reviewer answered "yes" to: A short post about breakpoints/);
    expect(await threadStatus(threadId)).toBe("idle");
  });

  it("nested emits custom events and subgraph-namespaced events, and appends each step once", async () => {
    const threadId = await newThread();
    const { events } = await streamRun(threadId, {
      assistant_id: "nested",
      input: userSays("hello child"),
      config: { configurable: { tokens: 5, delay_ms: 0 } },
    });
    const childNamespace = events.map((event) => event.event.match(/^updates\|(child:[0-9a-f-]{36})$/)?.[1]).find(Boolean);
    expect(childNamespace).toBeDefined();
    expect(events.filter((event) => event.event.includes("|")).every((event) => event.event.endsWith(`|${childNamespace}`))).toBe(true);
    const custom = events.filter((event) => event.event === `custom|${childNamespace}`).map((event) => event.data);
    expect(custom).toEqual([1, 2, 3].map((progress) => ({ progress, of: 3, from: "child_step" })));
    const childUpdates = ofType(events, `updates|${childNamespace}`).flatMap((event) => Object.keys(event.data as Json));
    expect(childUpdates).toEqual(["child_step", "child_llm"]);
    expect(ofType(events, "updates").flatMap((event) => Object.keys(event.data as Json))).toEqual(["prepare", "child", "finish"]);
    const childTokens = tuples(events, `messages|${childNamespace}`).filter((tuple) => tuple[1].langgraph_node === "child_llm" && isToken(tuple));
    expect(childTokens).toHaveLength(5);

    const childAnswer = childTokens.map(([message]) => message.content).join("");
    const { values } = await threadState(threadId);
    // The child returns its whole copy of the shared keys: each step must still be there once.
    expect(values.steps).toEqual(["prepare", "finish"]);
    expect(values).not.toHaveProperty("child_steps");
    const messages = values.messages as WireMessage[];
    expect(messages.map((message) => message.type)).toEqual(["human", "ai", "ai"]);
    expect(messages[0].content).toBe("hello child");
    expect(messages[1].content).toBe(childAnswer);
    expect(messages[2].content).toBe(`Finished. The child answered: ${childAnswer}`);
  });

  it("fanout runs left and right in the same superstep, then join", async () => {
    const threadId = await newThread();
    const { events } = await streamRun(threadId, { assistant_id: "fanout", input: { topic: "the work" } });
    const checkpoints = ofType(events, "checkpoints").map((event) => event.data as { next: string[]; metadata: { step: number } });
    const fanStep = checkpoints.find((checkpoint) => checkpoint.next.length === 2);
    expect([...(fanStep?.next ?? [])].sort()).toEqual(["left", "right"]);
    const joinStep = checkpoints.find((checkpoint) => checkpoint.next.includes("join"));
    expect(joinStep?.metadata.step).toBe((fanStep?.metadata.step ?? NaN) + 1);

    const taskOrder = ofType(events, "tasks").map((event) => {
      const task = event.data as { name: string; input?: unknown };
      return `${"input" in task ? "start" : "end"}:${task.name}`;
    });
    const lastStart = Math.max(taskOrder.indexOf("start:left"), taskOrder.indexOf("start:right"));
    const firstEnd = Math.min(taskOrder.indexOf("end:left"), taskOrder.indexOf("end:right"));
    expect(lastStart).toBeLessThan(firstEnd);

    const { values } = await threadState(threadId);
    expect(values.summary).toBe("Joined 2 results: left half of the work + right half of the work");
  });

  it("checkpoints carry their ids [differs: §5 checkpoint keys]", async () => {
    const { events } = await streamRun(await newThread(), { assistant_id: "fanout", input: { topic: "ids" } });
    type Checkpoint = { config: { configurable: { checkpoint_id?: string } }; checkpoint?: { checkpoint_id: string } };
    const checkpoints = ofType(events, "checkpoints").map((event) => event.data as Checkpoint);
    expect(checkpoints.length).toBeGreaterThan(3);
    for (const checkpoint of checkpoints) {
      expect(checkpoint.config.configurable.checkpoint_id).toMatch(/^[0-9a-f-]{36}$/);
      if (kind === "js") expect(checkpoint.checkpoint?.checkpoint_id).toBe(checkpoint.config.configurable.checkpoint_id);
      else expect(checkpoint).not.toHaveProperty("checkpoint");
    }
  });

  it("broken ends in an error event and the thread in status error [differs: §6 error class]", async () => {
    const threadId = await newThread();
    const { events } = await streamRun(threadId, { assistant_id: "broken", input: userSays("go") });
    const last = events.at(-1);
    expect(last?.event).toBe("error");
    expect(last?.data).toMatchObject({ error: kind === "js" ? "Error" : "RuntimeError", message: expect.stringMatching(/^Boom: /) });
    const failedTask = ofType(events, "tasks")
      .map((event) => event.data as { name: string; error?: { message: string } | null })
      .find((task) => task.name === "explode" && task.error);
    expect(failedTask?.error?.message).toMatch(/^Boom: /);
    expect(ofType(events, "updates").flatMap((event) => Object.keys(event.data as Json))).toEqual(["prepare"]);
    expect(await threadStatus(threadId)).toBe("error");
  });

  it("gives each server its own fresh state and stops it completely", async () => {
    const threadId = await newThread();
    const other = await startServer(kind);
    try {
      expect(other.port).not.toBe(server.port);
      const response = await fetch(`${other.url}/threads/${threadId}`);
      expect(response.status).toBe(404);
      const search = await fetch(`${other.url}/assistants/search`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
      // One assistant per sample graph: the fresh server holds nothing else.
      expect(((await search.json()) as unknown[]).length).toBe(Object.keys(SAMPLE_GRAPHS).length);
    } finally {
      await other.stop();
    }
    await expect(fetch(`${other.url}/ok`)).rejects.toThrow();
    await other.stop(); // a second stop is harmless
  });
});

describe("JS test rig", () => {
  it("fails fast, with the server's logs, when a graph cannot load", async () => {
    const sample = path.join(repoRoot(), "examples", "js");
    const project = await mkdtemp(path.join(tmpdir(), "broken-sample-"));
    try {
      await mkdir(path.join(project, "src"));
      await copyFile(path.join(sample, "package.json"), path.join(project, "package.json"));
      await symlink(path.join(sample, "node_modules"), path.join(project, "node_modules"));
      await writeFile(path.join(project, "src", "bad.ts"), 'throw new Error("bad graph module");\n');
      await writeFile(path.join(project, "langgraph.json"), JSON.stringify({ graphs: { bad: "./src/bad.ts:graph" } }));
      const started = Date.now();
      const failure = startJsServer({ cwd: project });
      await expect(failure).rejects.toThrow(/will not come up[\s\S]*bad graph module/);
      console.log(`graph load failure reported after ${Date.now() - started} ms`);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});

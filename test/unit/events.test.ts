import { describe, expect, it } from "vitest";
import { parseSseMessage, splitEventName, taskIdOfCheckpointNs } from "../../src/engine/events";
import type { RunEvent, SseMessage } from "../../src/engine/model";

/** An SSE message as the JS server frames it: pretty-printed JSON. */
function sse(event: string, data: unknown, id?: string): SseMessage {
  return { event, data: JSON.stringify(data, null, 2), ...(id === undefined ? {} : { id }) };
}

function one(msg: SseMessage): RunEvent {
  const events = parseSseMessage(msg, 1000);
  expect(events).toHaveLength(1);
  return events[0];
}

const TOKEN_META = {
  langgraph_step: 1,
  langgraph_node: "agent",
  langgraph_checkpoint_ns: "agent:9a7de907-56e1-5134-b87d-f29d48bf9501",
  checkpoint_ns: "agent:9a7de907-56e1-5134-b87d-f29d48bf9501",
};

describe("splitEventName", () => {
  it("separates the mode from nested subgraph namespaces", () => {
    expect(splitEventName("updates")).toEqual({ mode: "updates", ns: [] });
    expect(splitEventName("updates|child:39b5")).toEqual({ mode: "updates", ns: ["child:39b5"] });
    expect(splitEventName("messages|child:1|grand:2")).toEqual({ mode: "messages", ns: ["child:1", "grand:2"] });
  });

  it("takes the task id from the last checkpoint namespace segment", () => {
    expect(taskIdOfCheckpointNs("agent:abc")).toBe("abc");
    expect(taskIdOfCheckpointNs("child:1|child_llm:77")).toBe("77");
    expect(taskIdOfCheckpointNs("")).toBeUndefined();
  });
});

describe("parseSseMessage", () => {
  it("reads metadata with the run id, the SSE id and the receive time", () => {
    expect(one(sse("metadata", { run_id: "r1", attempt: 1 }, "0"))).toEqual({
      kind: "metadata", runId: "r1", attempt: 1, eventId: "0", ns: [], receivedAt: 1000,
    });
  });

  it("turns a messages-tuple AI chunk into a token with its tool call chunks, ignoring the chunk's tool_calls", () => {
    const chunk = {
      content: "",
      tool_call_chunks: [{ type: "tool_call_chunk", index: 0, args: '{"ci', id: "call_1", name: "get_weather" }],
      tool_calls: [{ name: "get_weather", args: {}, id: "call_1", type: "tool_call" }],
      id: "run-01",
      type: "ai",
    };
    expect(one(sse("messages", [chunk, TOKEN_META], "4"))).toMatchObject({
      kind: "token", node: "agent", messageId: "run-01", text: "", role: "ai", step: 1,
      taskId: "9a7de907-56e1-5134-b87d-f29d48bf9501",
      toolCallChunks: [{ index: 0, id: "call_1", name: "get_weather", args: '{"ci' }],
    });
  });

  it("flattens list-of-blocks content (Python server, AIMessageChunk) to its text", () => {
    const chunk = { content: [{ type: "text", text: " results provide", index: 0 }], id: "run-2", type: "AIMessageChunk" };
    expect(one(sse("messages", [chunk, TOKEN_META]))).toMatchObject({ kind: "token", text: " results provide", role: "ai" });
  });

  it("reads the LangChain constructor form of a message", () => {
    const chunk = { lc: 1, type: "constructor", id: ["langchain_core", "messages", "AIMessageChunk"], kwargs: { id: "run-3", content: "Hi" } };
    expect(one(sse("messages", [chunk, TOKEN_META]))).toMatchObject({ kind: "token", messageId: "run-3", text: "Hi" });
  });

  it("turns a whole AI message's tool_calls into complete chunks when it has no tool_call_chunks", () => {
    const msg = { content: "", id: "m1", type: "ai", tool_calls: [{ name: "f", args: { a: 1 }, id: "c1" }] };
    expect(one(sse("messages", [msg, TOKEN_META]))).toMatchObject({
      kind: "token", toolCallChunks: [{ index: 0, id: "c1", name: "f", args: '{"a":1}' }],
    });
  });

  it("keeps tool results as whole messages under the tool node", () => {
    const tool = { content: "It is sunny", tool_call_id: "call_1", name: "get_weather", id: "t1", type: "tool" };
    expect(one(sse("messages", [tool, { ...TOKEN_META, langgraph_node: "tools", langgraph_step: 2 }]))).toMatchObject({
      kind: "message", node: "tools", step: 2, message: { type: "tool", tool_call_id: "call_1", content: "It is sunny" },
    });
  });

  it("gives one update event per node and an interrupt event for __interrupt__", () => {
    expect(parseSseMessage(sse("updates", { agent: { messages: [] } }), 0)).toMatchObject([{ kind: "update", node: "agent", values: { messages: [] } }]);
    const interrupt = { __interrupt__: [{ id: "i1", value: { question: "Approve?" } }] };
    expect(one(sse("updates|child:abc", interrupt))).toMatchObject({
      kind: "interrupt", ns: ["child:abc"], interrupts: [{ id: "i1", value: { question: "Approve?" }, ns: ["child:abc"] }],
    });
    expect(one(sse("updates", { __interrupt__: [] }))).toMatchObject({ kind: "interrupt", interrupts: [] });
  });

  it("a Python update replayed from an earlier run (`__metadata__.cached`) is marked cached, and __metadata__ is no node", () => {
    // Measured (approvals, resuming finance after legal was answered): legal's write comes back cached, with no task result after it.
    const events = parseSseMessage(sse("updates", { legal: { legal_answer: "approve" }, __metadata__: { cached: true } }), 0);
    expect(events).toEqual([expect.objectContaining({ kind: "update", node: "legal", values: { legal_answer: "approve" }, cached: true })]);
    expect(one(sse("updates", { legal: { legal_answer: "approve" } }))).not.toHaveProperty("cached");
  });

  it("reads values, and a values event carrying only an interrupt as an interrupt", () => {
    expect(one(sse("values", { messages: [1] }))).toMatchObject({ kind: "values", values: { messages: [1] } });
    expect(one(sse("values", { __interrupt__: [{ id: "i", value: 1 }] }))).toMatchObject({ kind: "interrupt" });
  });

  it("tells task starts from task results, with errors and interrupts", () => {
    expect(one(sse("tasks", { id: "t1", name: "agent", input: {}, triggers: ["branch:to:agent"], interrupts: [], metadata: {} }))).toMatchObject({
      kind: "taskStart", taskId: "t1", node: "agent", triggers: ["branch:to:agent"],
    });
    const failed = { id: "t2", name: "explode", result: {}, interrupts: [], error: { message: "Boom", name: "Error" } };
    expect(one(sse("tasks", failed))).toMatchObject({ kind: "taskResult", node: "explode", error: { name: "Error", message: "Boom" } });
    const tuples = { id: "t3", name: "a", result: [["messages", [1]], ["x", 2]], interrupts: [], error: null };
    expect(one(sse("tasks", tuples))).toMatchObject({ kind: "taskResult", result: { messages: [1], x: 2 }, error: null });
  });

  it("reads a checkpoint: ids, step, source, values, next and tasks", () => {
    const cp = {
      config: { configurable: { checkpoint_ns: "", checkpoint_id: "cp2" } },
      parent_config: { configurable: { checkpoint_id: "cp1" } },
      values: { messages: [] },
      metadata: { source: "loop", step: 1, parents: {} },
      next: ["tools"],
      tasks: [{ id: "t9", name: "tools", path: ["__pregel_pull", "tools"], interrupts: [] }],
    };
    expect(one(sse("checkpoints", cp))).toMatchObject({
      kind: "checkpoint", checkpointId: "cp2", parentCheckpointId: "cp1", step: 1, source: "loop",
      values: { messages: [] }, next: ["tools"], tasks: [{ id: "t9", name: "tools", interrupts: [] }],
    });
  });

  it("maps debug events onto checkpoint and task events", () => {
    const payload = { id: "t1", name: "agent", input: {}, triggers: [] };
    expect(one(sse("debug", { step: 3, type: "task", timestamp: "x", payload }))).toMatchObject({ kind: "taskStart", step: 3 });
    expect(one(sse("debug", { step: 3, type: "checkpoint", payload: { metadata: { step: 3 }, values: {}, next: [], tasks: [] } }))).toMatchObject({
      kind: "checkpoint", step: 3,
    });
  });

  it("reads custom, error (object or string) and end events", () => {
    expect(one(sse("custom|child:1", { progress: 1 }))).toMatchObject({ kind: "custom", ns: ["child:1"], data: { progress: 1 } });
    expect(one(sse("error", { error: "Error", message: "Boom" }))).toMatchObject({ kind: "error", error: "Error", message: "Boom" });
    expect(one(sse("error", "Run not found"))).toMatchObject({ kind: "error", message: "Run not found" });
    expect(one({ event: "end", data: "null" })).toMatchObject({ kind: "end" });
  });

  it("keeps malformed JSON as an unknown event that says what is wrong and holds the raw text", () => {
    const event = one({ event: "updates", data: '{"agent": {', id: "7" });
    expect(event).toMatchObject({ kind: "unknown", event: "updates", data: '{"agent": {', eventId: "7" });
    expect(event.kind === "unknown" && event.problem).toMatch(/Malformed JSON in SSE event "updates" \(id 7\)/);
  });

  it("passes modes it does not model through as unknown", () => {
    expect(one(sse("events", { event: "on_chain_start" }))).toMatchObject({ kind: "unknown", event: "events", data: { event: "on_chain_start" } });
  });
});

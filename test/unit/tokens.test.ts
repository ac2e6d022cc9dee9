import { describe, expect, it } from "vitest";
import { parseSseMessage } from "../../src/engine/events";
import type { RunEvent } from "../../src/engine/model";
import { TokenAccumulator, applyToolCallChunk, parseArgs } from "../../src/engine/tokens";
import type { ToolCallDraft } from "../../src/engine/model";

const META = { langgraph_node: "agent", langgraph_step: 1, langgraph_checkpoint_ns: "agent:t1" };

function chunk(fields: Record<string, unknown>, meta: Record<string, unknown> = META): RunEvent {
  return parseSseMessage({ event: "messages", data: JSON.stringify([{ type: "ai", id: "run-1", ...fields }, meta]) }, 0)[0];
}

describe("TokenAccumulator", () => {
  it("concatenates text per message id, keeping node, step and role", () => {
    const acc = new TokenAccumulator();
    for (const t of ["Here", " is", " the", " forecast:"]) acc.push(chunk({ content: t }));
    acc.push(chunk({ id: "run-2", content: "other" }));
    expect(acc.get("run-1")).toMatchObject({ id: "run-1", role: "ai", node: "agent", step: 1, text: "Here is the forecast:", toolCalls: [] });
    expect(acc.all().map((m) => m.id)).toEqual(["run-1", "run-2"]);
  });

  it("accumulates list-of-blocks content (Python server)", () => {
    const acc = new TokenAccumulator();
    acc.push(chunk({ type: "AIMessageChunk", content: [{ type: "text", text: "Hel", index: 0 }] }));
    acc.push(chunk({ type: "AIMessageChunk", content: [{ type: "text", text: "lo", index: 0 }, { type: "tool_use", id: "x" }] }));
    expect(acc.get("run-1")?.text).toBe("Hello");
  });

  it("assembles tool calls from tool_call_chunks by index, not from the chunks' unreliable tool_calls", () => {
    const acc = new TokenAccumulator();
    const pieces: [number, Record<string, unknown>][] = [
      [0, { index: 0, id: "call_a", name: "get_weather", args: '{"ci' }],
      [1, { index: 1, id: "call_b", name: "get_time", args: "" }],
      [0, { index: 0, args: 'ty":' }],
      [1, { index: 1, args: '{"tz":"CET"}' }],
      [0, { index: 0, args: '"Paris"}' }],
    ];
    for (const [, piece] of pieces) {
      acc.push(chunk({
        content: "",
        tool_call_chunks: [{ type: "tool_call_chunk", ...piece }],
        tool_calls: [],
        invalid_tool_calls: [{ name: "", args: piece.args, error: "Malformed args." }],
      }));
    }
    expect(acc.get("run-1")?.toolCalls).toEqual([
      { index: 0, id: "call_a", name: "get_weather", argsText: '{"city":"Paris"}', args: { city: "Paris" } },
      { index: 1, id: "call_b", name: "get_time", argsText: '{"tz":"CET"}', args: { tz: "CET" } },
    ]);
  });

  it("records whole tool messages with the call they answer", () => {
    const acc = new TokenAccumulator();
    const tool = { content: "It is sunny", tool_call_id: "call_a", name: "get_weather", id: "tool-1", type: "tool" };
    const event = parseSseMessage({ event: "messages", data: JSON.stringify([tool, { ...META, langgraph_node: "tools" }]) }, 0)[0];
    expect(acc.push(event)).toMatchObject({ id: "tool-1", role: "tool", node: "tools", text: "It is sunny", toolCallId: "call_a", name: "get_weather" });
  });

  it("groups chunks without an id per node and step instead of losing them", () => {
    const acc = new TokenAccumulator();
    acc.push(chunk({ id: undefined, content: "a" }));
    acc.push(chunk({ id: undefined, content: "b" }));
    expect(acc.all()).toHaveLength(1);
    expect(acc.all()[0].text).toBe("ab");
  });

  it("ignores events that carry no message", () => {
    const acc = new TokenAccumulator();
    expect(acc.push({ kind: "end", ns: [], receivedAt: 0 })).toBeUndefined();
    expect(acc.all()).toEqual([]);
  });
});

describe("tool call helpers", () => {
  it("parses args only once they form a JSON object", () => {
    expect(parseArgs('{"a":')).toBeUndefined();
    expect(parseArgs('{"a": 1} ')).toEqual({ a: 1 });
    expect(parseArgs("[1]")).toBeUndefined();
    expect(parseArgs('{"a": "}')).toBeUndefined();
  });

  it("keeps drafts sorted by index whatever order they arrive in", () => {
    const drafts: ToolCallDraft[] = [];
    applyToolCallChunk(drafts, { index: 2, name: "c" });
    applyToolCallChunk(drafts, { index: 0, name: "a" });
    expect(drafts.map((d) => d.index)).toEqual([0, 2]);
  });
});

// `messages` events: the fast path for the JS server's pretty-printed `[chunk, metadata]` (metadata
// parsed once per distinct text) must give exactly what parsing the whole data gives.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSseMessage } from "../../src/engine/events";
import type { SseMessage } from "../../src/engine/model";
import { SseDecoder } from "../../src/engine/client/sse";

const META = { tags: [], langgraph_step: 1, langgraph_node: "agent", langgraph_path: ["__pregel_pull", "agent"], langgraph_checkpoint_ns: "agent:t1" };

function token(content: string, meta: object = META, indent = 2): SseMessage {
  return { event: "messages", data: JSON.stringify([{ content, id: "run-1", type: "ai", tool_call_chunks: [] }, meta], null, indent) };
}

/** The same event with its data re-serialised on one line, which never takes the fast path. */
function compact(message: SseMessage): SseMessage {
  let data = message.data;
  try {
    data = JSON.stringify(JSON.parse(message.data));
  } catch {
    // Broken data stays as it is.
  }
  return { ...message, data };
}

function expectSameAsCompact(messages: SseMessage[]): void {
  for (const message of messages) expect(parseSseMessage(message, 0)).toEqual(parseSseMessage(compact(message), 0));
}

describe("messages events", () => {
  it("reads the pretty-printed recorded JS stream exactly as its one-line form", () => {
    const decoder = new SseDecoder();
    const messages = [...decoder.push(readFileSync(path.join(__dirname, "..", "fixtures", "js", "agent.sse"))), ...decoder.finish()];
    const tuples = messages.filter((m) => m.event.startsWith("messages"));
    expect(tuples.length).toBeGreaterThan(10);
    expect(tuples.every((m) => m.data.includes("\n  },\n  {"))).toBe(true);
    expectSameAsCompact(tuples);
  });

  it("notices when the metadata changes between tokens and changes back", () => {
    const other = { ...META, langgraph_node: "tools", langgraph_step: 2, langgraph_checkpoint_ns: "tools:t2" };
    const sequence = [token("a"), token("b"), token("c", other), token("d"), token("e", { ...META, __pregel_task_id: "x" })];
    expectSameAsCompact(sequence);
    const nodes = sequence.map((m) => parseSseMessage(m, 0)[0]).map((e) => (e.kind === "token" ? [e.node, e.step, e.taskId] : e.kind));
    expect(nodes).toEqual([["agent", 1, "t1"], ["agent", 1, "t1"], ["tools", 2, "t2"], ["agent", 1, "t1"], ["agent", 1, "t1"]]);
  });

  it("falls back to the whole parse for other layouts: one-space indent, three elements, no metadata", () => {
    const nested = { ...META, deep: [{ a: 1 }, { b: 2 }] };
    const deepChunk = { content: "x", id: "run-2", type: "ai", tool_call_chunks: [{ index: 0, args: "{" }, { index: 1, args: "}" }] };
    expectSameAsCompact([
      token("one space", nested, 1),
      { event: "messages", data: JSON.stringify([deepChunk, nested], null, 1) },
      { event: "messages", data: JSON.stringify([deepChunk, META, { extra: true }], null, 2) },
      { event: "messages", data: JSON.stringify([deepChunk], null, 2) },
      { event: "messages", data: JSON.stringify({ type: "human", content: "hi", id: "h" }, null, 2) },
    ]);
  });

  it("reports broken JSON in either part as it reports any malformed event", () => {
    const good = token("fine");
    parseSseMessage(good, 0);
    const brokenChunk = good.data.replace('"content": "fine"', '"content": fine');
    const brokenMetadata = good.data.replace('"langgraph_step": 1', '"langgraph_step": 1,,');
    for (const data of [brokenChunk, brokenMetadata, `${good.data}x`]) {
      const [event] = parseSseMessage({ event: "messages", data, id: "7" }, 0);
      expect(event).toMatchObject({ kind: "unknown", event: "messages", data, eventId: "7" });
      expect(event.kind === "unknown" && event.problem).toMatch(/^Malformed JSON in SSE event "messages" \(id 7\)/);
    }
  });
});

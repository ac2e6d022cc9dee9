import { describe, expect, it } from "vitest";
import { diffStates } from "../../src/engine/diff";

const human = { content: "weather?", id: "h1", type: "human" };
const ai = { content: "", id: "run-1", type: "ai", tool_calls: [{ name: "get_weather", args: { city: "Paris" }, id: "c1" }] };
const tool = { content: "sunny", id: "t1", type: "tool", tool_call_id: "c1" };
const answer = { content: "Here is the forecast:", id: "run-2", type: "ai" };

describe("diffStates", () => {
  it("reports an appended message as one `added` entry at its index, not the whole list changed", () => {
    const before = { messages: [human, ai, tool] };
    const after = { messages: [human, ai, tool, answer] };
    expect(diffStates(before, after)).toEqual([{ path: "messages[3]", change: "added", after: answer }]);
  });

  it("matches messages by id even when one is inserted before others", () => {
    const diff = diffStates({ messages: [human, tool] }, { messages: [human, ai, tool] });
    expect(diff).toEqual([{ path: "messages[1]", change: "added", after: ai }]);
  });

  it("reports a message edited in place (same id) at the changed field", () => {
    const edited = { ...ai, tool_calls: [{ ...ai.tool_calls[0], args: { city: "Berlin" } }] };
    expect(diffStates({ messages: [human, ai] }, { messages: [human, edited] })).toEqual([
      { path: "messages[1].tool_calls[0].args.city", change: "changed", before: "Paris", after: "Berlin" },
    ]);
  });

  it("matches the LangChain constructor form by kwargs.id", () => {
    const lc = (id: string, content: string) => ({ lc: 1, type: "constructor", id: ["langchain_core", "messages", "AIMessage"], kwargs: { id, content } });
    expect(diffStates({ messages: [lc("a", "x")] }, { messages: [lc("b", "y"), lc("a", "x")] })).toEqual([
      { path: "messages[0]", change: "added", after: lc("b", "y") },
    ]);
  });

  it("writes nested paths, odd keys and removals", () => {
    const before = { plan: { steps: [{ done: false }, { done: false }] }, "odd key": 1, tags: ["a", "b", "c"] };
    const after = { plan: { steps: [{ done: true }, { done: false }] }, tags: ["a", "c"], summary: "ok" };
    expect(diffStates(before, after)).toEqual([
      { path: "plan.steps[0].done", change: "changed", before: false, after: true },
      { path: '$["odd key"]', change: "removed", before: 1 },
      { path: "tags[1]", change: "removed", before: "b" },
      { path: "summary", change: "added", after: "ok" },
    ]);
  });

  it("uses `$` for the root", () => {
    expect(diffStates(undefined, { a: 1 })).toEqual([{ path: "$", change: "added", after: { a: 1 } }]);
    expect(diffStates({ a: 1 }, undefined)).toEqual([{ path: "$", change: "removed", before: { a: 1 } }]);
    expect(diffStates(1, 2)).toEqual([{ path: "$", change: "changed", before: 1, after: 2 }]);
    expect(diffStates({ a: [1] }, { a: [1] })).toEqual([]);
  });
});

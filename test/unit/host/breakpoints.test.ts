import { describe, expect, it } from "vitest";
import { isSubgraphNode } from "../../../src/engine/driver/breaks";
import { BreakpointStore, type KeyValueStore } from "../../../src/host/breakpoints";

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string, fallback: T) => (data.has(key) ? (structuredClone(data.get(key)) as T) : fallback),
    update: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
  };
}

describe("BreakpointStore", () => {
  it("toggles per assistant and reports the run fields", async () => {
    const store = new BreakpointStore(memoryStore());
    expect(await store.toggle("a1", "tools", "before")).toBe(true);
    expect(await store.toggle("a1", "agent", "after")).toBe(true);
    expect(await store.toggle("a2", "review", "before")).toBe(true);
    expect(store.runFields("a1")).toEqual({ interruptBefore: ["tools"], interruptAfter: ["agent"] });
    expect(store.runFields("a2")).toEqual({ interruptBefore: ["review"], interruptAfter: undefined });
    expect(await store.toggle("a1", "tools", "before")).toBe(false);
    expect(store.runFields("a1")).toEqual({ interruptBefore: undefined, interruptAfter: ["agent"] });
  });
  it("keeps breakpoints in the workspace storage across instances", async () => {
    const storage = memoryStore();
    await new BreakpointStore(storage).toggle("a1", "tools", "before");
    expect(new BreakpointStore(storage).has("a1", "tools", "before")).toBe(true);
  });
  it("tells listeners the assistant's new breakpoints", async () => {
    const store = new BreakpointStore(memoryStore());
    const seen: unknown[] = [];
    store.onChange((id, bps) => seen.push([id, bps]));
    await store.toggle("a1", "tools", "after");
    expect(seen).toEqual([["a1", { before: [], after: ["tools"] }]]);
  });
  it("recognises nodes inside subgraphs by their xray id", () => {
    expect(isSubgraphNode("child:child_llm")).toBe(true);
    expect(isSubgraphNode("child")).toBe(false);
  });
});

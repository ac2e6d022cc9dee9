import { describe, expect, it } from "vitest";
import { PAGE_SIZE, VariableStore, preview, readPath, touches, writePath, type StopView } from "../../../src/debug/variables";
import { splitPath } from "../../../src/engine/jsonPath";

const view: StopView = {
  state: {
    messages: [{ type: "human", content: "Weather?", id: "1" }, { type: "ai", content: "", tool_calls: [{ name: "get_weather" }], id: "2" }],
    order: { status: "paid", "odd key": 1 },
    long: Array.from({ length: 250 }, (_, i) => i),
    empty: {},
  },
  writes: { agent: { messages: [{ type: "ai", content: "" }] } },
  changes: [{ path: "messages[1]", change: "added", after: { type: "ai" } }, { path: "order.status", change: "changed", before: "new", after: "paid" }],
  next: { nodes: ["review"], interrupts: [{ id: "i1", value: { question: "Approve?" }, ns: ["child:42"] }] },
  config: { assistant: "agent" },
};

describe("VariableStore", () => {
  it("five scopes; State lists the state's keys with previews and evaluate names", () => {
    const store = new VariableStore();
    const scopes = store.scopes(view);
    expect(scopes.map((s) => s.name)).toEqual(["State", "Writes", "Changes", "Next", "Config"]);
    const state = store.variables(scopes[0].variablesReference);
    expect(state.map((v) => [v.name, v.value, v.evaluateName])).toEqual([
      ["messages", "Array(2)", "messages"],
      ["order", "{status, odd key}", "order"],
      ["long", "Array(250)", "long"],
      ["empty", "{}", "empty"],
    ]);
    expect(state[3].variablesReference).toBe(0);
    const messages = store.variables(state[0].variablesReference);
    expect(messages.map((v) => [v.name, v.value, v.evaluateName])).toEqual([
      ["0", 'human: "Weather?"', "messages[0]"],
      ["1", 'ai: "" +1 tool call', "messages[1]"],
    ]);
    const order = store.variables(state[1].variablesReference);
    expect(order.map((v) => v.evaluateName)).toEqual(["order.status", 'order["odd key"]']);
  });

  it("pages long lists", () => {
    const store = new VariableStore();
    const state = store.variables(store.scopes(view)[0].variablesReference);
    const long = state.find((v) => v.name === "long")!;
    expect(long.indexedVariables).toBe(250);
    expect(PAGE_SIZE).toBe(100);
    const page = store.variables(long.variablesReference, { filter: "indexed", start: 200, count: 100 });
    expect(page.map((v) => v.name)).toEqual(Array.from({ length: 50 }, (_, i) => String(200 + i)));
    expect(store.variables(long.variablesReference, { filter: "named" })).toEqual([]);
  });

  it("Changes, Next and Writes", () => {
    const store = new VariableStore();
    const [, writes, changes, next] = store.scopes(view);
    expect(store.variables(writes.variablesReference).map((v) => [v.name, v.evaluateName])).toEqual([["agent", undefined]]);
    const entries = store.variables(changes.variablesReference);
    expect(entries.map((v) => [v.name, v.value])).toEqual([
      ["messages[1]", "{change, after}"],
      ["order.status", "{change, before, after}"],
    ]);
    const nextVars = store.variables(next.variablesReference);
    expect(nextVars.map((v) => v.name)).toEqual(["nodes", "interrupts"]);
    const first = store.variables(store.variables(nextVars[1].variablesReference)[0].variablesReference);
    expect(first.map((v) => [v.name, v.value])).toEqual([
      ["id", '"i1"'],
      ["value", "{question}"],
      ["namespace", '"child:42"'],
    ]);
  });

  it("reset forgets every reference", () => {
    const store = new VariableStore();
    const ref = store.scopes(view)[0].variablesReference;
    store.reset();
    expect(store.variables(ref)).toEqual([]);
    expect(store.container(ref)).toBeUndefined();
  });
});

describe("paths", () => {
  it("split, read and write the paths the diff writes", () => {
    expect(splitPath('a.b[2]["odd key"].c')).toEqual(["a", "b", 2, "odd key", "c"]);
    expect(splitPath("$")).toEqual([]);
    expect(() => splitPath("a..b")).toThrow(/Cannot read the path/);
    expect(readPath(view.state, "order.status")).toBe("paid");
    expect(readPath(view.state, "messages[1].tool_calls[0].name")).toBe("get_weather");
    expect(readPath(view.state, "order.constructor")).toBeUndefined();
    const written = writePath(view.state, "order.status", "refunded");
    expect(readPath(written, "order.status")).toBe("refunded");
    expect(readPath(view.state, "order.status")).toBe("paid");
    expect(() => writePath(view.state, "nope.x", 1)).toThrow(/No nope.x in the state/);
  });

  it("touches: the same path, inside it, or a parent replaced", () => {
    expect(touches("order.status", "order.status")).toBe(true);
    expect(touches("order.status.code", "order.status")).toBe(true);
    expect(touches("order", "order.status")).toBe(true);
    expect(touches("messages[3]", "messages")).toBe(true);
    expect(touches("$", "x")).toBe(true);
    expect(touches("order.statusText", "order.status")).toBe(false);
    expect(touches("orders", "order")).toBe(false);
  });

  it("preview", () => {
    expect(preview("x".repeat(1000))).toHaveLength(400);
    expect(preview(undefined)).toBe("undefined");
    expect(preview({ role: "user", content: [{ type: "text", text: "hi" }] })).toBe("user: Array(1)");
  });
});

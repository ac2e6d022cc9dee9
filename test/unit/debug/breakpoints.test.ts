import { describe, expect, it } from "vitest";
import { BreakpointTable, functionBreakpointName, parseFunctionBreakpointName, type PauseFacts } from "../../../src/debug/breakpoints";

const pause = (facts: Partial<PauseFacts>): PauseFacts => ({ when: "before", ran: [], next: [], state: {}, diffs: [], checkpointId: "c1", ...facts });

describe("BreakpointTable", () => {
  it("turns function breakpoints into run-level interrupts; refuses subgraph nodes, unknown nodes and bad conditions", () => {
    const table = new BreakpointTable();
    const result = table.setFunctionBreakpoints(
      [{ name: "tools" }, { name: "after:agent" }, { name: "child:child_llm" }, { name: "nope" }, { name: "agent", condition: "x >" }, { name: "agent", hitCondition: "x" }],
      new Set(["agent", "tools", "child"]),
    );
    expect(result.map((b) => b.verified)).toEqual([true, true, false, false, false, false]);
    expect(result[2].message).toMatch(/run-level interrupts apply to top-level nodes only.*\(child\) instead/);
    expect(result[3].message).toBe("The graph has no node nope (nodes: agent, tools, child).");
    expect(result[4].message).toMatch(/^Condition `x >` does not parse/);
    expect(table.breaks()).toEqual({ interruptBefore: ["tools"], interruptAfter: ["agent"] });
    expect(table.breaks({ entry: true }).interruptBefore).toBe("*");
    table.setDataBreakpoints([{ dataId: "order.status" }]);
    expect(table.breaks().interruptAfter).toBe("*");
  });

  it("a breakpoint on a node the graph lost stays listed, unverified and unsent, and comes back with the node (hot reload)", () => {
    const table = new BreakpointTable();
    const graph = (...ids: string[]) => ({ nodes: ["__start__", ...ids, "__end__"].map((id) => ({ id })) });
    const [join, extra] = table.setFunctionBreakpointsOf("client", [{ name: "join" }, { name: "extra" }], graph("split", "join"));
    expect([join.verified, extra.verified]).toEqual([true, false]);
    expect(table.breaks().interruptBefore).toEqual(["join"]);
    expect(table.decide(pause({ next: ["extra"] })).stop).toBe(false);

    expect(table.revalidate(graph("split", "join", "extra"))).toEqual([{ id: extra.id, verified: true, message: "extra is back in the graph." }]);
    expect(table.breaks().interruptBefore).toEqual(["join", "extra"]);
    expect(table.decide(pause({ next: ["extra"], checkpointId: "c9" }))).toMatchObject({ stop: true, hitBreakpointIds: [extra.id] });

    expect(table.revalidate(graph("split", "extra"))).toEqual([{ id: join.id, verified: false, message: "The graph has no node join (nodes: split, extra)." }]);
    expect(table.breaks().interruptBefore).toEqual(["extra"]);
    expect(table.revalidate(graph("split", "extra"))).toEqual([]);
  });

  it("stops before a node that is next, after a node that ran; counts a checkpoint once", () => {
    const table = new BreakpointTable();
    const [before, after] = table.setFunctionBreakpoints([{ name: "tools" }, { name: "after:agent" }]);
    expect(table.decide(pause({ next: ["tools"] }))).toMatchObject({ stop: true, reason: "function breakpoint", hitBreakpointIds: [before.id], description: "Paused before tools" });
    expect(table.decide(pause({ next: ["tools"] })).stop).toBe(false);
    expect(table.decide(pause({ when: "after", ran: ["agent"], next: ["tools"], checkpointId: "c2" }))).toMatchObject({ stop: true, hitBreakpointIds: [before.id, after.id] });
    expect(table.decide(pause({ when: "before", ran: ["agent"], next: ["agent"], checkpointId: "c3" })).stop).toBe(false);
  });

  it("conditions and hit conditions decide; a condition that fails stops and says why", () => {
    const table = new BreakpointTable();
    table.setFunctionBreakpoints([{ name: "agent", condition: "n > 1", hitCondition: "% 2" }]);
    const at = (n: number, id: string) => table.decide(pause({ next: ["agent"], state: { n }, checkpointId: id }));
    expect(at(0, "a")).toEqual({ stop: false, notes: ["Breakpoint before agent: condition `n > 1` is false; going on."], logs: [] });
    expect(at(2, "b")).toEqual({ stop: false, notes: ["Breakpoint before agent: hit 1, hit condition not met; going on."], logs: [] });
    expect(at(3, "c")).toMatchObject({ stop: true });
    const failing = new BreakpointTable();
    failing.setFunctionBreakpoints([{ name: "agent", condition: "missing.x" }]);
    expect(failing.decide(pause({ next: ["agent"] }))).toMatchObject({ stop: true, description: expect.stringMatching(/`missing` is not in the state/) });
  });

  it("a source's breakpoints are replaced alone, ids kept when given; a source line stops as `breakpoint`, a logpoint prints and goes on", () => {
    const table = new BreakpointTable();
    const [fn] = table.setFunctionBreakpoints([{ name: "agent" }]);
    const where = { path: "/p/agent.py", line: 14 };
    const [line, log] = table.setFunctionBreakpointsOf("file:/p/agent.py", [
      { id: 40, name: "tools", where },
      { id: 41, name: "agent", where, logMessage: "{messages.length} messages, last {messages[-1].content}, {nope}" },
    ]);
    expect([line.id, log.id]).toEqual([40, 41]);
    expect(table.breaks().interruptBefore).toEqual(["agent", "tools"]);
    const state = { messages: [{ content: "hi" }, { content: "yo" }] };
    expect(table.decide(pause({ next: ["agent"], state }))).toEqual({
      stop: true,
      reason: "function breakpoint",
      description: "Paused before agent",
      hitBreakpointIds: [fn.id],
      notes: [],
      logs: [{ text: "2 messages, last yo, <error in {nope}: `nope` is not in the state (keys: messages)>", where }],
    });
    expect(table.decide(pause({ next: ["tools"], checkpointId: "c2" }))).toMatchObject({ stop: true, reason: "breakpoint", hitBreakpointIds: [40] });
    table.setFunctionBreakpoints([]);
    expect(table.decide(pause({ next: ["agent"], state, checkpointId: "c3" }))).toMatchObject({ stop: false, logs: [{ text: expect.stringMatching(/^2 messages/) }] });
    table.setFunctionBreakpointsOf("file:/p/agent.py", []);
    expect(table.breaks().interruptBefore).toBeUndefined();
  });

  it("at a step's pause only logpoints print, once per checkpoint; breakpoints keep their hits", () => {
    const table = new BreakpointTable();
    const where = { path: "/p/agent.py", line: 3 };
    table.setFunctionBreakpointsOf("file:/p/agent.py", [
      { name: "tools", where, hitCondition: "2" },
      { name: "tools", where, logMessage: "{n} then", condition: "n > 0" },
    ]);
    expect(table.hasLogpoints).toBe(true);
    expect(table.logsAt(pause({ next: ["tools"], state: { n: 0 }, checkpointId: "s1" }))).toEqual({ notes: ["Logpoint before tools: condition `n > 0` is false; going on."], logs: [] });
    expect(table.logsAt(pause({ next: ["tools"], state: { n: 1 }, checkpointId: "s2" }))).toEqual({ notes: [], logs: [{ text: "1 then", where }] });
    expect(table.logsAt(pause({ next: ["tools"], state: { n: 1 }, checkpointId: "s2" })).logs).toEqual([]);
    // The breakpoint's first hit is still to come: hit condition 2 is met on the second.
    expect(table.decide(pause({ next: ["tools"], state: { n: 0 }, checkpointId: "s3" })).stop).toBe(false);
    expect(table.decide(pause({ next: ["tools"], state: { n: 0 }, checkpointId: "s4" })).stop).toBe(true);
  });

  it("data breakpoints stop on a diff touching their path", () => {
    const table = new BreakpointTable();
    const [bp] = table.setDataBreakpoints([{ dataId: "order.status" }]);
    expect(table.decide(pause({ when: "after", ran: ["pay"], diffs: [{ path: "order.total", change: "changed" }] })).stop).toBe(false);
    expect(table.decide(pause({ when: "after", ran: ["pay"], diffs: [{ path: "order.status", change: "changed" }] }))).toMatchObject({
      stop: true,
      reason: "data breakpoint",
      description: "order.status changed in pay",
      hitBreakpointIds: [bp.id],
    });
  });
});

describe("function breakpoint names", () => {
  it("`tools` is before the node, `after:tools` after it; naming and reading are inverses", () => {
    expect(parseFunctionBreakpointName(" after: tools ")).toEqual({ node: "tools", when: "after" });
    expect(parseFunctionBreakpointName("child")).toEqual({ node: "child", when: "before" });
    for (const when of ["before", "after"] as const) expect(parseFunctionBreakpointName(functionBreakpointName("agent", when))).toEqual({ node: "agent", when });
  });
});

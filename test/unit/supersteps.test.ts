import { describe, expect, it } from "vitest";
import { parseSseMessage } from "../../src/engine/events";
import type { RunEvent, Superstep } from "../../src/engine/model";
import { SuperstepAssembler } from "../../src/engine/supersteps";

// Hand-written events shaped like the JS server's (see SERVER-FACTS.md and test/fixtures/js).
let clock = 0;
function ev(event: string, data: unknown): RunEvent[] {
  return parseSseMessage({ event, data: JSON.stringify(data) }, ++clock);
}
const checkpoint = (step: number, values: unknown, next: string[], tasks: { id: string; name: string }[] = [], source = step < 0 ? "input" : "loop", ns = "") =>
  ev(ns ? `checkpoints|${ns}` : "checkpoints", {
    config: { configurable: { checkpoint_id: `cp${step}` } },
    values, metadata: { source, step }, next,
    tasks: tasks.map((t) => ({ ...t, interrupts: [] })),
  });
const start = (id: string, name: string, ns = "") => ev(ns ? `tasks|${ns}` : "tasks", { id, name, input: {}, triggers: [`branch:to:${name}`], interrupts: [], metadata: {} });
const result = (id: string, name: string, writes: unknown, error: unknown = null, interrupts: unknown[] = [], ns = "") =>
  ev(ns ? `tasks|${ns}` : "tasks", { id, name, result: writes, interrupts, error });
const token = (node: string, taskId: string, step: number, text: string, ns = "", id = "run-1") =>
  ev(ns ? `messages|${ns}` : "messages", [{ type: "ai", id, content: text }, {
    langgraph_node: node, langgraph_step: step, langgraph_checkpoint_ns: `${ns ? `${ns}|` : ""}${node}:${taskId}`,
  }]);

function feed(assembler: SuperstepAssembler, events: RunEvent[][]): Superstep[] {
  const out: Superstep[] = [];
  for (const batch of events) for (const e of batch) out.push(...assembler.push(e));
  return out;
}

const human = { id: "h1", type: "human", content: "hi" };
const answer = { id: "run-1", type: "ai", content: "Hello there" };

describe("SuperstepAssembler", () => {
  it("closes a step per checkpoint, with its node, writes, tokens, times and diff", () => {
    const a = new SuperstepAssembler();
    const steps = feed(a, [
      checkpoint(-1, { messages: [] }, ["__start__"], [{ id: "s0", name: "__start__" }]),
      checkpoint(0, { messages: [human] }, ["agent"], [{ id: "t1", name: "agent" }]),
      start("t1", "agent"),
      token("agent", "t1", 1, "Hello"),
      token("agent", "t1", 1, " there"),
      ev("updates", { agent: { messages: [answer] } }),
      result("t1", "agent", { messages: [answer] }),
      checkpoint(1, { messages: [human, answer] }, []),
    ]);
    expect(steps.map((s) => [s.step, s.nodes.map((n) => n.node)])).toEqual([[-1, []], [0, ["__start__"]], [1, ["agent"]]]);
    const [, , agentStep] = steps;
    const run = agentStep.nodes[0];
    expect(run).toMatchObject({ taskId: "t1", writes: { messages: [answer] }, interrupts: [] });
    expect(run.startedAt).toBeLessThan(run.finishedAt!);
    expect(run.messages.map((m) => m.text)).toEqual(["Hello there"]);
    expect(agentStep).toMatchObject({ checkpointId: "cp1", stateBefore: { messages: [human] }, stateAfter: { messages: [human, answer] } });
    expect(agentStep.diff).toEqual([{ path: "messages[1]", change: "added", after: answer }]);
    expect(a.finish()).toEqual([]);
  });

  it("puts parallel nodes in one step", () => {
    const steps = feed(new SuperstepAssembler(), [
      checkpoint(1, { results: [] }, ["left", "right"], [], "loop"),
      start("l", "left"), start("r", "right"),
      result("l", "left", { results: ["L"] }), result("r", "right", { results: ["R"] }),
      checkpoint(2, { results: ["L", "R"] }, ["join"]),
    ]);
    expect(steps).toHaveLength(1);
    expect(steps[0].nodes.map((n) => n.node)).toEqual(["left", "right"]);
    expect(steps[0].diff.map((d) => d.path)).toEqual(["results[0]", "results[1]"]);
  });

  it("keeps subgraph steps in their own namespace, with custom events and tokens under the inner node", () => {
    const ns = "child:c1";
    const steps = feed(new SuperstepAssembler(), [
      checkpoint(1, { steps: [] }, ["child"], [{ id: "c1", name: "child" }], "loop"),
      start("c1", "child"),
      checkpoint(-1, { steps: [] }, ["__start__"], [], "input", ns),
      checkpoint(0, { steps: [] }, ["child_step"], [], "loop", ns),
      start("s1", "child_step", ns),
      ev(`custom|${ns}`, { progress: 1 }),
      result("s1", "child_step", { steps: ["child_step"] }, null, [], ns),
      checkpoint(1, { steps: ["child_step"] }, ["child_llm"], [], "loop", ns),
      start("s2", "child_llm", ns),
      token("child_llm", "s2", 2, "Hi", ns),
      result("s2", "child_llm", {}, null, [], ns),
      checkpoint(2, { steps: ["child_step"] }, [], [], "loop", ns),
      result("c1", "child", { steps: ["child_step"] }),
      checkpoint(2, { steps: ["child_step"] }, []),
    ]);
    const inner = steps.filter((s) => s.ns[0] === ns);
    expect(inner.map((s) => s.step)).toEqual([-1, 0, 1, 2]);
    expect(inner[2]).toMatchObject({ nodes: [{ node: "child_step" }], custom: [{ node: "child_step", data: { progress: 1 } }] });
    expect(inner[3].nodes[0].messages[0]).toMatchObject({ text: "Hi", ns: [ns], node: "child_llm" });
    const outer = steps.filter((s) => s.ns.length === 0);
    expect(outer.map((s) => [s.step, s.nodes.map((n) => n.node)])).toEqual([[2, ["child"]]]);
  });

  it("treats the checkpoint a resumed run starts with as a baseline, not a step", () => {
    const steps = feed(new SuperstepAssembler(), [
      checkpoint(1, { verdict: null }, ["review"], [{ id: "r", name: "review" }]),
      start("r", "review"),
      result("r", "review", { verdict: "yes" }),
      checkpoint(2, { verdict: "yes" }, ["publish"]),
    ]);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ step: 2, stateBefore: { verdict: null }, diff: [{ path: "verdict", change: "changed", before: null, after: "yes" }] });
  });

  it("flushes a step cut short by interrupt() or an error as incomplete, keeping what it saw", () => {
    const a = new SuperstepAssembler();
    feed(a, [
      checkpoint(1, { x: 1 }, ["review"], [{ id: "r", name: "review" }], "loop"),
      start("r", "review"),
      result("r", "review", {}, null, [{ id: "i1", value: { question: "ok?" } }]),
      ev("error", { error: "Error", message: "later failure" }),
    ]);
    const [flushed] = a.finish();
    expect(flushed).toMatchObject({ step: 2, incomplete: true, stateBefore: { x: 1 }, stateAfter: { x: 1 }, diff: [] });
    expect(flushed.nodes[0].interrupts).toEqual([{ id: "i1", value: { question: "ok?" }, ns: [], node: "review" }]);
  });

  it("records a node's error", () => {
    const a = new SuperstepAssembler();
    feed(a, [start("e", "explode"), result("e", "explode", {}, { message: "Boom", name: "Error" })]);
    expect(a.finish()[0].nodes[0].error).toEqual({ name: "Error", message: "Boom" });
  });

  it("without checkpoints, splits steps on the step number and closes them with `values`", () => {
    const a = new SuperstepAssembler({ initialState: { messages: [] } });
    const steps = feed(a, [
      ev("values", { messages: [human] }),
      token("agent", "t1", 1, "Hello"),
      ev("updates", { agent: { messages: [answer] } }),
      ev("values", { messages: [human, answer] }),
      token("agent", "t2", 3, "Again"),
      token("agent", "t3", 5, "More"),
    ]);
    expect(steps.map((s) => s.step)).toEqual([1, 3]);
    expect(steps[0]).toMatchObject({ nodes: [{ node: "agent", writes: { messages: [answer] } }] });
    expect(steps[0].diff).toEqual([{ path: "messages[1]", change: "added", after: answer }]);
    expect(a.finish().map((s) => [s.step, s.incomplete])).toEqual([[5, true]]);
  });

  it("uses the task ids the checkpoint announced when the stream has updates but no tasks", () => {
    const steps = feed(new SuperstepAssembler(), [
      checkpoint(0, { n: 0 }, ["agent"], [{ id: "t1", name: "agent" }]),
      ev("updates", { agent: { n: 1 } }),
      checkpoint(1, { n: 1 }, []),
    ]);
    expect(steps.map((s) => s.nodes.map((n) => [n.node, n.taskId]))).toEqual([[["agent", "t1"]]]);
  });

  it("exposes every streamed message through its token accumulator", () => {
    const a = new SuperstepAssembler();
    feed(a, [token("agent", "t1", 1, "A"), token("agent", "t1", 1, "B")]);
    expect(a.tokens.get("run-1")?.text).toBe("AB");
  });
});

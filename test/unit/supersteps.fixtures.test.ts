// The engine over recorded real streams of both servers (test/fixtures/{js,python}/<graph>.sse),
// checked against the thread state recorded after each run (<graph>.json).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RunOutcome, Superstep } from "../../src/engine/model";
import { decideOutcome, type ThreadStateLike } from "../../src/engine/outcome";
import { RunPipeline } from "../../src/engine/runSession";
import { SseDecoder } from "../../src/engine/client/sse";

const FIXTURES = path.resolve(__dirname, "../fixtures");

interface Recorded {
  request: { body: Record<string, unknown> };
  thread_status?: string;
  threadStatus?: string;
  state: ThreadStateLike & { values: Record<string, unknown> };
}

interface Replayed {
  steps: Superstep[];
  outcome: RunOutcome;
  recorded: Recorded;
  pipeline: RunPipeline;
}

function replay(server: string, name: string): Replayed {
  const recorded = JSON.parse(readFileSync(path.join(FIXTURES, server, `${name}.json`), "utf8")) as Recorded;
  const body = recorded.request.body;
  const pipeline = new RunPipeline({
    interruptBefore: body.interrupt_before as string[] | undefined,
    interruptAfter: body.interrupt_after as string[] | undefined,
  });
  const decoder = new SseDecoder();
  const steps: Superstep[] = [];
  const messages = [...decoder.push(readFileSync(path.join(FIXTURES, server, `${name}.sse`))), ...decoder.finish()];
  messages.forEach((message, i) => steps.push(...pipeline.accept(message, i).supersteps));
  steps.push(...pipeline.finish());
  const thread = { status: recorded.thread_status ?? recorded.threadStatus };
  return { steps, outcome: decideOutcome(pipeline.summary, recorded.state, thread), recorded, pipeline };
}

const nodesPerStep = (steps: Superstep[], ns = 0) =>
  steps.filter((s) => s.ns.length === ns).map((s) => [s.step, s.nodes.map((n) => n.node).sort()]);

describe.each(["js", "python"])("recorded %s server streams", (server) => {
  it("agent: one step per node, tool call assembled, final answer equals the state's last message", () => {
    const { steps, outcome, recorded } = replay(server, "agent");
    expect(nodesPerStep(steps)).toEqual([[-1, []], [0, ["__start__"]], [1, ["agent"]], [2, ["tools"]], [3, ["agent"]]]);
    const messages = recorded.state.values.messages as { id: string; content: string }[];
    const [, , callStep, toolStep, answerStep] = steps;
    expect(callStep.nodes[0].messages[0].toolCalls).toEqual([
      { index: 0, id: "call_weather_1", name: "get_weather", argsText: '{"city":"Paris"}', args: { city: "Paris" } },
    ]);
    expect(toolStep.nodes[0].messages[0]).toMatchObject({ role: "tool", toolCallId: "call_weather_1" });
    const answer = answerStep.nodes[0].messages[0];
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.text).toBe(messages.at(-1)!.content);
    expect(answerStep.diff).toEqual([{ path: "messages[3]", change: "added", after: messages[3] }]);
    expect(toolStep.diff.map((d) => [d.path, d.change])).toEqual([["messages[2]", "added"]]);
    for (const step of steps.slice(2)) for (const run of step.nodes) expect(run.finishedAt).toBeGreaterThan(run.startedAt!);
    expect(outcome).toEqual({ status: "finished" });
  });

  it("agent with interrupt_before tools: paused before tools", () => {
    const { steps, outcome } = replay(server, "agent-breakpoint");
    expect(nodesPerStep(steps).at(-1)).toEqual([1, ["agent"]]);
    expect(outcome).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
  });

  it("fanout: left and right in one superstep, then join", () => {
    const { steps, outcome } = replay(server, "fanout");
    expect(nodesPerStep(steps).slice(2)).toEqual([[1, ["split"]], [2, ["left", "right"]], [3, ["join"]]]);
    expect(steps.find((s) => s.step === 2)!.diff.map((d) => [d.path, d.change])).toEqual([["results[0]", "added"], ["results[1]", "added"]]);
    expect(outcome).toEqual({ status: "finished" });
  });

  it("hitl: waiting on the interrupt with its id and payload, then resumed to the end", () => {
    const first = replay(server, "hitl");
    const task = first.recorded.state.tasks[0];
    const interrupt = (task.interrupts as { id: string; value: unknown }[])[0];
    expect(first.outcome).toEqual({ status: "waiting", interrupts: [{ id: interrupt.id, value: interrupt.value, ns: [], node: "review" }] });
    expect(interrupt.value).toMatchObject({ question: "Approve this draft?" });
    const paused = first.steps.at(-1)!;
    expect(paused).toMatchObject({ incomplete: true, nodes: [{ node: "review", interrupts: [{ id: interrupt.id }] }] });

    const resumed = replay(server, "hitl-resume");
    expect(nodesPerStep(resumed.steps)).toEqual([[2, ["review"]], [3, ["publish"]]]);
    expect(resumed.steps[0].diff).toEqual([{ path: "verdict", change: "added", after: "yes" }]);
    expect(resumed.outcome).toEqual({ status: "finished" });
  });

  it("nested: subgraph steps under the child's namespace, custom events and tokens under inner nodes", () => {
    const { steps, outcome, recorded } = replay(server, "nested");
    const childRun = steps.flatMap((s) => s.nodes).find((n) => n.node === "child" && n.ns.length === 0)!;
    const inner = steps.filter((s) => s.ns.length === 1);
    expect(new Set(inner.map((s) => s.ns[0]))).toEqual(new Set([`child:${childRun.taskId}`]));
    expect(nodesPerStep(steps, 1)).toEqual([[-1, []], [0, ["__start__"]], [1, ["child_step"]], [2, ["child_llm"]]]);
    const childStep = inner.find((s) => s.nodes[0]?.node === "child_step")!;
    expect(childStep.custom).toEqual([1, 2, 3].map((progress) => ({ node: "child_step", data: { progress, of: 3, from: "child_step" } })));
    const llm = inner.find((s) => s.nodes[0]?.node === "child_llm")!.nodes[0];
    const stateMessages = recorded.state.values.messages as { id: string; content: string }[];
    expect(llm.messages[0].text).toBe(stateMessages.find((m) => m.id === llm.messages[0].id)!.content);
    expect(outcome).toEqual({ status: "finished" });
  });

  it("broken: failed in explode with its error message", () => {
    const { steps, outcome } = replay(server, "broken");
    const message = "Boom: the explode node failed on purpose (sample graph 'broken')";
    expect(outcome).toEqual({ status: "failed", node: "explode", message });
    expect(steps.at(-1)).toMatchObject({ incomplete: true, nodes: [{ node: "explode", error: { message } }] });
  });
});

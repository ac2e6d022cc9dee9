// The whole run engine against the real dev servers (JS and Python): every sample graph streamed
// with LangGraphClient, fed through runSession, and the supersteps and outcome it yields checked.
// Where the servers differ the test title says `[differs: §n]` (docs/SERVER-DIFFERENCES.md).
import { describe, expect, it } from "vitest";
import { type LangGraphClient, type RunStreamPayload } from "../../src/engine/client";
import type { RunEvent, RunOutcome, Superstep } from "../../src/engine/model";
import { runSession } from "../../src/engine/runSession";
import { SERVER_KINDS } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

interface Session {
  threadId: string;
  events: RunEvent[];
  steps: Superstep[];
  outcome: RunOutcome;
  order: string[];
}

/** Streams one run of `graph` through the engine and collects what it yields. */
async function run(client: LangGraphClient, graph: string, payload: RunStreamPayload, threadId?: string): Promise<Session> {
  const thread = threadId ?? (await client.threads.create()).thread_id;
  const config = { configurable: { delay_ms: 0, ...payload.config?.configurable } };
  const stream = await client.runs.stream(thread, graph, { ...payload, config });
  const session: Session = { threadId: thread, events: [], steps: [], outcome: { status: "finished" }, order: [] };
  const items = runSession(stream, {
    threads: client.threads,
    threadId: thread,
    interruptBefore: payload.interrupt_before as string[] | undefined,
    interruptAfter: payload.interrupt_after as string[] | undefined,
  });
  for await (const item of items) {
    session.order.push(item.type);
    if (item.type === "events") session.events.push(...item.events);
    else if (item.type === "superstep") session.steps.push(item.superstep);
    else session.outcome = item.outcome;
  }
  return session;
}

const rootSteps = (s: Session) => s.steps.filter((step) => step.ns.length === 0);
const nodesPerStep = (steps: Superstep[]) => steps.map((s) => [s.step, s.nodes.map((n) => n.node).sort()]);
const userSays = (content: string) => ({ messages: [{ role: "user", content }] });

describe.each(SERVER_KINDS)("run engine on the real %s server", (kind) => {
  const deployment = onSharedDeployment(kind);


  it("agent: steps, tokens under the right node, the assembled tool call, diffs, finished", async () => {
    const session = await run(deployment.client, "agent", { input: userSays("What is the weather in Paris?") });
    expect(nodesPerStep(rootSteps(session))).toEqual([[-1, []], [0, ["__start__"]], [1, ["agent"]], [2, ["tools"]], [3, ["agent"]]]);
    const state = await deployment.client.threads.state(session.threadId);
    const messages = (state.values as { messages: { id: string; content: string; type: string }[] }).messages;
    const [, , call, tool, answer] = rootSteps(session);
    expect(call.nodes[0].messages[0].toolCalls).toEqual([
      { index: 0, id: "call_weather_1", name: "get_weather", argsText: '{"city":"Paris"}', args: { city: "Paris" } },
    ]);
    expect(tool.nodes[0].messages.map((m) => [m.role, m.toolCallId])).toEqual([["tool", "call_weather_1"]]);
    const answerText = answer.nodes[0].messages[0].text;
    expect(answerText.length).toBeGreaterThan(10);
    expect(answerText).toBe(messages.at(-1)!.content);
    expect(answer.nodes[0].messages[0].id).toBe(messages.at(-1)!.id);
    expect(call.diff).toEqual([{ path: "messages[1]", change: "added", after: messages[1] }]);
    expect(answer.diff).toEqual([{ path: "messages[3]", change: "added", after: messages[3] }]);
    expect(session.outcome).toEqual({ status: "finished" });
    expect(session.order.at(-1)).toBe("outcome");
  });

  it("agent with interrupt_before tools: paused before tools, then continues to the end", async () => {
    const paused = await run(deployment.client, "agent", { input: userSays("Weather?"), interrupt_before: ["tools"] });
    expect(nodesPerStep(rootSteps(paused)).at(-1)).toEqual([1, ["agent"]]);
    expect(paused.outcome).toEqual({ status: "paused", when: "before", nodes: ["tools"] });

    const resumed = await run(deployment.client, "agent", { input: null }, paused.threadId);
    expect(nodesPerStep(rootSteps(resumed))).toEqual([[2, ["tools"]], [3, ["agent"]]]);
    expect(resumed.outcome).toEqual({ status: "finished" });
  });

  it("agent with interrupt_after agent: paused after agent", async () => {
    const paused = await run(deployment.client, "agent", { input: userSays("Weather?"), interrupt_after: ["agent"] });
    expect(paused.outcome).toEqual({ status: "paused", when: "after", nodes: ["agent"] });
  });

  it("fanout: left and right run in one superstep", async () => {
    const session = await run(deployment.client, "fanout", { input: { topic: "the report" } });
    expect(nodesPerStep(rootSteps(session)).slice(2)).toEqual([[1, ["split"]], [2, ["left", "right"]], [3, ["join"]]]);
    const parallel = rootSteps(session).find((s) => s.step === 2)!;
    expect(parallel.diff.map((d) => [d.path, d.change])).toEqual([["results[0]", "added"], ["results[1]", "added"]]);
    const [left, right] = parallel.nodes;
    // Both were started before either finished: they really ran at the same time.
    expect(Math.max(left.startedAt!, right.startedAt!)).toBeLessThanOrEqual(Math.min(left.finishedAt!, right.finishedAt!));
    expect(session.outcome).toEqual({ status: "finished" });
  });

  it("hitl: waiting on interrupt() with its id and payload, then resumed to finished", async () => {
    const waiting = await run(deployment.client, "hitl", { input: { topic: "visual debugging" } });
    expect(waiting.outcome.status).toBe("waiting");
    const interrupts = waiting.outcome.status === "waiting" ? waiting.outcome.interrupts : [];
    expect(interrupts).toHaveLength(1);
    expect(interrupts[0].id).toMatch(/^[0-9a-f]{32}$/);
    expect(interrupts[0]).toMatchObject({ ns: [], value: { question: "Approve this draft?", draft: expect.stringContaining("visual debugging") } });
    const thread = await deployment.client.threads.get(waiting.threadId);
    expect(Object.values(thread.interrupts ?? {}).flat()).toMatchObject([{ id: interrupts[0].id }]);

    const resumed = await run(deployment.client, "hitl", { command: { resume: { [interrupts[0].id!]: "yes" } } }, waiting.threadId);
    expect(nodesPerStep(rootSteps(resumed))).toEqual([[2, ["review"]], [3, ["publish"]]]);
    expect(rootSteps(resumed)[1].diff).toContainEqual({ path: "published", change: "added", after: true });
    expect(resumed.outcome).toEqual({ status: "finished" });
  });

  it("nested: subgraph steps in the child's namespace, custom events, the child's tokens", async () => {
    const session = await run(deployment.client, "nested", { input: userSays("Hello from the parent graph") });
    const childRun = rootSteps(session).flatMap((s) => s.nodes).find((n) => n.node === "child")!;
    const inner = session.steps.filter((s) => s.ns.length === 1);
    expect(inner.every((s) => s.ns[0] === `child:${childRun.taskId}`)).toBe(true);
    expect(nodesPerStep(inner)).toEqual([[-1, []], [0, ["__start__"]], [1, ["child_step"]], [2, ["child_llm"]]]);
    expect(inner[2].custom).toEqual([1, 2, 3].map((progress) => ({ node: "child_step", data: { progress, of: 3, from: "child_step" } })));
    const llmMessage = inner[3].nodes[0].messages[0];
    expect(llmMessage).toMatchObject({ role: "ai", node: "child_llm", ns: [`child:${childRun.taskId}`] });
    expect(llmMessage.text.length).toBeGreaterThan(0);
    expect(session.events.filter((e) => e.kind === "custom").every((e) => e.ns[0] === `child:${childRun.taskId}`)).toBe(true);
    expect(session.outcome).toEqual({ status: "finished" });
  });

  it("broken: failed, naming explode and its error message [differs: §5 failed task]", async () => {
    const session = await run(deployment.client, "broken", { input: userSays("Please explode") });
    const message = "Boom: the explode node failed on purpose (sample graph 'broken')";
    expect(session.outcome).toEqual({ status: "failed", node: "explode", message });
    expect(session.steps.at(-1)).toMatchObject({ incomplete: true, nodes: [{ node: "explode", error: { name: kind === "js" ? "Error" : "RuntimeError", message } }] });
  });

  it("cancelled: a run stopped from the client ends as cancelled [differs: §7 cancel]", async () => {
    const thread = (await deployment.client.threads.create()).thread_id;
    const stream = await deployment.client.runs.stream(thread, "agent", {
      input: userSays("Weather?"),
      config: { configurable: { delay_ms: 50, tokens: 200 } },
    });
    let outcome: RunOutcome | undefined;
    let tokens = 0;
    for await (const item of runSession(stream, { threads: deployment.client.threads, threadId: thread })) {
      if (item.type === "events" && item.events.some((e) => e.kind === "token") && ++tokens === 3) await stream.cancel({ wait: true });
      if (item.type === "outcome") outcome = item.outcome;
    }
    expect(tokens).toBeGreaterThanOrEqual(3);
    expect(outcome).toEqual({ status: "cancelled" });
    // JS ends the stream with an `interrupt` error and leaves the thread in error; Python just closes it.
    expect((await deployment.client.threads.get(thread)).status).toBe(kind === "js" ? "error" : "interrupted");
  });
});

// The `langgraph` debug adapter as a black box over the Debug Adapter Protocol: `node dist/debugAdapter.js`
// driven by DebugClient against the real JS and Python dev servers and the sample graphs.
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADAPTER, ensureAdapterBuilt, userSays } from "../support/dapHarness";
import { repoRoot } from "../support/langgraphServer";
import { SERVER_KINDS } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

const root = repoRoot();
const FAST = { configurable: { delay_ms: 0 } };

interface Setup {
  functionBreakpoints?: DebugProtocol.FunctionBreakpoint[];
  dataBreakpoints?: DebugProtocol.DataBreakpoint[];
  filters?: string[];
}

describe("debug adapter process", () => {
  it("exits when its stdin closes", async () => {
    await ensureAdapterBuilt();
    const child = spawn(process.execPath, [ADAPTER], { stdio: ["pipe", "ignore", "inherit"] });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.stdin.end();
    const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("still running"), 5_000))]);
    if (code === "still running") child.kill();
    expect(code).toBe(0);
  });
});

describe.each(SERVER_KINDS)("debug adapter on the real %s server", (kind) => {
  beforeAll(ensureAdapterBuilt);
  const deployment = onSharedDeployment(kind);
  let dc: DebugClient | undefined;
  let output: string[];

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.log(`Debug Console of the failed test:\n${output.join("")}`);
    await dc?.stop().catch(() => undefined);
    dc = undefined;
  });

  /** Starts an adapter, sends initialize, launch (answered before the run starts) and the breakpoints. */
  async function launch(args: Record<string, unknown>, setup: Setup = {}, request: "launch" | "attach" = "launch"): Promise<{ launched: Promise<unknown>; breakpoints: DebugProtocol.Breakpoint[] }> {
    dc = new DebugClient("node", ADAPTER, "langgraph", { cwd: root }, true);
    dc.defaultTimeout = 30_000;
    output = [];
    dc.on("output", (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
    await dc.start();
    const initialized = dc.waitForEvent("initialized");
    await dc.initializeRequest();
    const launched =
      request === "launch"
        ? dc.launchRequest({ deploymentUrl: deployment.server.url, config: FAST, ...args } as DebugProtocol.LaunchRequestArguments)
        : dc.attachRequest({ deploymentUrl: deployment.server.url, ...args } as DebugProtocol.AttachRequestArguments);
    launched.catch(() => undefined);
    await initialized;
    const fbps = await dc.setFunctionBreakpointsRequest({ breakpoints: setup.functionBreakpoints ?? [] });
    if (setup.dataBreakpoints) await dc.setDataBreakpointsRequest({ breakpoints: setup.dataBreakpoints });
    await dc.setExceptionBreakpointsRequest({ filters: setup.filters ?? ["nodeError", "interrupt"] });
    await dc.configurationDoneRequest();
    return { launched, breakpoints: fbps.body.breakpoints };
  }

  async function stopped(): Promise<DebugProtocol.StoppedEvent["body"]> {
    return ((await dc!.waitForEvent("stopped")) as DebugProtocol.StoppedEvent).body;
  }

  async function frames(): Promise<string[]> {
    return (await dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames.map((f) => f.name);
  }

  /** The State scope's variables, by name. */
  async function stateVariables(): Promise<Map<string, DebugProtocol.Variable> & { ref: number }> {
    const frameId = (await dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].id;
    const scopes = (await dc!.scopesRequest({ frameId })).body.scopes;
    const ref = scopes.find((s) => s.name === "State")!.variablesReference;
    const vars = (await dc!.variablesRequest({ variablesReference: ref })).body.variables;
    return Object.assign(new Map(vars.map((v) => [v.name, v])), { ref });
  }

  const terminated = () => dc!.waitForEvent("terminated");

  it("breaks before tools (function breakpoint, tools frame, State), steps one superstep, goes back to the stop, continues to the end with node lines and tokens", async () => {
    // No langgraph.json under `project`: the frames' sources are pages (sourceBreakpoints.test.ts has the code).
    const { launched } = await launch({ assistant: "agent", input: userSays("Weather in Paris?"), project: path.join(root, "test", "debug") }, { functionBreakpoints: [{ name: "tools" }] });
    await launched;
    const stop = await stopped();
    expect(stop).toMatchObject({ reason: "function breakpoint", threadId: 1, description: "Paused before tools" });
    expect(await frames()).toEqual(["tools"]);
    expect((await dc!.threadsRequest()).body.threads).toEqual([{ id: 1, name: expect.stringMatching(/^thread [0-9a-f-]{36}$/) }]);
    const [frame] = (await dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    const frameId = frame.id;
    expect((await dc!.scopesRequest({ frameId })).body.scopes.map((s) => s.name)).toEqual(["State", "Writes", "Changes", "Next", "Config"]);
    // The frame's source is a page about the node at this stop (a client focuses only frames with a source).
    const page = JSON.parse((await dc!.sourceRequest({ sourceReference: frame.source!.sourceReference!, source: frame.source })).body.content) as { node: string; state: { messages: unknown[] } };
    expect(page).toMatchObject({ node: "tools", state: { messages: [expect.anything(), expect.anything()] } });
    const state = await stateVariables();
    expect(state.get("messages")).toMatchObject({ value: "Array(2)", evaluateName: "messages" });
    const messages = (await dc!.variablesRequest({ variablesReference: state.get("messages")!.variablesReference })).body.variables;
    expect(messages.map((m) => m.evaluateName)).toEqual(["messages[0]", "messages[1]"]);
    expect(messages[0].value).toMatch(/^human: "Weather in Paris\?"/);
    await expect(dc!.customRequest("resume", { value: "yes" })).rejects.toThrow(/Nothing waits for an answer/);

    await dc!.nextRequest({ threadId: 1 });
    expect(await stopped()).toMatchObject({ reason: "step" });
    expect(await frames()).toEqual(["agent"]);
    expect((await stateVariables()).get("messages")!.value).toBe("Array(3)");
    // A new stop, a new source reference: the page of the earlier stop is gone, not served stale.
    const [next] = (await dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    expect(next.source!.sourceReference).not.toBe(frame.source!.sourceReference);
    await expect(dc!.sourceRequest({ sourceReference: frame.source!.sourceReference! })).rejects.toThrow(/gone/);

    await dc!.reverseContinueRequest({ threadId: 1 });
    expect(await stopped()).toMatchObject({ reason: "step", description: "Back at the previous stop" });
    expect(await frames()).toEqual(["tools"]);
    expect((await stateVariables()).get("messages")!.value).toBe("Array(2)");

    const end = terminated();
    await dc!.setFunctionBreakpointsRequest({ breakpoints: [] });
    await dc!.continueRequest({ threadId: 1 });
    await end;
    const text = output.join("");
    expect(text).toContain("▶ agent");
    expect(text).toContain("✓ tools");
    expect(text).toMatch(/ {2}agent: Here is the forecast/);
  });

  it("a condition that holds stops; a false one lets the run finish without a stop", async () => {
    let run = await launch({ assistant: "agent", input: userSays("Hi") }, { functionBreakpoints: [{ name: "tools", condition: 'messages.length > 1 && messages[1].type == "ai"' }] });
    await run.launched;
    expect(await stopped()).toMatchObject({ reason: "function breakpoint" });
    await dc!.stop();

    run = await launch({ assistant: "agent", input: userSays("Hi") }, { functionBreakpoints: [{ name: "tools", condition: "messages.length > 5" }] });
    const stops: unknown[] = [];
    dc!.on("stopped", (e) => stops.push(e));
    await run.launched;
    await terminated();
    expect(stops).toEqual([]);
    expect(output.join("")).toContain("condition `messages.length > 5` is false; going on");
  });

  it("hitCondition 2 stops at the second time agent is next; after:tools stops after tools", async () => {
    let run = await launch({ assistant: "agent", input: userSays("Hi") }, { functionBreakpoints: [{ name: "agent", hitCondition: "2" }] });
    await run.launched;
    expect(await stopped()).toMatchObject({ reason: "function breakpoint", description: "Paused before agent" });
    expect((await stateVariables()).get("messages")!.value).toBe("Array(3)");
    await dc!.stop();

    run = await launch({ assistant: "agent", input: userSays("Hi") }, { functionBreakpoints: [{ name: "after:tools" }] });
    await run.launched;
    expect(await stopped()).toMatchObject({ reason: "function breakpoint", description: "Paused after tools" });
    expect(await frames()).toEqual(["agent"]);
  });

  it("hitl: stops at interrupt() with its question; continue is refused; the custom resume request answers it", async () => {
    const { launched } = await launch({ assistant: "hitl", input: { topic: "bees" } });
    await launched;
    expect(await stopped()).toMatchObject({ reason: "interrupt", description: "Approve this draft?" });
    expect(await frames()).toEqual(["review"]);
    await expect(dc!.continueRequest({ threadId: 1 })).rejects.toThrow(/custom request `resume`/);
    const continued = dc!.waitForEvent("continued");
    const end = terminated();
    await dc!.customRequest("resume", { value: "yes" });
    await continued;
    await end;
    const threadId = output.join("").match(/Run on thread ([0-9a-f-]{36})/)?.[1];
    expect(threadId).toBeDefined();
    expect((await deployment.client.threads.state(threadId!)).values).toMatchObject({ published: true, verdict: "yes" });
  });

  it("Run to here (langgraph/runTo): a one-shot stop before the node, listed nowhere; gone when another stop (interrupt()) comes first", async () => {
    const { launched } = await launch({ assistant: "hitl", input: { topic: "bees" }, stopOnEntry: true });
    await launched;
    expect(await stopped()).toMatchObject({ reason: "entry", description: "Paused before draft" });
    await expect(dc!.customRequest("langgraph/runTo", { node: "nope" })).rejects.toThrow(/^Run to nope: /);
    const continued = dc!.waitForEvent("continued");
    await dc!.customRequest("langgraph/runTo", { node: "review" });
    await continued;
    const atReview = await stopped();
    expect(atReview).toMatchObject({ reason: "step", description: "Paused before review (Run to here)" });
    expect(atReview.hitBreakpointIds).toBeUndefined();
    expect(await frames()).toEqual(["review"]);
    // review's interrupt() stops first: the stop before publish goes with it, so resume runs to the end.
    await dc!.customRequest("langgraph/runTo", { node: "publish" });
    expect(await stopped()).toMatchObject({ reason: "interrupt", description: "Approve this draft?" });
    const end = terminated();
    await dc!.customRequest("resume", { value: "yes" });
    await end;
    expect(output.join("")).not.toContain("Paused before publish");
  });

  it("attach to a thread waiting in interrupt() stops at once; resume finishes it", async () => {
    let run = await launch({ assistant: "hitl", input: { topic: "ants" } });
    await run.launched;
    await stopped();
    const threadId = output.join("").match(/Run on thread ([0-9a-f-]{36})/)![1];
    await dc!.stop();

    run = await launch({ thread: threadId }, {}, "attach");
    await run.launched;
    expect(await stopped()).toMatchObject({ reason: "entry", description: `Attached to thread ${threadId}` });
    expect(await frames()).toEqual(["review"]);
    expect((await stateVariables()).get("topic")!.value).toBe('"ants"');
    const end = terminated();
    await dc!.customRequest("resume", { value: "no" });
    await end;
    expect((await deployment.client.threads.state(threadId)).values).toMatchObject({ published: false, verdict: "no" });
  });

  // delay_ms 400: the run's part before tools is the model's tool call, 4 chunks delay_ms apart (`tokens` sets the answer after it).
  it("attach to a run in progress follows it from its start and stops at the run's own interrupt_before; continue finishes it", async () => {
    const threadId = (await deployment.client.threads.create()).thread_id;
    // Slow enough (four tool-call chunks, 1 s apart) to be still going once the adapter is up: at 400 ms a
    // loaded CI machine once launched the adapter after the run had already paused ("not in progress").
    // Two answer tokens keep the end short.
    const run = await deployment.client.runs.stream(threadId, "agent", { input: userSays("Weather in Paris?"), config: { configurable: { delay_ms: 1000, tokens: 2 } }, interrupt_before: ["tools"] }, { cancelOnAbort: false });
    const owner = (async () => {
      for await (const message of run) void message;
    })();
    await expect.poll(async () => (await deployment.client.threads.get(threadId)).status, { timeout: 15_000, interval: 100 }).toBe("busy");
    const { launched } = await launch({ thread: threadId }, {}, "attach");
    await launched;
    expect(await stopped()).toMatchObject({ reason: "breakpoint", description: "Paused before tools (the run's own breakpoint)" });
    expect(await frames()).toEqual(["tools"]);
    expect((await stateVariables()).get("messages")!.value).toBe("Array(2)");
    const text = output.join("");
    expect(text).toContain(`Following run ${run.runId} on thread ${threadId}`);
    expect(text).toContain("▶ agent");
    await owner;
    const end = terminated();
    await dc!.continueRequest({ threadId: 1 });
    await end;
    expect(((await deployment.client.threads.state(threadId)).values as { messages: unknown[] }).messages).toHaveLength(4);
  });

  it("restart runs the same launch again on a new thread", async () => {
    const { launched } = await launch({ assistant: "agent", input: userSays("Hi") }, { functionBreakpoints: [{ name: "tools" }] });
    await launched;
    expect(await stopped()).toMatchObject({ reason: "function breakpoint" });
    const first = (await dc!.threadsRequest()).body.threads[0].name;
    const again = stopped();
    await dc!.send("restart", {});
    expect(await again).toMatchObject({ reason: "function breakpoint", description: "Paused before tools" });
    const second = (await dc!.threadsRequest()).body.threads[0].name;
    expect(second).toMatch(/^thread [0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
    expect((await stateVariables()).get("messages")!.value).toBe("Array(2)");
  });

  it("exception filters: nodeError off, a node error ends the session without a stop; interrupt off, the session ends at interrupt() and the thread keeps waiting", async () => {
    const stops: unknown[] = [];
    let run = await launch({ assistant: "broken", input: {} }, { filters: ["interrupt"] });
    dc!.on("stopped", (e) => stops.push(e));
    let exited = dc!.waitForEvent("exited");
    await run.launched;
    expect((await exited).body).toEqual({ exitCode: 1 });
    expect(stops).toEqual([]);
    expect(output.join("")).toMatch(/Run failed in explode: .*Boom[\s\S]*"Node errors" exception filter is off/);
    await dc!.stop();

    run = await launch({ assistant: "hitl", input: { topic: "owls" } }, { filters: ["nodeError"] });
    dc!.on("stopped", (e) => stops.push(e));
    exited = dc!.waitForEvent("exited");
    await run.launched;
    expect((await exited).body).toEqual({ exitCode: 0 });
    expect(stops).toEqual([]);
    expect(output.join("")).toContain('The run waits in interrupt(): Approve this draft? (the "interrupt()" exception filter is off');
    const threadId = output.join("").match(/Run on thread ([0-9a-f-]{36})/)![1];
    expect((await deployment.client.threads.get(threadId)).status).toBe("interrupted");
  });

  it("pause cancels the running step and stops; continue runs it again to the end", async () => {
    const { launched } = await launch({ assistant: "agent", input: userSays("Hi"), config: { configurable: { delay_ms: 100, tokens: 15 } } });
    await launched;
    await expect.poll(() => output.join(""), { timeout: 15_000 }).toContain("▶ agent");
    await dc!.pauseRequest({ threadId: 1 });
    expect(await stopped()).toMatchObject({ reason: "pause" });
    expect(await frames()).toEqual(["agent"]);
    expect((await stateVariables()).get("messages")!.value).toBe("Array(1)");
    const end = terminated();
    await dc!.continueRequest({ threadId: 1 });
    await end;
    expect(output.join("")).toContain("Run finished.");
  });

  it("broken: a node error is an exception stop naming the error, at the state before the node; Continue retries the node; terminate ends the session", async () => {
    const { launched } = await launch({ assistant: "broken", input: {} });
    await launched;
    const stop = await stopped();
    expect(stop.reason).toBe("exception");
    expect(stop.description).toMatch(/Boom: the explode node failed on purpose/);
    // The stop shows the failed node and the state before it; Continue runs the node again (it fails again).
    expect(await frames()).toEqual(["explode"]);
    expect((await stateVariables()).get("prepared")!.value).toBe("true");
    await dc!.continueRequest({ threadId: 1 });
    const again = await stopped();
    expect(again).toMatchObject({ reason: "exception", description: expect.stringMatching(/Boom/) });
    const end = terminated();
    await dc!.terminateRequest();
    await end;
  });

  it("stepBack shows the previous checkpoint; continue from there forks the thread and finishes", async () => {
    const { launched } = await launch({ assistant: "agent", input: userSays("Hi") }, { functionBreakpoints: [{ name: "tools" }] });
    await launched;
    await stopped();
    await dc!.stepBackRequest({ threadId: 1 });
    expect(await stopped()).toMatchObject({ reason: "step" });
    expect(await frames()).toEqual(["agent"]);
    expect((await stateVariables()).get("messages")!.value).toBe("Array(1)");
    await dc!.setFunctionBreakpointsRequest({ breakpoints: [] });
    const end = terminated();
    await dc!.continueRequest({ threadId: 1 });
    await end;
    const threadId = output.join("").match(/Run on thread ([0-9a-f-]{36})/)![1];
    const history = await deployment.client.threads.history(threadId, { limit: 50 });
    expect(history.some((h) => (h.metadata as { source?: string } | null)?.source === "fork")).toBe(true);
    expect((history[0].values as { messages: unknown[] }).messages).toHaveLength(4);
  });

  it("setVariable writes JSON into the state (and refuses what is not JSON); evaluate reads the state", async () => {
    const { launched } = await launch({ assistant: "hitl", input: { topic: "bees" } }, { functionBreakpoints: [{ name: "review" }] });
    await launched;
    expect(await stopped()).toMatchObject({ reason: "function breakpoint" });
    const state = await stateVariables();
    expect(state.get("draft_text")!.value).toMatch(/bees/);
    await expect(dc!.setVariableRequest({ variablesReference: state.ref, name: "draft_text", value: "not json" })).rejects.toThrow(/must be JSON/);
    const set = await dc!.setVariableRequest({ variablesReference: state.ref, name: "draft_text", value: '"Edited draft"' });
    expect(set.body.value).toBe('"Edited draft"');
    expect((await dc!.evaluateRequest({ expression: "draft_text", context: "watch" })).body.result).toBe('"Edited draft"');
    expect((await dc!.evaluateRequest({ expression: 'topic == "bees" && !(draft_text == "")', context: "repl" })).body.result).toBe("true");
    await expect(dc!.evaluateRequest({ expression: "constructor.constructor", context: "repl" })).rejects.toThrow(/not in the state/);
    await dc!.continueRequest({ threadId: 1 });
    expect(await stopped()).toMatchObject({ reason: "interrupt" });
    const frameId = (await dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].id;
    const next = (await dc!.scopesRequest({ frameId })).body.scopes.find((s) => s.name === "Next")!;
    const interrupts = (await dc!.variablesRequest({ variablesReference: next.variablesReference })).body.variables.find((v) => v.name === "interrupts")!;
    const first = (await dc!.variablesRequest({ variablesReference: interrupts.variablesReference })).body.variables[0];
    const payload = (await dc!.variablesRequest({ variablesReference: first.variablesReference })).body.variables.find((v) => v.name === "value")!;
    const fields = (await dc!.variablesRequest({ variablesReference: payload.variablesReference })).body.variables;
    expect(fields.find((f) => f.name === "draft")!.value).toBe('"Edited draft"');
  });

  it("stopOnEntry, then a data breakpoint on summary stops where join writes it [differs: §7a]", async () => {
    const { launched } = await launch({ assistant: "fanout", input: { topic: "tests" }, stopOnEntry: true });
    await launched;
    expect(await stopped()).toMatchObject({ reason: "entry" });
    expect(await frames()).toEqual(["split"]);
    const info = await dc!.dataBreakpointInfoRequest({ name: "summary" });
    expect(info.body.dataId).toBe("summary");
    await dc!.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
    await dc!.continueRequest({ threadId: 1 });
    // join is the last step [differs: §7a]: JS pauses after it, Python finishes (the adapter stops on the finished run).
    expect(await stopped()).toMatchObject({ reason: "data breakpoint", description: kind === "js" ? "summary changed in join" : "summary changed in join (the run has finished)" });
    expect((await dc!.evaluateRequest({ expression: "summary", context: "hover" })).body.result).toMatch(/^"Joined 2 results/);
    const end = terminated();
    await dc!.continueRequest({ threadId: 1 });
    await end;
  });

  it("terminate during a run cancels it on the server", async () => {
    const { launched } = await launch({ assistant: "agent", input: userSays("Hi"), config: { configurable: { delay_ms: 150, tokens: 40 } } });
    await launched;
    await expect.poll(() => output.join(""), { timeout: 15_000 }).toContain("▶ agent");
    const end = terminated();
    await dc!.terminateRequest();
    await end;
    const threadId = output.join("").match(/Run on thread ([0-9a-f-]{36})/)![1];
    await expect.poll(async () => (await deployment.client.threads.get(threadId)).status, { timeout: 15_000 }).not.toBe("busy");
  });

  it("a breakpoint inside a subgraph is flagged, saying to break on the subgraph's node (more bad inputs: badInputs.test.ts)", async () => {
    const { launched, breakpoints } = await launch(
      { assistant: "nested", input: userSays("Hi") },
      { functionBreakpoints: [{ name: "prepare", condition: "messages.length >" }, { name: "child:child_llm" }, { name: "finish", hitCondition: "often" }] },
    );
    await launched;
    expect(breakpoints[0]).toMatchObject({ verified: false, message: expect.stringMatching(/^Condition `messages.length >` does not parse/) });
    expect(breakpoints[1]).toMatchObject({ verified: false, message: expect.stringMatching(/run-level interrupts apply to top-level nodes only.*Break on the subgraph's node \(child\)/) });
    expect(breakpoints[2]).toMatchObject({ verified: false, message: expect.stringMatching(/Hit condition `often` is not understood/) });
    await terminated();
  });

  it("Step Into a subgraph's node runs it as one superstep and says why (the server pauses only at top-level nodes)", async () => {
    const { launched } = await launch({ assistant: "nested", input: userSays("Hi") }, { functionBreakpoints: [{ name: "child" }] });
    await launched;
    expect(await stopped()).toMatchObject({ reason: "function breakpoint" });
    expect(await frames()).toEqual(["child"]);
    await dc!.stepInRequest({ threadId: 1 });
    expect(await stopped()).toMatchObject({ reason: "step" });
    expect(await frames()).toEqual(["finish"]);
    expect(output.join("")).toMatch(/Step Into runs child as one superstep: .* cannot stop inside a subgraph/);
    await dc!.setFunctionBreakpointsRequest({ breakpoints: [] });
    const end = terminated();
    await dc!.continueRequest({ threadId: 1 });
    await end;
  });
});

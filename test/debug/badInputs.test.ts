// Bad inputs to the `langgraph` debug adapter, on the real JS and Python servers: each gets a clear
// message (the request's error, a breakpoint's verification message, or the Debug Console), the
// session ends cleanly or stays usable, and nothing on the server is lost.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/freePort";
import { DapHarness, ensureAdapterBuilt, stopSessionAfterEach, userSays } from "../support/dapHarness";
import { SERVER_KINDS, startServer, type RunningServer } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

const FAST = { configurable: { delay_ms: 0 } };
const SLOW = { configurable: { delay_ms: 100, tokens: 40 } };
const NO_SUCH_THREAD = "6f1c4c5e-0000-4000-8000-000000000000";

describe.each(SERVER_KINDS)("bad inputs to the debug adapter on the real %s server", (kind) => {
  beforeAll(ensureAdapterBuilt);
  const deployment = onSharedDeployment(kind);
  const h = new DapHarness();
  stopSessionAfterEach(h);

  const launch = (args: Record<string, unknown>, setup?: Parameters<DapHarness["start"]>[2]) => h.start("launch", { deploymentUrl: deployment.server.url, config: FAST, ...args }, setup);

  it("launch and attach arguments that cannot work are refused, each saying why", async () => {
    const refused = (args: Record<string, unknown>, request: "launch" | "attach" = "launch") => h.refused(request, { deploymentUrl: deployment.server.url, config: FAST, ...args });
    // A thread with a run behind it, for the checkpoint and run cases.
    const thread = (await deployment.client.threads.create()).thread_id;
    const ran = await deployment.client.runs.stream(thread, "agent", { input: userSays("Hi"), config: FAST });
    for await (const message of ran) void message;

    expect(await refused({ assistant: "nope", input: {} })).toMatch(/No assistant or graph "nope" on .*graphs: .*agent/);
    expect(await refused({ assistant: "agent", input: '{"messages": [' })).toMatch(/"input" is not valid JSON/);
    expect(await refused({ assistant: "agent", input: 42 })).toMatch(/"input" must be an object .* not number/);
    expect(await refused({ assistant: "agent", input: [1, 2] })).toMatch(/"input" must be an object .* not a list/);
    expect(await refused({ assistant: "agent", config: "fast" })).toMatch(/"config" must be an object, not string/);
    expect(await refused({ assistant: "agent", deploymentUrl: "localhost:2024" })).toMatch(/"deploymentUrl" must be http or https|"deploymentUrl" is not a URL/);
    expect(await refused({ assistant: "agent", deploymentUrl: `http://127.0.0.1:${await freePort()}` })).toMatch(/Cannot reach the LangGraph server at http:\/\/127\.0\.0\.1:\d+/);
    expect(await refused({ assistant: "agent", thread: NO_SUCH_THREAD })).toMatch(new RegExp(`Thread ${NO_SUCH_THREAD} does not exist`));
    expect(await refused({ assistant: "agent", checkpoint: "1f0-nope" })).toMatch(/"checkpoint" needs "thread"/);
    expect(await refused({ assistant: "agent", thread, checkpoint: "1f0c0a4e-0000-6000-8000-000000000000" })).toMatch(/Checkpoint 1f0c0a4e-0000-6000-8000-000000000000 is not one of thread [0-9a-f-]{36}'s \(\d+ checkpoints\)/);
    expect(await refused({ assistant: "agent", input: "Hi", breakpoints: ["tool"] })).toMatch(/"breakpoints": The graph has no node tool \(nodes: agent, tools\)/);
    expect(await refused({ thread: NO_SUCH_THREAD }, "attach")).toMatch(new RegExp(`Thread ${NO_SUCH_THREAD} does not exist`));
    expect(await refused({}, "attach")).toMatch(/"thread" is required to attach/);
    expect(await refused({ thread, run: "1f0c0a4e-0000-4000-8000-000000000000" }, "attach")).toMatch(/Run 1f0c0a4e-0000-4000-8000-000000000000 does not exist on thread/);
    // Nothing was lost: the thread still has its run's messages.
    expect(((await deployment.client.threads.state(thread)).values as { messages: unknown[] }).messages).toHaveLength(4);
  });

  it("an input key the graph's input schema does not name is said in the Debug Console once its schemas are read; the run still goes", async () => {
    // A common slip: the run's config written inside "input", where the server drops it.
    const { launched } = await launch({ assistant: "agent", input: { ...userSays("Hi"), config: FAST } });
    const end = h.terminated();
    await launched;
    await expect.poll(() => h.text(), { timeout: 60_000 }).toContain(`"input" has a key the graph's input schema does not name, which the server drops: config. Put "config" beside "input"`);
    await end;
    expect(h.text()).toContain("Run finished.");
  });

  it("breakpoints and filters that cannot work are flagged; a condition that fails when evaluated stops and says why", async () => {
    const { launched, breakpoints, filters } = await launch(
      { assistant: "agent", input: userSays("Hi") },
      {
        functionBreakpoints: [{ name: "agent", condition: "messages.length >" }, { name: "agent", hitCondition: "often" }, { name: "agent", condition: "messages.map(m)" }, { name: "tools", condition: 'messages[0].content.length > "x"' }],
        filters: ["nodeError", "everything"],
      },
    );
    expect(breakpoints[0]).toMatchObject({ verified: false, message: expect.stringMatching(/^Condition `messages.length >` does not parse/) });
    expect(breakpoints[1]).toMatchObject({ verified: false, message: expect.stringMatching(/Hit condition `often` is not understood/) });
    expect(breakpoints[2]).toMatchObject({ verified: false, message: expect.stringMatching(/function calls are not allowed/) });
    expect(breakpoints[3]).toMatchObject({ verified: true });
    expect(filters).toEqual([{ verified: true }, { verified: false, message: expect.stringMatching(/No exception filter everything \(filters: nodeError, interrupt\)/) }]);
    await launched;
    const stop = await h.stopped();
    expect(stop).toMatchObject({ reason: "function breakpoint", description: expect.stringMatching(/> compares two numbers or two strings, not number 2 and string "x"/) });
    expect(await h.frames()).toEqual(["tools"]);
    const end = h.terminated();
    await h.dc!.continueRequest({ threadId: 1 });
    await end;
    expect(h.text()).toContain("Run finished.");
  });

  it("requests that make no sense at a stop are refused; the session stays usable and the run finishes as it would have", async () => {
    const { launched } = await launch({ assistant: "hitl", input: { topic: "bees" }, stopOnEntry: true });
    await launched;
    expect(await h.stopped()).toMatchObject({ reason: "entry" });
    const dc = h.dc!;
    // Step back at the first checkpoint: refused once there is nothing earlier.
    let back: string | undefined;
    for (let i = 0; i < 4 && !back; i++) {
      back = await dc.stepBackRequest({ threadId: 1 }).then(
        async () => void (await h.stopped()),
        (e: Error) => e.message,
      );
    }
    expect(back).toMatch(/Already at the first checkpoint of this thread/);
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: "review" }] });
    await dc.continueRequest({ threadId: 1 });
    expect(await h.stopped()).toMatchObject({ reason: "function breakpoint", description: "Paused before review" });

    const state = await h.scopeVariables("State");
    await expect(dc.setVariableRequest({ variablesReference: state.ref, name: "draft_text", value: "Edited, not quoted" })).rejects.toThrow(/must be JSON \(strings in double quotes\).*Nothing was written/);
    const config = await h.scopeVariables("Config");
    await expect(dc.setVariableRequest({ variablesReference: config.ref, name: "thread", value: '"x"' })).rejects.toThrow(/Only values in the State scope can be edited, not in Config/);
    expect((await dc.dataBreakpointInfoRequest({ variablesReference: config.ref, name: "thread" })).body).toMatchObject({ dataId: null, description: expect.stringMatching(/Only values in the State scope/) });
    await expect(dc.evaluateRequest({ expression: "no_such_key", context: "watch" })).rejects.toThrow(/`no_such_key` is not in the state \(keys: .*topic/);
    await expect(dc.evaluateRequest({ expression: "topic ==", context: "repl" })).rejects.toThrow(/`topic ==` does not parse/);
    await expect(dc.customRequest("resume", { value: "yes" })).rejects.toThrow(/Nothing waits for an answer/);

    await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    await dc.continueRequest({ threadId: 1 });
    expect(await h.stopped()).toMatchObject({ reason: "interrupt" });
    await expect(dc.continueRequest({ threadId: 1 })).rejects.toThrow(/a node waits in interrupt\(\) for an answer.*custom request `resume`/);
    await expect(dc.nextRequest({ threadId: 1 })).rejects.toThrow(/a node waits in interrupt\(\)/);
    await expect(dc.customRequest("resume", {})).rejects.toThrow(/`resume` needs a `value`/);
    await expect(dc.customRequest("resume", { value: "yes", interruptId: "nope" })).rejects.toThrow(/No interrupt nope waits \(waiting: /);
    // Still usable: the answer goes through and the run ends as it would have.
    const end = h.terminated();
    await dc.customRequest("resume", { value: "yes" });
    await end;
    expect((await deployment.client.threads.state(h.threadId())).values).toMatchObject({ topic: "bees", published: true, verdict: "yes" });
  });

  describe("a deployment that goes away", () => {
    let doomed: RunningServer | undefined;
    afterEach(async () => {
      await doomed?.stop();
      doomed = undefined;
    });

    it("killed while the session is stopped: continue says the deployment went away and the session ends", async () => {
      doomed = await startServer(kind);
      const { launched } = await h.start("launch", { deploymentUrl: doomed.url, config: FAST, assistant: "agent", input: userSays("Hi") }, { functionBreakpoints: [{ name: "tools" }] });
      await launched;
      await h.stopped();
      await doomed.stop();
      const end = h.terminated();
      const exited = h.dc!.waitForEvent("exited");
      await h.dc!.continueRequest({ threadId: 1 });
      await end;
      expect((await exited).body).toEqual({ exitCode: 1 });
      expect(h.text()).toMatch(new RegExp(`The deployment went away: cannot reach the LangGraph server at ${doomed.url.replace(/[.:/]/g, "\\$&")}`));
    });

    it("killed while the run is going: the session says the deployment went away and ends, without hanging", async () => {
      doomed = await startServer(kind);
      const { launched } = await h.start("launch", { deploymentUrl: doomed.url, config: SLOW, assistant: "agent", input: userSays("Hi") });
      await launched;
      await expect.poll(() => h.text(), { timeout: 20_000 }).toContain("▶ agent");
      const end = h.terminated();
      const exited = h.dc!.waitForEvent("exited");
      await doomed.stop();
      await end;
      expect((await exited).body).toEqual({ exitCode: 1 });
      expect(h.text()).toMatch(/The deployment went away: cannot reach the LangGraph server/);
    });
  });
});

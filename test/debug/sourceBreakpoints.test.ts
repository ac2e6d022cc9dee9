// The debug adapter and the graph's code, over DAP against both real servers: stack frames open the
// node's function, a line of a node's code breaks before that node, a line of no node is refused with
// the reason, and logpoints print over the state without stopping.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DapHarness, ensureAdapterBuilt, userSays } from "../support/dapHarness";
import { repoRoot } from "../support/langgraphServer";
import { SERVER_KINDS, type RunningServer } from "../support/servers";
import { sharedServer } from "../support/sharedServers";

const FAST = { configurable: { delay_ms: 0 } };

/** The sample project of each server, its agent graph's file and the lines the tests break on. */
function sample(kind: "js" | "python") {
  const project = path.join(repoRoot(), "examples", kind);
  const [file, other] = kind === "js" ? ["src/agent.ts", "src/hitl.ts"] : ["sample_graphs/agent.py", "sample_graphs/hitl.py"];
  const lines = readFileSync(path.join(project, file), "utf8").split("\n");
  const lineOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
  return {
    project,
    file: path.join(project, file),
    other: path.join(project, other),
    agentDef: lineOf(kind === "js" ? "async function callModel" : "async def call_model"),
    agentBody: lineOf(kind === "js" ? "await model.invoke" : "await model.ainvoke"),
    toolsAdd: lineOf(kind === "js" ? '.addNode("tools"' : '.add_node("tools"'),
    noNode: lineOf(kind === "js" ? "const tools = [getWeather]" : "tools = [get_weather]"),
  };
}

describe.each(SERVER_KINDS)("source breakpoints on the real %s server", (kind) => {
  let server: RunningServer;
  const dap = new DapHarness();
  const s = sample(kind);

  beforeAll(async () => {
    await ensureAdapterBuilt();
    server = await sharedServer(kind);
  });

  afterAll(async () => {
    await server?.stop();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.log(`Debug Console of the failed test:\n${dap.text()}`);
    await dap.stop();
  });

  const launch = (sourceBreakpoints: Record<string, { line: number; condition?: string; logMessage?: string }[]>) =>
    dap.start("launch", { deploymentUrl: server.url, config: FAST, assistant: "agent", input: userSays("Weather in Paris?"), project: s.project }, { sourceBreakpoints });

  it("a line of the tools node stops before tools; frames open the node's code; lines of no node and other files are refused with the reason", async () => {
    const logMessage = "agent's turn with {messages.length} messages";
    const { launched, sourceBreakpoints } = await launch({ [s.file]: [{ line: s.toolsAdd }, { line: s.noNode }, { line: s.agentDef, logMessage }], [s.other]: [{ line: 1 }] });
    await launched;
    const [tools, none] = sourceBreakpoints[s.file];
    expect(tools).toMatchObject({ verified: true, line: s.toolsAdd, message: "Breaks before node tools of graph agent", source: { path: s.file } });
    expect(none).toMatchObject({ verified: false, line: s.noNode, message: `Line ${s.noNode} belongs to no node of graph agent.` });
    expect(sourceBreakpoints[s.other][0]).toMatchObject({ verified: false, message: expect.stringMatching(new RegExp(`^${path.basename(s.other).replace(".", "\\.")} is not part of graph agent`)) });

    expect(await dap.stopped()).toMatchObject({ reason: "breakpoint", description: "Paused before tools", hitBreakpointIds: [tools.id] });
    const [toolsFrame] = (await dap.dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    expect(toolsFrame).toMatchObject({ name: "tools", source: { path: s.file, name: path.basename(s.file) }, line: s.toolsAdd });

    await dap.dc!.nextRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "step" });
    const [agentFrame] = (await dap.dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    expect(agentFrame).toMatchObject({ name: "agent", source: { path: s.file }, line: s.agentDef });
    // The logpoint before agent printed when the run went on past it, and at the step's pause before agent.
    expect(dap.text()).toMatch(/agent's turn with 1 messages\n[\s\S]*agent's turn with 3 messages\n/);

    const end = dap.terminated();
    await dap.dc!.setBreakpointsRequest({ source: { path: s.file }, breakpoints: [] });
    await dap.dc!.continueRequest({ threadId: 1 });
    await end;
  });

  it("with a debugger of the graphs' code attached (langgraph/childAttached), a line inside a node's function is the child's; the function's first line and the add line still break before the node", async () => {
    const { launched, sourceBreakpoints } = await launch({ [s.file]: [{ line: s.agentBody }, { line: s.agentDef }, { line: s.toolsAdd }] });
    await launched;
    const [body, def, tools] = sourceBreakpoints[s.file];
    expect(body).toMatchObject({ verified: true, message: "Breaks before node agent of graph agent" });
    expect(await dap.stopped()).toMatchObject({ description: "Paused before agent", hitBreakpointIds: [body.id, def.id] });

    await dap.dc!.customRequest("langgraph/childAttached", { language: kind });
    const debuggerName = kind === "js" ? "the JavaScript debugger" : "the Python debugger";
    expect(dap.breakpointEvents.findLast((e) => e.breakpoint.id === body.id)?.breakpoint).toMatchObject({ verified: false, line: s.agentBody, message: `Line ${s.agentBody} is inside node agent's code: ${debuggerName} stops there. Line ${s.agentDef} (its function) breaks before agent.` });
    expect(dap.verified(def) && dap.verified(tools)).toBe(true);

    await dap.dc!.continueRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ description: "Paused before tools", hitBreakpointIds: [tools.id] });
    await dap.dc!.continueRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ description: "Paused before agent", hitBreakpointIds: [def.id] });

    // The child went: every line of the function breaks before agent again.
    await dap.dc!.customRequest("langgraph/childAttached", { language: kind, attached: false });
    expect(dap.verified(body)).toBe(true);
    expect((await dap.dc!.customRequest("langgraph/childAttached", { language: "ruby" }).catch((e: Error) => e)).message).toMatch(/"language" is "js" or "python"/);
  });

  it("launch's breakpoints with a project and no gutter breakpoint: the run starts only after the code is read, and stops at them", async () => {
    // VS Code sends configurationDone whenever it is ready, here while launch still reads the code (the
    // proxy holds the read of the assistant, which comes after launch knows what to run).
    const slow = await slowProxy(server.url, (req) => req.method === "GET" && /^\/assistants\/[^/]+$/.test(req.url ?? ""));
    try {
      const args = { deploymentUrl: slow.url, config: FAST, assistant: "fanout", input: { topic: "frames" }, breakpoints: ["left"], project: s.project };
      const { launched } = await dap.start("launch", args, { beforeConfigurationDone: slow.held });
      await launched;
      expect(await dap.stopped()).toMatchObject({ reason: "function breakpoint", description: "Paused before left" });
    } finally {
      await dap.stop();
      slow.close();
    }
  });

  it("attach with a project: the paused thread's frame opens the node's code", async () => {
    const run = await launch({ [s.file]: [{ line: s.toolsAdd }] });
    await run.launched;
    await dap.stopped();
    const threadId = dap.threadId();
    await dap.stop();

    const attached = await dap.start("attach", { deploymentUrl: server.url, thread: threadId, project: s.project });
    await attached.launched;
    expect(await dap.stopped()).toMatchObject({ reason: "entry" });
    const [frame] = (await dap.dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    expect(frame).toMatchObject({ name: "tools", source: { path: s.file }, line: s.toolsAdd });
  });

  it("a condition over the state decides; logpoints print their line at the node with values from the state and the run goes on; a bad expression says why", async () => {
    const logMessage = "tools gets {messages.length} messages, the last one {messages[-1].type}";
    const { launched, sourceBreakpoints } = await launch({
      [s.file]: [
        { line: s.agentBody, condition: "messages.length > 2" },
        { line: s.toolsAdd, logMessage },
        { line: s.agentDef, logMessage: "agent sees {nope.x}" },
      ],
    });
    await launched;
    const [conditional, logpoint] = sourceBreakpoints[s.file];
    expect(logpoint).toMatchObject({ verified: true, message: "Logs before node tools of graph agent" });
    // Before agent with one message the condition is false; before tools the logpoint prints; the first stop is agent's second turn.
    expect(await dap.stopped()).toMatchObject({ reason: "breakpoint", description: "Paused before agent", hitBreakpointIds: [conditional.id] });
    expect((await dap.scopeVariables()).get("messages")!.value).toBe("Array(3)");
    const text = dap.text();
    expect(text).toContain("condition `messages.length > 2` is false; going on");
    expect(dap.outputEvents.find((e) => e.output.startsWith("tools gets"))).toMatchObject({ output: "tools gets 2 messages, the last one ai\n", category: "stdout", source: { path: s.file }, line: s.toolsAdd });
    expect(text).toMatch(/agent sees <error in \{nope\.x\}: `nope` is not in the state \(keys: messages\)>\n/);
  });
});

/** A proxy in front of a server that answers the requests `late` picks one second late; `held` settles when it holds the first. */
async function slowProxy(target: string, late: (req: http.IncomingMessage) => boolean): Promise<{ url: string; held: Promise<void>; close(): void }> {
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const server = http.createServer((req, res) => {
    const forward = () => {
      const upstream = http.request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    };
    if (!late(req)) return forward();
    holding();
    setTimeout(forward, 1_000);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, held, close: () => server.close() };
}

// The Python half of line-level debugging, at the protocol level: the dev server that a `"server":
// "start"` session starts (src/engine/devServer.ts) runs `langgraph dev --debug-port`, and a DAP
// client attached to debugpy there (as VS Code's Python Debugger attaches) stops on a line inside a
// sample node's function while a run goes through the LangGraph API, then the run finishes.
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "../../src/engine/devServer";
import { repoRoot } from "../support/langgraphServer";

const project = path.join(repoRoot(), "examples", "python");
const agentFile = path.join(project, "sample_graphs", "agent.py");
/** The first line of call_model's body, the `agent` node's function. */
const line = readFileSync(agentFile, "utf8").split("\n").findIndex((text) => text.includes("model = FakeStreamingChatModel")) + 1;

/** DebugClient has no timeouts over a socket: a waiting step fails after `ms` instead of hanging. */
function within<T>(what: string, promise: Promise<T>, ms = 30_000): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())]);
}

/** A DAP connection to debugpy: initialize, attach, the agent breakpoint, configurationDone. */
async function attach(port: number, args: Record<string, unknown>, watch: (dc: DebugClient) => void): Promise<{ dc: DebugClient; breakpoint: DebugProtocol.Breakpoint }> {
  const dc = new DebugClient("python", "", "debugpy");
  await dc.start(port);
  watch(dc);
  const initialized = dc.waitForEvent("initialized");
  await dc.initializeRequest({ adapterID: "debugpy", linesStartAt1: true, columnsStartAt1: true, pathFormat: "path" });
  const attached = dc.attachRequest(args as DebugProtocol.AttachRequestArguments);
  await within("initialized", initialized);
  const set = await dc.setBreakpointsRequest({ source: { path: agentFile }, breakpoints: [{ line }] });
  await dc.configurationDoneRequest();
  await within("the attach response", attached);
  return { dc, breakpoint: set.body.breakpoints[0] };
}

describe.skipIf(process.env.LGD_SERVERS === "js")("debugpy in the Python sample's dev server", () => {
  let server: DevServer;
  const clients: DebugClient[] = [];

  beforeAll(async () => {
    server = await startDevServer({ project, debug: true });
  });

  afterAll(async () => {
    for (const dc of clients) await dc.stop().catch(() => undefined);
    await server?.stop();
  });

  it("stops on a line inside the agent node's function during a run, then the run finishes", async () => {
    expect(line).toBeGreaterThan(1);
    expect(server.debugPort, server.debugProblem).toBeTypeOf("number");
    // The server runs in a subprocess of the CLI (uvicorn's reloader): debugpy announces each one with
    // `debugpyAttach`, and the client attaches to it as a child session, as VS Code's Python Debugger does.
    let onStop: (stop: { dc: DebugClient; body: DebugProtocol.StoppedEvent["body"] }) => void = () => undefined;
    const stopped = within("stopped", new Promise<{ dc: DebugClient; body: DebugProtocol.StoppedEvent["body"] }>((resolve) => (onStop = resolve)), 60_000);
    const children: Promise<unknown>[] = [];
    const watch = (dc: DebugClient) => {
      clients.push(dc);
      dc.on("stopped", (e: DebugProtocol.StoppedEvent) => onStop({ dc, body: e.body }));
      dc.on("debugpyAttach", (e: DebugProtocol.Event) => {
        const config = e.body as { connect: { port: number } };
        children.push(attach(config.connect.port, config, watch));
      });
    };
    const main = await attach(server.debugPort!, { justMyCode: true }, watch);
    expect(main.breakpoint).toMatchObject({ verified: true, line });
    await within("the server's subprocesses to be announced", (async () => {
      while (children.length === 0) await new Promise((r) => setTimeout(r, 100));
      await Promise.all(children);
    })());

    const run = fetch(`${server.url}/runs/wait`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: "agent", input: { messages: [{ role: "user", content: "weather in Paris?" }] }, config: { configurable: { delay_ms: 0 } } }),
    }).then((r) => r.json() as Promise<{ messages?: { type: string; content: string }[] }>);
    const { dc, body: stop } = await stopped;
    expect(stop.reason).toBe("breakpoint");
    const frames = (await dc.stackTraceRequest({ threadId: stop.threadId! })).body.stackFrames;
    expect(frames[0]).toMatchObject({ name: "call_model", line, source: { path: agentFile } });
    const scopes = (await dc.scopesRequest({ frameId: frames[0].id })).body.scopes;
    const locals = (await dc.variablesRequest({ variablesReference: scopes[0].variablesReference })).body.variables.map((v) => v.name);
    expect(locals).toEqual(expect.arrayContaining(["state", "config"]));

    // Out of the way for the rest of the run (the agent node runs twice: before and after tools).
    await dc.setBreakpointsRequest({ source: { path: agentFile }, breakpoints: [] });
    await dc.continueRequest({ threadId: stop.threadId! });
    const result = await within("the run to finish", run, 60_000);
    expect(result.messages?.at(-1)?.type).toBe("ai");
  });
});

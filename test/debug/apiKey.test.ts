// The standalone debug adapter against a sample deployment that demands a key (langgraph.auth.json),
// on both real servers: a launch without the key is refused saying so and naming the deployment; with
// LANGGRAPH_API_KEY in the adapter's environment it stops on entry and runs to the end. In VS Code
// (the session in-process, as the inline adapter runs it) the host says the refusal itself, so the
// launch error asks VS Code to show nothing more.
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LangGraphDebugSession } from "../../src/debug/langgraphSession";
import { LangGraphClient } from "../../src/engine/client";
import type { LangGraphHttpError } from "../../src/engine/client/httpError";
import { DapHarness, ensureAdapterBuilt } from "../support/dapHarness";
import { SERVER_KINDS, startAuthServer, type RunningServer } from "../support/servers";

const KEY = "dap-sample-key-93e2a1";
const FAST = { configurable: { delay_ms: 0 } };

describe.each(SERVER_KINDS)("the debug adapter on a %s deployment that demands a key", (kind) => {
  let server: RunningServer;
  const h = new DapHarness();

  beforeAll(async () => {
    await ensureAdapterBuilt();
    server = await startAuthServer(kind, { apiKey: KEY });
  });

  afterAll(async () => {
    await server?.stop();
  });

  afterEach(async () => {
    delete process.env.LANGGRAPH_API_KEY;
    await h.stop();
  });

  it("without the key, the launch is refused naming the deployment and the status", async () => {
    const refused = await h.refused("launch", { deploymentUrl: server.url, assistant: "agent", input: "Hi", config: FAST });
    expect(refused).toBe(`The LangGraph server at ${server.url} refused the request (401 Missing API key: send it as x-api-key): set its API key ("LangGraph: Set API key" in VS Code; LANGGRAPH_API_KEY for the standalone adapter).`);
  });

  it("in-process with a host that says refusals itself: it is told once with the status, and the error response is not shown to the user", async () => {
    const told: LangGraphHttpError[] = [];
    const session = new LangGraphDebugSession({ createClient: (apiUrl) => new LangGraphClient({ apiUrl, apiKey: "wrong-key-123" }), onRefused: (error) => told.push(error) > 0 });
    const sent: DebugProtocol.ProtocolMessage[] = [];
    // The adapter library's emitter keeps one listener.
    const response = new Promise<DebugProtocol.Response>((resolve) =>
      session.onDidSendMessage((message) => {
        sent.push(message as DebugProtocol.ProtocolMessage);
        if ((message as DebugProtocol.Response).command === "launch") resolve(message as DebugProtocol.Response);
      }),
    );
    session.handleMessage({ seq: 1, type: "request", command: "launch", arguments: { deploymentUrl: server.url, assistant: "agent", input: "Hi", config: FAST } } as DebugProtocol.Request);
    const launch = (await response) as DebugProtocol.ErrorResponse;
    expect(launch.success).toBe(false);
    expect(launch.body.error).toMatchObject({ showUser: false });
    expect(told.map((e) => [e.status, e.serverMessage, e.apiUrl])).toEqual([[403, "Invalid API key", server.url]]);
    // The Debug Console keeps the sentence.
    expect(JSON.stringify(sent)).toContain(`refused the request (403 Invalid API key)`);
    session.dispose();
  });

  it("with LANGGRAPH_API_KEY (the adapter process inherits it), it stops on entry and runs to the end", async () => {
    process.env.LANGGRAPH_API_KEY = KEY;
    const { launched } = await h.start("launch", { deploymentUrl: server.url, assistant: "agent", input: "Weather in Paris?", config: FAST, stopOnEntry: true });
    await launched;
    expect((await h.stopped()).reason).toBe("entry");
    const terminated = h.terminated();
    await h.dc!.continueRequest({ threadId: 1 });
    await terminated;
    expect(h.text()).not.toContain(KEY);
  });
});

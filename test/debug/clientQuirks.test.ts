// What DAP clients other than VS Code send, byte for byte, as nvim-dap 0.6 does: `clientId` (not
// `clientID`), its own adapterID, `seq` counting from 0, Lua's empty tables written as `[]`, function
// breakpoints given in launch's `breakpoints` (it has no UI for them). Raw framing over stdio, no DebugClient.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADAPTER, ensureAdapterBuilt } from "../support/dapHarness";
import { SERVER_KINDS, type RunningServer } from "../support/servers";
import { sharedServer } from "../support/sharedServers";

interface Message {
  seq: number;
  type: "request" | "response" | "event";
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  body?: Record<string, unknown>;
}

/** A bare DAP client: writes Content-Length framed requests, collects every message the adapter sends. */
class RawClient {
  readonly received: Message[] = [];
  private seq = 0;
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  constructor(private readonly child: ChildProcess) {
    child.stdout!.on("data", (chunk: Buffer) => this.onData(chunk));
  }

  /** Sends a request (seq from 0, as nvim-dap does); returns its seq. */
  send(command: string, args?: unknown): number {
    const seq = this.seq++;
    const json = JSON.stringify(args === undefined ? { seq, type: "request", command } : { seq, type: "request", command, arguments: args });
    this.child.stdin!.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    return seq;
  }

  async response(seq: number): Promise<Message> {
    return this.waitFor((m) => m.type === "response" && m.request_seq === seq);
  }

  async event(name: string, after = 0): Promise<Message> {
    return this.waitFor((m) => m.type === "event" && m.event === name, after);
  }

  async waitFor(match: (m: Message) => boolean, from = 0, timeoutMs = 30_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out; received: ${this.received.map((m) => m.command ?? m.event).join(", ")}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const header = this.buffer.indexOf("\r\n\r\n");
      if (header < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, header).toString())?.[1]);
      if (this.buffer.length < header + 4 + length) break;
      this.received.push(JSON.parse(this.buffer.subarray(header + 4, header + 4 + length).toString()) as Message);
      this.buffer = this.buffer.subarray(header + 4 + length);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }
}

describe.each(SERVER_KINDS)("a DAP client like nvim-dap on the real %s server", (kind) => {
  let server: RunningServer;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    await ensureAdapterBuilt();
    server = await sharedServer(kind);
  });

  afterAll(async () => {
    await server?.stop();
  });

  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it("clientId, adapterID nvim-dap, seq from 0, empty tables as [], launch breakpoints: stops before tools, continues to the end", async () => {
    const adapter = spawn(process.execPath, [ADAPTER], { stdio: ["pipe", "pipe", "inherit"] });
    child = adapter;
    const dap = new RawClient(adapter);
    const init = await dap.response(dap.send("initialize", { clientId: "neovim", clientname: "neovim", adapterID: "nvim-dap", pathFormat: "path", columnsStartAt1: true, linesStartAt1: true, locale: "en_US" }));
    expect(init).toMatchObject({ success: true, request_seq: 0, body: { supportsConfigurationDoneRequest: true } });
    const launch = dap.send("launch", { type: "langgraph", request: "launch", name: "LangGraph: run agent", deploymentUrl: server.url, assistant: "agent", input: "Weather in Paris?", config: [], context: [], breakpoints: ["tools"] });
    await dap.event("initialized");
    const filters = await dap.response(dap.send("setExceptionBreakpoints", { filters: ["nodeError", "interrupt"] }));
    expect(filters.success).toBe(true);
    expect(await dap.response(launch)).toMatchObject({ success: true });
    expect(await dap.response(dap.send("configurationDone"))).toMatchObject({ success: true });
    const stopped = await dap.event("stopped");
    expect(stopped.body).toMatchObject({ reason: "function breakpoint", description: "Paused before tools", threadId: 1 });
    const trace = await dap.response(dap.send("stackTrace", { threadId: 1 }));
    expect((trace.body!.stackFrames as { name: string }[]).map((f) => f.name)).toEqual(["tools"]);
    const from = dap.received.length;
    expect(await dap.response(dap.send("continue", { threadId: 1 }))).toMatchObject({ success: true });
    await dap.event("terminated", from);
    expect(dap.received.filter((m) => m.event === "stopped")).toHaveLength(1);
  });
});

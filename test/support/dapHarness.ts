// Drives the `langgraph` debug adapter (node dist/debugAdapter.js) over stdio with DebugClient, the way
// a DAP client does: initialize, launch or attach, breakpoints, configurationDone. Shared by the
// debug-tier test files.
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { build } from "esbuild";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach } from "vitest";
import { repoRoot } from "./langgraphServer";

export const ADAPTER = path.join(repoRoot(), "dist", "debugAdapter.js");
export const userSays = (content: string) => ({ messages: [{ role: "user", content }] });

/** Newest modification time under a folder (the adapter's sources). */
function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return time;
}

/** The build tier writes dist/debugAdapter.js; a run of one test file alone rebuilds it when missing or stale. */
export async function ensureAdapterBuilt(): Promise<void> {
  const root = repoRoot();
  const sources = Math.max(newest(path.join(root, "src", "debug")), newest(path.join(root, "src", "engine")));
  if (existsSync(ADAPTER) && statSync(ADAPTER).mtimeMs >= sources) return;
  const { debugAdapterOptions } = (await import(path.join(root, "esbuild.mjs"))) as { debugAdapterOptions: (production: boolean) => object };
  await build({ ...debugAdapterOptions(false), logLevel: "warning" });
}

/** What the client sends between `initialized` and `configurationDone`. */
export interface Setup {
  functionBreakpoints?: DebugProtocol.FunctionBreakpoint[];
  dataBreakpoints?: DebugProtocol.DataBreakpoint[];
  /** Source breakpoints by file (absolute path). */
  sourceBreakpoints?: Record<string, DebugProtocol.SourceBreakpoint[]>;
  /** Exception filters; default both. */
  filters?: string[];
  /** Awaited before configurationDone is sent (a client that sends it later). */
  beforeConfigurationDone?: Promise<unknown>;
}

/** One adapter process and its Debug Console output. */
export class DapHarness {
  dc: DebugClient | undefined;
  output: string[] = [];
  /** The output events themselves (a logpoint's carries its source line). */
  outputEvents: DebugProtocol.OutputEvent["body"][] = [];
  /** `breakpoint` events received, oldest first. */
  breakpointEvents: DebugProtocol.BreakpointEvent["body"][] = [];
  /** `stopped` events not yet taken by `stopped()`: a fast adapter (a replay) can send one with the response that caused it. */
  private stops: DebugProtocol.StoppedEvent["body"][] = [];
  private stopWaiters: ((body: DebugProtocol.StoppedEvent["body"]) => void)[] = [];

  /** Starts an adapter, sends initialize, launch or attach (answered before the run starts) and the breakpoints. */
  async start(
    request: "launch" | "attach",
    args: Record<string, unknown>,
    setup: Setup = {},
  ): Promise<{ launched: Promise<unknown>; breakpoints: DebugProtocol.Breakpoint[]; filters: DebugProtocol.Breakpoint[]; sourceBreakpoints: Record<string, DebugProtocol.Breakpoint[]> }> {
    const dc = new DebugClient("node", ADAPTER, "langgraph", { cwd: repoRoot() }, true);
    this.dc = dc;
    dc.defaultTimeout = 30_000;
    this.output = [];
    this.outputEvents = [];
    dc.on("output", (e: DebugProtocol.OutputEvent) => {
      this.output.push(e.body.output);
      this.outputEvents.push(e.body);
    });
    this.breakpointEvents = [];
    dc.on("breakpoint", (e: DebugProtocol.BreakpointEvent) => this.breakpointEvents.push(e.body));
    this.stops = [];
    this.stopWaiters = [];
    dc.on("stopped", (e: DebugProtocol.StoppedEvent) => {
      const waiter = this.stopWaiters.shift();
      if (waiter) waiter(e.body);
      else this.stops.push(e.body);
    });
    await dc.start();
    const initialized = dc.waitForEvent("initialized");
    await dc.initializeRequest();
    const launched = request === "launch" ? dc.launchRequest(args as DebugProtocol.LaunchRequestArguments) : dc.attachRequest(args as DebugProtocol.AttachRequestArguments);
    launched.catch(() => undefined);
    await initialized;
    const fbps = await dc.setFunctionBreakpointsRequest({ breakpoints: setup.functionBreakpoints ?? [] });
    const sourceBreakpoints: Record<string, DebugProtocol.Breakpoint[]> = {};
    for (const [file, breakpoints] of Object.entries(setup.sourceBreakpoints ?? {})) {
      sourceBreakpoints[file] = (await dc.setBreakpointsRequest({ source: { path: file }, breakpoints })).body.breakpoints;
    }
    if (setup.dataBreakpoints) await dc.setDataBreakpointsRequest({ breakpoints: setup.dataBreakpoints });
    const filters = await dc.setExceptionBreakpointsRequest({ filters: setup.filters ?? ["nodeError", "interrupt"] });
    await setup.beforeConfigurationDone;
    await dc.configurationDoneRequest();
    return { launched, breakpoints: fbps.body.breakpoints, filters: filters.body?.breakpoints ?? [], sourceBreakpoints };
  }

  /** A launch that must be refused: its error message (the session is stopped afterwards). */
  async refused(request: "launch" | "attach", args: Record<string, unknown>): Promise<string | undefined> {
    const { launched } = await this.start(request, args);
    const error = await launched.then(() => undefined, (e: Error) => e.message);
    await this.stop();
    return error;
  }

  /** The next `stopped` event (one already received counts), within the client's timeout. */
  stopped(): Promise<DebugProtocol.StoppedEvent["body"]> {
    const received = this.stops.shift();
    if (received) return Promise.resolve(received);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event 'stopped' received after ${this.dc?.defaultTimeout} ms`)), this.dc?.defaultTimeout ?? 30_000);
      this.stopWaiters.push((body) => {
        clearTimeout(timer);
        resolve(body);
      });
    });
  }

  /** Whether a breakpoint is verified now: its answer to setFunctionBreakpoints, then its `changed` events. */
  verified(breakpoint: DebugProtocol.Breakpoint): boolean {
    return this.breakpointEvents.findLast((e) => e.breakpoint.id === breakpoint.id)?.breakpoint.verified ?? breakpoint.verified;
  }

  terminated(): Promise<DebugProtocol.Event> {
    return this.dc!.waitForEvent("terminated");
  }

  async frames(): Promise<string[]> {
    return (await this.dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames.map((f) => f.name);
  }

  /** A scope's variables by name (default State), with the scope's reference. */
  async scopeVariables(scope = "State"): Promise<Map<string, DebugProtocol.Variable> & { ref: number }> {
    const frameId = (await this.dc!.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].id;
    const scopes = (await this.dc!.scopesRequest({ frameId })).body.scopes;
    const ref = scopes.find((s) => s.name === scope)!.variablesReference;
    const vars = (await this.dc!.variablesRequest({ variablesReference: ref })).body.variables;
    return Object.assign(new Map(vars.map((v) => [v.name, v])), { ref });
  }

  /** The thread id the Debug Console named when the run started. */
  threadId(): string {
    const id = this.text().match(/Run on thread ([0-9a-f-]{36})/)?.[1];
    if (!id) throw new Error(`No thread in the output:\n${this.text()}`);
    return id;
  }

  text(): string {
    return this.output.join("");
  }

  async stop(): Promise<void> {
    await this.dc?.stop().catch(() => undefined);
    this.dc = undefined;
  }
}

/** Registers an afterEach that stops `harness`'s session, printing its Debug Console when the test failed. */
export function stopSessionAfterEach(harness: DapHarness): void {
  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.log(`Debug Console of the failed test:\n${harness.text()}`);
    await harness.stop();
  });
}

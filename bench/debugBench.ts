// `npm run bench:debug`: how long a step takes in the debugger, against the least the same server
// allows for one, measured in the same run. Run by scripts/bench-debug.mjs, which starts the sample
// server and builds the adapter. The last line printed is one JSON object with the numbers.
//
//   ours   `next` sent to `node debugAdapter.js` (DebugClient over stdio) until `stopped` has come and
//          stackTrace, scopes and the State scope's variables are answered: what VS Code asks per stop.
//   floor  the official SDK: `runs.stream` of one superstep (input null, interrupt_after "*", the
//          stream modes the extension asks for) read to the end, then `threads.getState`.
//
// The sample `agent` graph runs agent → tools → agent: from the entry stop, two steps are stops and
// the third ends the run. So each round measures two steps, then `restart`s the session (a new run
// on a new thread, still one adapter process) at the stop before the last node; the floor does the
// same on a new thread per round. Rounds alternate which side goes first.
//
// Both dev servers make most of a step's time their own waiting (measured with a logging proxy): the
// JS server holds a run's stream open until its queue read times out (500 ms) after the last event,
// the Python server starts a queued run on its next poll (about 1 s). So the ratio is near 1 whatever
// the adapter does in its ~10 ms; `overhead_ms_p50` (ours minus the floor, medians) shows that part.
import { Client } from "@langchain/langgraph-sdk";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import os from "node:os";
import { DEFAULT_STREAM_MODES } from "../src/engine/client/runs";

/** What scripts/bench-debug.mjs passes in. */
export interface DebugBenchOptions {
  /** The sample server's URL. */
  apiUrl: string;
  /** The built adapter (debugAdapter.js). */
  adapter: string;
  /** Working directory of the adapter process. */
  cwd: string;
  /** Steps measured on each side (rounded up to whole rounds). */
  steps: number;
  /** Unmeasured rounds of each side first. */
  warmupRounds: number;
}

/** The numbers of the JSON line. */
export interface DebugBenchResult {
  step_ms_p50: number;
  step_ms_p95: number;
  floor_ms_p50: number;
  floor_ms_p95: number;
  overhead_ratio: number;
  /** Median of ours minus median of the floor: what the adapter adds, without the server's waits. */
  overhead_ms_p50: number;
  steps: number;
}

const ASSISTANT = "agent";
const INPUT = { messages: [{ role: "user", content: "What is the weather in Paris?" }] };
/** Tokens streamed at once: what is measured is the debugger, not the fake model's pauses. */
const CONFIG = { configurable: { delay_ms: 0 } };
/** Steps per round: agent (then paused before tools) and tools (then paused before agent). */
const STEPS_PER_ROUND = 2;
/** Where each step of a round pauses next: checked on both sides, so both measure the same work. */
const EXPECTED_NEXT = ["tools", "agent"];

/** One adapter session, stopped at the run's entry. */
class OursSession {
  private constructor(private readonly dc: DebugClient) {}

  static async open(options: DebugBenchOptions): Promise<OursSession> {
    const dc = new DebugClient("node", options.adapter, "langgraph", { cwd: options.cwd }, true);
    dc.defaultTimeout = 60_000;
    await dc.start();
    const initialized = dc.waitForEvent("initialized");
    await dc.initializeRequest();
    const launchArgs = { deploymentUrl: options.apiUrl, assistant: ASSISTANT, input: INPUT, config: CONFIG, stopOnEntry: true };
    const launched = dc.launchRequest(launchArgs as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    await dc.setExceptionBreakpointsRequest({ filters: ["nodeError", "interrupt"] });
    const stopped = dc.waitForEvent("stopped");
    await dc.configurationDoneRequest();
    await launched;
    const session = new OursSession(dc);
    await session.stopShown(stopped, "entry");
    return session;
  }

  /** One step: `next` until the stop is shown as VS Code shows it; the milliseconds it took. */
  async step(expectedFrame: string): Promise<number> {
    const started = performance.now();
    const stopped = this.dc.waitForEvent("stopped");
    await this.dc.nextRequest({ threadId: 1 });
    await this.stopShown(stopped, "step", expectedFrame);
    return performance.now() - started;
  }

  /** A new run from the start on a new thread, stopped at its entry. */
  async restart(): Promise<void> {
    const stopped = this.dc.waitForEvent("stopped");
    await this.dc.restartRequest({});
    await this.stopShown(stopped, "entry");
  }

  async close(): Promise<void> {
    await this.dc.stop().catch(() => undefined);
  }

  /** Waits for `stopped`, then asks what VS Code asks at a stop: frames, scopes, the State scope's variables. */
  private async stopShown(stopped: Promise<DebugProtocol.Event>, reason: string, expectedFrame?: string): Promise<void> {
    const event = (await stopped) as DebugProtocol.StoppedEvent;
    if (event.body.reason !== reason) throw new Error(`ours: stopped for ${event.body.reason} (${event.body.description ?? ""}), want ${reason}`);
    const frames = (await this.dc.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 20 })).body.stackFrames;
    if (expectedFrame && frames[0]?.name !== expectedFrame) throw new Error(`ours: stopped at ${frames[0]?.name}, want ${expectedFrame}`);
    const scopes = (await this.dc.scopesRequest({ frameId: frames[0].id })).body.scopes;
    const state = scopes.find((s) => s.name === "State");
    if (!state) throw new Error("ours: no State scope");
    const variables = (await this.dc.variablesRequest({ variablesReference: state.variablesReference })).body.variables;
    if (!variables.some((v) => v.name === "messages")) throw new Error("ours: no messages in State");
  }
}

/** The floor: the SDK alone, on a thread paused before its first node. */
class FloorThread {
  private constructor(
    private readonly client: Client,
    private readonly threadId: string,
  ) {}

  static async open(client: Client): Promise<FloorThread> {
    const thread = await client.threads.create();
    const entry = client.runs.stream(thread.thread_id, ASSISTANT, { input: INPUT, config: CONFIG, interruptBefore: "*", streamMode: [...DEFAULT_STREAM_MODES] });
    for await (const _part of entry);
    return new FloorThread(client, thread.thread_id);
  }

  /** One superstep and the state: the least a stop needs. */
  async step(expectedNext: string): Promise<number> {
    const started = performance.now();
    const parts = this.client.runs.stream(this.threadId, ASSISTANT, { input: null, config: CONFIG, interruptAfter: "*", streamMode: [...DEFAULT_STREAM_MODES] });
    for await (const _part of parts);
    const state = await this.client.threads.getState(this.threadId);
    const ms = performance.now() - started;
    if (state.next[0] !== expectedNext) throw new Error(`floor: paused before ${state.next.join(", ")}, want ${expectedNext}`);
    return ms;
  }
}

async function oursRound(session: OursSession, into?: number[]): Promise<void> {
  for (const next of EXPECTED_NEXT) {
    const ms = await session.step(next);
    into?.push(ms);
  }
  await session.restart();
}

async function floorRound(client: Client, into?: number[]): Promise<void> {
  const thread = await FloorThread.open(client);
  for (const next of EXPECTED_NEXT) {
    const ms = await thread.step(next);
    into?.push(ms);
  }
}

/** Nearest-rank percentile. */
export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const loadAverage = () => `load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`;

/** Runs the benchmark, printing a line per round; returns the numbers (the caller prints the JSON line). */
export async function runDebugBench(options: DebugBenchOptions): Promise<DebugBenchResult> {
  const rounds = Math.ceil(options.steps / STEPS_PER_ROUND);
  console.log(`${loadAverage()} at the start`);
  console.log(`graph ${ASSISTANT}: ${rounds} rounds of ${STEPS_PER_ROUND} steps on each side after ${options.warmupRounds} warm-up rounds; server ${options.apiUrl}`);
  const client = new Client({ apiUrl: options.apiUrl });
  const session = await OursSession.open(options);
  try {
    for (let i = 0; i < options.warmupRounds; i++) {
      await oursRound(session);
      await floorRound(client);
    }
    const ours: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const a: number[] = [];
      const b: number[] = [];
      if (round % 2 === 0) {
        await oursRound(session, a);
        await floorRound(client, b);
      } else {
        await floorRound(client, b);
        await oursRound(session, a);
      }
      ours.push(...a);
      floor.push(...b);
      console.log(`round ${round + 1}: ours ${a.map((ms) => ms.toFixed(1)).join(", ")} ms; floor ${b.map((ms) => ms.toFixed(1)).join(", ")} ms`);
    }
    console.log(`${loadAverage()} at the end`);
    const result: DebugBenchResult = {
      step_ms_p50: round1(percentile(ours, 50)),
      step_ms_p95: round1(percentile(ours, 95)),
      floor_ms_p50: round1(percentile(floor, 50)),
      floor_ms_p95: round1(percentile(floor, 95)),
      overhead_ratio: Math.round((percentile(ours, 50) / percentile(floor, 50)) * 100) / 100,
      overhead_ms_p50: round1(percentile(ours, 50) - percentile(floor, 50)),
      steps: ours.length,
    };
    console.log(`median step: ours ${result.step_ms_p50} ms, floor ${result.floor_ms_p50} ms, ratio ${result.overhead_ratio} (goal ≤ 1.15), ${result.overhead_ms_p50} ms more`);
    return result;
  } finally {
    await session.close();
  }
}

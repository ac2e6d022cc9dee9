// `npm run bench`: events per second of the run engine (transport + events + tokens + supersteps +
// diffs) against the official @langchain/langgraph-sdk client, on the same recorded 20k-event stream
// served by a replay server in its own process (as a real server is); and heap growth over a
// 100k-event run. Run by scripts/bench.mjs with `node --expose-gc`. Other work on the machine slows
// wall-clock rates, so it also prints the load average and events per CPU-second of this process
// (the client alone). The last line printed is one JSON object with the numbers.
//
// Two more measurements, in the same rounds and on the same bytes, held in memory (no HTTP):
//   floor      eventsource-parser + JSON.parse of every event's data: the least any client must do;
//   in memory  our own pipeline (the run stream with its SSE framing, then runSession) fed the same chunks.
// `ratio_to_floor` is the goal (end to end over HTTP against the in-memory floor, so it
// also pays for the socket); `in_memory_ratio_to_floor` compares like with like. And the floor's
// work over the same HTTP path (fetch from the replay server), `http_floor_events_per_s`: what
// fetch and the socket alone leave of the in-memory floor.
import { Client } from "@langchain/langgraph-sdk";
import { createParser } from "eventsource-parser";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { LangGraphClient } from "../src/engine/client";
import { ResumableRunStream, type RunsApi } from "../src/engine/client/resumableStream";
import { readSseBatches } from "../src/engine/client/sse";
import type { RunEvent, RunOutcome, Superstep } from "../src/engine/model";
import { runSession } from "../src/engine/runSession";
import { REPLAY_CHUNK_BYTES, spawnReplayServer } from "./replayServer";

/** Interleaved measured rounds (odd, for a plain median); the reported rate is their median. */
const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 7));
/** Unmeasured runs of each client first, so both are measured with optimised (JIT-compiled) code. */
const WARMUP_ROUNDS = 3;
const MB = 1024 * 1024;
const fixtureDir = process.argv[2] ?? path.resolve("test/fixtures/js");
const serverScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "replayServerProcess.mjs");

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (scripts/bench.mjs does)");

const RUN_INPUT = { input: { messages: [{ role: "user", content: "What is the weather in Paris?" }] } };

interface Measured {
  events: number;
  ms: number;
  /** CPU time of this process (the client; the server is another process): less sensitive to other load. */
  cpuMs: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** What our pipeline produced, kept so the heap measurement includes what the debugger keeps. */
interface Collected {
  events: RunEvent[];
  steps: Superstep[];
  outcome?: RunOutcome;
  messages: number;
}

/** Our pipeline: LangGraphClient.runs.stream → runSession (events, tokens, SuperstepAssembler, diffs). */
async function ours(apiUrl: string, threadId: string, keep?: Collected): Promise<Measured> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const client = new LangGraphClient({ apiUrl });
  const stream = await client.runs.stream(threadId, "agent", RUN_INPUT, { reconnect: false });
  let messages = 0;
  for await (const item of runSession(stream, { threads: null, threadId })) {
    if (item.type === "events") {
      messages++;
      if (keep) for (const e of item.events) keep.events.push(e);
    } else if (item.type === "superstep") keep?.steps.push(item.superstep);
    else if (keep) keep.outcome = item.outcome;
  }
  if (keep) keep.messages = messages;
  return { events: messages, ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}

/** Our pipeline without HTTP: the recorded chunks through the same stream (SSE framing, re-join bookkeeping) and runSession. */
async function oursInMemory(chunks: readonly Uint8Array[]): Promise<Measured> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]);
      else controller.close();
    },
  });
  const opened = { headers: new Headers(), batches: readSseBatches(body), framed: true };
  const stream = await ResumableRunStream.open(FINISHED_RUNS, "once", "replayed-run", async () => opened, { reconnect: false });
  let messages = 0;
  for await (const item of runSession(stream, { threads: null, threadId: "once" })) {
    if (item.type === "events") messages++;
  }
  return { events: messages, ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}

/** `client.runs` for the in-memory stream: the run has finished (as the replay server says). */
const FINISHED_RUNS: RunsApi = {
  openJoinStream: () => Promise.reject(new Error("no re-join in memory")),
  get: async () => ({ status: "success" }),
  cancel: async () => undefined,
};

/** The floor's work: eventsource-parser and JSON.parse of each event's data, chunk by chunk. */
function floorReader(): { feed(chunk: Uint8Array): void; end(): number } {
  let events = 0;
  const parser = createParser({
    onEvent: (event) => {
      JSON.parse(event.data);
      events++;
    },
  });
  const text = new TextDecoder();
  return {
    feed: (chunk) => parser.feed(text.decode(chunk, { stream: true })),
    end: () => {
      parser.feed(text.decode());
      return events;
    },
  };
}

/** The floor, on the same chunks in memory. */
function floor(chunks: readonly Uint8Array[]): Measured {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const reader = floorReader();
  for (const chunk of chunks) reader.feed(chunk);
  const events = reader.end();
  return { events, ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}

/** The floor's work on the replay server's bytes, read with fetch as our client reads them. */
async function floorOverHttp(apiUrl: string, threadId: string): Promise<Measured> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const response = await fetch(`${apiUrl}/threads/${threadId}/runs/stream`, { method: "POST", body: JSON.stringify(RUN_INPUT) });
  const floorWork = floorReader();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) floorWork.feed(chunk.value);
  const events = floorWork.end();
  return { events, ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}

/** The recorded stream cut as the replay server writes it. */
function recordedChunks(): Uint8Array[] {
  const bytes = gunzipSync(readFileSync(path.join(fixtureDir, "agent-20k.sse.gz")));
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += REPLAY_CHUNK_BYTES) chunks.push(bytes.subarray(at, at + REPLAY_CHUNK_BYTES));
  return chunks;
}

/** The official SDK consuming the same bytes. */
async function sdk(apiUrl: string, threadId: string): Promise<Measured> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const client = new Client({ apiUrl });
  let events = 0;
  for await (const _part of client.runs.stream(threadId, "agent", { ...RUN_INPUT, streamMode: ["updates", "messages-tuple"] })) events++;
  return { events, ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}

const perSecond = (m: Measured) => (m.events / m.ms) * 1000;
const perCpuSecond = (m: Measured) => (m.events / m.cpuMs) * 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;
const loadAverage = () => `load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`;

async function main(): Promise<void> {
  console.log(`${loadAverage()} at the start`);
  const expected = JSON.parse(readFileSync(path.join(fixtureDir, "agent-20k.json"), "utf8")) as {
    stats: { events: number };
    state: { messages: { id: string; content_chars: number }[] };
  };
  const server = await spawnReplayServer(serverScript, fixtureDir);
  try {
    console.log(`stream: ${(server.bytes / MB).toFixed(1)} MB, ${expected.stats.events} events, replayed by a server in its own process; ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up rounds`);

    // Correctness first: our pipeline must see every event and rebuild the final answer.
    const check: Collected = { events: [], steps: [], messages: 0 };
    await ours(server.url, "once", check);
    const answer = expected.state.messages.at(-1)!;
    const streamed = check.steps.flatMap((s) => s.nodes).flatMap((n) => n.messages).find((m) => m.id === answer.id);
    if (check.messages !== expected.stats.events || streamed?.text.length !== answer.content_chars) {
      throw new Error(`pipeline check failed: ${check.messages} events, answer ${streamed?.text.length} chars (want ${answer.content_chars})`);
    }
    const sdkCheck = await sdk(server.url, "once");
    if (sdkCheck.events !== expected.stats.events) throw new Error(`SDK saw ${sdkCheck.events} events, want ${expected.stats.events}`);
    const chunks = recordedChunks();
    for (const [name, check] of [["floor", floor(chunks)], ["in memory", await oursInMemory(chunks)]] as const) {
      if (check.events !== expected.stats.events) throw new Error(`${name} saw ${check.events} events, want ${expected.stats.events}`);
    }
    for (let round = 1; round < WARMUP_ROUNDS; round++) {
      await ours(server.url, "once");
      await sdk(server.url, "once");
      floor(chunks);
      await oursInMemory(chunks);
      await floorOverHttp(server.url, "once");
    }

    const oursRates: number[] = [];
    const sdkRates: number[] = [];
    const oursCpuRates: number[] = [];
    const sdkCpuRates: number[] = [];
    const floorRates: number[] = [];
    const inMemoryRates: number[] = [];
    const httpFloorRates: number[] = [];
    // No forced full GC between rounds: once all of a run's objects are dead, it frees the hidden
    // classes JSON.parse made for them, and V8 discards the optimised code built on them ("weak
    // objects" deopts: ~130 per run with it, 66 without), so every round restarted cold, which a
    // session that keeps streaming never does. Who goes first alternates instead, so neither always
    // runs right after the other's garbage.
    for (let round = 0; round < ROUNDS; round++) {
      let a: Measured;
      let b: Measured;
      if (round % 2 === 0) {
        a = await ours(server.url, "once");
        b = await sdk(server.url, "once");
      } else {
        b = await sdk(server.url, "once");
        a = await ours(server.url, "once");
      }
      const f = floor(chunks);
      const m = await oursInMemory(chunks);
      const h = await floorOverHttp(server.url, "once");
      httpFloorRates.push(perSecond(h));
      floorRates.push(perSecond(f));
      inMemoryRates.push(perSecond(m));
      oursRates.push(perSecond(a));
      sdkRates.push(perSecond(b));
      oursCpuRates.push(perCpuSecond(a));
      sdkCpuRates.push(perCpuSecond(b));
      console.log(
        `round ${round + 1}: ours ${Math.round(perSecond(a))} events/s (${Math.round(perCpuSecond(a))} per CPU-s), ` +
          `sdk ${Math.round(perSecond(b))} events/s (${Math.round(perCpuSecond(b))} per CPU-s), ` +
          `in memory: floor ${Math.round(perSecond(f))}, ours ${Math.round(perSecond(m))} events/s, floor over HTTP ${Math.round(perSecond(h))} events/s`,
      );
    }
    gc!();
    const before = process.memoryUsage().heapUsed;
    const kept: Collected = { events: [], steps: [], messages: 0 };
    await ours(server.url, "x5", kept);
    gc!();
    const after = process.memoryUsage().heapUsed;
    const growth = (after - before) / MB;
    console.log(`100k run: ${kept.messages} events, ${kept.events.length} RunEvents and ${kept.steps.length} supersteps kept; heap ${(before / MB).toFixed(1)} → ${(after / MB).toFixed(1)} MB`);

    const eventsPerS = median(oursRates);
    const sdkPerS = median(sdkRates);
    const floorPerS = median(floorRates);
    const inMemoryPerS = median(inMemoryRates);
    const httpFloorPerS = median(httpFloorRates);
    const serverCpuS = (await server.cpuMs()) / 1000;
    console.log(`${loadAverage()} at the end; replay server process used ${serverCpuS.toFixed(1)} CPU-s in all`);
    console.log(`best round: ours ${Math.round(Math.max(...oursRates))}, sdk ${Math.round(Math.max(...sdkRates))} events/s`);
    console.log(`median per CPU-second of the client: ours ${Math.round(median(oursCpuRates))}, sdk ${Math.round(median(sdkCpuRates))}, ratio ${(median(oursCpuRates) / median(sdkCpuRates)).toFixed(2)}`);
    console.log(`median: ours ${Math.round(eventsPerS)} events/s (goal ≥ 100000), sdk ${Math.round(sdkPerS)} events/s, ratio ${(eventsPerS / sdkPerS).toFixed(2)} (goal ≥ 1.0), heap growth ${growth.toFixed(1)} MB (goal ≤ 100)`);
    console.log(
      `median in memory: floor ${Math.round(floorPerS)} events/s, ours ${Math.round(inMemoryPerS)} events/s (ratio ${(inMemoryPerS / floorPerS).toFixed(2)}); ` +
        `ours over HTTP against the floor: ratio ${(eventsPerS / floorPerS).toFixed(2)} (goal ≥ 0.8); ` +
        `the floor over HTTP: ${Math.round(httpFloorPerS)} events/s (ratio ${(httpFloorPerS / floorPerS).toFixed(2)}), ours against it ${(eventsPerS / httpFloorPerS).toFixed(2)}`,
    );
    console.log(JSON.stringify({
      events_per_s: Math.round(eventsPerS),
      sdk_events_per_s: Math.round(sdkPerS),
      ratio_vs_sdk: Math.round((eventsPerS / sdkPerS) * 100) / 100,
      heap_growth_mb_100k: round1(growth),
      floor_events_per_s: Math.round(floorPerS),
      ratio_to_floor: Math.round((eventsPerS / floorPerS) * 100) / 100,
      in_memory_events_per_s: Math.round(inMemoryPerS),
      in_memory_ratio_to_floor: Math.round((inMemoryPerS / floorPerS) * 100) / 100,
      http_floor_events_per_s: Math.round(httpFloorPerS),
    }));
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

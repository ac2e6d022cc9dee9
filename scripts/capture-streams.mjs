#!/usr/bin/env node
/**
 * Record real streams from the sample deployment for unit tests and benchmarks.
 *
 *   node scripts/capture-streams.mjs          # every graph → test/fixtures/js/<name>.sse + <name>.json
 *   node scripts/capture-streams.mjs --bench  # agent, 20,000 tokens → test/fixtures/js/agent-20k.sse.gz
 *
 * The .sse files hold the response bytes exactly as received. The .json beside each holds the
 * request body, the response headers and the thread's state (GET /threads/{id}/state) afterwards.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { startJsServer } from "./start-sample-server.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixturesDir = path.join(repoRoot, "test", "fixtures", "js");
const STREAM_MODES = ["updates", "messages-tuple", "tasks", "checkpoints", "custom"];
const MAX_FIXTURE_BYTES = 200 * 1024;

const userSays = (content) => ({ messages: [{ role: "user", content }] });
const streamBody = (extra) => ({ stream_mode: STREAM_MODES, stream_subgraphs: true, stream_resumable: true, ...extra });

/** One recorded run: `name` is the fixture name; `thread` names a thread shared between captures. */
const CAPTURES = [
  { name: "agent", body: streamBody({ assistant_id: "agent", input: userSays("What is the weather in Paris?") }) },
  { name: "hitl", thread: "hitl", body: streamBody({ assistant_id: "hitl", input: { topic: "visual debugging" } }) },
  { name: "hitl-resume", thread: "hitl", body: streamBody({ assistant_id: "hitl", command: { resume: "yes" } }) },
  { name: "nested", body: streamBody({ assistant_id: "nested", input: userSays("Hello from the parent graph") }) },
  { name: "fanout", body: streamBody({ assistant_id: "fanout", input: { topic: "the report" } }) },
  { name: "broken", body: streamBody({ assistant_id: "broken", input: userSays("Please explode") }) },
  {
    name: "agent-breakpoint",
    body: streamBody({
      assistant_id: "agent",
      input: userSays("What is the weather in Lisbon?"),
      interrupt_before: ["tools"],
    }),
  },
];

const BENCH_CAPTURE = {
  name: "agent-20k",
  body: {
    assistant_id: "agent",
    input: userSays("What is the weather in Paris?"),
    stream_mode: ["updates", "messages-tuple"],
    stream_subgraphs: true,
    stream_resumable: true,
    config: { configurable: { tokens: 20_000, delay_ms: 0 } },
  },
};

async function request(url, init = {}) {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url} → ${response.status}: ${await response.text()}`);
  return response;
}

/** Run one capture; returns the raw bytes and the JSON sidecar. */
async function capture(serverUrl, threadId, body) {
  const started = Date.now();
  const response = await request(`${serverUrl}/threads/${threadId}/runs/stream`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  const chunks = [];
  for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
  const raw = Buffer.concat(chunks);
  const elapsedMs = Date.now() - started;
  const state = await (await request(`${serverUrl}/threads/${threadId}/state`)).json();
  const thread = await (await request(`${serverUrl}/threads/${threadId}`)).json();
  const sidecar = {
    request: { method: "POST", path: `/threads/${threadId}/runs/stream`, body },
    response: {
      status: response.status,
      headers: {
        "content-type": response.headers.get("content-type"),
        "content-location": response.headers.get("content-location"),
      },
    },
    stats: { bytes: raw.length, events: countEvents(raw), elapsed_ms: elapsedMs },
    thread_status: thread.status,
    state,
  };
  return { raw, sidecar };
}

const countEvents = (raw) => raw.toString("utf8").match(/^event: /gm)?.length ?? 0;

async function captureAll(server, captures, { gzip }) {
  const threads = new Map();
  for (const { name, thread, body } of captures) {
    const threadKey = thread ?? name;
    if (!threads.has(threadKey)) {
      const created = await (await request(`${server.url}/threads`, { method: "POST", body: "{}" })).json();
      threads.set(threadKey, created.thread_id);
    }
    const { raw, sidecar } = await capture(server.url, threads.get(threadKey), body);
    const ssePath = path.join(fixturesDir, gzip ? `${name}.sse.gz` : `${name}.sse`);
    const output = gzip ? gzipSync(raw, { level: 9 }) : raw;
    writeFileSync(ssePath, output);
    if (gzip) sidecar.state = summariseState(sidecar.state);
    writeFileSync(path.join(fixturesDir, `${name}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
    const size = `${(output.length / 1024).toFixed(1)} KB${gzip ? ` (${(raw.length / 1e6).toFixed(2)} MB raw)` : ""}`;
    console.log(`capture: ${path.relative(repoRoot, ssePath)}: ${sidecar.stats.events} events, ${size}, thread ${sidecar.thread_status}`);
    if (!gzip && output.length > MAX_FIXTURE_BYTES) console.warn(`capture: warning: ${name}.sse is over 200 KB`);
  }
}

/** The bench's final state holds a 20,000-token message: keep only its shape in the sidecar. */
function summariseState(state) {
  const messages = state.values?.messages ?? [];
  return {
    next: state.next,
    messages: messages.map((message) => ({ type: message.type, id: message.id, content_chars: String(message.content).length })),
  };
}

async function main() {
  const bench = process.argv.includes("--bench");
  mkdirSync(fixturesDir, { recursive: true });
  const started = Date.now();
  const server = await startJsServer();
  console.log(`capture: server ${server.url} ready in ${Date.now() - started} ms`);
  try {
    await captureAll(server, bench ? [BENCH_CAPTURE] : CAPTURES, { gzip: bench });
  } finally {
    await server.stop();
  }
}

await main();

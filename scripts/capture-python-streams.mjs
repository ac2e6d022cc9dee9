#!/usr/bin/env node
/**
 * Records what the real Python `langgraph dev` server sends for the sample graphs in
 * examples/python: raw SSE bytes per run in test/fixtures/python/<name>.sse, and beside each a
 * <name>.json with the request, status, response headers, timings and the final thread state.
 * Then probes the error cases and quirks listed in /work/shared/SERVER-FACTS.md into
 * test/fixtures/python/probes.json (the evidence behind docs/SERVER-DIFFERENCES.md).
 *
 *   node scripts/capture-python-streams.mjs
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTsModule } from "./loadTs.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(repoRoot, "test", "fixtures", "python");
const MAX_FIXTURE_BYTES = 200_000;
const DEBUG_STREAM = { stream_mode: ["updates", "messages-tuple", "tasks", "checkpoints", "custom"], stream_subgraphs: true, stream_resumable: true };
const WEATHER_INPUT = { messages: [{ role: "user", content: "What is the weather in Paris?" }] };


/** Send a request; read the whole body, noting when the first and last bytes arrived. */
async function request(baseUrl, method, urlPath, { body, rawBody, headers = {} } = {}) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: body !== undefined || rawBody !== undefined ? { "content-type": "application/json", ...headers } : headers,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const chunks = [];
  let firstByteMs;
  let lastByteMs;
  for await (const chunk of response.body ?? []) {
    const now = performance.now() - started;
    firstByteMs ??= now;
    lastByteMs = now;
    chunks.push(Buffer.from(chunk));
  }
  const bytes = Buffer.concat(chunks);
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    bytes,
    text: bytes.toString("utf8"),
    timing: { firstByteMs: round(firstByteMs), lastByteMs: round(lastByteMs), closeMs: round(performance.now() - started) },
  };
}

const round = (ms) => (ms === undefined ? undefined : Math.round(ms));
const json = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Event names, ids and comment lines of an SSE body, in order (a compact view for probes). */
function sseOutline(text) {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("event:") || line.startsWith("id:") || line.startsWith(":"))
    .map((line) => line.trim());
}

function write(name, contents) {
  const file = path.join(outDir, name);
  writeFileSync(file, contents);
  const size = Buffer.byteLength(contents);
  if (size > MAX_FIXTURE_BYTES) throw new Error(`${name} is ${size} bytes, over the ${MAX_FIXTURE_BYTES} byte budget`);
  console.log(`  wrote ${path.relative(repoRoot, file)} (${size} bytes)`);
}

/** Run one streamed request on a thread and save its bytes plus a sidecar shaped like test/fixtures/js's. */
async function capture(base, name, threadId, body) {
  const urlPath = `/threads/${threadId}/runs/stream`;
  const response = await request(base, "POST", urlPath, { body });
  const state = json((await request(base, "GET", `/threads/${threadId}/state`)).text);
  const thread = json((await request(base, "GET", `/threads/${threadId}`)).text);
  const sidecar = {
    request: { method: "POST", path: urlPath, body },
    response: { status: response.status, headers: response.headers },
    stats: { bytes: response.bytes.length, events: response.text.match(/^event: /gm)?.length ?? 0, elapsed_ms: response.timing.closeMs },
    timing: response.timing,
    thread_status: thread.status,
    state,
  };
  write(`${name}.sse`, response.bytes);
  write(`${name}.json`, `${JSON.stringify(sidecar, null, 2)}\n`);
  return response;
}

async function newThread(base) {
  return json((await request(base, "POST", "/threads", { body: {} })).text).thread_id;
}

const userSays = (content) => ({ messages: [{ role: "user", content }] });

/** The same runs, inputs and thread sharing as scripts/capture-streams.mjs records from the JS server. */
async function captureRuns(base) {
  await capture(base, "agent", await newThread(base), { assistant_id: "agent", input: userSays("What is the weather in Paris?"), ...DEBUG_STREAM });
  const hitlThread = await newThread(base);
  await capture(base, "hitl", hitlThread, { assistant_id: "hitl", input: { topic: "visual debugging" }, ...DEBUG_STREAM });
  await capture(base, "hitl-resume", hitlThread, { assistant_id: "hitl", command: { resume: "yes" }, ...DEBUG_STREAM });
  await capture(base, "nested", await newThread(base), { assistant_id: "nested", input: userSays("Hello from the parent graph"), ...DEBUG_STREAM });
  await capture(base, "fanout", await newThread(base), { assistant_id: "fanout", input: { topic: "the report" }, ...DEBUG_STREAM });
  await capture(base, "broken", await newThread(base), { assistant_id: "broken", input: userSays("Please explode"), ...DEBUG_STREAM });
  await capture(base, "agent-breakpoint", await newThread(base), { assistant_id: "agent", input: userSays("What is the weather in Lisbon?"), interrupt_before: ["tools"], ...DEBUG_STREAM });
  // Python only: a branch sleeping 6 s (delay_ms × 4) shows what an idle stream carries.
  await capture(base, "fanout-slow", await newThread(base), { assistant_id: "fanout", input: { topic: "idle" }, config: { configurable: { delay_ms: 1500 } }, stream_mode: ["updates"] });
}

/** Replaying from an `id:` that several events share: how many events come back, against how many followed it. */
async function probeReplayFromSharedId(base) {
  const threadId = await newThread(base);
  const response = await request(base, "POST", `/threads/${threadId}/runs/stream`, { body: { assistant_id: "fanout", input: { topic: "replay" }, ...DEBUG_STREAM } });
  const ids = response.text.split(/\r?\n/).filter((line) => line.startsWith("id: ")).map((line) => line.slice(4));
  const index = ids.findIndex((id, i) => ids[i + 1] === id);
  if (index < 0) return { ids: ids.length, sharedId: null };
  const runId = response.headers["content-location"].split("/").at(-1);
  const replay = await request(base, "GET", `/threads/${threadId}/runs/${runId}/stream`, { headers: { "last-event-id": ids[index] } });
  const replayed = replay.text.match(/^event: /gm)?.length ?? 0;
  return { events: ids.length, distinctIds: new Set(ids).size, lastEventId: ids[index], eventsAfterItInTheStream: ids.length - index - 1, eventsReplayed: replayed };
}

/** Summarise a probe response: status, content type and body (SSE as an outline). */
function outcome(response) {
  const type = response.headers["content-type"] ?? "";
  const body = type.startsWith("text/event-stream") ? { outline: sseOutline(response.text), text: response.text.slice(0, 600) } : json(response.text);
  return { status: response.status, contentType: type, body, timing: response.timing };
}

const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each probe on a fresh thread: a failed run leaves its input behind and would colour the next probe. */
async function probeErrors(base) {
  const probes = {};
  const stream = async (body, threadId) =>
    request(base, "POST", `/threads/${threadId ?? (await newThread(base))}/runs/stream`, { body: { stream_mode: ["updates"], ...body } });
  probes.unknownAssistantRun = outcome(await stream({ assistant_id: "nope", input: {} }));
  probes.unknownAssistantGraph = outcome(await request(base, "GET", "/assistants/nope/graph"));
  probes.unknownAssistantUuidGraph = outcome(await request(base, "GET", `/assistants/${UNKNOWN_UUID}/graph`));
  probes.malformedJson = outcome(await request(base, "POST", `/threads/${await newThread(base)}/runs/stream`, { rawBody: "{not json" }));
  probes.badStreamMode = outcome(await stream({ assistant_id: "agent", input: WEATHER_INPUT, stream_mode: ["bogus"] }));
  probes.missingAssistantId = outcome(await stream({ input: {} }));
  probes.nonUuidThread = outcome(await request(base, "POST", "/threads/not-a-uuid/runs/stream", { body: { assistant_id: "agent", input: {} } }));
  probes.unknownThreadRun = outcome(await stream({ assistant_id: "agent", input: WEATHER_INPUT }, UNKNOWN_UUID));
  probes.unknownThreadRunIfNotExistsCreate = outcome(await stream({ assistant_id: "fanout", input: {}, if_not_exists: "create" }, "11111111-1111-4111-8111-111111111111"));
  probes.unknownThreadState = outcome(await request(base, "GET", `/threads/${UNKNOWN_UUID}/state`));
  const ranThread = await newThread(base);
  await stream({ assistant_id: "fanout", input: {} }, ranThread);
  probes.stateUpdateUnknownNode = outcome(await request(base, "POST", `/threads/${ranThread}/state`, { body: { values: {}, as_node: "nope" } }));
  probes.badInput = outcome(await stream({ assistant_id: "agent", input: { messages: [{ role: "robot", content: 1 }] } }));
  probes.unknownCheckpoint = outcome(await stream({ assistant_id: "agent", input: null, checkpoint_id: UNKNOWN_UUID }));
  probes.resumeNotInterrupted = outcome(await stream({ assistant_id: "hitl", command: { resume: "yes" } }, ranThread));
  probes.statefulNotResumable = outcome(await stream({ assistant_id: "fanout", input: {} }));
  probes.statelessRun = outcome(await request(base, "POST", "/runs/stream", { body: { assistant_id: "fanout", input: {}, stream_mode: ["updates"] } }));
  probes.statelessInterrupt = outcome(await request(base, "POST", "/runs/stream", { body: { assistant_id: "hitl", input: {}, stream_mode: ["updates"] } }));
  return probes;
}

/** A background agent run of about 5 s (40 tokens, 100 ms apart) on a new thread. */
async function startSlowRun(base) {
  const threadId = await newThread(base);
  const body = { assistant_id: "agent", input: WEATHER_INPUT, config: { configurable: { tokens: 40, delay_ms: 100 } }, stream_mode: ["updates"], stream_resumable: true };
  const run = json((await request(base, "POST", `/threads/${threadId}/runs`, { body })).text);
  await sleep(1500); // past the ~1 s queue pick-up
  return { threadId, runId: run.run_id, body };
}

/** The debugger's case: cancel a run while reading its own `runs/stream` response. */
async function probeCancelOwnStream(base) {
  const threadId = await newThread(base);
  const body = { assistant_id: "agent", input: WEATHER_INPUT, config: { configurable: { tokens: 40, delay_ms: 100 } }, ...DEBUG_STREAM };
  const response = await fetch(`${base}/threads/${threadId}/runs/stream`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const runId = response.headers.get("content-location").split("/").at(-1);
  const reading = response.text();
  await sleep(1500);
  const cancel = await request(base, "POST", `/threads/${threadId}/runs/${runId}/cancel`);
  const text = await reading;
  await sleep(300);
  const run = json((await request(base, "GET", `/threads/${threadId}/runs/${runId}`)).text);
  const thread = json((await request(base, "GET", `/threads/${threadId}`)).text);
  const blocks = text.split(/\r?\n\r?\n/).filter(Boolean);
  return { cancelStatus: cancel.status, lastEvents: blocks.slice(-2).map((b) => b.slice(0, 400)), runStatus: run.status, threadStatus: thread.status };
}

async function probeCancelAndJoin(base) {
  const probes = {};
  const busy = await startSlowRun(base);
  probes.secondRunOnBusyThread = outcome(await request(base, "POST", `/threads/${busy.threadId}/runs/stream`, { body: busy.body }));

  const { threadId, runId } = await startSlowRun(base);
  const joining = request(base, "GET", `/threads/${threadId}/runs/${runId}/stream`);
  await sleep(300);
  probes.cancel = outcome(await request(base, "POST", `/threads/${threadId}/runs/${runId}/cancel`));
  probes.joinedStreamOfCancelledRun = outcome(await joining);
  await sleep(500);
  const cancelled = json((await request(base, "GET", `/threads/${threadId}/runs/${runId}`)).text);
  probes.cancelledRunStatus = cancelled.status;
  const state = json((await request(base, "GET", `/threads/${threadId}/state`)).text);
  probes.threadAfterCancel = { status: json((await request(base, "GET", `/threads/${threadId}`)).text).status, next: state.next };
  probes.cancelFinishedRun = outcome(await request(base, "POST", `/threads/${threadId}/runs/${runId}/cancel`));
  probes.cancelUnknownRun = outcome(await request(base, "POST", `/threads/${threadId}/runs/${UNKNOWN_UUID}/cancel`));
  probes.replayLastEventIdMinus1 = outcome(await request(base, "GET", `/threads/${threadId}/runs/${runId}/stream`, { headers: { "last-event-id": "-1" } }));
  probes.joinUnknownRun = outcome(await request(base, "GET", `/threads/${threadId}/runs/${UNKNOWN_UUID}/stream`));

  probes.cancelDuringOwnStream = await probeCancelOwnStream(base);
  const waited = await startSlowRun(base);
  probes.cancelWithWait = outcome(await request(base, "POST", `/threads/${waited.threadId}/runs/${waited.runId}/cancel?wait=true`));
  const rolled = await startSlowRun(base);
  probes.cancelRollback = outcome(await request(base, "POST", `/threads/${rolled.threadId}/runs/${rolled.runId}/cancel?action=rollback`));
  await sleep(2000);
  probes.afterRollback = {
    run: (await request(base, "GET", `/threads/${rolled.threadId}/runs/${rolled.runId}`)).status,
    thread: json((await request(base, "GET", `/threads/${rolled.threadId}`)).text).status ?? "gone",
  };
  return probes;
}

async function probeModesAndGraphs(base) {
  const probes = {};
  const streamNested = async (modes) =>
    outcome(await request(base, "POST", `/threads/${await newThread(base)}/runs/stream`, { body: { assistant_id: "nested", input: { messages: [{ role: "user", content: "hi" }] }, config: { configurable: { tokens: 2, delay_ms: 0 } }, stream_mode: modes, stream_subgraphs: true } }));
  probes.valuesWithSubgraphs = await streamNested(["values"]);
  probes.legacyMessagesWithSubgraphs = await streamNested(["messages"]);
  probes.debugWithSubgraphs = await streamNested(["debug"]);
  probes.info = json((await request(base, "GET", "/info")).text);
  probes.assistantsSearch = json((await request(base, "POST", "/assistants/search", { body: {} })).text);
  const nestedId = probes.assistantsSearch.find((a) => a.graph_id === "nested").assistant_id;
  probes.agentGraph = json((await request(base, "GET", "/assistants/agent/graph")).text);
  probes.graphByGraphId = outcome(await request(base, "GET", "/assistants/nested/graph"));
  for (const xray of ["false", "true", "1", "2"]) probes[`graphXray_${xray}`] = outcome(await request(base, "GET", `/assistants/${nestedId}/graph?xray=${xray}`));
  const subgraphs = json((await request(base, "GET", `/assistants/${nestedId}/subgraphs`)).text);
  probes.subgraphKeys = Object.fromEntries(Object.entries(subgraphs).map(([name, schemas]) => [name, Object.keys(schemas)]));
  probes.schemaTimings = {};
  for (const assistant of probes.assistantsSearch) {
    const first = await request(base, "GET", `/assistants/${assistant.assistant_id}/schemas`);
    const second = await request(base, "GET", `/assistants/${assistant.assistant_id}/schemas`);
    probes.schemaTimings[assistant.graph_id] = { status: first.status, bytes: first.bytes.length, firstMs: first.timing.closeMs, secondMs: second.timing.closeMs };
  }
  probes.schemasByGraphId = outcome(await request(base, "GET", "/assistants/agent/schemas"));
  return probes;
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const { startPythonServer } = await loadTsModule("test/support/pythonServer.ts");
  const coldStarts = [];
  let server;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now();
    server = await startPythonServer();
    coldStarts.push(Math.round(performance.now() - started));
    if (attempt < 2) await server.stop();
  }
  console.log(`python server at ${server.url}; cold starts ${coldStarts.join(", ")} ms`);
  try {
    await captureRuns(server.url);
    const probes = { coldStartMs: coldStarts, ...(await probeErrors(server.url)), ...(await probeCancelAndJoin(server.url)), ...(await probeModesAndGraphs(server.url)) };
    probes.replayFromSharedId = await probeReplayFromSharedId(server.url);
    probes.assistantsSearch = probes.assistantsSearch.map(({ assistant_id, graph_id, name }) => ({ assistant_id, graph_id, name }));
    write("probes.json", `${JSON.stringify(probes, null, 2)}\n`);
  } catch (error) {
    console.error(server.logs().slice(-4000));
    throw error;
  } finally {
    await server.stop();
  }
}

await main();

// Bad input from a misbehaving server (test/support/badServer.ts): every failure must give a clear
// error naming what failed, and everything received before it must have been delivered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STREAM_MODES, LangGraphClient, type RequestLogEntry, type RunStreamOptions } from "../../src/engine/client";
import { LangGraphHttpError, LangGraphNetworkError } from "../../src/engine/client/httpError";
import type { SseMessage } from "../../src/engine/model";
import { RunStreamLostError } from "../../src/engine/client/resumableStream";
import { SseDataError, parseSseData } from "../../src/engine/client/sse";
import { freePort } from "../support/freePort";
import { startBadServer, type BadServer } from "../support/badServer";
import { collect } from "../support/collectStream";

const API_KEY = "secret-key-do-not-log";
let bad: BadServer;
let client: LangGraphClient;
const log: RequestLogEntry[] = [];
const FAST_RECONNECT: RunStreamOptions["reconnect"] = { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 20 };

beforeAll(async () => {
  bad = await startBadServer();
  client = new LangGraphClient({ apiUrl: bad.url, apiKey: API_KEY, headers: { "x-team": "debugger" }, onRequest: (e) => log.push(e) });
});
afterAll(async () => {
  await bad?.stop();
});

/** Starts a run on a scenario and reads it through. */
async function runScenario(scenario: string, options: RunStreamOptions = {}) {
  const stream = await client.runs.stream(scenario, "agent", { input: {} }, { reconnect: FAST_RECONNECT, ...options });
  return { stream, ...(await collect(stream)) };
}

const ids = (messages: SseMessage[]) => messages.map((m) => m.id);
const range = (n: number) => Array.from({ length: n }, (_, i) => String(i));
const requestsOf = (scenario: string) => bad.requests.filter((r) => r.url.startsWith(`/threads/${scenario}/`) || r.url === `/threads/${scenario}`);

describe("HTTP errors carry status, method, path and the server's message", () => {
  it.each([
    ["text-400", 400, "Malformed JSON in request body"],
    ["zod-400", 400, "Invalid request: stream_mode.0: Invalid enum value"],
    ["text-404", 404, 'No assistant found for "nope".'],
    ["detail-404", 404, "Thread not found"],
    ["message-409", 409, "Thread is busy"],
    ["error-422", 422, "Thread is already running a task"],
    ["text-500", 500, "Internal Server Error"],
    ["html-500", 500, "Oops: worker crashed"],
    ["empty-502", 502, "Bad Gateway"],
  ])("%s", async (scenario, status, said) => {
    const error = await client.runs.stream(scenario, "agent", { input: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangGraphHttpError);
    expect(error).toMatchObject({ status, method: "POST", path: `/threads/${scenario}/runs/stream`, serverMessage: said });
    expect((error as Error).message).toBe(`POST /threads/${scenario}/runs/stream failed: ${status} ${said}`);
    expect((error as Error).message).not.toContain(API_KEY);
  });

  it("a JSON reply where an event stream was expected", async () => {
    await expect(client.runs.stream("json-instead-of-sse", "agent")).rejects.toThrow(
      "POST /threads/json-instead-of-sse/runs/stream failed: 200 expected an event stream but got application/json: streaming is disabled here",
    );
  });

  it("invalid JSON in a 200 reply", async () => {
    await expect(client.threads.get("invalid-json")).rejects.toThrow(/GET \/threads\/invalid-json failed: 200 invalid JSON in the response/);
  });
});

describe("network failures name the URL and what failed", () => {
  it("connection refused (nothing listens on the port)", async () => {
    const port = await freePort();
    const gone = new LangGraphClient({ apiUrl: `http://127.0.0.1:${port}` });
    const error = await gone.assistants.search().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangGraphNetworkError);
    expect((error as Error).message).toBe(
      `POST /assistants/search failed: cannot reach the LangGraph server at http://127.0.0.1:${port}/assistants/search: connection refused, is the server running? (ECONNREFUSED)`,
    );
  });

  it("an https URL speaks TLS (here to a plain HTTP server, which fails the handshake)", async () => {
    const tls = new LangGraphClient({ apiUrl: bad.url.replace("http:", "https:") });
    const error = await tls.threads.get("text-404").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangGraphNetworkError);
    expect((error as LangGraphNetworkError).phase).toBe("request");
    expect((error as Error).message).toMatch(/^GET \/threads\/text-404 failed: cannot reach the LangGraph server at https:\/\/127\.0\.0\.1:\d+\/threads\/text-404: /);
  });

  it("the server hangs up before answering", async () => {
    const error = await client.threads.get("hang-up-before-headers").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangGraphNetworkError);
    expect((error as Error).message).toMatch(/^GET \/threads\/hang-up-before-headers failed: cannot reach the LangGraph server at http:\/\/127\.0\.0\.1:\d+\/threads\/hang-up-before-headers: /);
  });

  it("the server answers with something that is not HTTP", async () => {
    const error = await client.threads.get("not-http").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangGraphNetworkError);
    expect((error as Error).message).toContain("/threads/not-http");
  });

  it("the connection breaks in the middle of a JSON body", async () => {
    const error = await client.threads.get("json-cut").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LangGraphNetworkError);
    expect((error as LangGraphNetworkError).phase).toBe("stream");
    expect((error as Error).message).toContain("GET /threads/json-cut failed: the connection to http://");
  });

  it("an abort is passed through as an abort, not disguised as a network error", async () => {
    const before = log.length;
    const error = await client.threads.get("never-answers", { signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("TimeoutError");
    expect(log.slice(before)).toEqual([
      expect.objectContaining({ method: "GET", path: "/threads/never-answers", error: "The operation was aborted due to timeout" }),
    ]);
  });
});

describe("broken streams deliver everything received before the break", () => {
  it("reset in the middle of an event", async () => {
    const { messages, error } = await runScenario("reset-mid-event", { reconnect: false });
    expect(ids(messages)).toEqual(range(4));
    expect(error).toBeInstanceOf(LangGraphNetworkError);
    expect(error?.message).toMatch(
      /^POST \/threads\/reset-mid-event\/runs\/stream failed: the connection to http:\/\/127\.0\.0\.1:\d+\/threads\/reset-mid-event\/runs\/stream broke while reading the response: .+ \(an incomplete "messages" event \(\d+ characters\) was discarded; last complete event id 3\)$/,
    );
  });

  it("reset between two events", async () => {
    const { messages, error } = await runScenario("reset-between-events", { reconnect: false });
    expect(ids(messages)).toEqual(range(3));
    expect(error).toBeInstanceOf(LangGraphNetworkError);
    expect(error?.message).toContain("(last complete event id 2)");
  });

  it("a clean close in the middle of an event", async () => {
    const { messages, error } = await runScenario("clean-close-mid-event", { reconnect: false });
    expect(ids(messages)).toEqual(range(3));
    expect(error?.message).toMatch(/the stream ended in the middle of a "updates" event \(\d+ characters of data received, after event id 2\)/);
  });

  it("a complete event whose JSON is cut short is delivered, and parsing it names it", async () => {
    const { messages, error } = await runScenario("truncated-json-event", { reconnect: false });
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(3));
    expect(() => parseSseData(messages[2])).toThrow(SseDataError);
    expect(() => parseSseData(messages[2])).toThrow(/^event "updates" \(id 2\) carries invalid JSON/);
  });
});

describe("odd but valid streams", () => {
  it("a 10 MB event arrives whole", async () => {
    const { messages, error } = await runScenario("huge-event");
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(3));
    expect(messages[1].data.length).toBeGreaterThan(10 * 1024 * 1024);
    expect((parseSseData(messages[1]) as { values: { blob: string } }).values.blob).toHaveLength(10 * 1024 * 1024);
  });

  it("unknown stream modes and event names pass through", async () => {
    const { messages, error } = await runScenario("unknown-modes");
    expect(error).toBeUndefined();
    expect(messages.map((m) => m.event)).toEqual(["metadata", "telemetry|deep:1", "weird"]);
  });

  it("malformed lines (no colon, unknown fields, bad retry) are skipped, events around them kept", async () => {
    const { messages, error } = await runScenario("malformed-lines");
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(2));
  });

  it("an error event from the server ends the stream without re-joining", async () => {
    const { messages, error } = await runScenario("server-error-event");
    expect(error).toBeUndefined();
    expect(messages.map((m) => m.event)).toEqual(["metadata", "error"]);
    expect(requestsOf("server-error-event")).toHaveLength(1);
  });

  // Neither real server sends `event: end` (docs/SERVER-DIFFERENCES.md §1); a proxy or an older
  // server might, so it still ends the stream.
  it("heartbeat comments and an `end` event", async () => {
    const { messages, error } = await runScenario("python-style");
    expect(error).toBeUndefined();
    expect(messages.map((m) => [m.event, m.data])).toEqual([["metadata", expect.stringContaining("run-1")], ["end", "null"]]);
    expect(requestsOf("python-style")).toHaveLength(1);
  });

  it("CRLF line ends", async () => {
    const { messages, error } = await runScenario("crlf-stream");
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(4));
    expect(JSON.parse(messages[3].data)).toEqual([{ content: "token 3 é✓", type: "AIMessageChunk" }, { langgraph_node: "agent" }]);
  });

  it("a stream dripped one byte per write (UTF-8 split inside characters)", async () => {
    const { messages, error } = await runScenario("byte-drip");
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(4));
    expect(messages[1].data).toContain("token 1 é✓");
  });

  it("without content-location the run id comes from the metadata event", async () => {
    const stream = await client.runs.stream("no-location", "agent", {}, { reconnect: false });
    expect(stream.runId).toBeUndefined();
    await collect(stream);
    expect(stream.runId).toBe("from-metadata");
  });

  it("cancelling a run whose id never arrived says so", async () => {
    const noId = await client.runs.stream("no-run-id", "agent", {}, { reconnect: false });
    await collect(noId);
    await expect(noId.cancel()).rejects.toThrow("cannot cancel the run: its id is not known yet");
  });
});

describe("re-joining a resumable run", () => {
  it.each([
    ["resume-mid-event", "2"],
    ["resume-between-events", "4"],
    ["resume-clean-close-mid-event", "4"],
  ])("%s: re-joins with Last-Event-ID %s (the id before the last received) and delivers every event once", async (scenario, lastId) => {
    const { stream, messages, error } = await runScenario(scenario);
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(10));
    expect(stream.reconnects).toBe(1);
    const join = requestsOf(scenario).find((r) => r.method === "GET" && r.url.endsWith("/runs/run-1/stream"));
    expect(join?.headers["last-event-id"]).toBe(lastId);
  });

  it("a connection: close stream cut between events is re-joined although it read as a clean end", async () => {
    const { messages, error, stream } = await runScenario("resume-unframed-cut");
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(10));
    expect(stream.reconnects).toBe(1);
    const join = requestsOf("resume-unframed-cut").find((r) => r.url.endsWith("/runs/run-1/stream"));
    expect(join?.headers["last-event-id"]).toBe("3");
  });

  it("drops events a re-join replays twice", async () => {
    const { messages, error } = await runScenario("resume-replays-everything");
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(10));
  });

  it("events sharing an id (Python server) are all delivered", async () => {
    const { messages, error } = await runScenario("shared-ids");
    expect(error).toBeUndefined();
    expect(messages.map((m) => `${m.id}${JSON.parse(m.data).n}`)).toEqual(["a0", "b1", "b2", "c3", "c4", "c5"]);
  });

  it("a re-join replaying events that share ids delivers each of them once", async () => {
    const { messages, error, stream } = await runScenario("shared-ids-replay");
    expect(error).toBeUndefined();
    expect(stream.reconnects).toBe(1);
    expect(messages.map((m) => `${m.id}${JSON.parse(m.data).n}`)).toEqual(["a0", "b1", "b2", "c3", "c4", "c5"]);
  });

  it("a clean close while the server says the run is still running leads to a re-join", async () => {
    const { messages, error, stream } = await runScenario("resume-eof-while-running");
    expect(error).toBeUndefined();
    expect(ids(messages)).toEqual(range(10));
    expect(stream.reconnects).toBe(1);
    expect(requestsOf("resume-eof-while-running").map((r) => r.method + " " + r.url.split("/").slice(3).join("/"))).toEqual([
      "POST runs/stream",
      "GET runs/run-1",
      "GET runs/run-1/stream",
      "GET runs/run-1",
    ]);
  });

  it("gives up after the allowed attempts with an error naming the run and the last event", async () => {
    const { messages, error } = await runScenario("resume-join-fails");
    expect(ids(messages)).toEqual(range(4));
    expect(error).toBeInstanceOf(RunStreamLostError);
    expect(error?.message).toBe(
      "lost the stream of run run-1 (thread resume-join-fails) after event id 3; 3 re-join attempts failed, last: GET /threads/resume-join-fails/runs/run-1/stream failed: 503 worker unavailable",
    );
  });

  it("stops at once when the re-join says the run does not exist", async () => {
    const { messages, error } = await runScenario("resume-join-404");
    expect(ids(messages)).toEqual(range(4));
    expect(error).toBeInstanceOf(LangGraphHttpError);
    expect(error?.message).toBe("GET /threads/resume-join-404/runs/run-1/stream failed: 404 Run not found");
  });

  it("aborting the caller's signal ends the stream and cancels the run on the server", async () => {
    const controller = new AbortController();
    const stream = await client.runs.stream("stays-open", "agent", {}, { signal: controller.signal });
    const got: SseMessage[] = [];
    const reading = (async () => {
      for await (const message of stream) {
        got.push(message);
        if (got.length === 3) controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(/abort/i);
    expect(ids(got)).toEqual(range(3));
    await expect.poll(() => requestsOf("stays-open").map((r) => `${r.method} ${r.url}`)).toContain("POST /threads/stays-open/runs/run-1/cancel");
  });
});

describe("auth and logging", () => {
  it("sends x-api-key and custom headers, and never logs them", async () => {
    const request = requestsOf("crlf-stream")[0];
    expect(request.headers["x-api-key"]).toBe(API_KEY);
    expect(request.headers["x-team"]).toBe("debugger");
    expect(JSON.parse(request.body)).toMatchObject({
      assistant_id: "agent",
      stream_mode: [...DEFAULT_STREAM_MODES],
      stream_resumable: true,
      stream_subgraphs: true,
    });
    expect(log.length).toBeGreaterThan(20);
    expect(JSON.stringify(log)).not.toContain(API_KEY);
    expect(JSON.stringify(log)).not.toContain("debugger");
    expect(log.find((e) => e.path === "/threads/crlf-stream/runs/stream")).toMatchObject({ method: "POST", status: 200 });
  });
});

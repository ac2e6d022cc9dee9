/**
 * A small local HTTP server that misbehaves on purpose, for the client's bad-input tests:
 * HTTP errors with text/JSON/HTML bodies, malformed or truncated SSE, huge events, connections
 * destroyed mid-stream, and a fake resumable run that can be re-joined with Last-Event-ID.
 * The scenario is the thread id in the path: `/threads/<scenario>/…`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A running bad server. */
export interface BadServer {
  url: string;
  /** Every request so far, oldest first. */
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** One event of a scripted stream. */
export interface ScriptedEvent {
  event: string;
  data: unknown;
  id?: string;
}

/** Formats events as the JS server does: JSON pretty-printed over several `data:` lines, `id:` after the data. */
export function formatSse(events: ScriptedEvent[], lineEnd = "\n"): string {
  return events
    .map((e) => {
      const lines = [`event: ${e.event}`, ...JSON.stringify(e.data, null, 2).split("\n").map((l) => `data: ${l}`)];
      if (e.id !== undefined) lines.push(`id: ${e.id}`);
      return lines.join(lineEnd) + lineEnd + lineEnd;
    })
    .join("");
}

/** The fake run every resumable scenario streams: metadata, then `count - 1` message tokens. */
export function scriptedRun(count: number, runId = "run-1"): ScriptedEvent[] {
  const events: ScriptedEvent[] = [{ event: "metadata", data: { run_id: runId, attempt: 1 }, id: "0" }];
  for (let i = 1; i < count; i++) {
    events.push({ event: "messages", data: [{ content: `token ${i} é✓`, type: "AIMessageChunk" }, { langgraph_node: "agent" }], id: String(i) });
  }
  return events;
}

const RUN = scriptedRun(10);
/** Events whose ids repeat, as the Python server's do: a, b, b, c, c, c. */
const SHARED_ID_RUN: ScriptedEvent[] = ["a", "b", "b", "c", "c", "c"].map((id, n) => ({ event: "updates", data: { n }, id }));
const SSE_HEADERS = { "content-type": "text/event-stream", "cache-control": "no-cache" };

type Handler = (req: IncomingMessage, res: ServerResponse, state: ScenarioState) => void;
interface ScenarioState {
  /** Requests this scenario has seen so far (1 for the first). */
  hits: number;
  /** The `Last-Event-ID` header, if any. */
  lastEventId?: string;
  /** The rest of the path after `/threads/<scenario>`. */
  rest: string;
  scenario: string;
}

/** SSE response headers with `content-location` naming the run, as the JS server sends them. */
function sseStart(res: ServerResponse, state: ScenarioState): void {
  res.writeHead(200, { ...SSE_HEADERS, "content-location": `/threads/${state.scenario}/runs/run-1` });
}

/** Writes `text` and destroys the socket once it has been flushed: a reset mid-stream. */
function writeThenDestroy(res: ServerResponse, text: string): void {
  res.write(text, () => setTimeout(() => res.socket?.destroy(), 10));
}

/** Events after `lastEventId` ("-1" or none: all of them). */
function after(events: ScriptedEvent[], lastEventId: string | undefined): ScriptedEvent[] {
  const from = lastEventId === undefined ? 0 : Number(lastEventId) + 1;
  return events.filter((e) => Number(e.id) >= from);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string, type = "text/plain"): void {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}

/** Resumable run: the POST is cut mid-event after 4 events; joins replay from Last-Event-ID. */
function resumable(cut: (res: ServerResponse, full: string) => void): Handler {
  return (_req, res, state) => {
    sseStart(res, state);
    if (state.rest === "/runs/stream") return cut(res, formatSse(RUN));
    res.end(formatSse(after(RUN, state.lastEventId)));
  };
}

const midEvent = (res: ServerResponse, full: string) => {
  const fifth = full.indexOf("event: messages", full.indexOf("id: 3"));
  writeThenDestroy(res, full.slice(0, fifth + 40));
};

/** The scenarios, by name. */
export const scenarios: Record<string, Handler> = {
  "text-400": (_q, res) => text(res, 400, "Malformed JSON in request body"),
  "zod-400": (_q, res) =>
    json(res, 400, { success: false, error: { issues: [{ path: ["stream_mode", 0], message: "Invalid enum value" }], name: "ZodError" } }),
  "text-404": (_q, res) => text(res, 404, 'No assistant found for "nope".'),
  "detail-404": (_q, res) => json(res, 404, { detail: "Thread not found" }),
  "message-409": (_q, res) => json(res, 409, { message: "Thread is busy" }),
  "error-422": (_q, res) => json(res, 422, { error: "Thread is already running a task" }),
  "text-500": (_q, res) => text(res, 500, "Internal Server Error"),
  "html-500": (_q, res) => text(res, 500, "<!DOCTYPE html><html><title>Oops: worker crashed</title><body>…</body></html>", "text/html"),
  "empty-502": (_q, res) => text(res, 502, ""),
  "json-instead-of-sse": (_q, res) => json(res, 200, { detail: "streaming is disabled here" }),
  "invalid-json": (_q, res) => text(res, 200, '{"thread_id": "x", "status": ', "application/json"),
  "json-cut": (_q, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
    writeThenDestroy(res, '{"thread_id": "x", ');
  },
  "hang-up-before-headers": (req) => req.socket.destroy(),
  "not-http": (req) => {
    req.socket.write("garbage that is not HTTP\r\n\r\n");
    req.socket.destroy();
  },
  "never-answers": () => undefined,
  "reset-mid-event": (_q, res, state) => {
    sseStart(res, state);
    midEvent(res, formatSse(RUN));
  },
  "reset-between-events": (_q, res, state) => {
    sseStart(res, state);
    writeThenDestroy(res, formatSse(RUN.slice(0, 3)));
  },
  "clean-close-mid-event": (_q, res, state) => {
    sseStart(res, state);
    const full = formatSse(RUN.slice(0, 3));
    res.end(full + 'event: updates\ndata: {\ndata:   "agent": {"messages": [');
  },
  "truncated-json-event": (_q, res, state) => {
    sseStart(res, state);
    res.end(`${formatSse(RUN.slice(0, 2))}event: updates\ndata: {"agent": {"messages": [\nid: 2\n\n`);
  },
  "huge-event": (_q, res, state) => {
    sseStart(res, state);
    const blob = "x".repeat(10 * 1024 * 1024);
    res.write(formatSse([RUN[0]]));
    res.end(formatSse([{ event: "checkpoints", data: { values: { blob } }, id: "1" }, { event: "updates", data: { done: true }, id: "2" }]));
  },
  "unknown-modes": (_q, res, state) => {
    sseStart(res, state);
    res.end(formatSse([RUN[0], { event: "telemetry|deep:1", data: { x: 1 }, id: "1" }, { event: "weird", data: "hello", id: "2" }]));
  },
  "malformed-lines": (_q, res, state) => {
    sseStart(res, state);
    res.end(`${formatSse([RUN[0]])}this line has no colon\nfoo: unknown field\nretry: soon\n\n${formatSse([RUN[1]])}:comment\n\n`);
  },
  "server-error-event": (_q, res, state) => {
    if (state.rest !== "/runs/stream") return json(res, 500, { message: "must not re-join after an error event" });
    sseStart(res, state);
    res.end(formatSse([RUN[0], { event: "error", data: { error: "Error", message: "Boom in agent" }, id: "1" }]));
  },
  "python-style": (_q, res, state) => {
    sseStart(res, state);
    res.end(`: heartbeat\n\n${formatSse([RUN[0]])}: heartbeat\n\nevent: end\ndata: null\n\n`);
  },
  "crlf-stream": (_q, res, state) => {
    sseStart(res, state);
    res.end(formatSse(RUN.slice(0, 4), "\r\n"));
  },
  "byte-drip": (_q, res, state) => {
    sseStart(res, state);
    const bytes = Buffer.from(formatSse(RUN.slice(0, 4)));
    let i = 0;
    const drip = () => (i < bytes.length ? res.write(bytes.subarray(i, ++i), () => setImmediate(drip)) : res.end());
    drip();
  },
  "no-location": (_q, res) => {
    res.writeHead(200, SSE_HEADERS);
    res.end(formatSse([{ event: "metadata", data: { run_id: "from-metadata", attempt: 1 }, id: "0" }]));
  },
  "no-run-id": (_q, res) => {
    res.writeHead(200, SSE_HEADERS);
    res.end(formatSse([{ event: "updates", data: { a: 1 } }]));
  },
  "stays-open": (_q, res, state) => {
    if (state.rest.endsWith("/cancel")) return text(res, 202, "");
    sseStart(res, state);
    res.write(formatSse(RUN.slice(0, 3)));
  },
  "resume-mid-event": resumable(midEvent),
  "resume-between-events": resumable((res, full) => writeThenDestroy(res, full.slice(0, full.indexOf("event:", full.indexOf("id: 5"))))),
  "resume-clean-close-mid-event": resumable((res, full) => res.end(full.slice(0, full.indexOf("id: 6") - 10))),
  "resume-replays-everything": (_q, res, state) => {
    sseStart(res, state);
    if (state.rest === "/runs/stream") return midEvent(res, formatSse(RUN));
    res.end(formatSse(RUN)); // ignores Last-Event-ID: the client must drop the duplicates
  },
  "resume-eof-while-running": (_q, res, state) => {
    // The first connection closes cleanly after 3 events while the run is still "running".
    if (state.rest === "/runs/run-1") return json(res, 200, { run_id: "run-1", status: state.hits <= 2 ? "running" : "success" });
    sseStart(res, state);
    res.end(formatSse(state.rest === "/runs/stream" ? RUN.slice(0, 3) : after(RUN, state.lastEventId)));
  },
  "resume-unframed-cut": (_q, res, state) => {
    // A body that runs to the close (no content-length, not chunked: HTTP/1.0 style, as some proxies
    // send), so this cut between events 4 and 5 reads as a clean end of a finished run.
    if (state.rest === "/runs/stream") {
      const head = [
        "HTTP/1.1 200 OK",
        "content-type: text/event-stream",
        `content-location: /threads/${state.scenario}/runs/run-1`,
        "connection: close",
      ];
      const socket = res.socket;
      socket?.write(`${head.join("\r\n")}\r\n\r\n${formatSse(RUN.slice(0, 5))}`, () => setTimeout(() => socket.destroy(), 10));
      return;
    }
    sseStart(res, state);
    res.end(formatSse(after(RUN, state.lastEventId)));
  },
  "shared-ids": (_q, res, state) => {
    // The Python server's ids are millisecond stamps that several events can share.
    sseStart(res, state);
    res.end(formatSse(SHARED_ID_RUN));
  },
  "shared-ids-replay": (_q, res, state) => {
    sseStart(res, state);
    const full = formatSse(SHARED_ID_RUN);
    // Cut inside the fifth event (the second "c"), then replay everything on the re-join.
    if (state.rest === "/runs/stream") return writeThenDestroy(res, full.slice(0, full.indexOf('"n": 4') + 3));
    res.end(full);
  },
  "resume-join-fails": (_q, res, state) => {
    if (state.rest !== "/runs/stream") return text(res, 503, "worker unavailable");
    sseStart(res, state);
    midEvent(res, formatSse(RUN));
  },
  "resume-join-404": (_q, res, state) => {
    if (state.rest !== "/runs/stream") return text(res, 404, "Run not found");
    sseStart(res, state);
    midEvent(res, formatSse(RUN));
  },
};

/** Scenarios that answer `GET /threads/<scenario>/runs/run-1` themselves. */
const OWN_RUN_STATUS = new Set(["resume-eof-while-running"]);

/** Starts the bad server on a free port of 127.0.0.1. */
export async function startBadServer(): Promise<BadServer> {
  const requests: RecordedRequest[] = [];
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const match = /^\/threads\/([^/?]+)([^?]*)/.exec(req.url ?? "");
      const handler = match ? scenarios[match[1]] : undefined;
      if (!match || !handler) return text(res, 404, `bad server: no scenario for ${req.url}`);
      const count = (hits.get(match[1]) ?? 0) + 1;
      hits.set(match[1], count);
      const lastEventId = req.headers["last-event-id"];
      // Streams that end with a plain close get asked about their run, as on the JS server: it is done.
      if (match[2] === "/runs/run-1" && !OWN_RUN_STATUS.has(match[1])) return json(res, 200, { run_id: "run-1", status: "success" });
      handler(req, res, { hits: count, scenario: match[1], rest: match[2], lastEventId: typeof lastEventId === "string" ? lastEventId : undefined });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

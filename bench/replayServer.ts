// A local HTTP server that replays recorded run streams byte for byte, as fast as the socket takes them,
// answering just enough of the LangGraph API for a client to stream a run and check it finished.
import { fork } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Bytes per write; the in-memory measurements cut the recording the same way. */
export const REPLAY_CHUNK_BYTES = 64 * 1024;
/** How many times the `x5` stream repeats the recording (the heap measurement's 100k events). */
export const REPEAT_FOR_HEAP = 5;

/** A running replay server. */
export interface ReplayServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `streams[threadId]` for `POST /threads/{threadId}/runs/stream` (with the JS server's headers)
 * and `{"status":"success"}` for `GET /threads/{threadId}/runs/{runId}`.
 */
export async function startReplayServer(streams: Record<string, Buffer>): Promise<ReplayServer> {
  const server = http.createServer((req, res) => {
    void handle(streams, req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A replay server in its own process (see replayServerProcess.ts), with the CPU time it used. */
export interface ReplayServerProcess extends ReplayServer {
  /** Size of the recorded stream (`once`). */
  bytes: number;
  /** CPU milliseconds (user + system) the server process used so far. */
  cpuMs(): Promise<number>;
}

/** Starts `script` (the built replayServerProcess) in its own process group and waits for its URL. */
export async function spawnReplayServer(script: string, fixtureDir: string): Promise<ReplayServerProcess> {
  // No inherited flags (--cpu-prof, --expose-gc): the server is not what is measured.
  const child = fork(script, [fixtureDir], { detached: true, execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = once(child, "exit");
  const ready = new Promise<{ url: string; bytes: number }>((resolve, reject) => {
    child.once("message", (message: { url?: string; bytes?: number }) =>
      message.url ? resolve({ url: message.url, bytes: message.bytes ?? 0 }) : reject(new Error("no URL")),
    );
    void exited.then(([code]) => reject(new Error(`replay server exited with ${String(code)} before it was ready`)));
  });
  const { url, bytes } = await ready;
  return {
    url,
    bytes,
    cpuMs: () =>
      new Promise((resolve) => {
        child.once("message", (message: { cpu: NodeJS.CpuUsage }) => resolve((message.cpu.user + message.cpu.system) / 1000));
        child.send("cpu");
      }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      const timer = setTimeout(() => killGroup(child.pid), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

async function handle(streams: Record<string, Buffer>, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  for await (const _chunk of req) {
    // The request body (the run payload) is not needed: drain it.
  }
  const url = req.url ?? "";
  const stream = /^\/threads\/([^/]+)\/runs\/stream$/.exec(url);
  if (req.method === "POST" && stream) {
    const body = streams[decodeURIComponent(stream[1])];
    if (!body) return notFound(res);
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "content-location": `/threads/${stream[1]}/runs/replayed-run`,
    });
    for (let at = 0; at < body.length; at += REPLAY_CHUNK_BYTES) {
      if (!res.write(body.subarray(at, at + REPLAY_CHUNK_BYTES))) await once(res, "drain");
    }
    res.end();
    return;
  }
  const run = /^\/threads\/([^/]+)\/runs\/([^/]+)$/.exec(url);
  if (req.method === "GET" && run) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ run_id: run[2], thread_id: run[1], status: "success" }));
    return;
  }
  notFound(res);
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found");
}

/**
 * The stream repeated `times` times into one, with SSE ids renumbered to keep counting and message
 * ids made unique per repetition (so a client de-duplicating by id sees every event as new).
 */
export function repeatStream(body: Buffer, times: number): Buffer {
  const text = body.toString("utf8");
  const ids = text.match(/^id: \d+$/gm)?.length ?? 0;
  const parts: Buffer[] = [body];
  for (let k = 1; k < times; k++) {
    const shifted = text
      .replace(/^id: (\d+)$/gm, (_m, id: string) => `id: ${Number(id) + k * ids}`)
      .replace(/"run-/g, `"run-r${k}-`);
    parts.push(Buffer.from(shifted, "utf8"));
  }
  return Buffer.concat(parts);
}

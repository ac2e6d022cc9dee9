// An HTTP proxy in front of a sample server that holds the requests to one path until told what to
// do with them: a slow server on cue, e.g. a JS dev server that answers /assistants/search 30 s late
// while it extracts schemas, without waiting those 30 s.
import http from "node:http";

/** A running proxy; while `hold()` is on, requests to its path wait for `release()` or `fail()`. */
export interface HoldingProxy {
  /** The deployment URL to switch to. */
  url: string;
  /** Holds the next requests to the path. */
  hold(): void;
  /** How many requests are held now (their client still waiting). */
  held(): number;
  /** How many held requests their client gave up on (aborted) before they were answered. */
  abandoned(): number;
  /** Forwards the held requests to the server and stops holding. */
  release(): void;
  /** Answers the held requests with `status` and a JSON `detail`, and stops holding. */
  fail(status: number, detail: string): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 that forwards to `target` (a base URL), holding `heldPath` when told. */
export async function startHoldingProxy(target: string, heldPath: string): Promise<HoldingProxy> {
  const upstream = new URL(target);
  let holding = false;
  let abandoned = 0;
  /** The held requests; `gone` once their client closed the connection. */
  let waiting: { req: http.IncomingMessage; res: http.ServerResponse; gone: boolean }[] = [];

  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const request = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    request.on("error", () => res.destroy());
    res.on("close", () => request.destroy());
    req.pipe(request);
  };
  const server = http.createServer((req, res) => {
    if (!holding || req.url?.split("?")[0] !== heldPath) return forward(req, res);
    const entry = { req, res, gone: false };
    waiting.push(entry);
    res.on("close", () => {
      if (res.writableFinished) return;
      entry.gone = true;
      abandoned++;
    });
  });
  const settle = (answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) => {
    holding = false;
    for (const { req, res, gone } of waiting.splice(0)) if (!gone) answer(req, res);
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    hold: () => {
      holding = true;
    },
    held: () => waiting.filter(({ gone }) => !gone).length,
    abandoned: () => abandoned,
    release: () => settle(forward),
    fail: (status, detail) =>
      settle((_req, res) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ detail }));
      }),
    close: () => {
      waiting = [];
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

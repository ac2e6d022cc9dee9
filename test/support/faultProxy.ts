/**
 * A TCP proxy in front of a real server that cuts chosen responses after a chosen number of body
 * bytes, with a FIN or a RST: the "network dropped mid-stream" fault. It follows HTTP/1.1
 * keep-alive (one request at a time per connection, as fetch sends them), so the cut rule sees
 * every request, not only each connection's first.
 */
import { createConnection, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/** A request as the proxy saw it. */
export interface ProxiedRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** 0 for the first connection the proxy accepted. */
  connection: number;
}

/** How to cut a response. */
export interface CutPlan {
  /** Body bytes let through before the cut. */
  afterBodyBytes: number;
  /** Close with a RST instead of a FIN. */
  reset: boolean;
  /**
   * Rewrite the response to `connection: close`: the client's fetch then takes the cut for the end
   * of the body (no error), as behind proxies that close instead of finishing the chunked body.
   */
  closeDelimited?: boolean;
}

/** A cut that happened. */
export interface CutRecord extends ProxiedRequest, CutPlan {}

/** A running fault proxy. */
export interface FaultProxy {
  url: string;
  /** Cuts made so far. */
  cuts: CutRecord[];
  /** Connections accepted so far. */
  connections(): number;
  stop(): Promise<void>;
}

/** Decides, per request, whether and where to cut its response. */
export type CutRule = (request: ProxiedRequest) => CutPlan | undefined;

const HEADER_END = Buffer.from("\r\n\r\n");

/** Starts a proxy on 127.0.0.1 forwarding to `127.0.0.1:targetPort`. */
export async function startFaultProxy(targetPort: number, rule: CutRule): Promise<FaultProxy> {
  const cuts: CutRecord[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;

  const server = createServer((client) => {
    const connection = accepted++;
    // No Nagle: a cut must come after the bytes it lets through. With it, bytes written while earlier
    // ones wait for a (delayed) ACK stay in the send queue, and the RST discards them: on a kept-alive
    // connection the client then saw nothing of a stream cut "after 6000 bytes".
    client.setNoDelay(true);
    const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
    sockets.add(client).add(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", closeBoth).on("close", () => sockets.delete(client) && upstream.end());
    upstream.on("error", closeBoth).on("close", () => sockets.delete(upstream) && client.end());

    // Response state, reset by each new request (fetch sends the next one only after the last response).
    let request: ProxiedRequest | undefined;
    let plan: CutPlan | undefined;
    let responseHead = Buffer.alloc(0);
    let inBody = false;
    let bodyBytes = 0;
    let severed = false;

    const requests = requestSplitter((method, path, headers) => {
      request = { method, path, headers, connection };
      plan = rule(request);
      responseHead = Buffer.alloc(0);
      inBody = false;
      bodyBytes = 0;
    });
    client.on("data", (chunk: Buffer) => {
      requests(chunk);
      upstream.write(chunk);
    });

    upstream.on("data", (chunk: Buffer) => {
      if (severed) return;
      let body = chunk;
      if (!inBody) {
        responseHead = Buffer.concat([responseHead, chunk]);
        const end = responseHead.indexOf(HEADER_END);
        if (end === -1) return;
        inBody = true;
        const head = responseHead.subarray(0, end + HEADER_END.length);
        client.write(plan?.closeDelimited ? withConnectionClose(head) : head);
        body = responseHead.subarray(end + HEADER_END.length);
      }
      if (!plan) return void client.write(body);
      const room = plan.afterBodyBytes - bodyBytes;
      if (body.length < room) {
        bodyBytes += body.length;
        return void client.write(body);
      }
      const cut = plan;
      plan = undefined;
      severed = true;
      cuts.push({ ...(request as ProxiedRequest), ...cut });
      client.write(body.subarray(0, room), () => {
        if (cut.reset) client.resetAndDestroy();
        else client.destroy();
        upstream.destroy();
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cuts,
    connections: () => accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Splits the client's bytes into requests (head + content-length body) and reports each head. */
function requestSplitter(onRequest: (method: string, path: string, headers: Record<string, string>) => void) {
  let buffer = Buffer.alloc(0);
  let bodyLeft = 0;
  return (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (bodyLeft > 0) {
        const skip = Math.min(bodyLeft, buffer.length);
        bodyLeft -= skip;
        buffer = buffer.subarray(skip);
        if (bodyLeft > 0) return;
      }
      const end = buffer.indexOf(HEADER_END);
      if (end === -1) return;
      const [requestLine = "", ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
      buffer = buffer.subarray(end + HEADER_END.length);
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      bodyLeft = Number(headers["content-length"] ?? 0);
      const [method = "", path = ""] = requestLine.split(" ");
      onRequest(method, path, headers);
    }
  };
}

/** The response head with `connection: close` instead of keep-alive. */
function withConnectionClose(head: Buffer): Buffer {
  const lines = head.toString("latin1").trimEnd().split("\r\n").filter((line) => !/^(connection|keep-alive):/i.test(line));
  return Buffer.from(`${[...lines, "connection: close"].join("\r\n")}\r\n\r\n`, "latin1");
}

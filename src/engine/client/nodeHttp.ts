// One HTTP exchange over node:http / node:https, the client's only transport.
//
// Why not fetch: a response body read through Node's own streams costs less per chunk than
// through fetch's web streams (on the 20k-event bench stream, fetch alone left ~75% of the
// in-memory rate; node:http ~20% more). Proxies: inside VS Code the extension host patches
// node's http and https modules (request functions and global agents) to follow the user's
// `http.proxy*` settings and system certificates, so requests made here honour them at least
// as well as fetch does. That is also why this uses the default agents rather than its own.

import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";

/** What to send. */
export interface SendInit {
  method: string;
  headers: Record<string, string>;
  /** Request body, already serialised. */
  body?: string;
  /** Aborting destroys the request, and the response if it arrived; reads then fail. */
  signal?: AbortSignal;
}

/**
 * Sends a request and resolves with the response once its headers arrived; rejects with what
 * failed before that (refused, reset, not HTTP, aborted). Read or drain the body: an unread
 * body holds its connection.
 */
export function sendRequest(url: string, init: SendInit): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers["content-length"] = Buffer.byteLength(init.body);
    const transport = target.protocol === "https:" ? https : http;
    const request = transport.request(target, { method: init.method, headers, signal: init.signal }, (response) => {
      // Node emits a response's `error` only to listeners: keep one so a reset before anyone reads is
      // remembered (`response.errored`) and thrown by the first read, not turned into "premature close".
      response.on("error", ignore);
      resolve(response);
    });
    // After the response arrived, failures surface on the response (read errors); this one stays quiet.
    request.on("error", reject);
    request.end(init.body);
  });
}

/** The whole body as text (UTF-8). */
export async function readText(response: IncomingMessage): Promise<string> {
  response.setEncoding("utf8");
  let text = "";
  for await (const chunk of response) text += chunk as string;
  return text;
}

/** Response headers by name, as fetch's `Headers.get` reads them. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

/** A response's headers as `ResponseHeaders` (a fetch `Headers` would load undici just for this). */
export function headersOf(response: IncomingMessage): ResponseHeaders {
  const headers = response.headers;
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * Whether HTTP framing tells a cut from the end of the body: a content-length, or chunked encoding
 * (node:http fails a chunked body that stops before its last chunk, even on `connection: close`).
 * Otherwise the body runs to the close, and a dropped connection reads as a clean end.
 */
export function isFramed(headers: IncomingHttpHeaders): boolean {
  return headers["content-length"] !== undefined || /chunked/i.test(headers["transfer-encoding"] ?? "");
}

/**
 * A body's chunks, read ahead of the consumer up to about `limit` bytes. Reading starts at once,
 * not at the first `next()`: a connection reset destroys the response, and with it whatever the
 * response still buffered, so bytes that arrived just before a reset would be lost if nobody had
 * taken them yet. Cheaper than the stream's own async iterator, too (that joins whatever is
 * buffered into one new Buffer per read and pauses the socket at 16 KiB). Leaving early (break,
 * return) destroys the body.
 */
export function readAhead(body: Readable, limit = READ_AHEAD_BYTES): AsyncGenerator<Buffer, void, undefined> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= limit) body.pause();
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (error: unknown) => {
    failure ??= { error };
    notify();
  };
  // Closed without an end or an error (destroyed): the body was cut.
  const onClose = () => onError(Object.assign(new Error("the response was closed before its end"), { code: "ECONNRESET" }));
  if (body.errored) onError(body.errored);
  else if (body.destroyed) onClose();
  body.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  return (async function* () {
    try {
      for (;;) {
        const chunk = queue.shift();
        if (chunk !== undefined) {
          queued -= chunk.length;
          if (queued < limit / 2 && body.isPaused()) body.resume();
          yield chunk;
        } else if (ended) return;
        else if (failure) throw failure.error;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      body.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (!ended) body.destroy();
    }
  })();
}

/** How far `readAhead` reads ahead: some 16 of the socket's 64 KiB reads. */
const READ_AHEAD_BYTES = 1024 * 1024;

function ignore(): void {}

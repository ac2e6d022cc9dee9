// The HTTP layer every sub-client shares: URL building, auth headers, JSON bodies,
// request logging, and turning failures into LangGraphHttpError / LangGraphNetworkError.

import type { IncomingMessage } from "node:http";
import type { SseMessage } from "../model";
import { LangGraphHttpError, LangGraphNetworkError, describeNetworkFailure, extractServerMessage } from "./httpError";
import { headersOf, isFramed, readAhead, readText, sendRequest, type ResponseHeaders } from "./nodeHttp";
import { SseTruncatedError, readSseBatches } from "./sse";

/** One finished HTTP request, as reported to `onRequest` (never headers, never the API key). */
export interface RequestLogEntry {
  method: string;
  /** Path and query, without the base URL. */
  path: string;
  /** HTTP status, or undefined when no response arrived. */
  status?: number;
  /** Milliseconds until the response headers arrived (or the failure). */
  elapsedMs: number;
  /** Why it failed when there is no status (network failure, abort). */
  error?: string;
  /** The server's message with a non-2xx status (e.g. "Invalid API key"). */
  message?: string;
}

/** Settings of a `LangGraphClient`. */
export interface LangGraphClientConfig {
  /** Base URL of the LangGraph server, e.g. `http://127.0.0.1:2024`. */
  apiUrl: string;
  /** Sent as the `x-api-key` header when set; one written `Bearer <token>` goes as the `Authorization` header instead. */
  apiKey?: string;
  /** Extra headers sent with every request (e.g. an auth proxy's token). */
  headers?: Record<string, string>;
  /** Called once per request when its response headers arrive or it fails: for logging. */
  onRequest?: (entry: RequestLogEntry) => void;
}

/** Query parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** Options of one request. */
export interface RequestOptions {
  signal?: AbortSignal;
  query?: Query;
  /** JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A streaming response whose headers were checked: its headers and its events. */
export interface OpenedSse {
  headers: ResponseHeaders;
  /** The events, an array per chunk read (`eachMessage` in sse.ts gives them one by one). */
  batches: AsyncGenerator<SseMessage[], void, undefined>;
  /**
   * Whether HTTP framing tells a cut from the end: chunked, or a content-length. Otherwise (a body
   * that runs to the close, e.g. behind some proxies) a dropped connection reads as a clean end.
   */
  framed: boolean;
}

/** Encodes one path segment (ids come from users and servers). */
export const segment = encodeURIComponent;

/** A deployment URL as requests are made to it and deployments are compared: trimmed, no trailing slash. */
export function normalizeApiUrl(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

/** Sends requests to one LangGraph server. */
export class HttpTransport {
  private readonly baseUrl: string;

  constructor(private readonly config: LangGraphClientConfig) {
    this.baseUrl = normalizeApiUrl(config.apiUrl);
  }

  /** Sends a request and parses the JSON reply (undefined for an empty body). */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const { response, pathWithQuery, url } = await this.send(method, path, options, "application/json");
    let text: string;
    try {
      text = await readText(response);
    } catch (error) {
      throw this.networkError(method, pathWithQuery, url, "stream", error, options.signal);
    }
    if (text.trim() === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      const why = `invalid JSON in the response: ${(error as Error).message}`;
      throw new LangGraphHttpError(response.statusCode ?? 0, method, pathWithQuery, why);
    }
  }

  /** Opens an event stream; HTTP errors and non-SSE replies throw before any event is read. */
  async sse(method: string, path: string, options: RequestOptions = {}): Promise<OpenedSse> {
    const { response, pathWithQuery, url } = await this.send(method, path, options, "text/event-stream");
    const contentType = response.headers["content-type"] ?? "";
    if (!contentType.includes("text/event-stream")) {
      const body = await readText(response).catch(() => "");
      const said = extractServerMessage(body);
      throw new LangGraphHttpError(
        response.statusCode ?? 0,
        method,
        pathWithQuery,
        `expected an event stream but got ${contentType || "no content type"}${said ? `: ${said}` : ""}`,
      );
    }
    // Take the body's bytes from now on (see readAhead): a reset must not lose what came before it.
    const batches = this.readEvents(method, pathWithQuery, url, readAhead(response), options.signal);
    return { headers: headersOf(response), batches, framed: isFramed(response.headers) };
  }

  private async *readEvents(
    method: string,
    pathWithQuery: string,
    url: string,
    body: AsyncGenerator<Buffer, void, undefined>,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<SseMessage[], void, undefined> {
    const describeFailure = (error: unknown, half: SseMessage | undefined, lastId: string | undefined): unknown => {
      const detail = [
        half ? `an incomplete "${half.event}" event (${half.data.length} characters) was discarded` : "",
        lastId === undefined ? "" : `last complete event id ${lastId}`,
      ]
        .filter(Boolean)
        .join("; ");
      return this.networkError(method, pathWithQuery, url, "stream", error, signal, detail);
    };
    try {
      yield* readSseBatches(body, { describeFailure });
    } catch (error) {
      if (error instanceof SseTruncatedError) {
        throw new LangGraphNetworkError(method, pathWithQuery, url, "stream", error.message, { cause: error });
      }
      throw error;
    }
  }

  private async send(method: string, path: string, options: RequestOptions, accept: string) {
    const pathWithQuery = path + queryString(options.query);
    const url = this.baseUrl + pathWithQuery;
    const headers: Record<string, string> = { accept, ...this.config.headers, ...options.headers };
    const key = this.config.apiKey?.trim();
    if (key && /^bearer\s/i.test(key)) headers.authorization = key;
    else if (key) headers["x-api-key"] = key;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let response: IncomingMessage;
    try {
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      response = await sendRequest(url, { method, headers, body, signal: options.signal });
    } catch (error) {
      const failure = this.networkError(method, pathWithQuery, url, "request", error, options.signal);
      this.log({ method, path: pathWithQuery, elapsedMs: elapsed(), error: (failure as Error).message });
      throw failure;
    }
    const status = response.statusCode ?? 0;
    const elapsedMs = elapsed();
    if (status < 200 || status > 299) {
      const body = await readText(response).catch(() => "");
      const message = extractServerMessage(body) || (response.statusMessage ?? "");
      this.log({ method, path: pathWithQuery, status, elapsedMs, message });
      throw new LangGraphHttpError(status, method, pathWithQuery, message, this.baseUrl);
    }
    this.log({ method, path: pathWithQuery, status, elapsedMs });
    return { response, pathWithQuery, url };
  }

  /** Aborts pass through untouched (callers check `signal.aborted`); everything else gets a clear message. */
  private networkError(
    method: string,
    path: string,
    url: string,
    phase: "request" | "stream",
    error: unknown,
    signal: AbortSignal | undefined,
    detail?: string,
  ): unknown {
    if (signal?.aborted) return signal.reason ?? error;
    return new LangGraphNetworkError(method, path, url, phase, describeNetworkFailure(error), {
      cause: error,
      detail: detail || undefined,
    });
  }

  private log(entry: RequestLogEntry): void {
    try {
      this.config.onRequest?.(entry);
    } catch {
      // A failing logger must not fail the request.
    }
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

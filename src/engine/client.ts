// The LangGraph Server API client the run engine uses, shaped like `@langchain/langgraph-sdk`'s
// Client: one sub-client per resource, an AbortSignal on every call, typed errors.
// Pure TypeScript (no `vscode`): the extension host passes in the URL, key and a logger.

import { AssistantsClient } from "./client/assistants";
import { HttpTransport, normalizeApiUrl, type LangGraphClientConfig } from "./client/http";
import { RunsClient } from "./client/runs";
import { ThreadsClient } from "./client/threads";
import type { SignalOptions } from "./client/assistants";
import type { ServerInfo } from "./client/api";

/** Client of one LangGraph Server (JS `langgraph dev`, Python `langgraph dev`, or a deployment). */
export class LangGraphClient {
  /** Graphs the server hosts, their drawings and schemas. */
  readonly assistants: AssistantsClient;
  /** Threads, state, history and state edits. */
  readonly threads: ThreadsClient;
  /** Streaming runs, re-joining and cancelling them. */
  readonly runs: RunsClient;
  /** Base URL requests go to. */
  readonly apiUrl: string;
  private readonly http: HttpTransport;

  constructor(config: LangGraphClientConfig) {
    const http = new HttpTransport(config);
    this.http = http;
    this.apiUrl = normalizeApiUrl(config.apiUrl);
    this.assistants = new AssistantsClient(http);
    this.threads = new ThreadsClient(http);
    this.runs = new RunsClient(http);
  }

  /** `GET /info`: the server's versions (`langgraph_js_version` on the JS server, `langgraph_py_version` on Python). */
  info(options: SignalOptions = {}): Promise<ServerInfo> {
    return this.http.json<ServerInfo>("GET", "/info", { signal: options.signal });
  }
}

export { normalizeApiUrl, type LangGraphClientConfig, type RequestLogEntry } from "./client/http";
export type { AssistantSearchQuery, SignalOptions } from "./client/assistants";
export type { ThreadCreateOptions, ThreadSearchQuery, ThreadUpdateStateOptions } from "./client/threads";
export { DEFAULT_STREAM_MODES, type RunStreamPayload } from "./client/runs";
export {
  DEFAULT_RECONNECT_POLICY,
  ResumableRunStream,
  RunStreamLostError,
  type ReconnectPolicy,
  type RunStreamOptions,
} from "./client/resumableStream";
export { LangGraphHttpError, LangGraphNetworkError } from "./client/httpError";
export type { LangGraphApi, LangGraphRuns, RunStream, ServerInfo } from "./client/api";

// The LangGraph Server API client the run engine uses, shaped like `@langchain/langgraph-sdk`'s
// Client: one sub-client per resource, an AbortSignal on every call, typed errors.
// Pure TypeScript (no `vscode`): the extension host passes in the URL, key and a logger.

import { AssistantsClient } from "./client/assistants";
import { HttpTransport, normalizeApiUrl, type LangGraphClientConfig } from "./client/http";
import { RunsClient } from "./client/runs";
import { ThreadsClient } from "./client/threads";
import type { SignalOptions } from "./client/assistants";
import type { ServerInfo } from "./client/serverInfo";

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

  /** The server's flavour, version and feature flags (`GET /info`; both dev servers answer it without a key). */
  info(options: SignalOptions = {}): Promise<ServerInfo> {
    return this.http.json("GET", "/info", options);
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
export { LangGraphHttpError, LangGraphNetworkError, isAccessRefused } from "./client/httpError";
export { describeServer, flavourOf, missingFeatures, type ServerFlavour, type ServerInfo } from "./client/serverInfo";
export type { LangGraphApi, LangGraphRuns, RunStream } from "./client/api";

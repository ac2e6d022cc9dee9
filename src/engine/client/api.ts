// What the driver, the debug adapter and the host need of a deployment: the LangGraph Server API as
// `LangGraphClient` speaks it over HTTP, and as `ReplayClient` (src/engine/recording/) answers it
// from a recorded run, offline. Everything above the client reads this interface only.
import type { Run } from "@langchain/langgraph-sdk";
import type { SseMessage } from "../model";
import type { AssistantsClient, SignalOptions } from "./assistants";
import type { RunStreamPayload } from "./runs";
import type { RunStreamOptions } from "./resumableStream";
import type { ThreadsClient } from "./threads";
import type { ServerInfo } from "./serverInfo";

/** A run's stream as the driver reads it: its messages, and a way to stop the run. */
export type RunStream = AsyncIterable<SseMessage> & {
  readonly runId?: string;
  cancel(options: { wait?: boolean; action?: "interrupt" | "rollback" }): Promise<void>;
};

/** `client.runs`, as far as the driver uses it. */
export interface LangGraphRuns {
  stream(threadId: string | null, assistantId: string, payload?: RunStreamPayload, options?: RunStreamOptions): Promise<RunStream>;
  join(threadId: string, runId: string, options?: RunStreamOptions & { lastEventId?: string }): Promise<RunStream>;
  cancel(threadId: string, runId: string, options?: SignalOptions & { wait?: boolean; action?: "interrupt" | "rollback" }): Promise<void>;
  get(threadId: string, runId: string, options?: SignalOptions): Promise<Run>;
  list(threadId: string, options?: SignalOptions & { limit?: number; offset?: number }): Promise<Run[]>;
}

/** A LangGraph deployment, live or recorded. */
export interface LangGraphApi {
  /** Base URL requests go to (`replay:` and the file for a recording). */
  readonly apiUrl: string;
  readonly assistants: Pick<AssistantsClient, "search" | "get" | "graph" | "schemas">;
  readonly threads: Pick<ThreadsClient, "create" | "get" | "search" | "state" | "stateAt" | "history" | "updateState">;
  readonly runs: LangGraphRuns;
  /** The server's versions; absent for a recording. */
  info?(options?: SignalOptions): Promise<ServerInfo>;
}

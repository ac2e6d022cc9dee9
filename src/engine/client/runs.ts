// `client.runs`: start a streaming run, re-join its stream, cancel it, read its status.

import type { Command, Config, Metadata, Run, RunsInvokePayload, StreamMode } from "@langchain/langgraph-sdk";
import type { SignalOptions } from "./assistants";
import { segment, type HttpTransport, type OpenedSse } from "./http";
import { ResumableRunStream, type RunsApi, type RunStreamOptions } from "./resumableStream";

/**
 * Stream modes a debugger asks for. Measured on the JS server 2.0 (bench/streamModes.mjs, agent
 * run, 12 tokens): `values` is the cheapest full state per superstep (4.2 KB against 18.6 KB for
 * `checkpoints`) but fails every run with `stream_subgraphs` there and says nothing about node
 * starts; `tasks` (7.2 KB) alone has node start/finish, so `tasks` + `checkpoints` (25.7 KB) is the
 * cheapest pair that works with subgraphs. `updates` and `messages-tuple` are what the view shows;
 * `custom` carries `config.writer` events.
 */
export const DEFAULT_STREAM_MODES: readonly StreamMode[] = ["updates", "messages-tuple", "tasks", "checkpoints", "custom"];

/** Body of `runs.stream`, in the server's own (snake_case) field names. */
export interface RunStreamPayload {
  /** Input to the run; `null` continues from the thread's current state. */
  input?: Record<string, unknown> | null;
  /** Resume an `interrupt()`, update state and/or jump to nodes. */
  command?: Command;
  config?: Config;
  context?: unknown;
  metadata?: Metadata;
  /**
   * When checkpoints are saved: "async" (the default) and "sync" after every step, "exit" only when
   * the run ends (the Python server keeps one checkpoint per run then; the JS server 2.0 ignores it).
   */
  durability?: RunsInvokePayload["durability"];
  interrupt_before?: RunsInvokePayload["interruptBefore"];
  interrupt_after?: RunsInvokePayload["interruptAfter"];
  /** Run from (fork at) this checkpoint. */
  checkpoint_id?: string;
  multitask_strategy?: RunsInvokePayload["multitaskStrategy"];
  /** `"create"` makes the thread when it does not exist. */
  if_not_exists?: RunsInvokePayload["ifNotExists"];
  /** Defaults to `DEFAULT_STREAM_MODES`. */
  stream_mode?: StreamMode | StreamMode[];
  on_disconnect?: RunsInvokePayload["onDisconnect"];
}

/** Runs: stream, re-join, cancel, inspect. */
export class RunsClient implements RunsApi {
  constructor(private readonly http: HttpTransport) {}

  /**
   * Starts a run and streams it (`POST /threads/{id}/runs/stream`, or `/runs/stream` when threadId is null).
   * Always resumable and with subgraphs; resolves once the server accepted the run.
   */
  stream(
    threadId: string | null,
    assistantId: string,
    payload: RunStreamPayload = {},
    options: RunStreamOptions = {},
  ): Promise<ResumableRunStream> {
    const body = {
      ...payload,
      assistant_id: assistantId,
      stream_mode: payload.stream_mode ?? [...DEFAULT_STREAM_MODES],
      stream_resumable: true,
      stream_subgraphs: true,
    };
    const path = threadId === null ? "/runs/stream" : `/threads/${segment(threadId)}/runs/stream`;
    return ResumableRunStream.open(this, threadId, undefined, (signal) => this.http.sse("POST", path, { body, signal }), options);
  }

  /** Re-attaches to a run's stream (resumable, like `stream`): after `lastEventId`, or from the start with "-1". */
  join(threadId: string, runId: string, options: RunStreamOptions & { lastEventId?: string } = {}): Promise<ResumableRunStream> {
    return ResumableRunStream.open(
      this,
      threadId,
      runId,
      (signal) => this.openJoin(threadId, runId, options.lastEventId, signal),
      options,
      options.lastEventId,
    );
  }

  /** One connection to `GET /threads/{t}/runs/{r}/stream` with `Last-Event-ID`, no re-joining (for `ResumableRunStream`). */
  openJoinStream(threadId: string, runId: string, options: SignalOptions & { lastEventId?: string } = {}): Promise<OpenedSse> {
    return this.openJoin(threadId, runId, options.lastEventId, options.signal);
  }

  /** Asks the server to stop a run; `wait` returns only once it stopped. */
  async cancel(
    threadId: string,
    runId: string,
    options: SignalOptions & { wait?: boolean; action?: "interrupt" | "rollback" } = {},
  ): Promise<void> {
    const query = { wait: options.wait ? true : undefined, action: options.action };
    const path = `/threads/${segment(threadId)}/runs/${segment(runId)}/cancel`;
    await this.http.json("POST", path, { query, signal: options.signal });
  }

  /** One run with its status (`pending`, `running`, `success`, `error`, `interrupted`, …). */
  get(threadId: string, runId: string, options: SignalOptions = {}): Promise<Run> {
    return this.http.json("GET", `/threads/${segment(threadId)}/runs/${segment(runId)}`, options);
  }

  /** Runs of a thread, newest first. */
  list(threadId: string, options: SignalOptions & { limit?: number; offset?: number } = {}): Promise<Run[]> {
    const query = { limit: options.limit, offset: options.offset };
    return this.http.json("GET", `/threads/${segment(threadId)}/runs`, { query, signal: options.signal });
  }

  private openJoin(threadId: string, runId: string, lastEventId: string | undefined, signal: AbortSignal | undefined) {
    const path = `/threads/${segment(threadId)}/runs/${segment(runId)}/stream`;
    const headers = lastEventId === undefined ? undefined : { "last-event-id": lastEventId };
    return this.http.sse("GET", path, { headers, signal });
  }
}

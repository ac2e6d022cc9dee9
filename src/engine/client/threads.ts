// `client.threads`: threads, their current and past state, and state edits.

import type { Checkpoint, Metadata, Thread, ThreadState, ThreadStatus } from "@langchain/langgraph-sdk";
import type { SignalOptions } from "./assistants";
import { segment, type HttpTransport } from "./http";

/** Options of `threads.create`. */
export interface ThreadCreateOptions extends SignalOptions {
  metadata?: Metadata;
  /** Use this id instead of a generated one. */
  threadId?: string;
  /** What to do when `threadId` exists already. */
  ifExists?: "raise" | "do_nothing";
}

/** Filters of `threads.search` and `threads.count`. */
export interface ThreadFilterQuery {
  /** Threads whose metadata holds these keys with these values (JSON containment). */
  metadata?: Metadata;
  status?: ThreadStatus;
  /** Only these thread ids (whole UUIDs; both servers refuse anything else). */
  ids?: string[];
}

/** Filters and page of `threads.search`. */
export interface ThreadSearchQuery extends ThreadFilterQuery {
  limit?: number;
  offset?: number;
  /** Both servers sort by `created_at` unless told (newest first either way). */
  sortBy?: "created_at" | "updated_at";
  sortOrder?: "asc" | "desc";
  /** Only these fields of each thread (both servers), e.g. `["thread_id"]` to scan ids cheaply. */
  select?: string[];
}

/** Options of `threads.updateState`. */
export interface ThreadUpdateStateOptions extends SignalOptions {
  values: Record<string, unknown> | Record<string, unknown>[] | null;
  /** Apply the update as if this node had written it (decides what runs next). */
  asNode?: string;
  /** Branch from this checkpoint instead of the latest one. */
  checkpointId?: string;
}

/** Threads: create them, read their state and history, and edit state between runs. */
export class ThreadsClient {
  constructor(private readonly http: HttpTransport) {}

  /** Creates a thread (`POST /threads`). */
  create(options: ThreadCreateOptions = {}): Promise<Thread> {
    const body = { metadata: options.metadata, thread_id: options.threadId, if_exists: options.ifExists };
    return this.http.json("POST", "/threads", { body, signal: options.signal });
  }

  /** One thread with its status and pending interrupts. */
  get(threadId: string, options: SignalOptions = {}): Promise<Thread> {
    return this.http.json("GET", `/threads/${segment(threadId)}`, options);
  }

  /** Lists threads (`POST /threads/search`). */
  search(query: ThreadSearchQuery = {}, options: SignalOptions = {}): Promise<Thread[]> {
    const body = { ...filterBody(query), limit: query.limit ?? 10, offset: query.offset ?? 0, sort_by: query.sortBy, sort_order: query.sortOrder, select: query.select };
    return this.http.json("POST", "/threads/search", { body, signal: options.signal });
  }

  /** How many threads match (`POST /threads/count`): the search's pagination headers give no total on Python. */
  count(query: ThreadFilterQuery = {}, options: SignalOptions = {}): Promise<number> {
    return this.http.json("POST", "/threads/count", { body: filterBody(query), signal: options.signal });
  }

  /** Current state; `subgraphs` fills `tasks[].state` with each paused subgraph's own state. */
  state(threadId: string, options: SignalOptions & { subgraphs?: boolean } = {}): Promise<ThreadState> {
    const query = options.subgraphs ? { subgraphs: true } : undefined;
    return this.http.json("GET", `/threads/${segment(threadId)}/state`, { query, signal: options.signal });
  }

  /** State at one checkpoint. */
  stateAt(threadId: string, checkpointId: string, options: SignalOptions & { subgraphs?: boolean } = {}): Promise<ThreadState> {
    const query = options.subgraphs ? { subgraphs: true } : undefined;
    const path = `/threads/${segment(threadId)}/state/${segment(checkpointId)}`;
    return this.http.json("GET", path, { query, signal: options.signal });
  }

  /** Past states, newest first, across all branches; `before` is a checkpoint id. */
  history(threadId: string, options: SignalOptions & { limit?: number; before?: string } = {}): Promise<ThreadState[]> {
    // GET, because the POST body's `before` is a string on JS and a checkpoint config on Python.
    const query = { limit: options.limit ?? 10, before: options.before };
    return this.http.json("GET", `/threads/${segment(threadId)}/history`, { query, signal: options.signal });
  }

  /** Writes values into the state as a new checkpoint and returns that checkpoint. */
  updateState(threadId: string, options: ThreadUpdateStateOptions): Promise<{ checkpoint: Checkpoint }> {
    const body = { values: options.values, as_node: options.asNode, checkpoint_id: options.checkpointId };
    return this.http.json("POST", `/threads/${segment(threadId)}/state`, { body, signal: options.signal });
  }
}

function filterBody(query: ThreadFilterQuery): Record<string, unknown> {
  return { metadata: query.metadata, status: query.status, ids: query.ids };
}

// The `.lgrun` file: one thread's runs as recorded, enough to show and debug them with no server.
// Newline-delimited JSON (gzip allowed), one record per line, described for people in
// docs/RECORDING.md and for machines by lgrun.schema.json beside this file. Pure.
import type { ThreadState } from "@langchain/langgraph-sdk";
import type { RunRequest } from "../driver/threadDriver";
import type { GraphData, RunOutcome, SseMessage } from "../model";

export const RECORDING_FORMAT = "lgrun";
export const RECORDING_VERSION = 1;

/** One SSE message as received: `data` exactly as the server sent it, `t` when (ms since the epoch). */
export interface RecordedMessage {
  t: number;
  event: string;
  data: string;
  id?: string;
}

/** Where the thread stood when a run ended, as the driver read it. */
export interface RecordedHead {
  checkpointId?: string;
  next: string[];
  values: unknown;
}

export interface RecordedRun {
  startedAt: number;
  /** Rebuilt from the thread's history (no stream was watched): no tokens, no node writes. */
  fromHistory?: boolean;
  /** What the run asked of the server (no headers, no keys). */
  request: RunRequest;
  messages: RecordedMessage[];
  /** Absent when the recording was saved while this run was still going. */
  end?: { t: number; outcome: RunOutcome; head?: RecordedHead };
}

/** A whole recording, as read or before it is written. */
export interface Recording {
  createdAt: string;
  /** The deployment's base URL; never a key or header value. */
  apiUrl: string;
  assistantId: string;
  graphId?: string;
  threadId: string;
  graph?: GraphData;
  /** `/assistants/{id}/schemas` as the server answered. */
  schemas?: unknown;
  runs: RecordedRun[];
  /** The thread's checkpoints, newest first (as `/threads/{id}/history` lists them). */
  history: ThreadState[];
}

/** The lines of a file, in order: a header, then records. */
export type RecordLine =
  | { format: typeof RECORDING_FORMAT; version: number; createdAt: string }
  | { type: "deployment"; apiUrl: string; assistantId: string; graphId?: string; threadId: string }
  | { type: "graph"; graph: GraphData }
  | { type: "schemas"; schemas: unknown }
  | ({ type: "run" } & Pick<RecordedRun, "startedAt" | "request" | "fromHistory">)
  | ({ type: "sse" } & RecordedMessage)
  | ({ type: "runEnd" } & NonNullable<RecordedRun["end"]>)
  | { type: "checkpoint"; state: ThreadState }
  /** The last line: counts to tell a whole file from a cut one. */
  | { type: "end"; runs: number; messages: number; checkpoints: number };

/** A recorded message as it came over the wire (its receive time left aside). */
export function sseOf(recorded: RecordedMessage): SseMessage {
  return recorded.id === undefined ? { event: recorded.event, data: recorded.data } : { event: recorded.event, data: recorded.data, id: recorded.id };
}

// Writes a Recording as `.lgrun` lines (see format.ts), gzipped on request.
import { gzipSync } from "node:zlib";
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordLine, type Recording } from "./format";

/** The recording as newline-delimited JSON, one record a line, ending with the end record. */
export function recordingText(recording: Recording): string {
  const lines: string[] = [];
  const add = (line: RecordLine) => lines.push(JSON.stringify(line));
  add({ format: RECORDING_FORMAT, version: RECORDING_VERSION, createdAt: recording.createdAt });
  add({ type: "deployment", apiUrl: recording.apiUrl, assistantId: recording.assistantId, threadId: recording.threadId, ...(recording.graphId ? { graphId: recording.graphId } : {}) });
  if (recording.graph) add({ type: "graph", graph: recording.graph });
  if (recording.schemas !== undefined) add({ type: "schemas", schemas: recording.schemas });
  let messages = 0;
  for (const run of recording.runs) {
    add({ type: "run", startedAt: run.startedAt, request: run.request, ...(run.fromHistory ? { fromHistory: true } : {}) });
    for (const message of run.messages) add({ type: "sse", ...message });
    messages += run.messages.length;
    if (run.end) add({ type: "runEnd", ...run.end });
  }
  for (const state of recording.history) add({ type: "checkpoint", state });
  add({ type: "end", runs: recording.runs.length, messages, checkpoints: recording.history.length });
  return lines.join("\n") + "\n";
}

/** The file's bytes: plain text, or gzip (`.lgrun.gz`, or `gzip` set). */
export function encodeRecording(recording: Recording, options: { gzip?: boolean } = {}): Uint8Array {
  const text = recordingText(recording);
  return options.gzip ? gzipSync(text) : Buffer.from(text, "utf8");
}

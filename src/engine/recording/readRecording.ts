// Reads a `.lgrun` file (plain or gzip) into a Recording. Every problem names the file and the line:
// a cut or corrupt gzip, a line that is not JSON, a record that does not fit lgrun.schema.json, a
// record out of place, a version this reader does not know. A file cut short (no end record) still
// opens, with a warning: what was recorded is kept.
import { gunzipSync } from "node:zlib";
import Ajv, { type ValidateFunction } from "ajv";
import type { ThreadState } from "@langchain/langgraph-sdk";
import schema from "./lgrun.schema.json";
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordLine, type RecordedRun, type Recording } from "./format";

/** A recording that cannot be read: `line` is 1-based, absent for the file as a whole. */
export class RecordingError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? "" : `, line ${line}`}: ${reason}`);
  }
}

export interface ReadResult {
  recording: Recording;
  /** Problems that did not stop the file from opening (e.g. cut short). */
  warnings: string[];
}

const RECORD_TYPES = ["deployment", "graph", "schemas", "run", "sse", "runEnd", "checkpoint", "end"] as const;
type RecordType = (typeof RECORD_TYPES)[number];

let validators: Record<RecordType | "header", ValidateFunction> | undefined;
function validatorsOf(): Record<RecordType | "header", ValidateFunction> {
  if (!validators) {
    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addSchema(schema);
    const of = (name: string) => ajv.getSchema(`${schema.$id}#/definitions/${name}`)!;
    validators = Object.fromEntries(["header", ...RECORD_TYPES].map((name) => [name, of(name)])) as Record<RecordType | "header", ValidateFunction>;
  }
  return validators;
}

/** The text of a file's bytes: gunzipped when it starts with gzip's magic number. */
export function decodeRecording(bytes: Uint8Array, file: string): string {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString("utf8");
    } catch (error) {
      throw new RecordingError(file, `the gzip data is cut or corrupt (${error instanceof Error ? error.message : String(error)}); nothing could be read.`);
    }
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** Reads a recording from a file's bytes. */
export function readRecording(bytes: Uint8Array, file: string): ReadResult {
  return parseRecording(decodeRecording(bytes, file), file);
}

/** Reads a recording from its text. */
export function parseRecording(text: string, file: string): ReadResult {
  const check = validatorsOf();
  const warnings: string[] = [];
  let recording: Recording | undefined;
  let run: RecordedRun | undefined;
  let ended: { line: number; counts: Extract<RecordLine, { type: "end" }> } | undefined;
  let messages = 0;
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let stop = text.indexOf("\n", start);
    if (stop < 0) stop = text.length;
    const raw = text.slice(start, stop).trim();
    start = stop + 1;
    lineNo++;
    if (!raw) continue;
    if (ended) throw new RecordingError(file, `there is more after the end record of line ${ended.line}; the file was hand-edited or two files were joined.`, lineNo);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new RecordingError(file, `not JSON (${error instanceof Error ? error.message : String(error)}).`, lineNo);
    }
    // The first line that is not blank is the header.
    if (!recording) {
      checkHeader(value, file, lineNo, check.header);
      recording = { createdAt: (value as { createdAt: string }).createdAt, apiUrl: "", assistantId: "", threadId: "", runs: [], history: [] };
      continue;
    }
    const type = (value as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !(RECORD_TYPES as readonly string[]).includes(type)) {
      throw new RecordingError(file, `a record of unknown type ${JSON.stringify(type)} (known: ${RECORD_TYPES.join(", ")}).`, lineNo);
    }
    const validate = check[type as RecordType];
    if (!validate(value)) {
      const error = validate.errors?.[0];
      throw new RecordingError(file, `the ${type} record does not fit the format: ${error ? `${error.instancePath || "the record"} ${error.message}` : "invalid"}.`, lineNo);
    }
    const line = value as Exclude<RecordLine, { format: string }>;
    const into = recording!;
    switch (line.type) {
      case "deployment":
        into.apiUrl = line.apiUrl;
        into.assistantId = line.assistantId;
        into.threadId = line.threadId;
        if (line.graphId) into.graphId = line.graphId;
        break;
      case "graph":
        into.graph = line.graph;
        break;
      case "schemas":
        into.schemas = line.schemas;
        break;
      case "run":
        needDeployment(into, file, lineNo);
        run = line.fromHistory ? { startedAt: line.startedAt, fromHistory: true, request: line.request, messages: [] } : { startedAt: line.startedAt, request: line.request, messages: [] };
        into.runs.push(run);
        break;
      case "sse":
        if (!run || run.end) throw new RecordingError(file, "a stream message outside a run (no run record before it).", lineNo);
        run.messages.push(line.id === undefined ? { t: line.t, event: line.event, data: line.data } : { t: line.t, event: line.event, data: line.data, id: line.id });
        messages++;
        break;
      case "runEnd":
        if (!run || run.end) throw new RecordingError(file, "a run end with no run record before it.", lineNo);
        run.end = line.head ? { t: line.t, outcome: line.outcome, head: line.head } : { t: line.t, outcome: line.outcome };
        break;
      case "checkpoint":
        into.history.push(line.state as ThreadState);
        break;
      case "end":
        ended = { line: lineNo, counts: line };
        break;
    }
  }
  if (!recording) throw new RecordingError(file, "the file is empty.");
  needDeployment(recording, file, lineNo);
  if (!ended) {
    warnings.push(`${file} ends at line ${lineNo} without its end record: the file was cut short. What was recorded up to there is shown.`);
  } else {
    const { counts } = ended;
    const found = { runs: recording.runs.length, messages, checkpoints: recording.history.length };
    const wrong = (Object.keys(found) as (keyof typeof found)[]).filter((k) => counts[k] !== found[k]);
    if (wrong.length > 0) warnings.push(`${file}: the end record (line ${ended.line}) counts ${wrong.map((k) => `${counts[k]} ${k}`).join(", ")}, but the file holds ${wrong.map((k) => `${found[k]}`).join(", ")}: lines were removed or added by hand.`);
  }
  return { recording, warnings };
}

function checkHeader(value: unknown, file: string, line: number, validate: ValidateFunction): void {
  const header = value as { format?: unknown; version?: unknown } | null;
  if (header?.format !== RECORDING_FORMAT) throw new RecordingError(file, `not a LangGraph run recording: the first line has no "format": "${RECORDING_FORMAT}".`, line);
  if (!validate(value)) throw new RecordingError(file, `the header does not fit the format: ${validate.errors?.[0]?.instancePath || "header"} ${validate.errors?.[0]?.message ?? ""}.`, line);
  if (typeof header.version === "number" && header.version > RECORDING_VERSION) {
    throw new RecordingError(file, `written in version ${header.version} of the format; this extension reads version ${RECORDING_VERSION}. Update the extension to open it.`, line);
  }
}

function needDeployment(recording: Recording, file: string, line: number): void {
  if (!recording.assistantId) throw new RecordingError(file, "no deployment record (assistant and thread) before this point.", line);
}

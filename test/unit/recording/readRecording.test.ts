// The .lgrun reader on good and bad files: every refusal names the file, the line and what is wrong;
// a file cut short opens with what it holds and a warning; gzip and plain read alike.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Recording } from "../../../src/engine/recording/format";
import { parseRecording, readRecording, RecordingError } from "../../../src/engine/recording/readRecording";
import { encodeRecording, recordingText } from "../../../src/engine/recording/writeRecording";
import { SAMPLE_GRAPHS } from "../../support/sampleGraphs";

const recording: Recording = {
  createdAt: "2026-12-01T10:00:00.000Z",
  apiUrl: "http://127.0.0.1:2024",
  assistantId: "agent",
  graphId: "agent",
  threadId: "thread-1",
  graph: SAMPLE_GRAPHS.agent,
  runs: [
    {
      startedAt: 1,
      request: { kind: "start", input: { messages: [{ role: "user", content: "<b>hi</b>" }] }, interruptBefore: ["tools"] },
      messages: [
        { t: 2, event: "metadata", data: '{"run_id":"r1"}', id: "0" },
        { t: 3, event: "updates", data: '{"agent":{"messages":[]}}', id: "1" },
      ],
      end: { t: 4, outcome: { status: "paused", when: "before", nodes: ["tools"] }, head: { checkpointId: "c1", next: ["tools"], values: {} } },
    },
  ],
  history: [{ values: {}, next: ["tools"], tasks: [], checkpoint: { checkpoint_id: "c1", thread_id: "thread-1", checkpoint_ns: "" }, metadata: { step: 1 }, created_at: "x", parent_checkpoint: null } as never],
};
const text = recordingText(recording);
const lines = text.trimEnd().split("\n");
const refusal = (content: string, file = "run.lgrun") => {
  try {
    parseRecording(content, file);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordingError);
    return (error as Error).message;
  }
  throw new Error("the file was read");
};

describe("reading .lgrun files", () => {
  it("reads back what was written, plain and gzip, with no warning", () => {
    for (const bytes of [encodeRecording(recording), encodeRecording(recording, { gzip: true })]) {
      const { recording: read, warnings } = readRecording(bytes, "run.lgrun");
      expect(warnings).toEqual([]);
      expect(read).toEqual(recording);
    }
  });

  it("names the line of a record that is not JSON, of an unknown type, or that does not fit the format", () => {
    expect(refusal([...lines.slice(0, 3), "{oops", ...lines.slice(3)].join("\n"))).toMatch(/^run\.lgrun, line 4: not JSON/);
    expect(refusal([...lines.slice(0, 3), '{"type":"video"}', ...lines.slice(3)].join("\n"))).toBe('run.lgrun, line 4: a record of unknown type "video" (known: deployment, graph, schemas, run, sse, runEnd, checkpoint, end).');
    const sseAt = lines.findIndex((l) => l.includes('"type":"sse"'));
    const noData = lines.map((l, i) => (i === sseAt ? '{"type":"sse","t":2,"event":"metadata"}' : l)).join("\n");
    expect(refusal(noData)).toBe(`run.lgrun, line ${sseAt + 1}: the sse record does not fit the format: the record must have required property 'data'.`);
  });

  it("refuses records out of place, another format, a newer version and an empty file", () => {
    const runAt = lines.findIndex((l) => l.includes('"type":"run"'));
    expect(refusal(lines.filter((_, i) => i !== runAt).join("\n"))).toBe(`run.lgrun, line ${runAt + 1}: a stream message outside a run (no run record before it).`);
    expect(refusal('{"hello":"world"}\n')).toBe('run.lgrun, line 1: not a LangGraph run recording: the first line has no "format": "lgrun".');
    expect(refusal(text.replace('"version":1', '"version":2'))).toBe("run.lgrun, line 1: written in version 2 of the format; this extension reads version 1. Update the extension to open it.");
    expect(refusal("\n\n")).toBe("run.lgrun: the file is empty.");
    expect(refusal(`${text}{"type":"graph","graph":{"nodes":[],"edges":[]}}\n`)).toMatch(/line \d+: there is more after the end record of line \d+/);
  });

  it("opens a file cut short with what it holds, and says so; counts that do not match are a warning", () => {
    const cut = parseRecording(lines.slice(0, -2).join("\n"), "cut.lgrun");
    expect(cut.recording.runs[0].messages).toHaveLength(2);
    expect(cut.warnings).toEqual([`cut.lgrun ends at line ${lines.length - 2} without its end record: the file was cut short. What was recorded up to there is shown.`]);
    const edited = parseRecording(lines.filter((l) => !l.includes('"id":"1"')).join("\n"), "edited.lgrun");
    expect(edited.warnings[0]).toMatch(/edited\.lgrun: the end record \(line \d+\) counts 2 messages, but the file holds 1: lines were removed or added by hand\./);
  });

  it("says a gzip file is cut or corrupt instead of failing inside zlib", () => {
    const gz = gzipSync(text);
    expect(() => readRecording(gz.subarray(0, gz.length - 10), "run.lgrun.gz")).toThrow(/^run\.lgrun\.gz: the gzip data is cut or corrupt \(.+\); nothing could be read\.$/);
  });

  it("keeps HTML in recorded input as text", () => {
    expect(parseRecording(text, "run.lgrun").recording.runs[0].request.input).toEqual({ messages: [{ role: "user", content: "<b>hi</b>" }] });
  });
});

// What the run viewer's host side makes of a file's bytes: the recording for the webview, or why
// it cannot be shown (file and line) and a notification; a cut file opens with a warning.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readRecording } from "../../../src/engine/recording/readRecording";
import { encodeRecording } from "../../../src/engine/recording/writeRecording";
import { loadRecordingView } from "../../../src/host/recordingView";

const FIXTURES = resolve(process.cwd(), "test/fixtures/recordings");
const read = (name: string) => readRecording(readFileSync(join(FIXTURES, name)), name).recording;

describe("loadRecordingView", () => {
  it("opens .lgrun.gz; names file and line of a bad record; warns about a cut file", () => {
    const recording = read("python-hitl.lgrun");
    const gz = loadRecordingView(encodeRecording(recording, { gzip: true }), "hitl.lgrun.gz");
    expect(gz.message.type).toBe("recording");
    expect(gz.notify).toBeUndefined();

    const lines = readFileSync(join(FIXTURES, "python-hitl.lgrun"), "utf8").split("\n");
    const broken = loadRecordingView(Buffer.from([...lines.slice(0, 5), "{not json", ...lines.slice(6)].join("\n")), "hitl.lgrun");
    expect(broken.message).toMatchObject({ type: "recordingError", file: "hitl.lgrun", line: 6 });
    expect(broken.notify?.severity).toBe("error");
    expect(broken.notify?.text).toMatch(/hitl\.lgrun, line 6: not JSON/);

    const cut = loadRecordingView(Buffer.from(lines.slice(0, 12).join("\n")), "hitl.lgrun");
    expect(cut.message.type).toBe("recording");
    expect(cut.notify).toMatchObject({ severity: "warning" });
    expect(cut.notify?.text).toMatch(/cut short/);

    const notGzip = loadRecordingView(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), "x.lgrun.gz");
    expect(notGzip.message).toMatchObject({ type: "recordingError", file: "x.lgrun.gz" });
  });
});

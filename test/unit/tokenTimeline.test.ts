// The run viewer's token pane at any position equals one built from scratch up to there, whichever
// way the scrubber came (forward, back past snapshots, back to the start).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRecording } from "../../src/engine/recording/readRecording";
import { recordedStory } from "../../src/engine/recording/recordedStory";
import { viewRecording } from "../../src/engine/recording/storyView";
import { TokenLog } from "../../webview/run/tokenLog";
import { TokenTimeline } from "../../webview/run/tokenTimeline";

const view = viewRecording(recordedStory(readRecording(readFileSync("test/fixtures/recordings/js-agent-breakpoint.lgrun"), "a.lgrun").recording));
const resolve = (_ns: string[], node: string) => node;

function rowsOf(log: TokenLog): string[] {
  log.flush();
  return log.nodeIds.flatMap((id) => log.section(id)!.rows.map((r) => `${id}|${r.kind}|${r.text}`));
}

function fresh(p: number): string[] {
  const log = new TokenLog(40);
  new TokenTimeline(view.tokens, resolve).seek(log, p);
  return rowsOf(log);
}

describe("TokenTimeline", () => {
  it("seeks forward, back across snapshots and to the start like a fresh build", () => {
    const log = new TokenLog(40);
    // A snapshot every 3 token events, so going back restores one.
    const timeline = new TokenTimeline(view.tokens, resolve, 3);
    const positions = [view.count, 5, 30, 22, 0, 17, view.count, 21, 21, 8];
    for (const p of positions) {
      timeline.seek(log, p);
      expect(rowsOf(log), `at ${p}`).toEqual(fresh(p));
    }
    expect(fresh(view.count).join("\n")).toContain("Here is the forecast");
    expect(fresh(0)).toEqual([]);
  });

  it("a restored snapshot does not change when the log goes on", () => {
    const log = new TokenLog(40);
    const timeline = new TokenTimeline(view.tokens, resolve, 2);
    timeline.seek(log, view.count);
    const end = rowsOf(log);
    timeline.seek(log, 10);
    timeline.seek(log, view.count);
    timeline.seek(log, 10);
    expect(rowsOf(log)).toEqual(fresh(10));
    timeline.seek(log, view.count);
    expect(rowsOf(log)).toEqual(end);
  });
});

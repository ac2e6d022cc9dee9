// `launch` with `replay`: the standalone adapter debugs a recorded run with no server. The runs are
// recorded on the real servers (JS and Python), the server is stopped, and DebugClient then stops
// at function breakpoints (with conditions), steps, steps back, reads Variables and Watch, resumes a
// recorded interrupt() with the recorded answer, and is refused state edits and broken files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { ThreadDriver, type Breaks } from "../../src/engine/driver/threadDriver";
import { RunRecorder } from "../../src/engine/recording/recorder";
import { encodeRecording, recordingText } from "../../src/engine/recording/writeRecording";
import { DapHarness, ensureAdapterBuilt, userSays } from "../support/dapHarness";
import { SERVER_KINDS, startServer } from "../support/servers";

const FAST = { configurable: { delay_ms: 0 } };

/** Records runs on a driver: `act` drives it; returns the .lgrun bytes. */
async function record(url: string, breaks: Breaks, act: (driver: ThreadDriver, state: { breaks: Breaks }) => Promise<void>, gzip = false): Promise<Uint8Array> {
  const client = new LangGraphClient({ apiUrl: url });
  const state = { breaks };
  const driver = new ThreadDriver({ client: async () => client, breakpoints: () => state.breaks });
  const recorder = new RunRecorder();
  driver.onEvent((e) => recorder.onDriverEvent(e));
  await act(driver, state);
  return encodeRecording(await recorder.recording(client, { graph: driver.graph?.graph }), { gzip });
}

describe.each(SERVER_KINDS)("replaying runs recorded on the real %s server, with the server stopped", (kind) => {
  const dap = new DapHarness();
  const dir = mkdtempSync(path.join(tmpdir(), `lgd-replay-${kind}-`));
  const agentFile = path.join(dir, "agent.lgrun.gz");
  const hitlFile = path.join(dir, "hitl.lgrun");
  const fanoutFile = path.join(dir, "fanout.lgrun");

  beforeAll(async () => {
    await ensureAdapterBuilt();
    const server = await startServer(kind);
    try {
      writeFileSync(agentFile, await record(server.url, {}, async (driver) => {
        expect(await driver.start({ assistantId: "agent", input: userSays("Weather in Paris?"), config: FAST })).toEqual({ status: "finished" });
      }, true));
      writeFileSync(hitlFile, await record(server.url, {}, async (driver) => {
        expect((await driver.start({ assistantId: "hitl", input: { topic: "cats" }, config: FAST }))?.status).toBe("waiting");
        expect(await driver.resume({ approved: true, note: "recorded answer" })).toEqual({ status: "finished" });
      }));
      writeFileSync(fanoutFile, await record(server.url, {}, async (driver) => {
        expect(await driver.start({ assistantId: "fanout", input: { topic: "replays" }, config: FAST })).toEqual({ status: "finished" });
      }));
    } finally {
      await server.stop();
    }
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.log(`Debug Console of the failed test:\n${dap.text()}`);
    await dap.stop();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stops at a conditional function breakpoint, steps, steps back and shows the recorded state", async () => {
    const { launched, breakpoints } = await dap.start("launch", { replay: agentFile }, { functionBreakpoints: [{ name: "agent", condition: "messages.length == 3" }, { name: "tools" }] });
    await launched;
    expect(breakpoints.every((b) => b.verified)).toBe(true);
    expect(dap.text()).toMatch(/Replaying .*agent\.lgrun\.gz: 1 run of agent on thread [0-9a-f-]{36}, recorded on http:\/\/127\.0\.0\.1:\d+/);
    expect(await dap.stopped()).toMatchObject({ reason: "function breakpoint" });
    expect(await dap.frames()).toEqual(["tools"]);
    expect((await dap.scopeVariables()).get("messages")!.value).toBe("Array(2)");
    // The condition holds only the second time `agent` comes next (after the tool's answer).
    await dap.dc!.continueRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "function breakpoint" });
    expect(await dap.frames()).toEqual(["agent"]);
    expect((await dap.dc!.evaluateRequest({ expression: "messages.length", context: "watch" })).body.result).toBe("3");
    await dap.dc!.stepBackRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "step" });
    expect(await dap.frames()).toEqual(["tools"]);
    await dap.dc!.nextRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "step" });
    // Back again and on: the replay reaches the same checkpoint again, and its breakpoint stops again.
    await dap.dc!.stepBackRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "step" });
    await dap.dc!.continueRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "function breakpoint" });
    expect(await dap.frames()).toEqual(["agent"]);
    const state = await dap.scopeVariables();
    expect(state.get("messages")!.value).toBe("Array(3)");
    await expect(dap.dc!.setVariableRequest({ variablesReference: state.ref, name: "messages", value: "[]" })).rejects.toThrow(/read-only/);
    const end = dap.terminated();
    await dap.dc!.setFunctionBreakpointsRequest({ breakpoints: [] });
    await dap.dc!.continueRequest({ threadId: 1 });
    await end;
  });

  it("a data breakpoint stops where the recorded value changed; reverse continue goes back to the stop before, and on stops there again", async () => {
    const { launched } = await dap.start("launch", { replay: fanoutFile, stopOnEntry: true });
    await launched;
    expect(await dap.stopped()).toMatchObject({ reason: "entry" });
    expect(await dap.frames()).toEqual(["split"]);
    const info = await dap.dc!.dataBreakpointInfoRequest({ name: "summary" });
    await dap.dc!.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
    await dap.dc!.continueRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "data breakpoint", description: expect.stringMatching(/^summary changed in join/) });
    expect((await dap.dc!.evaluateRequest({ expression: "summary", context: "hover" })).body.result).toMatch(/^"Joined 2 results/);
    await dap.dc!.reverseContinueRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "step", description: "Back at the previous stop" });
    expect(await dap.frames()).toEqual(["split"]);
    await dap.dc!.continueRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "data breakpoint" });
    const end = dap.terminated();
    await dap.dc!.continueRequest({ threadId: 1 });
    await end;
  });

  it("a recorded interrupt() stops as an interrupt; Continue resumes it with the recorded answer", async () => {
    const { launched } = await dap.start("launch", { replay: hitlFile });
    await launched;
    expect(await dap.stopped()).toMatchObject({ reason: "interrupt" });
    const end = dap.terminated();
    await dap.dc!.continueRequest({ threadId: 1 });
    await end;
    expect(dap.text()).not.toMatch(/Continue: .*resume/);
  });

  it("a file that is cut, corrupt or of another version is refused with what and where; one cut short opens with a warning", async () => {
    const text = recordingText({ createdAt: "2026-12-01T00:00:00Z", apiUrl: "http://x", assistantId: "agent", threadId: "t", runs: [], history: [] });
    const lines = Buffer.from(await import("node:fs").then((fs) => fs.readFileSync(hitlFile))).toString("utf8").split("\n");
    const cases: [string, string | Uint8Array, RegExp][] = [
      ["broken.lgrun", lines.slice(0, 4).join("\n") + "\n{not json\n", /broken\.lgrun, line 5: not JSON/],
      ["newer.lgrun", text.replace('"version":1', '"version":7'), /line 1: written in version 7 of the format; this extension reads version 1/],
      ["corrupt.lgrun.gz", (await import("node:fs")).readFileSync(agentFile).subarray(0, 200), /corrupt\.lgrun\.gz: the gzip data is cut or corrupt/],
      ["history.lgrun", text, /holds no recorded run/],
      ["missing.lgrun", "", /No recording at .*missing\.lgrun/],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(dir, name);
      if (name !== "missing.lgrun") writeFileSync(file, content);
      expect(await dap.refused("launch", { replay: file }), name).toMatch(message);
    }
    const cut = path.join(dir, "cut.lgrun");
    writeFileSync(cut, lines.slice(0, -3).join("\n"));
    const { launched } = await dap.start("launch", { replay: cut });
    await launched;
    expect(dap.text()).toMatch(/cut\.lgrun ends at line \d+ without its end record: the file was cut short/);
    expect(await dap.stopped()).toMatchObject({ reason: "interrupt" });
  });
});

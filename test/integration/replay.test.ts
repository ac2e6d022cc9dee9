// Record a run on the real servers (JS and Python), write it as a .lgrun file, read it back and debug
// it offline: a ThreadDriver on a ReplayClient stops where a live run with the same breakpoints
// stops, shows the same steps, tokens and state, steps back, and refuses edits. No key or header
// value reaches the file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { ThreadDriver, type Breaks } from "../../src/engine/driver/threadDriver";
import type { Superstep } from "../../src/engine/model";
import { readRecording } from "../../src/engine/recording/readRecording";
import { RunRecorder, recordThread } from "../../src/engine/recording/recorder";
import { ReadOnlyRecordingError, ReplayClient } from "../../src/engine/recording/replayClient";
import { encodeRecording, recordingText } from "../../src/engine/recording/writeRecording";
import { compareMarkdown, compareRuns, type RunSide } from "../../src/engine/recording/compareRuns";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS } from "../support/servers";
import { sharedServer } from "../support/sharedServers";

const FAST = { configurable: { delay_ms: 0 } };
const SECRET_KEY = "lgd-secret-key-3f9a1c";
const SECRET_HEADER = "lgd-header-value-77b2e0";
const userSays = (content: string) => ({ messages: [{ role: "user", content }] });
/** Which root nodes ran in each root step: the shape of a run. */
const shape = (steps: readonly Superstep[]) => steps.filter((s) => s.ns.length === 0).map((s) => `${s.step}:${s.nodes.map((n) => n.node).sort().join("+")}`);
const tokenText = (driver: ThreadDriver) =>
  driver
    .story()!
    .events.flatMap((e) => (e.kind === "token" ? [e.text] : []))
    .join("");

function liveDriver(url: string, breaks: Breaks) {
  const client = new LangGraphClient({ apiUrl: url, apiKey: SECRET_KEY, headers: { "x-lgd-test": SECRET_HEADER } });
  const state = { breaks };
  const driver = new ThreadDriver({ client: async () => client, breakpoints: () => state.breaks });
  const recorder = new RunRecorder();
  driver.onEvent((e) => recorder.onDriverEvent(e));
  return { driver, client, recorder, state };
}

function replayDriver(replay: ReplayClient, breaks: Breaks = {}) {
  const state = { breaks };
  return { driver: new ThreadDriver({ client: async () => replay, breakpoints: () => state.breaks }), state };
}

describe.each(SERVER_KINDS)("recording and replaying runs of the real %s server", (kind) => {
  let server: RunningServer;
  /** The live agent run: paused before tools, then continued to the end. */
  let live: { shape: string[]; tokens: string; pausedValues: unknown; file: Uint8Array; text: string };

  beforeAll(async () => {
    server = await sharedServer(kind);
    const { driver, client, recorder, state } = liveDriver(server.url, { interruptBefore: ["tools"] });
    expect(await driver.start({ assistantId: "agent", input: userSays("Weather in Paris?"), config: FAST })).toMatchObject({ status: "paused", nodes: ["tools"] });
    const pausedValues = (await client.threads.state(driver.target!.threadId)).values;
    state.breaks = {};
    expect(await driver.continue()).toEqual({ status: "finished" });
    // As the extension does: the schemas through the driver's cache (one extraction on the JS server), not a request of its own.
    const schemasAsked: string[] = [];
    const schemas = (assistantId: string) => (schemasAsked.push(assistantId), driver.schemas(assistantId));
    const recording = await recorder.recording(client, { graph: driver.graph?.graph, schemas, secrets: [SECRET_KEY, SECRET_HEADER] });
    expect(schemasAsked).toEqual(["agent"]);
    // By the graph id "agent" on both servers (the Python server reads schemas by assistant UUID only: the driver resolves it).
    expect(recording.schemas).toMatchObject({ graph_id: "agent", input_schema: expect.any(Object) });
    live = { shape: shape(driver.story()!.supersteps), tokens: tokenText(driver), pausedValues, file: encodeRecording(recording, { gzip: true }), text: recordingText(recording) };
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("keeps the requests, every stream message and the history, and no API key or header value", () => {
    expect(live.text).not.toContain(SECRET_KEY);
    expect(live.text).not.toContain(SECRET_HEADER);
    // The JS server echoes custom headers into configurable: what was there is blanked, not dropped.
    if (kind === "js") expect(live.text).toContain('\\"x-lgd-test\\": \\"[redacted]\\"');
    const { recording, warnings } = readRecording(live.file, "agent.lgrun.gz");
    expect(warnings).toEqual([]);
    expect(recording.apiUrl).toBe(server.url);
    expect(recording.runs.map((r) => r.request.kind)).toEqual(["start", "continue"]);
    expect(recording.runs[0].request.interruptBefore).toEqual(["tools"]);
    expect(recording.runs.map((r) => r.end?.outcome.status)).toEqual(["paused", "finished"]);
    expect(recording.runs[0].messages.length).toBeGreaterThan(5);
    expect(recording.history.length).toBeGreaterThan(3);
    expect(recording.graph?.nodes.map((n) => n.id)).toContain("tools");
  });

  it("replayed with no breakpoints, runs to the end with the live run's steps and tokens", async () => {
    const replay = new ReplayClient(readRecording(live.file, "agent.lgrun.gz").recording, "agent.lgrun.gz");
    const { driver } = replayDriver(replay);
    expect(await driver.start({ assistantId: "agent", input: null })).toEqual({ status: "finished" });
    expect(shape(driver.story()!.supersteps)).toEqual(live.shape);
    expect(tokenText(driver)).toBe(live.tokens);
  });

  it("stops before and after nodes as the server would, with the state the live run had, and steps on", async () => {
    const replay = new ReplayClient(readRecording(live.file, "agent.lgrun.gz").recording, "agent.lgrun.gz");
    const { driver, state } = replayDriver(replay, { interruptBefore: ["tools"] });
    expect(await driver.start({ assistantId: "agent", input: null })).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
    expect((await replay.threads.state(driver.target!.threadId)).values).toEqual(live.pausedValues);
    expect(await driver.step()).toEqual({ status: "paused", when: "after", nodes: ["tools"] });
    state.breaks = {};
    expect(await driver.continue()).toEqual({ status: "finished" });
    expect(shape(driver.story()!.supersteps)).toEqual(live.shape);

    const again = replayDriver(replay, { interruptAfter: ["agent"] });
    expect(await again.driver.start({ assistantId: "agent", input: null })).toEqual({ status: "paused", when: "after", nodes: ["agent"] });
    expect((await replay.threads.state(again.driver.target!.threadId)).values).toEqual(live.pausedValues);
  });

  it("travels back to an earlier checkpoint and replays forward from it; state edits are refused", async () => {
    const replay = new ReplayClient(readRecording(live.file, "agent.lgrun.gz").recording, "agent.lgrun.gz");
    const { driver, state } = replayDriver(replay, { interruptBefore: ["tools"] });
    await driver.start({ assistantId: "agent", input: null });
    const threadId = driver.target!.threadId;
    const history = await replay.threads.history(threadId, { limit: 100 });
    expect(history[0].next).toEqual(["tools"]);
    const first = history.find((h) => h.metadata?.step === 0)!;
    await driver.showCheckpoint("agent", threadId, first.checkpoint.checkpoint_id!, { travel: true });
    expect(driver.target?.forkFrom).toBe(first.checkpoint.checkpoint_id);
    expect(await driver.continue()).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
    state.breaks = {};
    await expect(driver.updateState(threadId, { messages: [] })).rejects.toBeInstanceOf(ReadOnlyRecordingError);
    expect(await driver.continue()).toEqual({ status: "finished" });
  });

  it("an interrupt() waits in the replay as it did live, and resuming goes on with the recorded answer", async () => {
    const { driver, client, recorder } = liveDriver(server.url, {});
    const waiting = await driver.start({ assistantId: "hitl", input: { topic: "cats" }, config: FAST });
    expect(waiting).toMatchObject({ status: "waiting" }); // the whole outcome (a failure's message) shows when it is not
    expect(await driver.resume("yes")).toEqual({ status: "finished" });
    const liveShape = shape(driver.story()!.supersteps);
    const file = encodeRecording(await recorder.recording(client, { graph: driver.graph?.graph }));
    const replay = new ReplayClient(readRecording(file, "hitl.lgrun").recording, "hitl.lgrun");
    const { driver: replayed } = replayDriver(replay);
    const replayWaiting = await replayed.start({ assistantId: "hitl", input: null });
    expect(replayWaiting).toEqual(waiting);
    expect(await replayed.resume("something else")).toEqual({ status: "finished" });
    expect(shape(replayed.story()!.supersteps)).toEqual(liveShape);
  });

  it("compares two runs: the same input agrees, a longer answer diverges in state, another graph in nodes", async () => {
    const sideOf = async (name: string, assistantId: string, input: Record<string, unknown>, configurable: Record<string, unknown>): Promise<RunSide> => {
      const { driver, client, recorder } = liveDriver(server.url, {});
      await driver.start({ assistantId, input, config: { configurable: { delay_ms: 0, ...configurable } } });
      const { recording } = readRecording(encodeRecording(await recorder.recording(client, {})), `${name}.lgrun`);
      return { name, history: recording.history as RunSide["history"] };
    };
    const a = await sideOf("a", "agent", userSays("Weather in Paris?"), { tokens: 5 });
    const same = compareRuns(a, await sideOf("same", "agent", userSays("Weather in Paris?"), { tokens: 5 }));
    expect(same.divergence).toBeUndefined();
    expect(same.steps.map((s) => s.a?.join("+"))).toEqual(["", "__start__", "agent", "tools", "agent"]);

    const longer = compareRuns(a, await sideOf("longer", "agent", userSays("Weather in Paris?"), { tokens: 9 }));
    expect(longer.divergence).toMatchObject({ step: 3, why: "state" });
    expect(longer.divergence!.diff.map((d) => d.path)).toContain("messages[3].content");
    const markdown = compareMarkdown(longer);
    expect(markdown).toContain("**The runs diverge at step 3**: the same nodes left another state.");
    expect(markdown).toMatch(/\| 3 \| `agent` \| `agent` \| \*\*diverges\*\* \|/);

    const other = compareRuns(a, await sideOf("fanout", "fanout", { topic: "x" }, {}));
    // Another input: the runs part at once; their steps still line up node by node.
    expect(other.divergence).toMatchObject({ step: -1, why: "state" });
    expect(other.steps.find((s) => s.step === 1)).toMatchObject({ a: ["agent"], b: ["split"], same: false });
  });

  it("a thread saved from its history alone replays with the live run's steps, stops and outcome", async () => {
    const { driver, client } = liveDriver(server.url, {});
    await driver.start({ assistantId: "hitl", input: { topic: "owls" }, config: FAST });
    const liveShape = shape(driver.story()!.supersteps);
    const saved = await recordThread(client, "hitl", driver.target!.threadId);
    expect(saved.runs).toHaveLength(1);
    expect(saved.runs[0].fromHistory).toBe(true);
    // The same thread picked in the Threads view, then saved: the same run, rebuilt from its history.
    const picker = liveDriver(server.url, {});
    await picker.driver.showCheckpoint("hitl", driver.target!.threadId, undefined);
    const picked = await picker.recorder.recording(client);
    expect(picked.runs).toEqual(saved.runs);
    const replay = new ReplayClient(readRecording(encodeRecording(saved), "owls.lgrun").recording, "owls.lgrun");
    const through = replayDriver(replay);
    expect(await through.driver.start({ assistantId: "hitl", input: null })).toEqual(driver.target!.outcome);
    expect(shape(through.driver.story()!.supersteps)).toEqual(liveShape);
    const stopping = replayDriver(replay, { interruptBefore: ["review"], interruptAfter: ["draft"] });
    expect(await stopping.driver.start({ assistantId: "hitl", input: null })).toEqual({ status: "paused", when: "after", nodes: ["draft"] });
  });
});

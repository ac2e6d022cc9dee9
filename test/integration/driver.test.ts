// The ThreadDriver against the real dev servers (JS and Python): one owner of each run. Runs racing
// each other, a cancel while another run starts, a deployment switched mid-run and a stream cut
// after its first superstep each leave exactly the right target, outcome and events; Continue,
// Step and Resume append to the thread's story; Continue after a fork goes on from the pause.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { StaleStateError, ThreadDriver, type Breaks, type DriverEvent } from "../../src/engine/driver/threadDriver";
import type { Superstep } from "../../src/engine/model";
import { startFaultProxy, type FaultProxy } from "../support/faultProxy";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS } from "../support/servers";
import { sharedServer } from "../support/sharedServers";

const userSays = (content: string) => ({ messages: [{ role: "user", content }] });
const FAST = { configurable: { delay_ms: 0 } };
/** Slow enough to act on mid-run: 40 tokens 50 ms apart. */
const SLOW = { configurable: { delay_ms: 50, tokens: 40 } };
/** Slow before tools too: `tokens` is the answer's length, the tool call before it is 4 chunks `delay_ms` apart. */
const SLOW_TOOL_CALL = { configurable: { delay_ms: 400 } };
const rootSteps = (steps: Superstep[]) => steps.filter((s) => s.ns.length === 0);

/** A driver on `url` whose breakpoints are set per test, recording everything it emits. */
function makeDriver(url: string, breaks: Breaks = {}) {
  const client = new LangGraphClient({ apiUrl: url });
  const state = { breaks };
  const driver = new ThreadDriver({ client: async () => client, breakpoints: () => state.breaks });
  const seen: DriverEvent[] = [];
  driver.onEvent((e) => seen.push(e));
  return { driver, client, seen, state };
}

/** Events emitted since the last `runStarted`. */
const sinceLastStart = (seen: DriverEvent[]) => seen.slice(seen.findLastIndex((e) => e.type === "runStarted"));
const runEnds = (seen: DriverEvent[]) => seen.filter((e): e is Extract<DriverEvent, { type: "runEnded" }> => e.type === "runEnded");

async function firstEvents(seen: DriverEvent[]): Promise<void> {
  const started = seen.length;
  await expect.poll(() => seen.slice(started).some((e) => e.type === "events" && e.events.some((x) => x.kind === "token")), { timeout: 20_000, interval: 20 }).toBe(true);
}

describe.each(SERVER_KINDS)("ThreadDriver on the real %s server", (kind) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await sharedServer(kind);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("Step and Continue append to the thread's story: earlier steps stay, the first new step diffs against the pause", async () => {
    const { driver, seen } = makeDriver(server.url, { interruptBefore: ["tools"] });
    const paused = await driver.start({ assistantId: "agent", input: userSays("Weather in Paris?"), config: FAST });
    expect(paused).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
    expect(rootSteps(driver.story()!.supersteps).map((s) => s.step)).toEqual([-1, 0, 1]);

    const stepped = await driver.step();
    expect(stepped).toEqual({ status: "paused", when: "after", nodes: ["tools"] });
    expect(seen.filter((e) => e.type === "runStarted").map((e) => e.type === "runStarted" && e.continues)).toEqual([false, true]);
    const steps = rootSteps(driver.story()!.supersteps);
    expect(steps.map((s) => s.step)).toEqual([-1, 0, 1, 2]);
    const tools = steps[3];
    expect(tools.nodes.map((n) => n.node)).toEqual(["tools"]);
    expect(tools.diff).toContainEqual(expect.objectContaining({ path: "messages[2]", change: "added" }));
    // agent ran before the pause and stays done; tools just ran.
    expect(driver.story()!.statuses).toMatchObject({ agent: { status: "done" }, tools: { status: "interrupted" } });

    const finished = await driver.continue();
    expect(finished).toEqual({ status: "finished" });
    expect(rootSteps(driver.story()!.supersteps).map((s) => s.step)).toEqual([-1, 0, 1, 2, 3]);
    expect(driver.target).toMatchObject({ assistantId: "agent", running: false, outcome: { status: "finished" } });
  });

  it("two runs started back to back: the first is superseded and writes nothing into the second", async () => {
    const { driver, seen } = makeDriver(server.url);
    const first = driver.start({ assistantId: "agent", input: userSays("first"), config: SLOW });
    await firstEvents(seen);
    const second = driver.start({ assistantId: "agent", input: userSays("second"), config: FAST });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBeUndefined();
    expect(b).toEqual({ status: "finished" });
    const secondThread = driver.target!.threadId;
    const tail = sinceLastStart(seen);
    expect(tail[0]).toMatchObject({ type: "runStarted", threadId: secondThread, continues: false });
    expect(runEnds(tail)).toEqual([expect.objectContaining({ outcome: { status: "finished" } })]);
    expect(seen.filter((e) => e.type === "runEnded" && e.outcome.status === "failed")).toEqual([]);
    expect(driver.target).toMatchObject({ threadId: secondThread, running: false, outcome: { status: "finished" } });
    // Every event of the story is the second run's: its human message says "second".
    const humans = driver.story()!.supersteps.flatMap((s) => JSON.stringify(s.stateAfter ?? null).match(/first|second/g) ?? []);
    expect(new Set(humans)).toEqual(new Set(["second"]));
  });

  it("a run cancelled while another starts: the cancel ends the first, the second runs to its end", async () => {
    const { driver, seen } = makeDriver(server.url);
    const first = driver.start({ assistantId: "agent", input: userSays("first"), config: SLOW });
    await firstEvents(seen);
    const firstThread = driver.target!.threadId;
    const cancelled = driver.cancel();
    const second = driver.start({ assistantId: "agent", input: userSays("second"), config: FAST });
    const [, a, b] = await Promise.all([cancelled, first, second]);
    expect(a).toBeUndefined();
    expect(b).toEqual({ status: "finished" });
    expect(driver.target!.threadId).not.toBe(firstThread);
    expect(runEnds(sinceLastStart(seen))).toHaveLength(1);
  });

  it("a deployment switched mid-run: nothing of the old run is emitted after forget", async () => {
    const { driver, seen } = makeDriver(server.url);
    const run = driver.start({ assistantId: "agent", input: userSays("hello"), config: SLOW });
    await firstEvents(seen);
    driver.forget();
    const at = seen.length;
    expect(seen.at(-1)).toEqual({ type: "target", target: undefined });
    expect(await run).toBeUndefined();
    expect(seen.slice(at)).toEqual([]);
    expect(driver.target).toBeUndefined();
    expect(driver.story()).toBeUndefined();
  });

  it("follow joins a run someone else started, from its first event, and ends where it pauses; forget stops following", async () => {
    const { driver, client, seen } = makeDriver(server.url);
    const threadId = (await client.threads.create()).thread_id;
    await expect(driver.follow("agent", threadId)).rejects.toThrow(`Thread ${threadId} has no run in progress to follow.`);
    // An earlier run on the thread: the followed run's story starts with its steps (from history).
    for await (const message of await client.runs.stream(threadId, "agent", { input: userSays("Hi"), config: FAST })) void message;
    const earlier = (await client.threads.history(threadId, { limit: 100 })).length;
    const owner = await client.runs.stream(threadId, "agent", { input: userSays("Weather in Paris?"), config: SLOW_TOOL_CALL, interrupt_before: ["tools"] }, { cancelOnAbort: false });
    const owned = (async () => {
      for await (const message of owner) void message;
    })();
    await expect.poll(async () => (await client.threads.get(threadId)).status, { timeout: 15_000, interval: 50 }).toBe("busy");
    const outcome = await driver.follow("agent", threadId);
    expect(outcome).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
    // The run's own breakpoints come with it (a recording keeps them).
    expect(seen.filter((e) => e.type === "runStarted")).toEqual([{ type: "runStarted", threadId, assistantId: expect.any(String), continues: false, request: { kind: "follow", interruptBefore: ["tools"] } }]);
    // Joined from the start ("-1"): the run's first events (agent starting) arrive although agent was already running.
    const events = seen.flatMap((e) => (e.type === "events" ? e.events : []));
    expect(events.find((x) => x.kind === "taskStart")).toMatchObject({ node: "agent" });
    const agent = rootSteps(driver.story()!.supersteps).findLast((s) => s.nodes.some((n) => n.node === "agent"));
    expect(agent?.diff).toContainEqual(expect.objectContaining({ path: "messages[5]", change: "added" }));
    const steps = rootSteps(driver.story()!.supersteps);
    expect(steps.length).toBeGreaterThan(earlier);
    expect(steps.slice(0, earlier).every((s) => s.checkpointId)).toBe(true);
    // The first run's 4 messages, then the new question and the tool call.
    expect(steps.at(-1)!.stateAfter).toMatchObject({ messages: expect.objectContaining({ length: 6 }) });
    expect(driver.target).toMatchObject({ threadId, running: false, outcome: { status: "paused" } });
    await owned;
    // The pause goes on like any other.
    expect(await driver.continue()).toEqual({ status: "finished" });

    // A follow superseded by forget emits nothing more and resolves to undefined.
    const second = await client.runs.stream(threadId, "agent", { input: userSays("Again"), config: SLOW }, { cancelOnAbort: false });
    const drained = (async () => {
      for await (const message of second) void message;
    })();
    await expect.poll(async () => (await client.threads.get(threadId)).status, { timeout: 15_000, interval: 50 }).toBe("busy");
    const following = driver.follow("agent", threadId, second.runId);
    await firstEvents(seen);
    driver.forget();
    const after = seen.length;
    expect(await following).toBeUndefined();
    expect(seen.slice(after).filter((e) => e.type !== "target")).toEqual([]);
    await drained;
  });

  it("follow only watches a run that is not resumable (its events belong to its own reader), then reads its steps from history", async () => {
    const { driver, client, seen } = makeDriver(server.url);
    const threadId = (await client.threads.create()).thread_id;
    // A background run as the SDK starts one by default: no stream_resumable.
    const created = await fetch(`${server.url}/threads/${threadId}/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: "agent", input: userSays("Weather in Paris?"), config: SLOW_TOOL_CALL, interrupt_before: ["tools"] }),
    });
    const { run_id: runId } = (await created.json()) as { run_id: string };
    const outcome = await driver.follow("agent", threadId, runId);
    expect(outcome).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
    expect(seen.some((e) => e.type === "events" && e.events.length > 0)).toBe(false);
    const steps = rootSteps(driver.story()!.supersteps);
    expect(steps.map((s) => s.nodes.map((n) => n.node))).toContainEqual(["agent"]);
    expect(steps.at(-1)!.stateAfter).toMatchObject({ messages: expect.objectContaining({ length: 2 }) });
    expect(await driver.continue()).toEqual({ status: "finished" });
  });

  it("Resume answers interrupt() and the story goes on", async () => {
    const { driver } = makeDriver(server.url);
    const waiting = await driver.start({ assistantId: "hitl", input: { topic: "cats" }, config: FAST });
    expect(waiting?.status).toBe("waiting");
    const before = driver.story()!.supersteps.length;
    expect(await driver.resume("yes")).toEqual({ status: "finished" });
    expect(driver.story()!.supersteps.length).toBeGreaterThan(before);
  });

  it("Continue after a re-run from a checkpoint goes on from the pause, not from the fork point again", async () => {
    const { driver, client, state } = makeDriver(server.url);
    await driver.start({ assistantId: "agent", input: userSays("Weather in Paris?"), config: FAST });
    const threadId = driver.target!.threadId;
    const history = await client.threads.history(threadId, { limit: 50 });
    const step0 = history.find((h) => h.metadata?.step === 0)!;
    state.breaks = { interruptBefore: ["tools"] };
    expect(await driver.runFromCheckpoint("agent", threadId, step0.checkpoint.checkpoint_id!)).toEqual({ status: "paused", when: "before", nodes: ["tools"] });
    const pauseCheckpoint = driver.target!.checkpointId;
    expect(pauseCheckpoint).toBeTruthy();
    expect(driver.target!.forkFrom).toBeUndefined();
    // Forking again would run `agent` again and pause before `tools` again.
    expect(await driver.continue()).toEqual({ status: "finished" });
    const after = await client.threads.history(threadId, { limit: 100 });
    const byId = new Map(after.map((h) => [h.checkpoint.checkpoint_id, h]));
    const lineage: string[] = [];
    for (let h = after[0]; h; h = byId.get(h.parent_checkpoint?.checkpoint_id ?? "")!) lineage.push(h.checkpoint.checkpoint_id!);
    expect(lineage).toContain(pauseCheckpoint);
  });

  it("a state edit against a checkpoint the thread has left is refused; against the latest it is a step of the story", async () => {
    const { driver } = makeDriver(server.url, { interruptBefore: ["tools"] });
    await driver.start({ assistantId: "agent", input: userSays("Weather in Paris?"), config: FAST });
    const threadId = driver.target!.threadId;
    const latest = driver.target!.checkpointId!;
    await expect(driver.updateState(threadId, { messages: [] }, { asNode: "agent", basedOn: "1ef00000-0000-0000-0000-000000000000" })).rejects.toBeInstanceOf(StaleStateError);
    const steps = driver.story()!.supersteps.length;
    const written = await driver.updateState(threadId, { messages: [{ role: "user", content: "edited" }] }, { asNode: "agent", basedOn: latest });
    expect(written).toBeTruthy();
    const edit = driver.story()!.supersteps.at(-1)!;
    expect(driver.story()!.supersteps).toHaveLength(steps + 1);
    expect(edit).toMatchObject({ source: "update", checkpointId: written, nodes: [{ node: "agent" }] });
    expect(edit.diff.length).toBeGreaterThan(0);
    expect(driver.target!.checkpointId).toBe(written);
  });

  it("reads an assistant's schemas once per deployment, however often a run asks", async () => {
    const paths: string[] = [];
    const client = new LangGraphClient({ apiUrl: server.url, onRequest: (entry) => paths.push(entry.path) });
    const driver = new ThreadDriver({ client: async () => client, breakpoints: () => ({}) });
    const [{ assistant_id: agent }] = await client.assistants.search({ graphId: "agent", limit: 1 });
    const [a, b] = await Promise.all([driver.schemas(agent), driver.schemas(agent)]);
    await driver.schemas(agent);
    expect(a).toBe(b);
    expect(a.input_schema).toBeTruthy();
    expect(paths.filter((p) => p.endsWith("/schemas"))).toHaveLength(1);
  });

  describe("a stream cut after its first superstep", () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      // Every stream response (the run and each re-join) is cut early: the run cannot be followed.
      // The run's stream is cut after its first superstep and every re-join at once: the run cannot be followed.
      proxy = await startFaultProxy(server.port, (r) => (r.path.endsWith("/runs/stream") ? { afterBodyBytes: 6000, reset: true } : r.path.includes("/stream") ? { afterBodyBytes: 0, reset: true } : undefined));
    });
    afterAll(async () => {
      await proxy?.stop();
    });

    it("ends failed on the right thread while the run goes on, with what was received kept", async () => {
      const { driver, seen } = makeDriver(proxy.url);
      // 20 s of tokens: the run is still going on the server when the stream is given up.
      const outcome = await driver.start({ assistantId: "agent", input: userSays("Weather in Paris?"), config: { configurable: { delay_ms: 50, tokens: 400 } } });
      const threadId = driver.target!.threadId;
      expect(outcome?.status).toBe("failed");
      expect(driver.target).toMatchObject({ threadId, running: false, outcome: { status: "failed" } });
      expect(runEnds(seen)).toHaveLength(1);
      expect(driver.story()!.events.length).toBeGreaterThan(0);
      // Leave the server idle for the next test file (the Python server runs one run at a time).
      await new LangGraphClient({ apiUrl: server.url }).runs.list(threadId).then((runs) => Promise.all(runs.map((r) => new LangGraphClient({ apiUrl: server.url }).runs.cancel(threadId, r.run_id).catch(() => undefined))));
    });
  });
});

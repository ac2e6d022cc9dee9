// What the Threads view reads, against the real dev servers (JS and Python): the thread search sorted
// by last update, a thread's newest checkpoint loaded into the driver's story with the nodes that ran
// marked, and the running thread known from the driver's target while it runs.
import { describe, expect, it } from "vitest";
import { ThreadDriver, type DriverEvent } from "../../src/engine/driver/threadDriver";
import { checkpointTree } from "../../src/engine/checkpointTimeline";
import { byLastUpdate, checkpointRow } from "../../src/host/threadLabels";
import { SERVER_KINDS } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

const userSays = (content: string) => ({ messages: [{ role: "user", content }] });
const FAST = { configurable: { delay_ms: 0 } };
/** Slow enough to look at mid-run: 30 tokens 50 ms apart. */
const SLOW = { configurable: { delay_ms: 50, tokens: 30 } };

describe.each(SERVER_KINDS)("the Threads view's reads on the real %s server", (kind) => {
  const deployment = onSharedDeployment(kind);


  it("searching by updated_at lists the thread that ran last first, though it was made first", async () => {
    const older = await deployment.client.threads.create();
    const newer = await deployment.client.threads.create();
    const runner = new ThreadDriver({ client: async () => deployment.client, breakpoints: () => ({}) });
    const run = (threadId: string, text: string) => runner.start({ assistantId: "agent", threadId, input: userSays(text), config: FAST });
    await run(newer.thread_id, "Weather in Rome?");
    await run(older.thread_id, "Weather in Paris?");
    const listed = await deployment.client.threads.search({ limit: 10, sortBy: "updated_at", sortOrder: "desc" });
    const ours = listed.map((t) => t.thread_id).filter((id) => id === older.thread_id || id === newer.thread_id);
    expect(ours).toEqual([older.thread_id, newer.thread_id]);
    expect(byLastUpdate(listed).map((t) => t.thread_id)).toEqual(listed.map((t) => t.thread_id));
  });

  it("a thread picked with no checkpoint shows its newest: the lineage's steps, its nodes marked as ran, and the thread where it is", async () => {
    const driver = new ThreadDriver({ client: async () => deployment.client, breakpoints: () => ({}) });
    const seen: DriverEvent[] = [];
    driver.onEvent((e) => seen.push(e));
    const thread = await deployment.client.threads.create();
    const runner = new ThreadDriver({ client: async () => deployment.client, breakpoints: () => ({}) });
    const ran: DriverEvent[] = [];
    runner.onEvent((e) => ran.push(e));
    await runner.start({ assistantId: "agent", threadId: thread.thread_id, input: userSays("Weather in Oslo?"), config: FAST });
    expect(ran.find((e) => e.type === "runEnded")).not.toHaveProperty("fromHistory");

    const shown = await driver.showCheckpoint("agent", thread.thread_id, undefined);
    const history = await deployment.client.threads.history(thread.thread_id, { limit: 50 });
    expect(shown.checkpointId).toBe(history[0].checkpoint.checkpoint_id);
    expect(driver.story()!.supersteps.map((s) => s.step)).toEqual([-1, 0, 1, 2, 3]);
    // Loaded history has no stream events: the nodes are marked from its steps.
    const ended = seen.findLast((e): e is Extract<DriverEvent, { type: "runEnded" }> => e.type === "runEnded")!;
    expect(ended.outcome).toEqual({ status: "finished" });
    // Nothing ran: the auto-recording and the Store view leave it alone.
    expect(ended.fromHistory).toBe(true);
    expect(ended.statuses).toMatchObject({ agent: { status: "done" }, tools: { status: "done" } });
    expect(driver.target).toMatchObject({ threadId: thread.thread_id, running: false, checkpointId: history[0].checkpoint.checkpoint_id });
    expect(driver.target?.forkFrom).toBeUndefined();
    // The rows the tree draws for that history: Input, Start, then the nodes.
    const [main] = checkpointTree(history);
    expect(main.map((n) => checkpointRow(n.entry).label)).toEqual(["Input", "Start", "agent", "tools", "agent"]);
  });

  it("a thread that never ran has nothing to show, and says so", async () => {
    const driver = new ThreadDriver({ client: async () => deployment.client, breakpoints: () => ({}) });
    const thread = await deployment.client.threads.create();
    await expect(driver.showCheckpoint("agent", thread.thread_id, undefined)).rejects.toThrow(/never run/);
  });

  it("while a run goes, the driver's target names its thread as running, and the server lists it", async () => {
    const driver = new ThreadDriver({ client: async () => deployment.client, breakpoints: () => ({}) });
    const targets: (string | undefined)[] = [];
    driver.onEvent((e) => {
      if (e.type === "target") targets.push(e.target ? `${e.target.threadId}:${e.target.running}` : undefined);
    });
    const run = driver.start({ assistantId: "agent", input: userSays("Weather in Lima?"), config: SLOW });
    await expect.poll(() => driver.target?.running, { timeout: 20_000, interval: 20 }).toBe(true);
    const threadId = driver.target!.threadId;
    const listed = await deployment.client.threads.search({ limit: 50, sortBy: "updated_at", sortOrder: "desc" });
    expect(listed.map((t) => t.thread_id)).toContain(threadId);
    await run;
    expect(targets).toEqual([`${threadId}:true`, `${threadId}:false`]);
  });
});

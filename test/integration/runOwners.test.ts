// Who owns which thread when graph tabs run their own (src/host/runOwners.ts), with real drivers
// against the real JS dev server: two tabs run two assistants on threads of their own at once while
// the debugger's driver stays where it is; a tab's run on the debugger's thread is the debugger's;
// the debugger moving onto a tab's thread, or running the tab's assistant while the tab's run is not
// going, takes it over. After every step no two drivers are on one thread. (The rule does not depend
// on the server: one server is enough.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { ThreadDriver } from "../../src/engine/driver/threadDriver";
import { RunOwners, type TabRun } from "../../src/host/runOwners";
import type { RunningServer } from "../support/langgraphServer";
import { sharedServer } from "../support/sharedServers";

const userSays = (content: string) => ({ messages: [{ role: "user", content }] });
const FAST = { configurable: { delay_ms: 0 } };
/** Long enough for the other tab's run to start meanwhile: 30 tokens 40 ms apart; fanout's branches 4 × 40 ms. */
const SLOW = { configurable: { delay_ms: 40, tokens: 30 } };

interface OwnRun extends TabRun {
  readonly driver: ThreadDriver;
}

describe("run owners: the debugger's driver and each graph tab's own", () => {
  let server: RunningServer;
  let client: LangGraphClient;
  let main: ThreadDriver;
  let owners: RunOwners<OwnRun>;
  const drivers: ThreadDriver[] = [];
  const told: string[] = [];

  const makeDriver = () => {
    const driver = new ThreadDriver({ client: async () => client, breakpoints: () => ({}) });
    drivers.push(driver);
    return driver;
  };
  const own = (assistantId: string) => {
    const run = owners.ownerFor(assistantId, undefined);
    if (run === "main") throw new Error("a new thread is never the debugger's");
    return run.driver;
  };
  /** Never two drivers on one thread: the main driver's and each tab's own threads are all different. */
  const expectOneOwnerPerThread = () => {
    const threads = [main.target, ...[...owners.all().values()].map((r) => r.driver.target)].flatMap((t) => (t ? [t.threadId] : []));
    expect(new Set(threads).size).toBe(threads.length);
  };

  beforeAll(async () => {
    server = await sharedServer("js");
    client = new LangGraphClient({ apiUrl: server.url });
    main = makeDriver();
    owners = new RunOwners<OwnRun>(main, () => {
      const driver = makeDriver();
      return { driver, dispose: () => driver.dispose() };
    });
    owners.onTabRun((assistantId, run) => told.push(`${assistantId}:${run ? "own" : "main"}`));
  });

  afterAll(async () => {
    owners?.dispose();
    for (const d of drivers) d.dispose();
    await server?.stop();
  });

  it("two tabs run their assistants on threads of their own at once; the debugger's driver is untouched", async () => {
    const agent = own("agent");
    const fanout = own("fanout");
    expect(owners.ownerFor("agent", undefined)).toBe(owners.of("agent"));
    const runs = [agent.start({ assistantId: "agent", input: userSays("Weather in Paris?"), config: SLOW }), fanout.start({ assistantId: "fanout", input: { topic: "tabs" }, config: SLOW })];
    await expect.poll(() => agent.status === "running" && fanout.status === "running", { timeout: 20_000, interval: 20 }).toBe(true);
    expectOneOwnerPerThread();
    // While a thread runs the server gives no values for it; its driver's story has them (the Threads view names the row by them).
    const inputOf = (driver: ThreadDriver) => driver.supersteps().findLast((s) => s.ns.length === 0 && s.stateAfter)?.stateAfter;
    await expect.poll(() => JSON.stringify(inputOf(agent) ?? null), { timeout: 20_000, interval: 20 }).toContain("Weather in Paris?");
    await expect.poll(() => inputOf(fanout), { timeout: 20_000, interval: 20 }).toMatchObject({ topic: "tabs" });
    expect(await Promise.all(runs)).toEqual([{ status: "finished" }, { status: "finished" }]);
    expect(agent.story()!.assistantId).toBe("agent");
    expect(fanout.story()!.statuses).toMatchObject({ left: { status: "done" }, right: { status: "done" }, join: { status: "done" } });
    expect(agent.target!.threadId).not.toBe(fanout.target!.threadId);
    expect(main.target).toBeUndefined();
    expect(told).toEqual(["agent:own", "fanout:own"]);
  });

  it("a tab's run on the debugger's thread is the debugger's: the tab lets go of its own", async () => {
    await main.start({ assistantId: "agent", input: userSays("Hi"), config: FAST });
    // The debugger ran the tab's assistant while the tab's run was over: the tab follows the debugger again.
    expect(owners.of("agent")).toBeUndefined();
    own("agent");
    expect(owners.ownerFor("agent", main.target!.threadId)).toBe("main");
    expect(owners.of("agent")).toBeUndefined();
    expectOneOwnerPerThread();
  });

  it("the debugger moving onto a tab's thread takes it over; its run goes on there", async () => {
    const fanout = owners.of("fanout")!.driver;
    const threadId = fanout.target!.threadId;
    const run = fanout.start({ assistantId: "fanout", threadId, input: { topic: "again" }, config: { configurable: { delay_ms: 300 } } });
    await expect.poll(() => fanout.status, { timeout: 20_000, interval: 20 }).toBe("running");
    await main.follow("fanout", threadId);
    // Let go of, not cancelled: the debugger's driver followed the run to its end.
    expect(await run).toBeUndefined();
    expect(owners.of("fanout")).toBeUndefined();
    expect(fanout.target).toBeUndefined();
    expect(main.target).toMatchObject({ threadId, outcome: { status: "finished" } });
    expectOneOwnerPerThread();
  });

  it("the debugger running a tab's assistant leaves a tab's run that is going on alone", async () => {
    const agent = own("agent");
    const run = agent.start({ assistantId: "agent", input: userSays("Weather in Berlin?"), config: SLOW });
    await expect.poll(() => agent.status, { timeout: 20_000, interval: 20 }).toBe("running");
    expect(await main.start({ assistantId: "agent", input: userSays("Hello"), config: FAST })).toEqual({ status: "finished" });
    expect(owners.of("agent")?.driver).toBe(agent);
    expect(await run).toEqual({ status: "finished" });
    expectOneOwnerPerThread();
  });
});

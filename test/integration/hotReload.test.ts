// Hot reload against both real dev servers, each serving a temp copy of its sample project that the
// test edits: the ReloadWatcher sees the server reload after a save, the driver shows the new graph
// (a node added) and a thread paused before the edit goes on with the new code. A run going while
// the code reloads ends with a clear outcome on both (docs/SERVER-DIFFERENCES.md, "Hot reload").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { ReloadWatcher } from "../../src/engine/driver/codeReload";
import { ThreadDriver, type Breaks, type DriverEvent } from "../../src/engine/driver/threadDriver";
import type { RunningServer } from "../support/langgraphServer";
import { FANOUT, editFanout } from "../support/fanoutEdits";
import { SERVER_KINDS, startReloadingServer } from "../support/servers";

const FAST = { configurable: { delay_ms: 0 } };

/** A driver and a reload watcher on the server, as the extension wires them, recording what the driver emits. */
function makeDriver(url: string, breaks: Breaks) {
  const client = new LangGraphClient({ apiUrl: url });
  const driver = new ThreadDriver({ client: async () => client, breakpoints: () => breaks });
  const seen: DriverEvent[] = [];
  driver.onEvent((e) => seen.push(e));
  const watcher = new ReloadWatcher({
    client: async () => client,
    assistantId: () => driver.graph?.assistantId,
    shownGraph: () => driver.graph?.graph,
    reloaded: (files, restarted) => driver.reloadCode({ files, restarted }),
  });
  return { driver, seen, watcher };
}

const nodeIds = (e: DriverEvent | undefined) => (e?.type === "graph" ? e.graph.nodes.map((n) => n.id) : []);

describe.each(SERVER_KINDS)("hot reload on the real %s server", (kind) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startReloadingServer(kind);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("a thread paused before a node goes on with the new code after a save, and the driver shows the node added", async () => {
    const { driver, seen, watcher } = makeDriver(server.url, { interruptBefore: ["split"] });
    const paused = await driver.start({ assistantId: "fanout", input: { topic: "t" }, config: FAST });
    expect(paused).toEqual({ status: "paused", when: "before", nodes: ["split"] });
    expect(nodeIds(seen.findLast((e) => e.type === "graph"))).not.toContain("extra");

    const file = await editFanout(server, FANOUT[kind].renameTopic, FANOUT[kind].addExtra);
    const watched = Date.now();
    // JS restarts its process (connections refused). Python restarts only its worker, quickly with no run
    // going: a look can come after it with no failed one between (seen here three times in a row), the
    // new graph being the sign of the reload.
    expect(await watcher.fileSaved(file)).toEqual({ type: "reloaded", restarted: kind === "js" ? true : expect.any(Boolean) });
    console.log(`[${kind}] hot reload seen ${Date.now() - watched} ms after the save`);
    expect(nodeIds(seen.findLast((e) => e.type === "graph"))).toContain("extra");
    expect(seen.find((e) => e.type === "codeReloaded")).toMatchObject({ assistantId: "fanout", files: [file], added: ["extra"], removed: [] });
    expect(driver.graph?.graph.nodes.map((n) => n.id)).toContain("extra");

    const finished = await driver.continue();
    expect(finished).toEqual({ status: "finished" });
    const updates = seen.flatMap((e) => (e.type === "events" ? e.events : [])).filter((e) => e.kind === "update");
    expect(updates).toContainEqual(expect.objectContaining({ node: "split", values: { topic: "reloaded t" } }));
    expect(updates).toContainEqual(expect.objectContaining({ node: "extra", values: { summary: "extra ran" } }));
    expect(driver.story()!.statuses).toMatchObject({ split: { status: "done" }, extra: { status: "done" } });
  }, 90_000);

  it("a run going while the code reloads ends with a clear outcome [differs: JS loses it with the old process, Python retries it with the new code]", async () => {
    const { driver, seen, watcher } = makeDriver(server.url, {});
    // Each branch sleeps 4 × delay_ms: long enough to save while they run.
    const run = driver.start({ assistantId: "fanout", input: { topic: "slow" }, config: { configurable: { delay_ms: 1_000 } } });
    await expect.poll(() => seen.some((e) => e.type === "superstep" && e.superstep.nodes.some((n) => n.node === "split")), { timeout: 20_000, interval: 50 }).toBe(true);
    const file = await editFanout(server, FANOUT[kind].renameJoin);
    expect(await watcher.fileSaved(file)).toEqual({ type: "reloaded", restarted: true });
    const outcome = await run;
    if (kind === "js") {
      expect(outcome).toMatchObject({ status: "failed" });
      // Said by whichever comes first: the watcher's reload, or the driver's own look after a refused re-join.
      expect(outcome?.status === "failed" && outcome.message).toMatch(/^The dev server restarted .*the run was lost with the old process|refused connections meanwhile/);
    } else {
      expect(outcome).toEqual({ status: "finished" });
      // The retried run's steps never came on the stream: they are read from history.
      const join = driver.story()!.supersteps.find((s) => s.nodes.some((n) => n.node === "join"));
      expect(join?.stateAfter).toMatchObject({ summary: expect.stringMatching(/^Rejoined 2 results/) });
    }
    expect(driver.target?.running).toBe(false);
  }, 90_000);

  // Only the JS server does this: the test exists for it alone (rather than one skipped on the other).
  if (kind === "js") {
    it("with no watcher (an edit outside the editor, the standalone adapter), a JS run lost to the restart still ends, failed with the reason", async () => {
      const client = new LangGraphClient({ apiUrl: server.url });
      const driver = new ThreadDriver({ client: async () => client, breakpoints: () => ({}) });
      const seen: DriverEvent[] = [];
      driver.onEvent((e) => seen.push(e));
      const run = driver.start({ assistantId: "fanout", input: { topic: "slow" }, config: { configurable: { delay_ms: 1_000 } } });
      await expect.poll(() => seen.some((e) => e.type === "superstep" && e.superstep.nodes.some((n) => n.node === "split")), { timeout: 20_000, interval: 50 }).toBe(true);
      const [from, to] = FANOUT.js.renameJoin;
      await editFanout(server, [to, from]);
      // The server back before the re-joins give up (1.2–3 s after the save, §8d): the reason; later: the re-joins' failure, and what it likely meant.
      expect(await run).toEqual({ status: "failed", message: expect.stringMatching(/^The dev server restarted \(as it does on a code reload\) while this run was going|refused connections meanwhile: it stopped or restarted/) });
    }, 60_000);
  }
});

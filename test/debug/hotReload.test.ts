// Hot reload seen by the standalone adapter (no editor, no file watching): stopped before a node, the
// graph file of the served temp copy is edited; on Continue the adapter finds the graph changed, says
// "Code reloaded" in the Debug Console, verifies the breakpoint on the node that appeared (a
// `breakpoint` changed event) and the run goes on with the new code, stopping at that node. A gutter
// breakpoint on the added node's line, set after the edit, is placed once the reload is seen (the
// source map read again with the new graph's nodes).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { DapHarness, ensureAdapterBuilt } from "../support/dapHarness";
import { FANOUT, editFanout } from "../support/fanoutEdits";
import { SERVER_KINDS, startReloadingServer, type RunningServer } from "../support/servers";

describe.each(SERVER_KINDS)("debug adapter, hot reload on the real %s server", (kind) => {
  let server: RunningServer;
  const dap = new DapHarness();

  beforeAll(async () => {
    await ensureAdapterBuilt();
    server = await startReloadingServer(kind);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === "fail") console.log(`Debug Console of the failed test:\n${dap.text()}`);
    await dap.stop();
  });

  it("stopped before split, the file is edited: Continue says the code was reloaded, verifies the breakpoint on the added node and runs the new code", async () => {
    const { launched, breakpoints } = await dap.start(
      "launch",
      { deploymentUrl: server.url, assistant: "fanout", input: { topic: "t" }, config: { configurable: { delay_ms: 0 } }, project: server.projectDir },
      { functionBreakpoints: [{ name: "split" }, { name: "extra" }] },
    );
    await launched;
    expect(await dap.stopped()).toMatchObject({ reason: "function breakpoint", description: "Paused before split" });
    // Set while launch read the graph: checked against it once read.
    expect(breakpoints.map((b) => dap.verified(b))).toEqual([true, false]);

    await editFanout(server, FANOUT[kind].renameTopic, FANOUT[kind].addExtra);
    // The adapter looks at the graph when it goes on: wait until the server serves the new one.
    const client = new LangGraphClient({ apiUrl: server.url });
    const hasExtra = async () => ((await client.assistants.graph("fanout", { xray: true }).catch(() => ({ nodes: [] }))) as { nodes: { id: string }[] }).nodes.some((n) => n.id === "extra");
    await expect.poll(hasExtra, { timeout: 30_000, interval: 100 }).toBe(true);
    // A gutter breakpoint on the line that adds extra: the adapter has not seen the reload yet, so the line is no node's.
    const file = path.join(server.projectDir, FANOUT[kind].file);
    const line = (await readFile(file, "utf8")).split("\n").findIndex((text) => text.includes(FANOUT[kind].addExtra[1].split("\n")[0].trim())) + 1;
    const [gutter] = (await dap.dc!.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line }] })).body.breakpoints;
    expect(gutter).toMatchObject({ verified: false, message: expect.stringMatching(/belongs to no node/) });

    await dap.dc!.continueRequest({ threadId: 1 });
    expect(await dap.stopped()).toMatchObject({ reason: "breakpoint", description: "Paused before extra", hitBreakpointIds: [breakpoints[1].id, gutter.id] });
    expect(dap.text()).toContain("Code reloaded: the graph changed, nodes added extra, removed none.");
    expect(dap.breakpointEvents).toContainEqual({ reason: "changed", breakpoint: { id: breakpoints[1].id, verified: true, message: "extra is back in the graph." } });
    expect(dap.breakpointEvents.at(-1)).toEqual({ reason: "changed", breakpoint: { id: gutter.id, line, source: { name: path.basename(file), path: file }, verified: true, message: "Breaks before node extra of graph fanout" } });
    expect(dap.verified(breakpoints[1])).toBe(true);
    expect((await dap.scopeVariables()).get("topic")?.value).toBe('"reloaded t"');

    const end = dap.terminated();
    await dap.dc!.continueRequest({ threadId: 1 });
    await end;
    expect(dap.text()).toContain("✓ extra");
  }, 90_000);
});

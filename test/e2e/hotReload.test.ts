// Hot reload end to end in a real VS Code (code-server) on the JS server, which restarts its whole
// process on a save: the workspace is the server's temp copy of the sample project; an edit + save of
// fanout.ts in the editor redraws the Graph view with the node the edit added. One server kind: the
// engine side is tested on both (test/integration/hotReload.test.ts). Screenshots: screenshots/e2e/hotReload-*.png.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { startReloadingServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startCodeServer, type RunningCodeServer } from "./support/codeServer";
import type { Workbench } from "./support/workbench";
import { closeSession, explainFailure, openWorkbench } from "./support/session";

describe("hot reload in VS Code on the js server", () => {
  let sampleServer: RunningServer | undefined;
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;
  const shot = (name: string) => workbench.screenshot(`hotReload-${name}`);

  beforeAll(async () => {
    sampleServer = await startReloadingServer("js");
    codeServer = await startCodeServer({ deploymentUrl: sampleServer.url, label: "hotReload-js", workspaceDir: sampleServer.projectDir });
    ({ browser, workbench } = await openWorkbench(codeServer));
  });

  afterAll(async () => {
    await closeSession({ browser, codeServer, sampleServer });
  });

  test("an edit + save of the graph's file redraws the Graph view with the node added", async (context) => {
    explainFailure(context, "hotReload-failed", () => ({ workbench, browser, sampleServer }));
    await workbench.openGraphView();
    const graph = await workbench.showGraph("fanout", "join");
    expect(await graph.locator('.graph [data-node-id="extra"]').count()).toBe(0);
    await shot("01-before");

    await workbench.openFile("fanout.ts");
    await workbench.replaceAllInEditor('.addEdge("join", END)', '.addNode("extra", () => ({ summary: "extra ran" })).addEdge("join", "extra").addEdge("extra", END)');
    await workbench.saveActiveEditor();
    await graph.locator('.graph [data-node-id="extra"]').first().waitFor({ timeout: 30_000 });
    await graph.locator('[data-edge="join->extra"]').first().waitFor({ state: "attached" });
    expect(workbench.outputChannelLog("LangGraph Debugger")).toMatch(/reloaded its code after fanout\.ts changed \(the server restarted\)/);
    await shot("02-after-save");
  });
});

// End to end in a real VS Code (code-server 4.139) with the packaged .vsix, against the real
// sample deployments (the JS and the Python dev server, the same test bodies), driven through
// headless Chromium like a person would. Screenshots are named screenshots/e2e/<kind>-<step>.png.
// One code-server for the whole file: the first server kind starts beside it, each later one in its
// describe, reached with "Switch deployment".
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startHoldingProxy } from "./support/holdingProxy";
import type { RunningCodeServer } from "./support/codeServer";
import { waitUntil, type Workbench } from "./support/workbench";
import { closeSession, explainFailure as explainFailureWith, openWorkbench, startSampleAndCodeServer } from "./support/session";

let sampleServer: RunningServer | undefined;
let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;

beforeAll(async () => {
  ({ sampleServer, codeServer } = await startSampleAndCodeServer((port) => startServer(SERVER_KINDS[0], { port }), { label: "graphView" }));
  ({ browser, workbench } = await openWorkbench(codeServer));
});

afterAll(async () => {
  await closeSession({ browser, codeServer, sampleServer });
});

/**
 * What the kind before left in the UI that a fresh workbench has not: its toasts, and its breakpoints
 * (kept per assistant id, which both servers derive from the graph id, so `agent`'s follow it here).
 */
async function clearLeftovers(): Promise<void> {
  await workbench.runCommand("Notifications: Clear All Notifications");
  const graph = await workbench.showGraph("agent", "tools");
  const pressed = graph.locator('button[aria-label^="Break "][aria-pressed="true"]');
  for (let count = await pressed.count(); count > 0; count = await pressed.count()) {
    await pressed.first().click();
    const before = count;
    await waitUntil(async () => (await pressed.count()) < before, "a breakpoint left by the kind before to clear");
  }
}

describe.each(SERVER_KINDS)("LangGraph Debugger in VS Code on the %s server", (kind) => {
  const shot = (name: string) => workbench.screenshot(`${kind}-${name}`);

  beforeAll(async () => {
    if (!sampleServer) {
      sampleServer = await startServer(kind);
      await workbench.switchDeployment(sampleServer.url);
      await clearLeftovers();
    }
    await shot("01-workbench-ready");
  });

  afterAll(async () => {
    await sampleServer?.stop();
    sampleServer = undefined;
  });

  function explainFailure(context: TestContext, name: string): void {
    explainFailureWith(context, `${kind}-failed-${name}`, () => ({ workbench, browser, sampleServer }));
  }

  test("the Graph view shows the sample agent graph's nodes and edges", async (context) => {
    explainFailure(context, "graph-view");
    await workbench.openGraphView();
    await workbench.runCommand("LangGraph: Show graph");
    // The sample deployment has several graphs, so the command asks which one.
    expect(await workbench.quickInputText()).toContain("pick an assistant");
    await workbench.pickQuickItem("agent");
    const graph = workbench.graphFrame();

    for (const nodeId of ["agent", "tools"]) {
      const node = graph.locator(`[data-node-id="${nodeId}"]`).first();
      await node.waitFor({ timeout: 60_000 });
      expect(await node.innerText()).toContain(nodeId);
      expect(await node.getAttribute("data-status")).toBe("idle");
    }
    await graph.locator('[data-edge="agent->tools"]').first().waitFor({ state: "attached" });
    await graph.locator('[data-edge="tools->agent"]').first().waitFor({ state: "attached" });
    await shot("02-graph-view");

    // Another view in the side bar, then the graph again: VS Code made the webview again, and it drew
    // the graph from the layout kept in its saved state, without waiting for a new layout worker.
    await workbench.runCommand("View: Show Explorer");
    await workbench.page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor();
    await workbench.openGraphView();
    await graph.locator('[data-node-id="tools"]').first().waitFor({ timeout: 30_000 });
    expect(await graph.locator("body").evaluate(() => [performance.getEntriesByName("graph-layout-kept").length, performance.getEntriesByName("graph-layout", "measure").length])).toEqual([1, 0]);

    const activation = workbench.extensionHostLog();
    expect(activation).toMatch(/_doActivateExtension langgraph-debugger\.langgraph-debugger/);
    expect(activation).not.toMatch(/Activating extension '?langgraph-debugger\.langgraph-debugger'? failed/i);
  });

  test("LangGraph: Stream run from the palette runs `agent` to the end", async (context) => {
    explainFailure(context, "stream-run");
    await workbench.runCommand("LangGraph: Stream run");
    expect(await workbench.quickInputText()).toContain("pick an assistant");
    await workbench.pickQuickItem("agent");
    // A fresh server has no threads yet, so no thread pick: straight to the input box.
    await expect.poll(() => workbench.quickInputText()).toContain("input for agent");
    await workbench.typeInput("What is the weather in Paris?");
    const graph = workbench.graphFrame();

    await graph.getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
    for (const nodeId of ["agent", "tools"]) {
      await graph.locator(`[data-node-id="${nodeId}"][data-status="done"]`).first().waitFor();
    }
    // The sample's fake model first calls the weather tool, then answers.
    const agentTokens = graph.getByRole("log").locator('[data-node-id="agent"]').first();
    expect(await agentTokens.innerText()).toContain("get_weather");
    await shot("03-stream-run-finished");

    await graph.getByRole("tab", { name: "Supersteps" }).click();
    const steps = graph.locator("[data-step]");
    await steps.first().waitFor();
    // agent → tools → agent: at least three supersteps, each with its state diff.
    expect(await steps.count()).toBeGreaterThanOrEqual(3);
    const stepTexts = (await steps.allInnerTexts()).join("\n");
    expect(stepTexts).toContain("agent");
    expect(stepTexts).toContain("tools");
    expect(await graph.locator('[data-step] [data-path^="messages"][data-change]').count()).toBeGreaterThan(0);
    await shot("04-supersteps");
  });

  test("a breakpoint before `tools` pauses the run there, and Continue finishes it", async (context) => {
    explainFailure(context, "breakpoint");
    const graph = workbench.graphFrame();
    await graph.getByRole("button", { name: "Break before tools" }).click();
    await graph.locator('button[aria-label="Break before tools"][aria-pressed="true"]').waitFor();

    await workbench.runCommand("LangGraph: Stream run");
    await workbench.pickQuickItem("agent");
    // The previous test left a thread behind, so now the command asks which thread.
    await expect.poll(() => workbench.quickInputText()).toContain("pick a thread");
    await workbench.pickQuickItem("New thread");
    await expect.poll(() => workbench.quickInputText()).toContain("input for agent");
    await workbench.typeInput("What is the weather in Berlin?");

    const banner = graph.getByRole("status");
    await banner.filter({ hasText: "Paused before tools" }).waitFor({ timeout: 90_000 });
    await graph.locator('[data-node-id="agent"][data-status="done"]').first().waitFor();
    await graph.locator('[data-node-id="tools"][data-status="interrupted"]').first().waitFor();
    await shot("05-paused-before-tools");

    await banner.getByRole("button", { name: "Continue" }).click();
    await banner.filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
    await graph.locator('[data-node-id="tools"][data-status="done"]').first().waitFor();
    // The continued run streams the tool's result and the agent's answer about Berlin.
    await graph.getByRole("tab", { name: "Tokens" }).click();
    const tokens = graph.getByRole("log");
    expect(await tokens.locator('[data-node-id="tools"]').first().innerText()).toContain("Berlin");
    await expect.poll(() => tokens.locator('[data-node-id="agent"]').first().innerText()).toContain("in Berlin");
    await shot("06-continued-to-the-end");
  });

  // A JS dev server extracting a graph's schemas answers /assistants/search 30 s and more late: a proxy
  // holds that request until told, so the pick is seen while the server has not answered. One server
  // kind is enough, so the test exists for it alone: what is tested is the extension's pick; the proxy
  // makes the server slow.
  if (kind === "js") {
    test("on a slow server, Stream run's assistant pick opens busy and fills in; Escape while loading ends quietly; a failed read names the deployment", async (context) => {
      explainFailure(context, "slow-server");
      const proxy = await startHoldingProxy(sampleServer!.url, "/assistants/search");
      const { page } = workbench;
      const reading = page.locator(`.quick-input-widget .quick-input-box input[placeholder="Reading assistants from ${proxy.url}…"]`);
      try {
        await workbench.switchDeployment(proxy.url);

        // Escape while the answer is held: the pick closes and the command drops its request.
        proxy.hold();
        await workbench.runCommand("LangGraph: Stream run");
        await reading.waitFor();
        expect(proxy.held()).toBeGreaterThan(0);
        await page.keyboard.press("Escape");
        await reading.waitFor({ state: "hidden" });
        await expect.poll(() => proxy.abandoned()).toBeGreaterThan(0);
        proxy.release();

        // Held, then answered: the pick is open and busy meanwhile, and fills in when the answer comes.
        proxy.hold();
        await workbench.runCommand("LangGraph: Stream run");
        await reading.waitFor();
        await page.locator(".quick-input-widget .quick-input-progress.active.infinite").waitFor();
        expect(proxy.held()).toBeGreaterThan(0);
        await shot("07-slow-server-busy-pick");
        proxy.release();
        await page.locator(".quick-input-widget .monaco-list-row", { hasText: "agent" }).first().waitFor();
        expect(await page.locator(".quick-input-widget .quick-input-box input").getAttribute("placeholder")).toBe("Assistant to run");
        await shot("08-slow-server-pick-filled");
        await page.keyboard.press("Escape");
        // The first command, escaped while loading, left no error behind.
        expect((await workbench.notifications()).filter((text) => text.includes("failed"))).toEqual([]);

        // A failed read: the pick closes, and the error names the deployment and what the server said.
        proxy.hold();
        await workbench.runCommand("LangGraph: Stream run");
        await reading.waitFor();
        proxy.fail(500, "schema extraction crashed");
        await workbench.waitForNotification(`Cannot read the assistants of the deployment at ${proxy.url}: The server answered 500: schema extraction crashed (POST /assistants/search)`);
        await reading.waitFor({ state: "hidden" });
        await shot("09-slow-server-read-failed");
      } finally {
        proxy.release();
        await workbench.switchDeployment(sampleServer!.url);
        await proxy.close();
      }
    });
  }
});

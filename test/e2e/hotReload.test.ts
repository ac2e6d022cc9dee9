// Hot reload end to end in a real VS Code (code-server) on the JS server, which restarts its whole
// process on a save: the workspace is the server's temp copy of the sample project. An edit + save of
// fanout.ts in the editor redraws the Graph view with the node the edit added; a debug session paused
// before a node says in the Debug Console that the code was reloaded and goes on with the new code.
// One server kind: the engine and the adapter are tested on both (test/integration, test/debug).
// Screenshots: screenshots/e2e/hotReload-*.png.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { startReloadingServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { normalizeSpaces, type Workbench } from "./support/workbench";
import { closeSession, explainFailure, openWorkbench } from "./support/session";

/** Paused before its first node; a breakpoint before `extra`, the node the first test adds. */
const LAUNCH = {
  version: "0.2.0",
  configurations: [{ type: "langgraph", request: "launch", name: "Debug fanout", assistant: "fanout", input: { topic: "t" }, stopOnEntry: true, breakpoints: ["extra"], config: { configurable: { delay_ms: 0 } } }],
};

describe("hot reload in VS Code on the js server", () => {
  let sampleServer: RunningServer | undefined;
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;
  const shot = (name: string) => workbench.screenshot(`hotReload-${name}`);

  beforeAll(async () => {
    sampleServer = await startReloadingServer("js");
    fs.mkdirSync(path.join(sampleServer.projectDir, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(sampleServer.projectDir, ".vscode", "launch.json"), JSON.stringify(LAUNCH, null, 2));
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

  test("a session paused before split: a save says 'Code reloaded' in the Debug Console, and Continue runs the new split", async (context) => {
    explainFailure(context, "hotReload-failed-session", () => ({ workbench, browser, sampleServer }));
    const page = workbench.page;
    const toolbar = page.locator(".debug-toolbar");
    await workbench.runCommand("Debug: Select and Start Debugging");
    const picker = page.locator(".quick-input-widget");
    await picker.locator(".quick-input-box input").fill("debug Debug fanout");
    await picker.locator(".monaco-list-row", { hasText: "Debug fanout" }).first().click();
    const continueButton = toolbar.locator('.action-label[aria-label^="Continue"]').first();
    // Stopped on entry: the toolbar offers Continue.
    await continueButton.waitFor({ timeout: 60_000 });
    await workbench.runCommand("Debug Console: Focus on Debug Console View");
    const consoleText = async () => normalizeSpaces(await page.locator(".repl .monaco-list").first().innerText().catch(() => ""));

    await workbench.openFile("fanout.ts");
    await workbench.replaceAllInEditor('return { topic: state.topic || "sample work" };', "return { topic: `reloaded ${state.topic}` };");
    await workbench.saveActiveEditor();
    await expect.poll(consoleText, { timeout: 30_000 }).toContain("Code reloaded: fanout.ts, nodes added none, removed none. Continue runs the new code.");
    await shot("03-session-told");

    await continueButton.click();
    await expect.poll(consoleText, { timeout: 60_000 }).toContain("✓ join");
    // Stopped before extra (the launch breakpoint; Continue is back in the toolbar, Pause while it ran): the state holds what the new split wrote.
    await continueButton.waitFor({ timeout: 30_000 });
    await page.locator(".repl .repl-input-wrapper .monaco-editor").first().click();
    await page.keyboard.type("topic");
    await page.keyboard.press("Enter");
    await expect.poll(consoleText, { timeout: 15_000 }).toContain('"reloaded t"');
    await shot("04-session-new-code");
    await workbench.runCommand("Debug: Stop");
    await toolbar.waitFor({ state: "hidden", timeout: 15_000 });
  });
});

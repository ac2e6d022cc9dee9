// End to end in a real VS Code (code-server) against the JS sample server: "LangGraph: Open graph
// in editor" opens the graph view in an editor tab beside the side panel's; a run streamed from the
// palette lights up the nodes in both; a breakpoint set in the tab pauses the run, and Continue in
// the tab's banner finishes it in both; a reload brings the tab back. Screenshots: screenshots/e2e/editorTab-*.png, and the
// README's screenshots/readme/editor-tab.png.
import fs from "node:fs";
import path from "node:path";
import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { extensionId, repoRoot, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench, startSampleAndCodeServer } from "./support/session";
import type { Workbench } from "./support/workbench";

const webview = `iframe.webview.ready[src*="extensionId=${extensionId}"]`;
/** The editor tab's webview, and the side panel's (a webviewView). */
const TAB = `${webview}:not([src*="purpose=webviewView"])`;
const SIDE = `${webview}[src*="purpose=webviewView"]`;

describe("the graph in an editor tab", () => {
  let sampleServer: RunningServer | undefined;
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;

  beforeAll(async () => {
    ({ sampleServer, codeServer } = await startSampleAndCodeServer((port) => startServer("js", { port }), { label: "editorTab" }));
    ({ browser, workbench } = await openWorkbench(codeServer));
  });

  afterAll(async () => {
    await closeSession({ browser, codeServer, sampleServer });
  });

  test("opens beside the side panel, and both follow a run; the tab's breakpoint and Continue act on it", async (context) => {
    explainFailure(context, "editorTab-failed", () => ({ workbench, browser, sampleServer }));
    const page = workbench.page;
    await workbench.openGraphView();
    await workbench.showGraph("agent", "tools");

    await workbench.runCommand("LangGraph: Open graph in editor");
    await page.locator(".tabs-container .tab", { hasText: "Graph: agent" }).waitFor({ timeout: 30_000 });
    await page.locator(TAB).waitFor({ timeout: 60_000 });
    const tab = page.frameLocator(TAB).frameLocator("iframe#active-frame");
    const side = page.frameLocator(SIDE).frameLocator("iframe#active-frame");
    await tab.locator('.graph [data-node-id="tools"]').waitFor({ timeout: 60_000 });
    // Full size: the tab's graph is much wider than the side panel's.
    const width = async (frame: FrameLocator) => (await frame.locator(".graph").boundingBox())?.width ?? 0;
    expect(await width(tab)).toBeGreaterThan(2 * (await width(side)));

    await workbench.streamRun("agent", "What is the weather in Paris?");
    for (const frame of [tab, side]) {
      await frame.getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
      for (const node of ["agent", "tools"]) await frame.locator(`.graph [data-node-id="${node}"][data-status="done"]`).first().waitFor();
    }
    expect(await tab.getByRole("log").locator('[data-node-id="agent"]').first().innerText()).toContain("get_weather");
    await workbench.screenshot("editorTab-01-finished-in-both");

    // A breakpoint set in the tab is the debugger's: the side panel shows it, and the next run pauses there.
    await tab.getByRole("button", { name: "Break before tools" }).click();
    await side.locator('button[aria-label="Break before tools"][aria-pressed="true"]').waitFor();
    await workbench.runCommand("LangGraph: Stream run");
    await workbench.pickQuickItem("agent", 90_000);
    // Stream run's thread pick stays open while focus goes elsewhere (a click in the tab): a step of
    // Stream run is not lost to a click, nor to focus coming back late to the webview the palette left.
    await workbench.waitForQuickInput("pick a thread", 90_000);
    await tab.getByRole("tab", { name: "Tokens" }).click();
    for (let check = 0; check < 5; check++) {
      await page.waitForTimeout(100);
      expect(await workbench.quickInputOpen(), "the thread pick, after a click in the tab").toBe(true);
    }
    await workbench.answerRun("agent", "What is the weather in Berlin?");
    for (const frame of [tab, side]) {
      await frame.getByRole("status").filter({ hasText: "Paused before tools" }).waitFor({ timeout: 90_000 });
      await frame.locator('.graph [data-node-id="tools"][data-status="interrupted"]').first().waitFor();
    }
    await tab.getByRole("tab", { name: "Supersteps" }).click();
    await tab.locator("[data-step] .head").last().click();
    await tab.getByRole("region", { name: /State after step/ }).waitFor();
    const shot = await workbench.screenshot("editorTab-02-paused");
    fs.mkdirSync(path.join(repoRoot, "screenshots", "readme"), { recursive: true });
    fs.copyFileSync(shot, path.join(repoRoot, "screenshots", "readme", "editor-tab.png"));

    await tab.getByRole("status").getByRole("button", { name: "Continue" }).click();
    for (const frame of [tab, side]) {
      await frame.getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
      await frame.locator('.graph [data-node-id="tools"][data-status="done"]').first().waitFor();
    }
    await workbench.screenshot("editorTab-03-continued");

    // A reload brings the tab back on its assistant (a webview panel serializer; the pin is in the webview's state).
    // (Not workbench.waitReady: it waits for the Explorer, and the LangGraph container is the one shown.)
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.locator(".tabs-container .tab", { hasText: "Graph: agent" }).waitFor({ timeout: 60_000 });
    await page.locator(TAB).waitFor({ timeout: 60_000 });
    await tab.locator('.graph [data-node-id="tools"]').waitFor({ timeout: 60_000 });
    expect(await tab.locator('button[aria-label="Break before tools"]').getAttribute("aria-pressed")).toBe("true");
    await workbench.screenshot("editorTab-04-restored");

    // Closed and opened again, the tab is a new webview with no saved state: it draws the graph at once
    // from the layouts the host keeps (the first tab's, in globalState across the reload), with no
    // layout in its new worker.
    await page.locator(".tabs-container .tab", { hasText: "Graph: agent" }).locator(".tab-actions .action-label").click();
    await page.locator(".tabs-container .tab", { hasText: "Graph: agent" }).waitFor({ state: "detached", timeout: 30_000 });
    await workbench.runCommand("LangGraph: Open graph in editor");
    await page.locator(TAB).waitFor({ timeout: 60_000 });
    await tab.locator('.graph [data-node-id="tools"]').waitFor({ timeout: 60_000 });
    const marks = () => tab.locator("body").evaluate(() => [performance.getEntriesByName("graph-layout-kept").length, performance.getEntriesByName("graph-layout", "measure").length]);
    expect(await marks()).toEqual([1, 0]);

    expect(workbench.extensionHostLog()).not.toMatch(/Activating extension '?langgraph-debugger\.langgraph-debugger'? failed/i);
  });
});

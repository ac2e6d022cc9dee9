// End to end in a real VS Code (code-server) with the packaged extension: a `.lgrun` recording in
// the workspace opens in the read-only run viewer (a custom editor) with the graph and a timeline;
// Home, Right and dragging the slider move it; opened again, it draws the graph from the layout the
// host kept. No deployment is needed (the recording is all there is). Screenshots:
// screenshots/e2e/runViewer-*.png.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../support/freePort";
import type { E2eBrowser } from "./support/browser";
import { extensionId, repoRoot, startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench } from "./support/session";
import type { Workbench } from "./support/workbench";

const FIXTURE = "js-agent-breakpoint.lgrun";
/** A run recorded on the Python server: waiting in interrupt(), then resumed. */
const PYTHON_FIXTURE = "python-hitl.lgrun";

describe("the run viewer in VS Code", () => {
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;

  beforeAll(async () => {
    codeServer = await startCodeServer({ deploymentUrl: `http://127.0.0.1:${await freePort()}`, label: "runViewer" });
    for (const name of [FIXTURE, PYTHON_FIXTURE]) fs.copyFileSync(path.join(repoRoot, "test/fixtures/recordings", name), path.join(codeServer.workspaceDir, name));
    ({ browser, workbench } = await openWorkbench(codeServer));
  });

  afterAll(async () => {
    await closeSession({ browser, codeServer });
  });

  test("a .lgrun file opens with the graph and a timeline; Home, Right and dragging move the step", async (context) => {
    explainFailure(context, "runViewer-failed", () => ({ workbench, browser }));
    const page = workbench.page;
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: FIXTURE }).first().dblclick();
    // The editor's webview (the side panel's graph view, if shown, is a webviewView).
    const iframe = `iframe.webview.ready[src*="extensionId=${extensionId}"]:not([src*="purpose=webviewView"])`;
    await page.locator(iframe).waitFor({ timeout: 60_000 });
    const viewer = page.frameLocator(iframe).frameLocator("iframe#active-frame");
    const slider = viewer.getByRole("slider", { name: "Time" });
    const position = async () => Number(await slider.getAttribute("data-position"));

    await viewer.locator('.graph [data-node-id="agent"][data-status="done"]').waitFor({ timeout: 60_000 });
    await viewer.locator('.graph [data-node-id="tools"][data-status="done"]').waitFor();
    expect(await viewer.getByRole("status").first().innerText()).toContain("Finished");
    expect(await position()).toBe(35);
    expect(await viewer.getByRole("log").locator('[data-node-id="agent"]').innerText()).toContain("sunny");
    await workbench.screenshot("runViewer-01-opened");

    await slider.focus();
    await page.keyboard.press("Home");
    await expect.poll(position).toBe(0);
    await page.keyboard.press("ArrowRight");
    await expect.poll(position).toBeGreaterThan(0);
    const current = viewer.locator('[aria-current="step"]');
    await expect.poll(() => current.innerText()).toContain("Input");
    // Right to the first run's end: paused before tools.
    for (let i = 0; i < 6 && !(await viewer.getByRole("status").first().innerText()).includes("Paused"); i++) await page.keyboard.press("ArrowRight");
    expect(await viewer.getByRole("status").first().innerText()).toContain("Paused before tools");
    await viewer.locator('.graph [data-node-id="tools"][data-status="interrupted"]').waitFor();
    await workbench.screenshot("runViewer-02-paused");

    // Drag the slider to about three quarters of the recording's time.
    const box = (await slider.boundingBox())!;
    const before = await position();
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect.poll(position).toBeGreaterThan(before);
    expect(await position()).toBeLessThan(35);
    await workbench.screenshot("runViewer-03-dragged");

    // Closed and opened again, the viewer is a new webview with a new layout worker: it draws the
    // recording's graph at once from the layout the host kept when it was first drawn.
    await workbench.runCommand("View: Close All Editors");
    await page.locator(iframe).waitFor({ state: "detached", timeout: 30_000 });
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: FIXTURE }).first().dblclick();
    await page.locator(iframe).waitFor({ timeout: 60_000 });
    await viewer.locator('.graph [data-node-id="tools"][data-status="done"]').waitFor({ timeout: 60_000 });
    const marks = () => viewer.locator("body").evaluate(() => [performance.getEntriesByName("graph-layout-kept").length, performance.getEntriesByName("graph-layout", "measure").length]);
    expect(await marks()).toEqual([1, 0]);
    expect(workbench.extensionHostLog()).not.toMatch(/Activating extension '?langgraph-debugger\.langgraph-debugger'? failed/i);
  });

  test("a recording of the Python server opens the same way: it ends finished, and Home goes back to its start", async (context) => {
    explainFailure(context, "runViewer-python-failed", () => ({ workbench, browser }));
    const page = workbench.page;
    await workbench.runCommand("View: Close All Editors");
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: PYTHON_FIXTURE }).first().dblclick();
    const iframe = `iframe.webview.ready[src*="extensionId=${extensionId}"]:not([src*="purpose=webviewView"])`;
    await page.locator(iframe).first().waitFor({ timeout: 60_000 });
    const viewer = page.frameLocator(iframe).first().frameLocator("iframe#active-frame");
    await viewer.locator('.graph [data-node-id="publish"][data-status="done"]').waitFor({ timeout: 60_000 });
    expect(await viewer.getByRole("status").first().innerText()).toContain("Finished");
    const slider = viewer.getByRole("slider", { name: "Time" });
    await slider.focus();
    await page.keyboard.press("Home");
    await expect.poll(async () => Number(await slider.getAttribute("data-position"))).toBe(0);
    await viewer.locator('.graph [data-node-id="publish"][data-status="done"]').waitFor({ state: "detached", timeout: 15_000 });
    await workbench.screenshot("runViewer-04-python");
  });
});

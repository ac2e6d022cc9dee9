// What every e2e file does around its tests: open a workbench in Chromium, report failures, close it all.
import type { TestContext } from "vitest";
import type { RunningServer } from "../../support/serverProcess";
import { launchBrowser, type E2eBrowser } from "./browser";
import type { RunningCodeServer } from "./codeServer";
import { Workbench } from "./workbench";

/** Launches Chromium and opens code-server's workbench in it. */
export async function openWorkbench(codeServer: RunningCodeServer): Promise<{ browser: E2eBrowser; workbench: Workbench }> {
  const browser = await launchBrowser();
  const workbench = new Workbench(browser.page, codeServer.userDataDir);
  await workbench.open(codeServer.workbenchUrl);
  return { browser, workbench };
}

/** Teardown: reports page errors, then closes the browser and stops code-server and the sample server (whatever was started). */
export async function closeSession(parts: { browser?: E2eBrowser; codeServer?: RunningCodeServer; sampleServer?: RunningServer }): Promise<void> {
  const { browser, codeServer, sampleServer } = parts;
  if (browser && browser.pageErrors.length > 0) console.warn(`page errors:\n${browser.pageErrors.join("\n")}`);
  await browser?.close();
  await codeServer?.stop();
  await sampleServer?.stop();
}

/** The parts of an e2e session a failure report reads (given late: they are set up in beforeAll). */
export interface SessionParts {
  workbench: Workbench;
  browser?: E2eBrowser;
  sampleServer?: RunningServer;
}

/** On failure: a screenshot, then the extension host console, the extension's log and the server's. */
export function explainFailure(context: TestContext, screenshotName: string, parts: () => SessionParts): void {
  context.onTestFailed(async () => {
    const { workbench, browser, sampleServer } = parts();
    await workbench.screenshot(screenshotName).catch(() => undefined);
    const extensionConsole = browser?.consoleLines.filter((line) => line.includes("[Extension Host]")) ?? [];
    console.error(
      `--- extension host console ---\n${extensionConsole.slice(-60).join("\n")}\n` +
        `--- LangGraph Debugger output ---\n${workbench.outputChannelLog("LangGraph Debugger").slice(-6000)}\n` +
        `--- ${sampleServer?.kind ?? ""} sample server ---\n${sampleServer?.logs().slice(-4000) ?? ""}`,
    );
  });
}

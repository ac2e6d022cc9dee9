// What every e2e file does around its tests: open a workbench in Chromium, report failures, close it all.
import type { TestContext } from "vitest";
import type { RunningServer } from "../../support/serverProcess";
import { launchBrowser, type E2eBrowser } from "./browser";
import { freePort } from "../../support/freePort";
import { startCodeServer, type CodeServerOptions, type RunningCodeServer } from "./codeServer";
import { Workbench } from "./workbench";

/** Launches Chromium and opens code-server's workbench in it. */
export async function openWorkbench(codeServer: RunningCodeServer): Promise<{ browser: E2eBrowser; workbench: Workbench }> {
  const browser = await launchBrowser();
  const workbench = new Workbench(browser.page, codeServer.userDataDir);
  await workbench.open(codeServer.workbenchUrl);
  return { browser, workbench };
}

/**
 * Starts a sample server and code-server side by side (a sample server takes 5–15 s, code-server
 * as long): code-server's deployment URL names the port the sample server is started on. If
 * either fails, the other is stopped.
 */
export async function startSampleAndCodeServer(
  startSample: (port: number) => Promise<RunningServer>,
  options: Omit<CodeServerOptions, "deploymentUrl">,
): Promise<{ sampleServer: RunningServer; codeServer: RunningCodeServer }> {
  const port = await freePort();
  const [sample, code] = await Promise.allSettled([startSample(port), startCodeServer({ ...options, deploymentUrl: `http://127.0.0.1:${port}` })]);
  if (sample.status === "fulfilled" && code.status === "fulfilled") return { sampleServer: sample.value, codeServer: code.value };
  if (sample.status === "fulfilled") await sample.value.stop();
  if (code.status === "fulfilled") await code.value.stop();
  throw sample.status === "rejected" ? sample.reason : (code as PromiseRejectedResult).reason;
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

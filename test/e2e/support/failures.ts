import type { TestContext } from "vitest";
import type { RunningServer } from "../../support/serverProcess";
import type { E2eBrowser } from "./browser";
import type { Workbench } from "./workbench";

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

// End to end in code-server against a sample deployment that demands a key (langgraph.auth.json):
// with no key set, one message names the deployment with "Set API key", the status bar and the
// graph view say why, and nothing asks the deployment again on its own; "Set API key" from that
// message with a wrong key is refused (403) and said again; with the right one the graph draws and
// a run works, and the key is in no log, setting or webview message.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startAuthServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import type { RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure as explainFailureWith, openWorkbench, startSampleAndCodeServer } from "./support/session";
import type { Workbench } from "./support/workbench";

const KEY = "e2e-sample-key-4b7d1c";

/** The webview's window, with the messages it received since the recorder was installed (the e2e tsconfig has no DOM types). */
interface PageWithMessages {
  seenMessages: string[];
  addEventListener(type: "message", listener: (e: { data: unknown }) => void): void;
}

describe.each(SERVER_KINDS)("a %s deployment that demands a key", (kind) => {
  let sampleServer: RunningServer | undefined;
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;
  const shot = (name: string) => workbench.screenshot(`apiKey-${kind}-${name}`);
  const refusals = () => workbench.outputChannelLog("LangGraph Debugger").match(/→ 401/g)?.length ?? 0;

  beforeAll(async () => {
    ({ sampleServer, codeServer } = await startSampleAndCodeServer((port) => startAuthServer(kind, { apiKey: KEY }, { port }), { label: `apiKey-${kind}` }));
    ({ browser, workbench } = await openWorkbench(codeServer));
  });

  afterAll(async () => {
    await closeSession({ browser, codeServer, sampleServer });
  });

  function explainFailure(context: TestContext, name: string): void {
    explainFailureWith(context, `apiKey-${kind}-failed-${name}`, () => ({ workbench, browser, sampleServer }));
  }

  test("no key: one message naming the deployment with Set API key, the reason in the status bar and the view, no retries", async (context) => {
    explainFailure(context, "no-key");
    const graph = await workbench.openGraphView();
    const url = sampleServer!.url;
    await workbench.waitForNotification(`The deployment at ${url} refused the request (401 Missing API key`, 60_000);
    const toast = workbench.page.locator(".notifications-toasts .notification-list-item", { hasText: "refused the request" });
    await toast.getByRole("button", { name: "Set API key" }).waitFor();
    expect(await toast.count()).toBe(1);
    await expect.poll(() => workbench.page.locator(".statusbar").innerText()).toContain("LangGraph: API key needed");
    await graph.getByRole("alert").filter({ hasText: "refused the request (401 Missing API key" }).waitFor();
    await workbench.page.locator(".sidebar .pane", { hasText: "Threads" }).last().getByText("The deployment asks for an API key").waitFor();
    expect(workbench.outputChannelLog("LangGraph Debugger")).toMatch(kind === "js" ? /is a LangGraph\.js server \d/ : /is a LangGraph Python server \d/);
    await shot("01-refused");

    // Asking again by hand (refresh, the view hidden and shown) sends nothing while the key is the same.
    const before = refusals();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThanOrEqual(4);
    await workbench.runCommand("LangGraph: Refresh threads");
    await workbench.page.keyboard.press("Control+B");
    await workbench.page.keyboard.press("Control+B");
    await workbench.openGraphView();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(refusals()).toBe(before);
    expect(await toast.count()).toBe(1);
  });

  test("a wrong key from the message: refused again (403), said once more; the right one: the graph draws, a run works, the key is nowhere", async (context) => {
    explainFailure(context, "set-key");
    const toast = (status: number) => workbench.page.locator(".notifications-toasts .notification-list-item", { hasText: `refused the request (${status} ` });
    await toast(401).getByRole("button", { name: "Set API key" }).click();
    await workbench.waitForQuickInput("API key for");
    await workbench.typeInput("wrong-key-123456");
    await toast(403).filter({ hasText: "Invalid API key" }).waitFor({ timeout: 30_000 });
    await expect.poll(() => workbench.page.locator(".statusbar").innerText()).toContain("LangGraph: key refused");
    await shot("02-wrong-key");

    await toast(403).getByRole("button", { name: "Set API key" }).click();
    await workbench.waitForQuickInput("API key for");
    await workbench.typeInput(KEY);
    const graph = workbench.graphFrame();
    await graph.locator('.graph [data-node-id="tools"]').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => workbench.page.locator(".statusbar").innerText()).not.toMatch(/API key needed|key refused/);
    // Every message the view gets from now on, to look for the key in.
    await graph.locator("body").evaluate(() => {
      const page = globalThis as unknown as PageWithMessages;
      page.seenMessages = [];
      page.addEventListener("message", (e) => page.seenMessages.push(JSON.stringify(e.data)));
    });
    await workbench.streamRun("agent", "What is the weather in Paris?");
    await graph.getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
    await graph.locator('[data-node-id="tools"][data-status="done"]').first().waitFor();
    await shot("03-key-set-run-finished");

    const messages = await graph.locator("body").evaluate(() => (globalThis as unknown as PageWithMessages).seenMessages.join("\n"));
    expect(messages).toContain("get_weather");
    expect(messages).not.toContain(KEY);
    expect(await graph.locator("html").evaluate((html) => html.outerHTML.includes("e2e-sample-key"))).toBe(false);
    expect(workbench.allLogs()).not.toContain(KEY);
    const settings = fs.readFileSync(path.join(codeServer!.userDataDir, "User", "settings.json"), "utf8");
    expect(settings).not.toContain(KEY);
    const workspaceSettings = path.join(codeServer!.workspaceDir, ".vscode", "settings.json");
    if (fs.existsSync(workspaceSettings)) expect(fs.readFileSync(workspaceSettings, "utf8")).not.toContain(KEY);
  });
});

// End to end in code-server against a sample deployment that demands a key (langgraph.auth.json):
// with no key set, one message names the deployment with "Set API key", the status bar and the
// graph view say why, and nothing asks the deployment again on its own; a debug session started
// then (Run and Debug, a `langgraph` launch configuration) fails with that same one message and no
// launch error dialog; "Set API key" from that message with a wrong key is refused (403) and said
// again; with the right one the graph draws and a run works, a debug session stops at its
// breakpoint with the state in Variables and Continue finishes it, and the key is in no log,
// setting, webview message or recording. With the key the Threads view lists the run's thread and a
// click loads its newest checkpoint; a `memory` run's item is listed in the Store view, opened, edited
// and saved back, and deleted after a confirmation. Before the key, both views say it is needed.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startAuthServer } from "../support/servers";
import { LangGraphClient } from "../../src/engine/client";
import type { FrameLocator } from "playwright-core";
import type { E2eBrowser } from "./support/browser";
import type { RunningCodeServer } from "./support/codeServer";
import { DebugPane } from "./support/debugPane";
import { closeSession, explainFailure as explainFailureWith, openWorkbench, startSampleAndCodeServer } from "./support/session";
import { StorePane } from "./support/storePane";
import { normalizeSpaces, type Workbench } from "./support/workbench";

const KEY = "e2e-sample-key-4b7d1c";
/** The workspace's launch.json: the deployment the extension points at, stopping before tools. */
const LAUNCH = {
  version: "0.2.0",
  configurations: [{ type: "langgraph", request: "launch", name: "Debug agent", server: "attach", assistant: "agent", input: "What is the weather in Paris?", breakpoints: ["tools"], config: { configurable: { delay_ms: 0 } } }],
};

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
  let debug: DebugPane;
  let store: StorePane;
  const shot = (name: string) => workbench.screenshot(`apiKey-${kind}-${name}`);
  const refusals = () => workbench.outputChannelLog("LangGraph Debugger").match(/→ 401/g)?.length ?? 0;
  /** Requests refused for the key (401 or 403): none once the right key is set. */
  const refusedRequests = () => workbench.outputChannelLog("LangGraph Debugger").match(/→ 40[13]/g)?.length ?? 0;
  const requestLines = (pattern: RegExp) => workbench.outputChannelLog("LangGraph Debugger").split("\n").filter((line) => pattern.test(line));
  const threadRows = () => workbench.page.locator(".sidebar .pane", { has: workbench.page.locator(".pane-header", { hasText: /^Threads/ }) }).locator('.monaco-list-row[aria-level="1"]');

  beforeAll(async () => {
    ({ sampleServer, codeServer } = await startSampleAndCodeServer((port) => startAuthServer(kind, { apiKey: KEY }, { port }), { label: `apiKey-${kind}`, settings: { "langgraphDebugger.recording.enabled": true, "debug.openDebug": "neverOpen" } }));
    fs.mkdirSync(path.join(codeServer.workspaceDir, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(codeServer.workspaceDir, ".vscode", "launch.json"), JSON.stringify(LAUNCH, null, 2));
    ({ browser, workbench } = await openWorkbench(codeServer));
    debug = new DebugPane(workbench);
    store = new StorePane(workbench);
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
    // The Store view, opened now, says the same without asking (no empty tree, no error).
    await store.open();
    await expect.poll(() => store.rowTexts(1), { timeout: 15_000 }).toEqual(["The deployment asks for an API key 401 Missing API key: send it as x-api-key"]);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(refusals()).toBe(before);
    expect(await toast.count()).toBe(1);
    await shot("01a-views-need-key");
  });

  test("no key: a debug session fails at launch with the same one message (Set API key), no launch error dialog, one refused request", async (context) => {
    explainFailure(context, "debug-no-key");
    // The message of the first test is dismissed: the session's own must come.
    await workbench.runCommand("Notifications: Clear All Notifications");
    const toast = workbench.page.locator(".notifications-toasts .notification-list-item", { hasText: "refused the request (401" });
    await toast.waitFor({ state: "detached" });
    const before = refusals();
    await debug.open();
    await debug.selectAndStart("Debug agent");
    await toast.getByRole("button", { name: "Set API key" }).waitFor({ timeout: 30_000 });
    await expect.poll(() => toast.innerText()).toContain(`The deployment at ${sampleServer!.url} refused the request (401 Missing API key`);
    await debug.ended();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await toast.count()).toBe(1);
    expect(await workbench.page.locator(".monaco-dialog-box").count()).toBe(0);
    // The launch asks once (the assistant list) and nothing retries it.
    expect(refusals() - before).toBe(1);
    await shot("01b-debug-refused");
    await workbench.openGraphView();
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
    await recordMessages(graph);
    await workbench.streamRun("agent", "What is the weather in Paris?");
    await graph.getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
    await graph.locator('[data-node-id="tools"][data-status="done"]').first().waitFor();
    await shot("03-key-set-run-finished");

    const messages = await recorded(graph);
    expect(messages).toContain("get_weather");
    expect(messages).not.toContain(KEY);
    await expectKeyNowhere();
  });

  test("with the key: the Threads view lists the run's thread; a click loads its newest checkpoint into the graph view", async (context) => {
    explainFailure(context, "threads-with-key");
    const refusedBefore = refusedRequests();
    const graph = workbench.graphFrame();
    await expect.poll(async () => normalizeSpaces(await threadRows().first().innerText()), { timeout: 15_000 }).toMatch(/^What is the weather in Paris\?\s*agent · idle · \d\d:\d\d$/);
    expect(await threadRows().count()).toBe(1);
    const historyLoads = () => requestLines(/GET \/threads\/[\w-]+\/history\?limit=1000 → 200/).length;
    const loadsBefore = historyLoads();
    await graph.getByRole("tab", { name: "Supersteps" }).click();
    await threadRows().first().click();
    await expect.poll(historyLoads, { timeout: 15_000 }).toBe(loadsBefore + 1);
    // Step 3 is the newest checkpoint of the agent's run (agent, tools, agent).
    await graph.locator('[data-step="3"].selected').waitFor({ timeout: 15_000 });
    await graph.locator('.in-step [data-node-id="agent"]').waitFor();
    // Loading a thread is no run: recording is on, but the click writes no recording (which would read
    // the history a second time, within ~0.1 s of the step being shown; 2 s leaves it room to show).
    const recordedLines = () => requestLines(/Recorded thread /).length;
    const recordedBefore = recordedLines();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(historyLoads()).toBe(loadsBefore + 1);
    expect(recordedLines()).toBe(recordedBefore);
    expect(refusedRequests()).toBe(refusedBefore);
    await shot("03b-threads-with-key");
  });

  test("with the key: a debug session stops before tools, Variables show the state, Continue finishes it; the key is still nowhere", async (context) => {
    explainFailure(context, "debug-with-key");
    // The side bar stays on the graph view (debug.openDebug is neverOpen): its messages are recorded while the session runs.
    const graph = await workbench.openGraphView();
    await recordMessages(graph);
    await debug.selectAndStart("Debug agent");
    await graph.getByRole("status").filter({ hasText: "Paused before tools" }).waitFor({ timeout: 60_000 });
    const messages = await recorded(graph);
    expect(messages).toContain("tools");
    expect(messages).not.toContain(KEY);
    await shot("04-debug-paused-graph");

    await debug.open();
    await debug.stoppedAt("tools");
    await debug.expand("State", 1);
    await expect.poll(() => debug.variables(2)).toContainEqual(expect.stringMatching(/^messages =/));
    await debug.expand("messages", 2);
    await debug.expand("0", 3);
    await expect.poll(async () => (await debug.variables(4)).join(" | ")).toContain("What is the weather in Paris?");
    await shot("05-debug-stopped-variables");
    await debug.toolbarButton("Continue").click();
    await debug.ended();
    await (await workbench.openGraphView()).getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 60_000 });
    await shot("06-debug-finished");
    await expectKeyNowhere();
  });

  test("with the key: a memory run's item is listed in the Store view, opened, edited and saved back, and deleted after a confirmation", async (context) => {
    explainFailure(context, "store-with-key");
    const refusedBefore = refusedRequests();
    const client = new LangGraphClient({ apiUrl: sampleServer!.url, apiKey: KEY });
    // The server makes the run's user_id the identity its auth returned ("sample-user"), not the graph's default.
    const facts = ["users", "sample-user", "facts"];
    const page = workbench.page;
    await workbench.openGraphView();
    await workbench.dragSideBarEdge(520);
    await store.open();
    await workbench.dragPaneHeader("Store", -200);
    await expect.poll(() => store.rowTexts(1), { timeout: 15_000 }).toEqual([expect.stringMatching(/^The store is empty/)]);
    const ended = requestLines(/ Run \S* ?ended: /).length;
    await workbench.streamRun("memory", "I like green tea");
    await expect.poll(() => requestLines(/ Run \S* ?ended: /).length, { timeout: 90_000 }).toBeGreaterThan(ended);
    // The view re-reads the store when a run ends.
    await expect.poll(() => store.rowTexts(1), { timeout: 15_000 }).toEqual(["users"]);
    await store.expand(store.rows(1).first());
    await expect.poll(() => store.rowTexts(2)).toEqual(["sample-user"]);
    await store.expand(store.rows(2).first());
    await store.expand(store.rows(3).first());
    const [stored] = await client.store.search({ namespacePrefix: facts });
    await expect.poll(() => store.rowTexts(4)).toEqual([expect.stringMatching(new RegExp(`^${stored!.key} \\{"text":"I like green tea","source":"memory graph"\\} · \\d\\d:\\d\\d$`))]);
    await shot("07-store-item");

    await store.rows(4).first().click();
    await page.locator(".tabs-container .tab", { hasText: `${stored!.key}.json` }).waitFor();
    await page.locator(".editor-group-container.active .view-lines", { hasText: "green tea" }).waitFor();
    const puts = () => requestLines(/PUT \/store\/items → 204/).length;
    const putsBefore = puts();
    await workbench.replaceAllInEditor("green tea", "jasmine tea");
    await workbench.saveActiveEditor();
    await expect.poll(puts, { timeout: 15_000 }).toBe(putsBefore + 1);
    expect((await client.store.get(facts, stored!.key))?.value).toEqual({ text: "I like jasmine tea", source: "memory graph" });
    await expect.poll(() => store.rowTexts(4), { timeout: 15_000 }).toEqual([expect.stringContaining("I like jasmine tea")]);
    await shot("08-store-saved");

    const row = store.rows(4).first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label^="Delete store item"]').click();
    const dialog = page.locator(".monaco-dialog-box");
    await dialog.waitFor();
    expect(normalizeSpaces(await dialog.innerText())).toContain(`Delete "${stored!.key}" from users / sample-user / facts?`);
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect.poll(async () => client.store.get(facts, stored!.key), { timeout: 15_000 }).toBeNull();
    await expect.poll(() => store.rowTexts(4), { timeout: 15_000 }).toEqual(["No items the namespace is empty now"]);
    await shot("09-store-deleted");
    expect(refusedRequests()).toBe(refusedBefore);
    await expectKeyNowhere();
  });

  /** Keeps every message the graph view gets from now on, to look for the key in (the e2e tsconfig has no DOM types). */
  async function recordMessages(graph: FrameLocator): Promise<void> {
    await graph.locator("body").evaluate(() => {
      const page = globalThis as unknown as PageWithMessages;
      page.seenMessages = [];
      page.addEventListener("message", (e) => page.seenMessages.push(JSON.stringify(e.data)));
    });
  }

  async function recorded(graph: FrameLocator): Promise<string> {
    return graph.locator("body").evaluate(() => (globalThis as unknown as PageWithMessages).seenMessages.join("\n"));
  }

  /** The key in no log, settings file or recording, nor in the graph view's page. */
  async function expectKeyNowhere(): Promise<void> {
    const graph = workbench.graphFrame();
    expect(await graph.locator("html").evaluate((html) => html.outerHTML.includes("e2e-sample-key"))).toBe(false);
    expect(workbench.allLogs()).not.toContain(KEY);
    const settings = fs.readFileSync(path.join(codeServer!.userDataDir, "User", "settings.json"), "utf8");
    expect(settings).not.toContain(KEY);
    const workspaceSettings = path.join(codeServer!.workspaceDir, ".vscode", "settings.json");
    if (fs.existsSync(workspaceSettings)) expect(fs.readFileSync(workspaceSettings, "utf8")).not.toContain(KEY);
    // Every run is recorded (the setting is on): written after the run ends, once the graph's schemas
    // are read; a loaded JS server answers /schemas only at its 30 s extraction timeout.
    const folder = path.join(codeServer!.workspaceDir, ".langgraph", "runs");
    await expect.poll(() => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith(".lgrun.gz")).length : 0), { timeout: 45_000 }).toBeGreaterThan(0);
    const recordings = fs.readdirSync(folder).map((f) => zlib.gunzipSync(fs.readFileSync(path.join(folder, f))).toString("utf8"));
    expect(recordings.join("\n")).toContain("get_weather");
    for (const recording of recordings) expect(recording).not.toContain(KEY);
  }
});

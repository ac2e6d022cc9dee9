// The debugging workflow end to end in a real VS Code (code-server) with the packaged .vsix:
// stream, breakpoints, step, continue, resume an interrupt(), edit state, cancel, and the errors a
// person meets (unreachable deployment, input that fails the schema), on both sample servers.
// One code-server for the whole file: each server of the matrix is reached with "Switch deployment".
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import { freePort } from "../support/freePort";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startCodeServer, type RunningCodeServer } from "./support/codeServer";
import type { Workbench } from "./support/workbench";
import { closeSession, explainFailure as explainFailureWith, openWorkbench } from "./support/session";

/** Key bound to "Stream run" with arguments: a long, slow answer to cancel (a person would bind such a key too). */
const SLOW_RUN_KEY = { vscode: "ctrl+shift+alt+8", playwright: "Control+Shift+Alt+8" };
const SLOW_RUN_ARGS = {
  assistantId: "agent",
  threadId: "new",
  input: "What is the weather in Rome?",
  config: { configurable: { tokens: 4000, delay_ms: 10 } },
};
const FAKE_API_KEY = "lsv2-test-SECRET";
/** Output-channel lines of the requests that start a run, and that cancel one. */
const RUN_REQUEST = /POST \/threads\/[\w-]+\/runs\/stream → 200/;
const CANCEL_REQUEST = /POST \/threads\/[\w-]+\/runs\/[\w-]+\/cancel\S* → 20\d/;

let deadUrl: string;
let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;
let sampleServer: RunningServer | undefined;
/** Graph fetches logged before the last deployment switch. */
let graphFetchesBeforeSwitch = 0;

beforeAll(async () => {
  // Nothing listens on this port: the first describe meets an unreachable deployment.
  deadUrl = `http://127.0.0.1:${await freePort()}`;
  codeServer = await startCodeServer({ deploymentUrl: deadUrl, label: "debugging" });
  const userDir = path.join(codeServer.userDataDir, "User");
  fs.writeFileSync(path.join(userDir, "keybindings.json"), JSON.stringify([{ key: SLOW_RUN_KEY.vscode, command: "langgraphDebugger.streamRun", args: SLOW_RUN_ARGS }]));
  ({ browser, workbench } = await openWorkbench(codeServer));
  await workbench.openGraphView();
});

afterAll(async () => {
  await closeSession({ browser, codeServer });
});

function explainFailure(context: TestContext, name: string): void {
  explainFailureWith(context, `debugging-failed-${name}`, () => ({ workbench, browser, sampleServer }));
}

const graph = () => workbench.graphFrame();
const banner = () => graph().getByRole("status");
const waitBanner = (text: string, timeout = 90_000) => banner().filter({ hasText: text }).waitFor({ timeout });
const nodeWithStatus = (node: string, status: string) => graph().locator(`[data-node-id="${node}"][data-status="${status}"]`).first();
const tokensOf = (node: string) => graph().getByRole("log").locator(`[data-node-id="${node}"]`).first();
/** Runs the extension logged as ended ("Run … ended: finished"): a banner is checked only after its run ended, never the previous run's. */
const runsEnded = () => requestLines(/ Run \S* ?ended: /).length;
async function afterRunEnds(endedBefore: number, bannerText: string): Promise<void> {
  await expect.poll(runsEnded, { timeout: 90_000 }).toBeGreaterThan(endedBefore);
  await waitBanner(bannerText, 10_000);
}
const requestLines = (pattern: RegExp) => workbench.outputChannelLog("LangGraph Debugger").split("\n").filter((line) => pattern.test(line));
const graphFetches = () => requestLines(/GET \/assistants\/[\w-]+\/graph\S* → 200/).length;

/** "LangGraph: Stream run" as a person does it: assistant, thread ("New thread" when asked), typed input. */
async function streamRunFromPalette(assistant: string, input: string, expectPrefilled?: string): Promise<void> {
  await workbench.runCommand("LangGraph: Stream run");
  await workbench.waitForQuickInput("pick an assistant");
  await workbench.pickQuickItem(assistant);
  // A server with no threads yet skips the thread pick.
  await workbench.newThreadIfAsked();
  await workbench.waitForQuickInput(`input for ${assistant}`);
  if (expectPrefilled !== undefined) expect(await workbench.page.locator(".quick-input-widget .quick-input-box input").inputValue()).toBe(expectPrefilled);
  await workbench.typeInput(input);
}

/** Sets or clears a breakpoint with the graph node's own button. */
async function setBreakpoint(when: "before" | "after", node: string, on: boolean): Promise<void> {
  const button = graph().getByRole("button", { name: `Break ${when} ${node}` });
  if ((await button.getAttribute("aria-pressed")) !== String(on)) await button.click();
  await graph().locator(`button[aria-label="Break ${when} ${node}"][aria-pressed="${on}"]`).waitFor();
}

/**
 * A failed test may leave the breakpoint before `tools` set (and the assistant ids, so the stored
 * breakpoints, are the same on both servers): show the agent graph and clear it.
 */
async function clearAgentBreakpoint(): Promise<void> {
  await workbench.runCommand("LangGraph: Show graph");
  await workbench.waitForQuickInput("pick an assistant");
  await workbench.pickQuickItem("agent");
  await graph().locator('[data-node-id="tools"]').first().waitFor();
  await setBreakpoint("before", "tools", false);
}

async function clearNotifications(): Promise<void> {
  await workbench.runCommand("Notifications: Clear All Notifications");
}

describe("without a reachable deployment", () => {
  test("Stream run names the unreachable deployment, offers Open Settings and Show Log, no stack trace", async (context) => {
    explainFailure(context, "unreachable");
    await workbench.runCommand("LangGraph: Stream run");
    await workbench.waitForNotification("Stream run failed", 30_000);
    const message = (await workbench.notifications()).find((text) => text.includes("Stream run failed")) ?? "";
    expect(message).toMatch(/cannot reach/i);
    expect(message).toContain(`deployment at ${deadUrl}:`);
    expect(message).toMatch(/connection refused/i);
    expect(message).not.toMatch(/\bat \S+ \(|\.js:\d+|Error: /);
    // The threads view says it in place rather than in a toast of its own.
    expect((await workbench.notifications()).filter((text) => /cannot reach/i.test(text))).toHaveLength(1);
    await workbench.page.locator(".sidebar .pane", { hasText: "Threads" }).last().getByText(`Cannot list the threads of ${deadUrl}`).waitFor();
    const toast = workbench.page.locator(".notifications-toasts .notification-list-item", { hasText: "Stream run failed" }).first();
    for (const action of ["Open Settings", "Show Log"]) await toast.getByRole("button", { name: action }).waitFor();
    // No quick pick was opened for a deployment that is not there.
    expect(await workbench.page.locator(".quick-input-widget").isVisible()).toBe(false);
    await expect.poll(() => workbench.page.locator(".statusbar").innerText()).toContain("unreachable");
    await banner().filter({ hasText: "No graph" }).waitFor();
    await workbench.screenshot("debugging-01-unreachable");
    await clearNotifications();
  });
});

for (const kind of SERVER_KINDS) {
  describe(`debugging on the ${kind} server`, () => {
    const shot = (name: string) => workbench.screenshot(`debugging-${kind}-${name}`);

    beforeAll(async () => {
      sampleServer = await startServer(kind);
      graphFetchesBeforeSwitch = graphFetches();
      await workbench.switchDeployment(sampleServer.url);
    });

    afterAll(async () => {
      await sampleServer?.stop();
      sampleServer = undefined;
    });

    test("Stream run of `agent` with typed text streams its tokens to Finished", async (context) => {
      explainFailure(context, `${kind}-stream`);
      await clearAgentBreakpoint();
      const runsBefore = requestLines(RUN_REQUEST).length;
      const ended = runsEnded();
      await streamRunFromPalette("agent", "What is the weather in Paris?");
      await afterRunEnds(ended, "Finished");
      for (const node of ["agent", "tools"]) await nodeWithStatus(node, "done").waitFor();
      await expect.poll(() => tokensOf("agent").innerText()).toContain("in Paris");
      expect(await tokensOf("tools").innerText()).toContain("sunny");
      expect(requestLines(RUN_REQUEST).length).toBe(runsBefore + 1);
      // The graph comes from this deployment (fetched after the switch), although the other one's `agent` has the same assistant id.
      expect(graphFetches()).toBeGreaterThan(graphFetchesBeforeSwitch);
      // The threads view lists the new thread (and no longer says the deployment cannot be reached).
      const threadsView = workbench.page.locator(".sidebar .pane", { hasText: "Threads" }).last();
      // A row starts with the thread's first user message, then names its assistant and status.
      await expect.poll(() => threadsView.innerText()).toMatch(/What is the weather in Paris\?\s*agent · idle/);
      expect(await threadsView.innerText()).not.toContain("Cannot list");
      await shot("02-stream-run");
    });

    test("a breakpoint before `tools` pauses there; Step pauses after tools; Continue finishes", async (context) => {
      let ended: number;
      explainFailure(context, `${kind}-breakpoint`);
      await setBreakpoint("before", "tools", true);
      const schemaReads = () => requestLines(/GET \/assistants\/[\w-]+\/schemas → /).length;
      const schemaReadsBefore = schemaReads();
      ended = runsEnded();
      await streamRunFromPalette("agent", "What is the weather in Berlin?");
      await afterRunEnds(ended, "Paused before tools");
      // The schemas were read for the previous run of this assistant: not again (the JS server's first read takes seconds).
      expect(schemaReads()).toBe(schemaReadsBefore);
      await nodeWithStatus("agent", "done").waitFor();
      await nodeWithStatus("tools", "interrupted").waitFor();
      await shot("03-paused-before-tools");

      // The state document opened at the pause follows the thread when it moves on.
      await workbench.runCommand("LangGraph: Edit state");
      const stateLines = workbench.page.locator(".editor-group-container.active .view-lines");
      await stateLines.filter({ hasText: "messages" }).waitFor();

      ended = runsEnded();
      await workbench.runCommand("LangGraph: Step");
      await afterRunEnds(ended, "Paused after tools");
      // The node the run is paused at (after it ran) is marked interrupted; the node that ran before the pause stays done.
      await nodeWithStatus("tools", "interrupted").waitFor();
      await nodeWithStatus("agent", "done").waitFor();
      await graph().getByRole("tab", { name: "Tokens" }).click();
      expect(await tokensOf("tools").innerText()).toContain("Berlin");
      // The thread's story goes on: the steps before the pause stay, and the step of `tools` shows what it added.
      await graph().getByRole("tab", { name: "Supersteps" }).click();
      await expect.poll(() => graph().locator("[data-step]:not([data-ns])").evaluateAll((els) => els.map((e) => e.getAttribute("data-step")))).toEqual(["-1", "0", "1", "2"]);
      expect(await graph().locator('[data-step="2"] [data-path][data-change]').evaluateAll((els) => els.map((e) => `${e.getAttribute("data-path")} ${e.getAttribute("data-change")}`))).toEqual(["messages[2] added"]);
      // …and the state document now holds the tool's answer.
      await stateLines.filter({ hasText: "sunny" }).waitFor({ timeout: 15_000 });
      await shot("04-stepped-after-tools");
      await workbench.runCommand("View: Close All Editors");

      ended = runsEnded();
      await workbench.runCommand("LangGraph: Continue");
      await afterRunEnds(ended, "Finished");
      await expect.poll(() => graph().locator("[data-step]:not([data-ns])").count()).toBe(5);
      await graph().getByRole("tab", { name: "Tokens" }).click();
      await expect.poll(() => tokensOf("agent").innerText()).toContain("in Berlin");
      await shot("05-continued-to-finish");
    });

    test("Edit state at the pause changes the tool call's city, and the tool then uses it", async (context) => {
      let ended: number;
      explainFailure(context, `${kind}-edit-state`);
      // The breakpoint before tools is still set from the previous test.
      await setBreakpoint("before", "tools", true);
      ended = runsEnded();
      await streamRunFromPalette("agent", "What is the weather in Paris?");
      await afterRunEnds(ended, "Paused before tools");

      await workbench.runCommand("LangGraph: Edit state");
      const tab = workbench.page.locator(".tabs-container .tab", { hasText: "state.json" }).first();
      await tab.waitFor();
      await workbench.page.locator(".editor-group-container.active .view-lines", { hasText: "messages" }).waitFor();
      const statePosts = () => requestLines(/POST \/threads\/[\w-]+\/state → 200/).length;
      const autoSaves = () => requestLines(/auto-saved: not sent/).length;
      const [postsBefore, autoSavesBefore] = [statePosts(), autoSaves()];
      await workbench.replaceAllInEditor('"city": "Paris"', '"city": "Berlin"');
      // code-server auto-saves after a second (VS Code for the Web's default): that must not reach the thread.
      await expect.poll(autoSaves, { timeout: 15_000 }).toBeGreaterThan(autoSavesBefore);
      expect(statePosts()).toBe(postsBefore);
      await shot("06-state-edited");
      await workbench.saveActiveEditor();
      await expect.poll(statePosts, { timeout: 15_000 }).toBe(postsBefore + 1);

      // The edit shows as a superstep whose diff changes the city.
      await graph().getByRole("tab", { name: "Supersteps" }).click();
      const cityChange = graph().locator('[data-step] [data-change="changed"][data-path*="city"]').last();
      await cityChange.waitFor();
      expect(await cityChange.innerText()).toContain("Berlin");
      await shot("07-edit-as-superstep");

      await setBreakpoint("before", "tools", false);
      ended = runsEnded();
      await workbench.runCommand("LangGraph: Continue");
      await afterRunEnds(ended, "Finished");
      await graph().getByRole("tab", { name: "Tokens" }).click();
      expect(await tokensOf("tools").innerText()).toContain("in Berlin");
      await expect.poll(() => tokensOf("agent").innerText()).toContain("in Berlin");
      await shot("08-edit-continued");
      await workbench.runCommand("View: Close All Editors");
      await clearNotifications();
    });

    test("`hitl` waits for input, shows what it asks, and Resume with a typed value finishes it", async (context) => {
      let ended: number;
      explainFailure(context, `${kind}-hitl`);
      ended = runsEnded();
      await streamRunFromPalette("hitl", "debugging graphs");
      await afterRunEnds(ended, "Waiting for input");
      expect(await banner().innerText()).toContain("Approve this draft?");
      await nodeWithStatus("review", "interrupted").waitFor();
      await shot("09-waiting-for-input");

      ended = runsEnded();
      await workbench.runCommand("LangGraph: Resume");
      await workbench.waitForQuickInput("Approve this draft?");
      await workbench.typeInput("yes");
      await afterRunEnds(ended, "Finished");
      await nodeWithStatus("publish", "done").waitFor();
      await graph().getByRole("tab", { name: "Supersteps" }).click();
      const verdict = graph().locator('[data-step] [data-path="verdict"]').last();
      await verdict.waitFor();
      expect(await verdict.innerText()).toContain("yes");
      const published = graph().locator('[data-step] [data-path="published"]').last();
      expect(await published.innerText()).toContain("true");
      await shot("10-resumed");
      await graph().getByRole("tab", { name: "Tokens" }).click();
    });

    test("Cancel run mid-stream ends the run as Cancelled", async (context) => {
      explainFailure(context, `${kind}-cancel`);
      await clearAgentBreakpoint();
      await workbench.page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } });
      const cancelsBefore = requestLines(CANCEL_REQUEST).length;
      const ended = runsEnded();
      await workbench.page.keyboard.press(SLOW_RUN_KEY.playwright);
      await waitBanner("Running", 30_000);
      // The second agent call streams 4000 tokens 10 ms apart: cancel while it streams.
      await nodeWithStatus("tools", "done").waitFor({ timeout: 60_000 });
      await expect.poll(() => tokensOf("agent").innerText(), { timeout: 30_000 }).toContain("forecast");
      await shot("11-running");
      await workbench.runCommand("LangGraph: Cancel run");
      await afterRunEnds(ended, "Cancelled");
      expect(requestLines(CANCEL_REQUEST).length).toBe(cancelsBefore + 1);
      expect(requestLines(/ended: cancelled/).length).toBeGreaterThan(0);
      // The node that was streaming did not finish: it stays marked where the run stopped.
      await nodeWithStatus("agent", "interrupted").waitFor({ timeout: 10_000 });
      // docs/SERVER-DIFFERENCES.md §7: the server leaves a cancelled thread `error` (JS) or `interrupted` (Python);
      // the Threads view remembers the cancel and says so.
      const newestThread = workbench.page.locator(".sidebar .pane", { hasText: "Threads" }).last().locator(".monaco-list-row").first();
      await expect.poll(() => newestThread.innerText(), { timeout: 15_000 }).toContain("cancelled");
      await shot("12-cancelled");
    });

    test("an input that fails the schema is refused with its JSON path, and nothing is sent", async (context) => {
      explainFailure(context, `${kind}-schema`);
      const runsBefore = requestLines(/runs\/stream/).length;
      const threadsBefore = requestLines(/POST \/threads → /).length;
      await streamRunFromPalette("agent", '{"messages": "not a list"}');
      await workbench.waitForNotification("input schema", 30_000);
      const message = (await workbench.notifications()).find((text) => text.includes("input schema")) ?? "";
      expect(message).toContain("$.messages");
      expect(message).toContain("Nothing was sent");
      await shot("13-schema-error");
      expect(requestLines(/runs\/stream/).length).toBe(runsBefore);
      expect(requestLines(/POST \/threads → /).length).toBe(threadsBefore);
      await clearNotifications();
    });

    test("Set API key keeps the key out of every log", async (context) => {
      explainFailure(context, `${kind}-api-key`);
      await clearAgentBreakpoint();
      await workbench.runCommand("LangGraph: Set API key");
      await workbench.waitForQuickInput("API key for");
      await workbench.typeInput(FAKE_API_KEY);
      await workbench.waitForNotification("API key stored");
      // A request that carries the key (the dev servers ignore it).
      const before = requestLines(/assistants\/search/).length;
      const ended = runsEnded();
      // The input box offers the last input again, even one the schema refused, to be corrected.
      await streamRunFromPalette("agent", "What is the weather in Oslo?", '{"messages": "not a list"}');
      await afterRunEnds(ended, "Finished");
      expect(requestLines(/assistants\/search/).length).toBeGreaterThan(before);
      expect(workbench.allLogs()).not.toContain(FAKE_API_KEY);
      expect(codeServer!.serverLog()).not.toContain(FAKE_API_KEY);
      expect(browser!.consoleLines.join("\n")).not.toContain(FAKE_API_KEY);
      await workbench.runCommand("LangGraph: Clear API key");
      await workbench.waitForNotification("API key cleared");
      await clearNotifications();
    });
  });
}

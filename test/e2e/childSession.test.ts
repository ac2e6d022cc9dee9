// Line-level debugging inside a node's code, end to end in code-server: a sample project itself
// is the workspace (its own .vscode/launch.json), nothing answers at the configured deployment, and
// the launch configuration with "server": "start" starts langgraph dev for the project; VS Code's
// built-in JavaScript debugger attaches as a child session, so a breakpoint on a line inside the
// agent node's function stops on that line with its locals. Continuing ends the run, the session
// ends and the server with it. The Python sample, where code-server has no Python Debugger
// extension, gets one message saying what to install and still runs on its own server.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { freePort } from "../support/freePort";
import type { E2eBrowser } from "./support/browser";
import { repoRoot, startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench } from "./support/session";
import { normalizeSpaces, waitUntil, type Workbench } from "./support/workbench";

const project = path.join(repoRoot, "examples", "js");
const agentSource = fs.readFileSync(path.join(project, "src", "agent.ts"), "utf8").split("\n");
/** callModel's line `const model = FakeStreamingChatModel…`. */
const line = agentSource.findIndex((text) => text.includes("const model = FakeStreamingChatModel")) + 1;
const CONFIG_NAME = "LangGraph: debug agent on its own server (breakpoints in node code)";

let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;

/** code-server on a sample project, with nothing answering at the configured deployment. */
async function openProject(folder: string, label: string): Promise<void> {
  codeServer = await startCodeServer({ deploymentUrl: `http://127.0.0.1:${await freePort()}`, label, projectFolder: folder });
  ({ browser, workbench } = await openWorkbench(codeServer));
}

afterEach(async () => {
  await closeSession({ browser, codeServer });
  codeServer = undefined;
  browser = undefined;
});

/** Opens a file of the workspace with Quick Open. */
async function openFile(relative: string): Promise<void> {
  await page().keyboard.press("Control+P");
  await page().locator(".quick-input-widget .quick-input-box input").fill(relative);
  await page().locator(".quick-input-widget .monaco-list-row", { hasText: path.basename(relative) }).first().click();
  await page().locator(".monaco-editor .view-lines").first().waitFor();
}

/** Debug: Select and Start Debugging → the sample's configuration that starts its own server. */
async function startOwnServerSession(): Promise<string> {
  await workbench.runCommand("Debug: Select and Start Debugging");
  await page().locator(".quick-input-widget .quick-input-box input").fill(`debug ${CONFIG_NAME}`);
  await page().locator(".quick-input-widget .monaco-list-row", { hasText: CONFIG_NAME }).first().click();
  await toolbar().waitFor({ timeout: 60_000 });
  let url = "";
  await waitUntil(async () => {
    url = /started langgraph dev \((?:js|python)\) at (http:\/\/127\.0\.0\.1:\d+)/.exec(workbench.outputChannelLog("LangGraph Debugger"))?.[1] ?? "";
    return url !== "";
  }, "the session to start its server", 120_000);
  return url;
}

/** The session is over and its server with every process of it. */
async function serverGone(url: string): Promise<void> {
  await toolbar().waitFor({ state: "hidden", timeout: 90_000 });
  await waitUntil(async () => fetch(`${url}/ok`).then(() => false, () => true), "the server to stop", 30_000);
  const port = new URL(url).port;
  await waitUntil(async () => processesOnPort(port).length === 0, `no process of the server on port ${port}`, 15_000);
}

const page = () => workbench.page;
const toolbar = () => page().locator(".debug-toolbar");
const callStack = async () => normalizeSpaces((await page().locator(".debug-call-stack .monaco-list").first().innerText()).replace(/\n+/g, " | "));

/** Processes whose command line names the port (the started server's CLI and its children). */
function processesOnPort(port: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out.split("\n").filter((row) => row.includes(`--port ${port}`) || row.includes(`"port":${port}`));
}

test("JS: F5 with server start: a breakpoint inside the agent node's function stops on its line with its locals; the session's end stops the server", async (context) => {
  await openProject(project, "childSession-js");
  explainFailure(context, "childSession-failed", () => ({ workbench, browser }));
  expect(line).toBeGreaterThan(1);
  // The js-debug that code-server ships is what attaches.
  expect(fs.existsSync(path.join(repoRoot, "tools", "e2e", "node_modules", "code-server", "lib", "vscode", "extensions", "ms-vscode.js-debug"))).toBe(true);

  // Open src/agent.ts, go to the line and toggle a breakpoint there.
  await openFile("src/agent.ts");
  await workbench.runCommand("Go to Line/Column");
  await page().locator(".quick-input-widget .quick-input-box input").fill(`:${line}`);
  await page().keyboard.press("Enter");
  await workbench.runCommand("Debug: Toggle Breakpoint");
  await page().locator(".monaco-editor .codicon-debug-breakpoint").first().waitFor({ timeout: 10_000 });

  // The server starts (its URL in the extension's log), the child session attaches, the run reaches the line.
  const url = await startOwnServerSession();
  await page().locator(".debug-top-stack-frame-line").first().waitFor({ timeout: 90_000 });
  // The Run and Debug view (a click on its icon while it is shown would hide the side bar).
  if (!(await page().locator(".debug-call-stack").first().isVisible())) await page().locator('.activitybar a.action-label[aria-label^="Run and Debug"]').first().click({ force: true });
  await expect.poll(callStack, { timeout: 30_000 }).toMatch(new RegExp(`callModel.*agent\\.ts.*${line}`));
  // One stop: the line is js-debug's while it is attached (langgraph/childAttached), so the LangGraph session runs on past agent.
  expect((await callStack()).match(/paused on/gi) ?? []).toHaveLength(1);
  const variables = page().locator(".debug-variables .monaco-list-row");
  const local = variables.filter({ hasText: "Local: callModel" }).first();
  if ((await local.getAttribute("aria-expanded")) !== "true") await local.click();
  await expect.poll(async () => (await variables.allInnerTexts()).map(normalizeSpaces).join(" | "), { timeout: 20_000 }).toMatch(/config =[\s\S]*state =/);
  await workbench.screenshot("child-session-js-breakpoint");

  // The line is js-debug's, not "before agent": the graph view shows no dot on agent, and agent's lens names the line.
  await page().locator(".codelens-decoration", { hasText: `line ${line}: the JavaScript debugger stops there` }).first().waitFor({ timeout: 20_000 });
  const graph = await workbench.openGraphView();
  await graph.locator('button[aria-label="Break before agent"][aria-pressed="false"]').waitFor({ timeout: 20_000 });
  await workbench.screenshot("child-session-js-no-dot");
  await page().locator('.activitybar a.action-label[aria-label^="Run and Debug"]').first().click({ force: true });
  await page().locator(".debug-breakpoints").first().waitFor({ timeout: 15_000 });

  // Out of the way (agent runs again after tools), then Continue: the run ends, the session with it.
  const breakpointsHeader = page().locator(".pane-header", { hasText: "Breakpoints" }).first();
  await breakpointsHeader.hover();
  await breakpointsHeader.locator('.action-label[aria-label^="Remove All Breakpoints"]').click();
  await page().locator(".monaco-editor .codicon-debug-breakpoint").first().waitFor({ state: "detached", timeout: 10_000 });
  await workbench.runCommand("Debug: Continue");
  await serverGone(url);
});

test.skipIf(process.env.LGD_SERVERS === "js")("Python without the Python Debugger extension: one message says what to install, and the session still runs on its own server and stops it", async (context) => {
  await openProject(path.join(repoRoot, "examples", "python"), "childSession-python");
  explainFailure(context, "childSession-python-failed", () => ({ workbench, browser }));
  await openFile("sample_graphs/agent.py");
  const url = await startOwnServerSession();
  await workbench.waitForNotification("install the Python Debugger extension (ms-python.debugpy)", 60_000);
  await workbench.screenshot("child-session-python-no-debugger");
  // No breakpoint: the run goes to its end, the session ends and the server with it.
  await serverGone(url);
});

// Breakpoints in the code of a graph's nodes, end to end in code-server with the packaged .vsix and the
// JS sample project as the workspace: F9 on a line of a node's function stops a `langgraph` debug
// session before that node (its frame opens the function), shows as the node's dot in the graph view,
// and removing it removes the dot; a logpoint prints its line in the Debug Console without stopping;
// a dot set in the graph view is a gutter breakpoint at the node's code and a row in the Breakpoints view.
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, test, type TestContext } from "vitest";
import { startServer, type RunningServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { repoRoot, startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure as explainFailureWith, openWorkbench } from "./support/session";
import { normalizeSpaces, type Workbench } from "./support/workbench";

const LAUNCH = {
  version: "0.2.0",
  configurations: [{ type: "langgraph", request: "launch", name: "Debug agent", assistant: "agent", input: "What is the weather in Paris?", config: { configurable: { delay_ms: 0 } } }],
};

let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;
let sampleServer: RunningServer | undefined;
/** Lines of the workspace's src/agent.ts. */
let agentTs: string[];
const lineOf = (text: string) => agentTs.findIndex((l) => l.includes(text)) + 1;

beforeAll(async () => {
  sampleServer = await startServer("js");
  // The workspace is the sample project (its code, not its node_modules).
  const sample = path.join(repoRoot, "examples", "js");
  codeServer = await startCodeServer({ deploymentUrl: sampleServer.url, label: "gutterBreakpoints", workspaceFrom: sample });
  agentTs = fs.readFileSync(path.join(sample, "src", "agent.ts"), "utf8").split("\n");
  fs.mkdirSync(path.join(codeServer.workspaceDir, ".vscode"), { recursive: true });
  fs.writeFileSync(path.join(codeServer.workspaceDir, ".vscode", "launch.json"), JSON.stringify(LAUNCH, null, 2));
  ({ browser, workbench } = await openWorkbench(codeServer));
  await workbench.openGraphView();
  await workbench.showGraph("agent", "tools");
});

afterAll(async () => {
  await closeSession({ browser, codeServer, sampleServer });
});

afterEach(async () => {
  if (await page().locator(".debug-toolbar").isVisible()) {
    await workbench.runCommand("Debug: Stop");
    await page().locator(".debug-toolbar").waitFor({ state: "hidden", timeout: 15_000 }).catch(() => undefined);
  }
});

function explainFailure(context: TestContext, name: string): void {
  explainFailureWith(context, `gutterBreakpoints-failed-${name}`, () => ({ workbench, browser, sampleServer }));
}

const page = () => workbench.page;
const shot = (name: string) => workbench.screenshot(`gutterBreakpoints-${name}`);
const toolbar = () => page().locator(".debug-toolbar");
const toolbarButton = (label: string) => toolbar().locator(`.action-label[aria-label^="${label}"]`).first();
/** The Breakpoints view's rows of agent.ts (the exception filters have rows too once a session ran). */
const breakpointRows = () => page().locator(".debug-breakpoints .monaco-list-row", { hasText: "agent.ts" });
/** Waits until the graph view shows node's breakpoint dot set (or not). */
async function dotIs(node: string, on: boolean): Promise<void> {
  // A hidden webview view is gone: show it first.
  const graph = await workbench.openGraphView();
  await graph.locator(`button[aria-label="Break before ${node}"][aria-pressed="${on}"]`).waitFor({ timeout: 20_000 });
}
/** A CodeLens of a node in the active editor ("agent: breaks before"). */
const lens = (text: string) => page().locator(".editor-group-container.active .codelens-decoration", { hasText: `LangGraph node ${text}` }).first();
const frames = () => page().locator(".debug-call-stack .monaco-list-row .stack-frame").allInnerTexts();

/** Opens a workspace file with Quick Open and puts the cursor on `line`. */
async function openAt(file: string, line: number): Promise<void> {
  await workbench.runCommand("Go to File...");
  await workbench.pickQuickItem(file);
  await page().locator(".tabs-container .tab.active", { hasText: file }).waitFor();
  await workbench.runCommand("Go to Line/Column...");
  await workbench.typeInput(`:${line}`);
  await expect.poll(() => page().locator(".statusbar").innerText()).toMatch(new RegExp(`Ln ${line}, Col`));
}

/** Opens the Run and Debug view (Call Stack, Breakpoints). */
async function openDebugView(): Promise<void> {
  const icon = page().locator('.activitybar a.action-label[aria-label^="Run and Debug"]').first();
  if (!(await page().locator(".debug-breakpoints, .debug-call-stack").first().isVisible())) await icon.click({ force: true });
  await page().locator(".debug-breakpoints, .debug-call-stack").first().waitFor({ timeout: 15_000 });
}

async function selectAndStart(name: string): Promise<void> {
  await workbench.runCommand("Debug: Select and Start Debugging");
  const picker = page().locator(".quick-input-widget");
  await picker.locator(".quick-input-box input").fill(`debug ${name}`);
  await picker.locator(".monaco-list-row", { hasText: name }).first().click();
  await toolbar().waitFor({ timeout: 60_000 });
}

async function stoppedAt(frame: string): Promise<void> {
  await expect.poll(async () => (await frames()).map(normalizeSpaces).join(" | "), { timeout: 60_000 }).toContain(frame);
}

test("F9 in a node's function stops before the node, shows as its dot; a logpoint prints in the Debug Console and the run goes on", async (context) => {
  explainFailure(context, "f9");
  const bodyLine = lineOf("await model.invoke");
  const toolsLine = lineOf('.addNode("tools"');
  await openAt("agent.ts", bodyLine);
  await page().keyboard.press("F9");
  await dotIs("agent", true);
  // The CodeLens above the node's function says so too.
  await lens("agent: breaks before").waitFor({ timeout: 15_000 });

  await openAt("agent.ts", toolsLine);
  await workbench.runCommand("Debug: Add Logpoint");
  const widget = page().locator(".breakpoint-widget");
  await widget.waitFor();
  await widget.locator(".inputContainer").click();
  // As one insert: typed key by key, `{` may be auto-closed.
  await page().keyboard.insertText("tools gets {messages.length} messages");
  await page().keyboard.press("Enter");
  await widget.waitFor({ state: "hidden" });
  // A logpoint is no dot: it never stops.
  await dotIs("tools", false);
  await dotIs("agent", true);
  await openDebugView();
  await expect.poll(() => breakpointRows().allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`agent\\.ts[\\s\\S]*${bodyLine}`)), expect.stringMatching(new RegExp(`agent\\.ts[\\s\\S]*${toolsLine}`))]));
  await shot("01-gutter-and-logpoint");

  await selectAndStart("Debug agent");
  await stoppedAt("agent");
  // The frame is the node's function in agent.ts, and the editor shows it there.
  const definition = lineOf("async function callModel");
  expect(normalizeSpaces((await frames())[0])).toMatch(new RegExp(`agent\\s*agent\\.ts\\s*${definition}:1`));
  await page().locator(".debug-top-stack-frame-line").first().waitFor({ timeout: 15_000 });
  // While the session is stopped, the CodeLens of a node still ahead offers Run to here (scrolled
  // to: an editor draws the lenses of the lines it shows only).
  await openAt("agent.ts", toolsLine);
  await expect.poll(() => lens("tools:").innerText(), { timeout: 15_000 }).toContain("Run to here");
  await shot("02-stopped-before-agent");

  await toolbarButton("Continue").click();
  // Before tools the logpoint prints and the run goes on; the breakpoint stops agent's second turn.
  const repl = page().locator(".repl");
  if (!(await repl.isVisible())) await workbench.runCommand("Focus on Debug Console View");
  await expect.poll(() => repl.innerText().then(normalizeSpaces), { timeout: 60_000 }).toContain("tools gets 2 messages");
  await stoppedAt("agent");
  await shot("03-logpoint-in-debug-console");
  await toolbarButton("Stop").click();
  await toolbar().waitFor({ state: "hidden", timeout: 30_000 });

  // F9 again on the line: the gutter breakpoint goes, and with it the dot.
  await openAt("agent.ts", bodyLine);
  await page().keyboard.press("F9");
  await dotIs("agent", false);
  await workbench.runCommand("Remove All Breakpoints");
});

test("a dot set in the graph view is a gutter breakpoint at the node's code and a row in the Breakpoints view; unset, both go", async (context) => {
  explainFailure(context, "dot");
  const toolsLine = lineOf('.addNode("tools"');
  await workbench.runCommand("Remove All Breakpoints");
  await workbench.openGraphView();
  await workbench.graphFrame().getByRole("button", { name: "Break before tools" }).click();
  await dotIs("tools", true);
  await openDebugView();
  await expect.poll(() => breakpointRows().allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringMatching(new RegExp(`agent\\.ts[\\s\\S]*${toolsLine}`))]);
  await openAt("agent.ts", toolsLine);
  // The gutter's breakpoint glyph on the node's line.
  await page().locator(".editor-group-container.active .monaco-editor .margin .codicon-debug-breakpoint").first().waitFor({ timeout: 15_000 });
  await shot("04-dot-as-gutter-breakpoint");

  await workbench.openGraphView();
  await workbench.graphFrame().getByRole("button", { name: "Break before tools" }).click();
  await dotIs("tools", false);
  await openDebugView();
  await expect.poll(() => breakpointRows().count(), { timeout: 15_000 }).toBe(0);
});

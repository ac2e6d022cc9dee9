// The `langgraph` debug type in VS Code's own Debug view, end to end in code-server with the packaged
// .vsix: a launch.json in the workspace, F5, the debug toolbar's Step Over / Step Back / Continue,
// Call Stack and Variables (a nested state value), a conditional breakpoint added in the Breakpoints
// view (and shown on the graph), "Resume with value…" for interrupt(), and a run saved with "Save
// run…" replayed under the debugger once its server is gone, on both sample servers.
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test, type TestContext } from "vitest";
import { freePort } from "../support/freePort";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure as explainFailureWith, openWorkbench } from "./support/session";
import { normalizeSpaces, type Workbench } from "./support/workbench";

/** The workspace's launch.json: no deploymentUrl, so each session runs on the deployment the extension points at. */
const LAUNCH = {
  version: "0.2.0",
  configurations: [
    { type: "langgraph", request: "launch", name: "Debug agent", assistant: "agent", input: "What is the weather in Paris?", config: { configurable: { delay_ms: 0 } } },
    { type: "langgraph", request: "launch", name: "Debug hitl", assistant: "hitl", input: { topic: "bees" }, config: { configurable: { delay_ms: 0 } } },
    { type: "langgraph", request: "launch", name: "Debug fanout", assistant: "fanout", input: { topic: "frames" }, breakpoints: ["left"], config: { configurable: { delay_ms: 0 } } },
    ...SERVER_KINDS.map((kind) => ({ type: "langgraph", request: "launch", name: `Replay ${kind}`, replay: `\${workspaceFolder}/saved-${kind}.lgrun` })),
  ],
};

let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;
let sampleServer: RunningServer | undefined;

beforeAll(async () => {
  codeServer = await startCodeServer({ deploymentUrl: `http://127.0.0.1:${await freePort()}`, label: "debugView" });
  fs.mkdirSync(path.join(codeServer.workspaceDir, ".vscode"), { recursive: true });
  fs.writeFileSync(path.join(codeServer.workspaceDir, ".vscode", "launch.json"), JSON.stringify(LAUNCH, null, 2));
  ({ browser, workbench } = await openWorkbench(codeServer));
  await workbench.openGraphView();
});

afterAll(async () => {
  await closeSession({ browser, codeServer });
});

afterEach(async () => {
  // A test that failed mid-session leaves it running: stop it so the next test starts clean.
  if (await page().locator(".debug-toolbar").isVisible()) {
    await workbench.runCommand("Debug: Stop");
    await page().locator(".debug-toolbar").waitFor({ state: "hidden", timeout: 15_000 }).catch(() => undefined);
  }
});

function explainFailure(context: TestContext, name: string): void {
  explainFailureWith(context, `debugView-failed-${name}`, () => ({ workbench, browser, sampleServer }));
}

const page = () => workbench.page;
/** The graph view (its view container replaces Run and Debug in the side bar while shown). */
async function graph() {
  return workbench.openGraphView();
}
const toolbar = () => page().locator(".debug-toolbar");
const toolbarButton = (label: string) => toolbar().locator(`.action-label[aria-label^="${label}"]`).first();
/** The Call Stack's frame rows (thread rows excluded), as their text. */
const frames = () => page().locator(".debug-call-stack .monaco-list-row .stack-frame .file-name, .debug-call-stack .monaco-list-row .stack-frame").allInnerTexts();
/** Variables rows whose name is exactly `name` (a variable's name renders as "name =", a scope's as its name). */
const variablesRows = (name: string) =>
  page()
    .locator(".debug-variables .monaco-list-row")
    .filter({ has: page().locator(".name, .scope").getByText(new RegExp(`^${name}( =)?$`)) });
const breakpointRows = () => page().locator(".debug-breakpoints .monaco-list-row");

/** Runs an action of the Breakpoints view's header ("Add Function Breakpoint", "Remove All Breakpoints"; shown on hover). */
async function breakpointsAction(label: string): Promise<void> {
  const header = page().locator(".pane-header", { hasText: "Breakpoints" }).first();
  await header.hover();
  await header.locator(`.action-label[aria-label^="${label}"]`).click();
}

/** The row's own edit button, "Edit Condition…" in its menu, then types `condition` over any there was. */
async function editCondition(row: ReturnType<typeof breakpointRows>, condition: string): Promise<void> {
  const input = page().locator(".debug-breakpoints .monaco-inputbox input").first();
  await row.hover();
  await row.locator(".action-label.codicon-edit, .action-label[aria-label^='Edit']").first().click();
  // The menu's first item; a mouse click on a menu that just opened is sometimes dropped, Enter is not.
  const item = page().locator(".context-view .action-label", { hasText: /Edit (Function )?Condition/ }).first();
  await item.hover();
  await page().keyboard.press("Enter");
  await input.waitFor({ timeout: 10_000 });
  await page().keyboard.press("Control+A");
  await page().keyboard.type(condition);
  await page().keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
}

/** Opens the Run and Debug view (where Variables, Call Stack and Breakpoints live), with Watch collapsed so Variables has room. */
async function openDebugView(): Promise<void> {
  // The activity bar's icon (the palette's key press may land in the graph webview when it has focus).
  const icon = page().locator('.activitybar a.action-label[aria-label^="Run and Debug"]').first();
  if (!(await page().locator(".debug-variables, .debug-call-stack").first().isVisible())) await icon.click({ force: true }); // its badge animates while a session runs: never "stable"
  await page().locator(".debug-variables, .debug-call-stack").first().waitFor({ timeout: 15_000 });
  const watch = page().locator(".pane-header", { hasText: "Watch" }).first();
  if ((await watch.getAttribute("aria-expanded")) === "true") await watch.click();
}

/** "Debug: Select and Start Debugging" (quick access with the prefix "debug "): starts `name`, which F5 then starts again; returns once the session runs. */
async function selectAndStart(name: string): Promise<void> {
  await workbench.runCommand("Debug: Select and Start Debugging");
  const picker = page().locator(".quick-input-widget");
  await picker.locator(".quick-input-box input").fill(`debug ${name}`);
  await picker.locator(".monaco-list-row", { hasText: name }).first().click();
  await toolbar().waitFor({ timeout: 60_000 });
}

/** F5: starts the configuration started last; returns once the session runs. */
async function pressF5(): Promise<void> {
  await page().keyboard.press("F5");
  await toolbar().waitFor({ timeout: 60_000 });
}

/** Waits until the session stopped with a frame whose name contains `frame`. */
async function stoppedAt(frame: string): Promise<void> {
  await expect.poll(async () => (await frames()).map(normalizeSpaces).join(" | "), { timeout: 60_000 }).toContain(frame);
}

/** Waits until no debug session runs (the toolbar is gone). */
async function sessionEnded(): Promise<void> {
  await toolbar().waitFor({ state: "hidden", timeout: 60_000 });
}

/** The Variables row named `name` at tree depth `level` (1: a scope), scrolling the virtual list until it is drawn. */
async function findVariable(name: string, level: number) {
  const row = variablesRows(name).and(page().locator(`[aria-level="${level}"]`)).first();
  for (let scrolls = 0; !(await row.isVisible()); scrolls++) {
    if (scrolls >= 10) {
      const rows = await page().locator(".debug-variables .monaco-list-row").allInnerTexts();
      throw new Error(`no Variables row named ${name} at level ${level}; rows shown:\n${rows.join("\n")}`);
    }
    await page().locator(".debug-variables .monaco-list").first().hover();
    // From the top first (a row above the scrolled-to part is not drawn either), then down a bit at a time.
    await page().mouse.wheel(0, scrolls === 0 ? -100_000 : 120);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return row;
}

/** Expands the Variables path `names` from a scope down (State → messages → 1 → …). */
async function expandPath(...names: string[]): Promise<void> {
  for (const [i, name] of names.entries()) {
    const row = await findVariable(name, i + 1);
    if ((await row.getAttribute("aria-expanded")) !== "true") await row.click();
    await expect.poll(() => row.getAttribute("aria-expanded")).toBe("true");
  }
}

/** Sets or clears a breakpoint with the graph node's own button. */
async function setGraphBreakpoint(node: string, on: boolean): Promise<void> {
  const view = await graph();
  const button = view.getByRole("button", { name: `Break before ${node}` });
  if ((await button.getAttribute("aria-pressed")) !== String(on)) await button.click();
  await view.locator(`button[aria-label="Break before ${node}"][aria-pressed="${on}"]`).waitFor();
}

for (const kind of SERVER_KINDS) {
  describe(`the Debug view on the ${kind} server`, () => {
    const shot = (name: string) => workbench.screenshot(`debugView-${kind}-${name}`);

    beforeAll(async () => {
      sampleServer = await startServer(kind);
      await workbench.switchDeployment(sampleServer.url);
      await workbench.showGraph("agent", "tools");
    });

    afterAll(async () => {
      await sampleServer?.stop();
      sampleServer = undefined;
    });

    test("a breakpoint from the graph: stops before tools; Variables, Step Over, Step Back, Continue", async (context) => {
      explainFailure(context, `${kind}-f5`);
      await setGraphBreakpoint("tools", true);
      await openDebugView();
      // The graph's breakpoint is a function breakpoint in the Breakpoints view.
      await expect.poll(() => breakpointRows().allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringContaining("tools"));

      await selectAndStart("Debug agent");
      await stoppedAt("tools");
      await shot("01-stopped-before-tools");

      // Variables: State → messages → [1] → tool_calls → [0] → args → city.
      await expandPath("State", "messages", "1", "tool_calls", "0", "args");
      await expect.poll(async () => normalizeSpaces(await (await findVariable("city", 7)).innerText())).toContain('"Paris"');
      await shot("02-variables-nested");
      // The graph view shows the same stop: paused before tools.
      await (await graph()).getByRole("status").filter({ hasText: "Paused before tools" }).waitFor({ timeout: 15_000 });
      await shot("02b-graph-view-paused");
      await openDebugView();

      await toolbarButton("Step Over").click();
      await stoppedAt("agent");
      await shot("03-stepped-over-tools");

      await expandPath("State");
      await expect.poll(async () => normalizeSpaces(await (await findVariable("messages", 2)).innerText())).toContain("Array(3)");

      await toolbarButton("Step Back").click();
      await stoppedAt("tools");
      // Variables went back with the Call Stack: the tool's message is not there yet.
      await expandPath("State");
      await expect.poll(async () => normalizeSpaces(await (await findVariable("messages", 2)).innerText()), { timeout: 15_000 }).toContain("Array(2)");
      await shot("04-stepped-back");

      await toolbarButton("Continue").click();
      await sessionEnded();
      await (await graph()).getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 30_000 });
      await setGraphBreakpoint("tools", false);
      await openDebugView();
      await expect.poll(() => breakpointRows().filter({ hasText: "tools" }).count(), { timeout: 15_000 }).toBe(0);
    });

    test("F5 with a conditional breakpoint added in the Breakpoints view stops only when its condition holds, and shows on the graph", async (context) => {
      explainFailure(context, `${kind}-condition`);
      await openDebugView();
      await breakpointsAction("Remove All Breakpoints");
      await breakpointsAction("Add Function Breakpoint");
      const input = page().locator(".debug-breakpoints .monaco-inputbox input").first();
      await input.fill("tools");
      await input.press("Enter");
      await expect.poll(() => breakpointRows().filter({ hasText: "tools" }).count(), { timeout: 15_000 }).toBe(1);
      await (await graph()).locator('button[aria-label="Break before tools"][aria-pressed="true"]').waitFor({ timeout: 15_000 });
      await openDebugView();

      const row = breakpointRows().filter({ hasText: "tools" }).first();
      await editCondition(row, 'messages[1].tool_calls[0].args.city == "Rome"');
      await shot("05-conditional-breakpoint");

      // The condition is false: the run goes through to the end without a stop. F5 starts the configuration started last.
      await pressF5();
      await sessionEnded();
      await (await graph()).getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 30_000 });
      await openDebugView();

      await editCondition(row, 'messages[1].tool_calls[0].args.city == "Paris"');
      await pressF5();
      await stoppedAt("tools");
      await shot("06-condition-true");
      await toolbarButton("Continue").click();
      await sessionEnded();
      await breakpointsAction("Remove All Breakpoints");
      await (await graph()).locator('button[aria-label="Break before tools"][aria-pressed="false"]').waitFor({ timeout: 15_000 });
    });

    test("interrupt(): the session stops on the question; Resume with value… answers it", async (context) => {
      explainFailure(context, `${kind}-interrupt`);
      await openDebugView();
      await selectAndStart("Debug hitl");
      await stoppedAt("review");
      const resume = toolbarButton("Resume with value");
      await resume.waitFor({ timeout: 15_000 });
      await shot("07-stopped-on-interrupt");
      await resume.click();
      await workbench.waitForQuickInput("Approve this draft?");
      await workbench.typeInput("yes");
      await sessionEnded();
      await (await graph()).locator('[data-node-id="publish"][data-status="done"]').first().waitFor({ timeout: 30_000 });
      await shot("08-resumed");
    });

    test("parallel nodes are frames: selecting one marks its node in the graph, clicking a node selects its frame", async (context) => {
      explainFailure(context, `${kind}-frames`);
      await openDebugView();
      await selectAndStart("Debug fanout");
      await stoppedAt("right");
      expect((await frames()).map(normalizeSpaces).join(" | ")).toMatch(/left.*\|.*right/);
      // Select the second frame in the Call Stack: the graph marks `right`.
      await page().locator(".debug-call-stack .monaco-list-row", { hasText: "right" }).first().click();
      await expect.poll(() => page().locator(".tabs-container .tab.active").first().innerText(), { timeout: 15_000 }).toContain("right (LangGraph node)");
      const view = await graph();
      await view.locator('.graph [data-node-id="right"].selected, .graph .selected [data-node-id="right"]').first().waitFor({ timeout: 15_000 });
      // Click `left` on the graph: the Call Stack focuses its frame.
      await view.locator('.graph [data-node-id="left"]').first().click();
      // The focused frame's source page is the active editor.
      await expect.poll(() => page().locator(".tabs-container .tab.active").first().innerText(), { timeout: 15_000 }).toContain("left (LangGraph node)");
      await openDebugView();
      await shot("09-frame-from-node");
      await toolbarButton("Continue").click();
      await sessionEnded();
    });

    test("Save run… writes a .lgrun file; replayed with the server stopped, it stops at a breakpoint with its state and steps back", async (context) => {
      explainFailure(context, `${kind}-replay`);
      await openDebugView();
      await selectAndStart("Debug agent");
      await sessionEnded();
      const file = path.join(codeServer!.workspaceDir, `saved-${kind}.lgrun`);
      await workbench.runCommand("LangGraph: Save run…");
      // code-server's save dialog is a quick input holding the path.
      const input = page().locator(".quick-input-widget .quick-input-box input");
      await input.waitFor({ timeout: 30_000 });
      // The dialog fills in its proposed path a moment after it shows: replace it once it is there.
      await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toMatch(/\.lgrun$/);
      await input.fill(file);
      await input.press("Enter");
      // Recording reads the graph's schemas: a JS server's first /schemas extracts types, tens of seconds on loaded cores.
      await workbench.waitForNotification(`Saved saved-${kind}.lgrun`, 60_000);
      expect(fs.readFileSync(file, "utf8").split("\n")[0]).toMatch(/^\{"format":"lgrun","version":1/);

      await sampleServer!.stop();
      sampleServer = undefined;
      await setGraphBreakpoint("tools", true);
      await openDebugView();
      await selectAndStart(`Replay ${kind}`);
      await stoppedAt("tools");
      await expandPath("State");
      await expect.poll(async () => normalizeSpaces(await (await findVariable("messages", 2)).innerText())).toContain("Array(2)");
      await (await graph()).getByRole("status").filter({ hasText: "Paused before tools" }).waitFor({ timeout: 15_000 });
      // The recorded graph is drawn, its paused node marked (the server that served it is gone).
      await (await graph()).locator('.graph [data-node-id="tools"]').first().waitFor({ timeout: 15_000 });
      expect(await (await graph()).getByText("Laying out…").count()).toBe(0);
      await shot("10-replay-paused");
      await openDebugView();
      await toolbarButton("Step Back").click();
      await stoppedAt("agent");
      await toolbarButton("Continue").click();
      await stoppedAt("tools");
      await setGraphBreakpoint("tools", false);
      await openDebugView();
      await toolbarButton("Continue").click();
      await sessionEnded();
      await (await graph()).getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 30_000 });
      await (await graph()).locator('.graph [data-node-id="agent"]').first().waitFor({ timeout: 15_000 });
      await shot("11-replay-finished");
    });
  });
}

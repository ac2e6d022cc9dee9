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
import { DebugPane } from "./support/debugPane";
import { closeSession, explainFailure as explainFailureWith, openWorkbench } from "./support/session";
import type { Workbench } from "./support/workbench";

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
let debug: DebugPane;
let sampleServer: RunningServer | undefined;

beforeAll(async () => {
  codeServer = await startCodeServer({ deploymentUrl: `http://127.0.0.1:${await freePort()}`, label: "debugView" });
  fs.mkdirSync(path.join(codeServer.workspaceDir, ".vscode"), { recursive: true });
  fs.writeFileSync(path.join(codeServer.workspaceDir, ".vscode", "launch.json"), JSON.stringify(LAUNCH, null, 2));
  ({ browser, workbench } = await openWorkbench(codeServer));
  debug = new DebugPane(workbench);
  await workbench.openGraphView();
});

afterAll(async () => {
  await closeSession({ browser, codeServer });
});

afterEach(async () => {
  // A test that failed mid-session leaves it running: stop it so the next test starts clean.
  if (await debug.toolbar().isVisible()) {
    await workbench.runCommand("Debug: Stop");
    await debug.ended(15_000).catch(() => undefined);
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
/** "Debug: Select and Start Debugging" on `name`; returns once the session runs. */
async function start(name: string): Promise<void> {
  await debug.selectAndStart(name);
  await debug.started();
}

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
  // fill, not typing: keys typed while the box was still taking focus were lost in one CI run
  // (the condition arrived as `lls[0].args.city == "Rome"`).
  await input.fill(condition);
  await expect.poll(() => input.inputValue()).toBe(condition);
  await input.press("Enter");
  await input.waitFor({ state: "hidden" });
  await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain(condition);
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
      await debug.open();
      // The graph's breakpoint is a function breakpoint in the Breakpoints view.
      await expect.poll(() => breakpointRows().allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringContaining("tools"));

      await start("Debug agent");
      await debug.stoppedAt("tools");
      await shot("01-stopped-before-tools");

      // Variables: State → messages → [1] → tool_calls → [0] → args → city.
      await debug.expandPath("State", "messages", "1", "tool_calls", "0", "args");
      await expect.poll(async () => debug.variableText("city", 7)).toContain('"Paris"');
      await shot("02-variables-nested");
      // The graph view shows the same stop: paused before tools.
      await (await graph()).getByRole("status").filter({ hasText: "Paused before tools" }).waitFor({ timeout: 15_000 });
      await shot("02b-graph-view-paused");
      await debug.open();

      await debug.toolbarButton("Step Over").click();
      await debug.stoppedAt("agent");
      await shot("03-stepped-over-tools");

      await debug.expandPath("State");
      await expect.poll(async () => debug.variableText("messages", 2)).toContain("Array(3)");

      await debug.toolbarButton("Step Back").click();
      await debug.stoppedAt("tools");
      // Variables went back with the Call Stack: the tool's message is not there yet.
      await debug.expandPath("State");
      await expect.poll(async () => debug.variableText("messages", 2), { timeout: 15_000 }).toContain("Array(2)");
      await shot("04-stepped-back");

      await debug.toolbarButton("Continue").click();
      await debug.ended();
      await (await graph()).getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 30_000 });
      await setGraphBreakpoint("tools", false);
      await debug.open();
      await expect.poll(() => breakpointRows().filter({ hasText: "tools" }).count(), { timeout: 15_000 }).toBe(0);
    });

    test("F5 with a conditional breakpoint added in the Breakpoints view stops only when its condition holds, and shows on the graph", async (context) => {
      explainFailure(context, `${kind}-condition`);
      await debug.open();
      await breakpointsAction("Remove All Breakpoints");
      await breakpointsAction("Add Function Breakpoint");
      const input = page().locator(".debug-breakpoints .monaco-inputbox input").first();
      await input.fill("tools");
      await input.press("Enter");
      await expect.poll(() => breakpointRows().filter({ hasText: "tools" }).count(), { timeout: 15_000 }).toBe(1);
      await (await graph()).locator('button[aria-label="Break before tools"][aria-pressed="true"]').waitFor({ timeout: 15_000 });
      await debug.open();

      const row = breakpointRows().filter({ hasText: "tools" }).first();
      await editCondition(row, 'messages[1].tool_calls[0].args.city == "Rome"');
      await shot("05-conditional-breakpoint");

      // The condition is false: the run goes through to the end without a stop. F5 starts the configuration started last.
      await debug.pressF5();
      await debug.ended();
      await (await graph()).getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 30_000 });
      await debug.open();

      await editCondition(row, 'messages[1].tool_calls[0].args.city == "Paris"');
      await debug.pressF5();
      await debug.stoppedAt("tools");
      await shot("06-condition-true");
      await debug.toolbarButton("Continue").click();
      await debug.ended();
      await breakpointsAction("Remove All Breakpoints");
      await (await graph()).locator('button[aria-label="Break before tools"][aria-pressed="false"]').waitFor({ timeout: 15_000 });
    });

    test("interrupt(): the session stops on the question; Resume with value… answers it", async (context) => {
      explainFailure(context, `${kind}-interrupt`);
      await debug.open();
      await start("Debug hitl");
      await debug.stoppedAt("review");
      const resume = debug.toolbarButton("Resume with value");
      await resume.waitFor({ timeout: 15_000 });
      await shot("07-stopped-on-interrupt");
      await resume.click();
      await workbench.waitForQuickInput("Approve this draft?");
      await workbench.typeInput("yes");
      await debug.ended();
      await (await graph()).locator('[data-node-id="publish"][data-status="done"]').first().waitFor({ timeout: 30_000 });
      await shot("08-resumed");
    });

    test("parallel nodes are frames: selecting one marks its node in the graph, clicking a node selects its frame", async (context) => {
      explainFailure(context, `${kind}-frames`);
      await debug.open();
      await start("Debug fanout");
      await debug.stoppedAt("right");
      expect((await debug.frames()).join(" | ")).toMatch(/left.*\|.*right/s);
      // Select the second frame in the Call Stack: the graph marks `right`.
      await page().locator(".debug-call-stack .monaco-list-row", { hasText: "right" }).first().click();
      await expect.poll(() => page().locator(".tabs-container .tab.active").first().innerText(), { timeout: 15_000 }).toContain("right (LangGraph node)");
      const view = await graph();
      await view.locator('.graph [data-node-id="right"].selected, .graph .selected [data-node-id="right"]').first().waitFor({ timeout: 15_000 });
      // Click `left` on the graph: the Call Stack focuses its frame.
      await view.locator('.graph [data-node-id="left"]').first().click();
      // The focused frame's source page is the active editor.
      await expect.poll(() => page().locator(".tabs-container .tab.active").first().innerText(), { timeout: 15_000 }).toContain("left (LangGraph node)");
      await debug.open();
      await shot("09-frame-from-node");
      await debug.toolbarButton("Continue").click();
      await debug.ended();
    });

    test("Save run… writes a .lgrun file; replayed with the server stopped, it stops at a breakpoint with its state and steps back", async (context) => {
      explainFailure(context, `${kind}-replay`);
      await debug.open();
      await start("Debug agent");
      await debug.ended();
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
      await debug.open();
      await start(`Replay ${kind}`);
      await debug.stoppedAt("tools");
      await debug.expandPath("State");
      await expect.poll(async () => debug.variableText("messages", 2)).toContain("Array(2)");
      await (await graph()).getByRole("status").filter({ hasText: "Paused before tools" }).waitFor({ timeout: 15_000 });
      // The recorded graph is drawn, its paused node marked (the server that served it is gone).
      await (await graph()).locator('.graph [data-node-id="tools"]').first().waitFor({ timeout: 15_000 });
      expect(await (await graph()).getByText("Laying out…").count()).toBe(0);
      await shot("10-replay-paused");
      await debug.open();
      await debug.toolbarButton("Step Back").click();
      await debug.stoppedAt("agent");
      await debug.toolbarButton("Continue").click();
      await debug.stoppedAt("tools");
      await setGraphBreakpoint("tools", false);
      await debug.open();
      await debug.toolbarButton("Continue").click();
      await debug.ended();
      await (await graph()).getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 30_000 });
      await (await graph()).locator('.graph [data-node-id="agent"]').first().waitFor({ timeout: 15_000 });
      await shot("11-replay-finished");
    });
  });
}

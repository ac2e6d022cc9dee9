// From graph to code and back, in a real VS Code (code-server) whose workspace is the Python sample project
// (a copy of examples/python, the code the sample server runs): a freshly opened sample file shows CodeLens
// before the graph view was ever opened (read from the code while no server answers, from the server once
// it does); Go to source from the graph view, the palette and a checkpoint of the Threads view opens a
// node's function at its line; CodeLens "Break before" above it sets the breakpoint the graph view shows;
// "Run to here" in a langgraph debug session stops before that node (the adapter's own one-shot stop) with no breakpoint added, and
// the stop goes when another stop (an interrupt()) comes first.
// Screenshots are named screenshots/e2e/nodeSource-<step>.png.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import { freePort } from "../support/freePort";
import type { RunningServer } from "../support/langgraphServer";
import { startPythonServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { repoRoot, startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure as explainFailureWith, openWorkbench } from "./support/session";
import { normalizeSpaces, type Workbench } from "./support/workbench";

let sampleServer: RunningServer | undefined;
let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;
const shot = (name: string) => workbench.screenshot(`nodeSource-${name}`);

/** The workspace's launch.json: hitl on the deployment the extension points at, paused before its first node. */
const LAUNCH = {
  version: "0.2.0",
  configurations: [{ type: "langgraph", request: "launch", name: "Debug hitl to here", assistant: "hitl", input: { topic: "lenses" }, stopOnEntry: true }],
};

beforeAll(async () => {
  sampleServer = await startPythonServer();
  // Nothing answers at first: the lenses are read from the code until the first test switches to the sample server.
  codeServer = await startCodeServer({ deploymentUrl: `http://127.0.0.1:${await freePort()}`, label: "nodeSource", workspaceFrom: path.join(repoRoot, "examples", "python") });
  fs.mkdirSync(path.join(codeServer.workspaceDir, ".vscode"), { recursive: true });
  fs.writeFileSync(path.join(codeServer.workspaceDir, ".vscode", "launch.json"), JSON.stringify(LAUNCH, null, 2));
  ({ browser, workbench } = await openWorkbench(codeServer));
});

afterAll(async () => {
  await closeSession({ browser, codeServer, sampleServer });
});

function explainFailure(context: TestContext, name: string): void {
  explainFailureWith(context, `nodeSource-failed-${name}`, () => ({ workbench, browser, sampleServer }));
}

/** The active editor's tab title and the status bar's "Ln 40, Col 1" part. */
async function editorAt(): Promise<{ tab: string; position: string }> {
  const tab = await workbench.page.locator(".tabs-container .tab.active .label-name").first().innerText().catch(() => "");
  const position = normalizeSpaces(await workbench.page.locator(".statusbar-item[id$='status.editor.selection']").first().innerText().catch(() => ""));
  return { tab: tab.trim(), position };
}

const lens = (text: string) => workbench.page.locator(".codelens-decoration", { hasText: text }).first();

describe("Go to source and CodeLens on the Python sample project", () => {
  test("a freshly opened sample file shows CodeLens before the graph view was opened: from the code, then from the server", async (context) => {
    explainFailure(context, "fresh-file");
    await workbench.runCommand("Go to File");
    await workbench.pickQuickItem("hitl.py");
    const fromCode = lens("LangGraph node review: no breakpoint · server not reached");
    await fromCode.waitFor({ timeout: 30_000 });
    await shot("00-fresh-file-from-code");
    // The breakpoint is the graph's default assistant's: the graph view shows it once the server runs.
    await fromCode.getByText("Break before", { exact: true }).click();
    await lens("LangGraph node review: breaks before · server not reached").waitFor({ timeout: 20_000 });
    // No webview (the graph view's included) was ever opened.
    expect(await workbench.page.locator("iframe.webview").count()).toBe(0);

    await workbench.switchDeployment(sampleServer!.url);
    const fromServer = workbench.page.locator(".codelens-decoration", { hasText: "LangGraph node review: breaks before" }).filter({ hasNotText: "server not reached" }).first();
    await fromServer.waitFor({ timeout: 30_000 });
    // Every graph of the sample's langgraph.json, read from the code and then from the server.
    const graphs = Object.keys((JSON.parse(fs.readFileSync(path.join(repoRoot, "examples", "python", "langgraph.json"), "utf8")) as { graphs: object }).graphs).length;
    expect(graphs).toBeGreaterThan(1);
    expect(workbench.outputChannelLog("LangGraph Debugger")).toMatch(new RegExp(`Node sources preloaded \\(activation\\): 0 graph\\(s\\) from the deployment, ${graphs} from the code alone`));
    // This graph's lens comes from the server as soon as its own sources are read: the line for
    // every graph follows once the last one is read.
    await expect
      .poll(() => workbench.outputChannelLog("LangGraph Debugger"), { timeout: 20_000 })
      .toMatch(new RegExp(`Node sources preloaded \\([^)]*\\): ${graphs} graph\\(s\\) from the deployment`));
    await shot("00b-fresh-file-from-server");
    await workbench.openGraphView();
    const graph = await workbench.showGraph("hitl", "review");
    const before = graph.getByRole("button", { name: "Break before review", exact: true });
    await graph.locator('button[aria-label="Break before review"][aria-pressed="true"]').waitFor({ timeout: 20_000 });
    await before.click();
    await lens("LangGraph node review: no breakpoint").waitFor({ timeout: 20_000 });
  });

  test("double-clicking a node in the graph view opens its function at its line", async (context) => {
    explainFailure(context, "go-to-source");
    await workbench.openGraphView();
    const graph = await workbench.showGraph("hitl", "review");
    await graph.locator('.graph [data-node-id="review"]').dblclick();
    // sample_graphs/hitl.py: `def review(state: HitlState) -> dict:` is line 40.
    await expect.poll(editorAt, { timeout: 30_000 }).toMatchObject({ tab: expect.stringMatching(/^hitl(\.py)?$/), position: expect.stringMatching(/^Ln 40, Col 1\b/) });
    await shot("01-review-source");
  });

  test("LangGraph: Go to node source picks a node and opens it", async (context) => {
    explainFailure(context, "palette");
    await workbench.runCommand("LangGraph: Go to node source");
    await workbench.waitForQuickInput("hitl.py:45");
    await workbench.pickQuickItem("publish");
    await expect.poll(editorAt, { timeout: 30_000 }).toMatchObject({ tab: expect.stringMatching(/^hitl(\.py)?$/), position: expect.stringMatching(/^Ln 45, Col 1\b/) });
  });

  test("CodeLens Break before above a node's function sets the breakpoint the graph view shows", async (context) => {
    explainFailure(context, "codelens");
    const lens = workbench.page.locator(".codelens-decoration", { hasText: "LangGraph node review: no breakpoint" }).first();
    await lens.waitFor({ timeout: 30_000 });
    await shot("02-codelens");
    await lens.getByText("Break before", { exact: true }).click();
    const graph = workbench.graphFrame();
    await graph.locator('button[aria-label="Break before review"][aria-pressed="true"]').waitFor({ timeout: 20_000 });
    // The lens follows the breakpoint, whichever side set it.
    const set = workbench.page.locator(".codelens-decoration", { hasText: "LangGraph node review: breaks before" }).first();
    await set.waitFor({ timeout: 20_000 });
    expect(normalizeSpaces(await set.innerText())).toContain("Remove break before");
    await shot("03-codelens-break-before-set");
    await graph.getByRole("button", { name: "Break before review", exact: true }).click();
    await workbench.page.locator(".codelens-decoration", { hasText: "LangGraph node review: no breakpoint" }).first().waitFor({ timeout: 20_000 });
  });

  test("while paused, CodeLens Run to here goes on until that node", async (context) => {
    explainFailure(context, "run-to-here");
    const graph = workbench.graphFrame();
    await graph.getByRole("button", { name: "Break before draft", exact: true }).click();
    await graph.locator('button[aria-label="Break before draft"][aria-pressed="true"]').waitFor();
    await workbench.streamRun("hitl", "CodeLens");
    const banner = graph.getByRole("status");
    await banner.filter({ hasText: "Paused before draft" }).waitFor({ timeout: 90_000 });
    const review = workbench.page.locator(".codelens-decoration", { hasText: "LangGraph node review:" }).first();
    await review.getByText("Run to here").waitFor({ timeout: 20_000 });
    await shot("04-run-to-here");
    await review.getByText("Run to here").click();
    await banner.filter({ hasText: "Paused before review" }).waitFor({ timeout: 90_000 });
    await graph.locator('[data-node-id="draft"][data-status="done"]').first().waitFor();
    // The stop was for this run only: review keeps no breakpoint.
    expect(await graph.locator('button[aria-label="Break before review"]').getAttribute("aria-pressed")).toBe("false");
  });

  test("Go to node source on a checkpoint of the Threads view opens the node that wrote it", async (context) => {
    explainFailure(context, "checkpoint");
    const threads = workbench.page.locator(".sidebar .pane", { hasText: "Threads" }).last();
    const header = workbench.page.locator(".sidebar .pane-header", { hasText: "Threads" }).first();
    if ((await header.getAttribute("aria-expanded")) === "false") await header.click();
    const thread = threads.locator('.monaco-list-row[aria-level="1"]').first();
    await thread.waitFor({ timeout: 30_000 });
    if ((await thread.getAttribute("aria-expanded")) === "false") await thread.locator(".monaco-tl-twistie").click();
    const draft = threads.locator('.monaco-list-row[aria-level="2"]').filter({ has: workbench.page.locator(".label-name", { hasText: /^draft$/ }) }).first();
    await draft.waitFor({ timeout: 30_000 });
    await draft.click({ button: "right" });
    const item = workbench.page.locator(".context-view .action-label", { hasText: "Go to node source" }).first();
    await item.waitFor({ timeout: 15_000 });
    await item.hover();
    await workbench.page.keyboard.press("Enter");
    // sample_graphs/hitl.py: `def draft(state: HitlState) -> dict:` is line 31.
    await expect.poll(editorAt, { timeout: 30_000 }).toMatchObject({ tab: expect.stringMatching(/^hitl(\.py)?$/), position: expect.stringMatching(/^Ln 31, Col 1\b/) });
    await shot("05-checkpoint-source");
  });

  test("Run to here in a debug session: the session stops before that node, and no breakpoint is ever added; another stop first (the interrupt) ends it too", async (context) => {
    explainFailure(context, "debug-run-to-here");
    const toolbar = workbench.page.locator(".debug-toolbar");
    await workbench.runCommand("Debug: Select and Start Debugging");
    const picker = workbench.page.locator(".quick-input-widget");
    await picker.locator(".quick-input-box input").fill("debug Debug hitl to here");
    await picker.locator(".monaco-list-row", { hasText: "Debug hitl to here" }).first().click();
    await toolbar.waitFor({ timeout: 60_000 });
    try {
      const graph = await workbench.openGraphView();
      const banner = graph.getByRole("status");
      await banner.filter({ hasText: "Paused before draft" }).waitFor({ timeout: 60_000 });
      /** Clicks a node's Run to here lens (the session opens its stop's editor a moment after the banner: back to the sample's code until the lens shows). */
      const runTo = async (node: string) => {
        const runToHere = lens(`LangGraph node ${node}:`).getByText("Run to here");
        await expect
          .poll(
            async () => {
              await workbench.page.locator(".tabs-container .tab", { hasText: "hitl.py" }).first().click();
              return runToHere.isVisible();
            },
            { timeout: 30_000, interval: 1_000 },
          )
          .toBe(true);
        // A lens redrawn as the click lands (the stop refreshes every lens) swallows the click: click
        // until the session leaves the stop it was at.
        const at = await banner.innerText();
        await expect
          .poll(
            async () => {
              if ((await banner.innerText()) !== at) return true;
              await runToHere.click({ timeout: 5_000 }).catch(() => undefined);
              return false;
            },
            { timeout: 30_000, interval: 3_000 },
          )
          .toBe(true);
      };
      const breakpointsView = () => workbench.page.locator(".debug-breakpoints .monaco-list-row").allInnerTexts();
      const before = await breakpointsView();

      await runTo("review");
      // The adapter's own one-shot stop (langgraph/runTo): before review, with no breakpoint anywhere for it.
      await banner.filter({ hasText: "Paused before review" }).waitFor({ timeout: 60_000 });
      await graph.locator('[data-node-id="draft"][data-status="done"]').first().waitFor();
      expect(await graph.locator('button[aria-label="Break before review"]').getAttribute("aria-pressed")).toBe("false");
      await lens("LangGraph node review: no breakpoint").waitFor({ timeout: 20_000 });
      expect(await breakpointsView()).toEqual(before);
      await shot("06-debug-run-to-here");

      // review's interrupt() stops the session before publish is reached: the one-shot goes with that stop.
      await runTo("publish");
      // (A node paused before is drawn "interrupted" too: the banner's question tells the interrupt() stop.)
      await banner.filter({ hasText: "Approve this draft?" }).waitFor({ timeout: 60_000 });
      await lens("LangGraph node publish: no breakpoint").waitFor({ timeout: 20_000 });
      expect(await graph.locator('button[aria-label="Break before publish"]').getAttribute("aria-pressed")).toBe("false");
      expect(await breakpointsView()).toEqual(before);
      await shot("07-debug-run-to-here-interrupt");
    } finally {
      await workbench.runCommand("Debug: Stop");
      await toolbar.waitFor({ state: "hidden", timeout: 30_000 }).catch(() => undefined);
    }
  });
});

// From graph to code and back, in a real VS Code (code-server) whose workspace is the Python sample project
// (a copy of examples/python, the code the sample server runs): Go to source from the graph view and the
// palette opens a node's function at its line; CodeLens "Break before" above it sets the breakpoint the
// graph view shows. Screenshots are named screenshots/e2e/nodeSource-<step>.png.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
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

beforeAll(async () => {
  sampleServer = await startPythonServer();
  codeServer = await startCodeServer({ deploymentUrl: sampleServer.url, label: "nodeSource", workspaceFrom: path.join(repoRoot, "examples", "python") });
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

describe("Go to source and CodeLens on the Python sample project", () => {
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
});

// The Assistants view end to end in a real VS Code (code-server) with the packaged .vsix, on the JS
// sample server: an assistant of `agent` created through the palette (a config that is not one is
// refused in the input box), edited to a new version, its first version set active again from the
// view, used for runs; the run answers with that version's `configurable.tokens` and the graph view's
// banner names the assistant and version. The same on Python is left to the integration test (the
// commands only call the client, which test/integration/assistants.test.ts runs on both servers).
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { freePort } from "../support/freePort";
import type { RunningServer } from "../support/langgraphServer";
import { startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench } from "./support/session";
import type { Workbench } from "./support/workbench";

let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;
let sampleServer: RunningServer | undefined;
let client: LangGraphClient;

beforeAll(async () => {
  sampleServer = await startServer("js");
  client = new LangGraphClient({ apiUrl: sampleServer.url });
  codeServer = await startCodeServer({ deploymentUrl: `http://127.0.0.1:${await freePort()}`, label: "assistants" });
  ({ browser, workbench } = await openWorkbench(codeServer));
  await workbench.openGraphView();
  await workbench.dragSideBarEdge(520);
  await workbench.switchDeployment(sampleServer.url);
  // The Assistants view starts collapsed: open it as a person would.
  const header = workbench.page.locator(".sidebar .pane-header", { hasText: /^Assistants/ });
  await header.waitFor();
  if ((await header.getAttribute("aria-expanded")) !== "true") await header.click();
  await workbench.dragPaneHeader("Assistants", -220);
});

afterAll(async () => {
  await closeSession({ browser, codeServer, sampleServer });
});

const pane = () => workbench.page.locator(".sidebar .pane", { has: workbench.page.locator(".pane-header", { hasText: /^Assistants/ }) });
const rows = (level: number) => pane().locator(`.monaco-list-row[aria-level="${level}"]`);
const rowTexts = (level: number) => rows(level).evaluateAll((list) => list.map((row) => [...row.querySelectorAll(".label-name, .label-description")].map((e) => (e.textContent ?? "").replace(/\s+/g, " ").trim()).filter(Boolean).join(" ")));
const briefRow = () => rows(1).filter({ hasText: "brief" }).first();
const shot = (name: string) => workbench.screenshot(`assistants-js-${name}`);

describe("the Assistants view on the js server", () => {
  test("create through the palette, edit to v2, set v1 active, use it for a run that answers with v1's config", async (context: TestContext) => {
    explainFailure(context, "assistants-failed-js", () => ({ workbench, browser, sampleServer }));
    const page = workbench.page;
    await expect.poll(() => rowTexts(1), { timeout: 30_000 }).toContain("agent default · v1 · used for runs");

    // Create: graph, name, config (refused while it is not a config), metadata.
    await workbench.runCommand("LangGraph: Create assistant");
    await workbench.pickQuickItem("agent");
    await workbench.waitForQuickInput("new assistant (1/4)", 90_000);
    await workbench.typeInput("brief");
    await workbench.waitForQuickInput("new assistant (2/4)");
    const input = page.locator(".quick-input-widget .quick-input-box input");
    await input.fill('{"tokens": 3}');
    await expect.poll(() => workbench.quickInputText()).toContain('"tokens" is not a config key');
    await shot("01-config-refused");
    await workbench.typeInput('{"configurable": {"tokens": 3, "delay_ms": 0}}');
    await workbench.waitForQuickInput("new assistant (4/4)");
    await workbench.typeInput('{"owner": "e2e"}');
    await workbench.waitForNotification('created "brief" v1');
    const [created] = await client.assistants.search({ metadata: { owner: "e2e" } });
    expect(created).toMatchObject({ name: "brief", graph_id: "agent", version: 1, config: { configurable: { tokens: 3, delay_ms: 0 } } });
    await expect.poll(() => rowTexts(1), { timeout: 15_000 }).toContain("brief agent · v1 · tokens=3, delay_ms=0");

    // Edit: a new version, v2, made active.
    await workbench.runCommand("LangGraph: Edit assistant (new version)");
    await workbench.pickQuickItem("brief");
    await workbench.waitForQuickInput("edit brief", 90_000);
    await workbench.typeInput("brief");
    await workbench.waitForQuickInput("(2/4)");
    await workbench.typeInput('{"configurable": {"tokens": 5, "delay_ms": 0}}');
    await workbench.waitForQuickInput("(4/4)");
    await workbench.typeInput('{"owner": "e2e"}');
    await workbench.waitForNotification('made a new version of "brief" v2');
    await expect.poll(() => rowTexts(1), { timeout: 15_000 }).toContain("brief agent · v2 · tokens=5, delay_ms=0");

    // Its versions, newest first; v1 set active from its row.
    const row = briefRow();
    if ((await row.getAttribute("aria-expanded")) === "false") await row.locator(".monaco-tl-twistie").click();
    await expect.poll(() => rowTexts(2), { timeout: 15_000 }).toEqual([expect.stringMatching(/^v2 active, latest · \d\d:\d\d · tokens=5, delay_ms=0$/), expect.stringMatching(/^v1 \d\d:\d\d · tokens=3, delay_ms=0$/)]);
    await shot("02-versions");
    const v1 = rows(2).filter({ hasText: /^v1/ }).first();
    await v1.hover();
    await v1.locator('.actions .action-label[aria-label^="Set active assistant version"]').click();
    await expect.poll(async () => (await client.assistants.get(created!.assistant_id)).version, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => rowTexts(1), { timeout: 15_000 }).toContain("brief agent · v1 · tokens=3, delay_ms=0");

    // Use for runs: the graph view shows it, its banner names it; Stream run offers it first.
    const used = briefRow();
    await used.hover();
    await used.locator('.actions .action-label[aria-label^="Use assistant for runs"]').click();
    const graph = workbench.graphFrame();
    await expect.poll(() => graph.locator(".banner .assistant").textContent(), { timeout: 30_000 }).toBe("brief · v1");
    await expect.poll(() => rowTexts(1), { timeout: 15_000 }).toContain("brief agent · v1 · tokens=3, delay_ms=0 · used for runs");

    await workbench.runCommand("LangGraph: Stream run");
    await workbench.waitForQuickInput("pick an assistant");
    expect(await page.locator(".quick-input-widget .monaco-list-row").first().innerText()).toContain("used for runs");
    await workbench.pickQuickItem("brief");
    await workbench.answerRun("brief", "hello there");
    await graph.getByRole("tab", { name: "Tokens" }).click();
    await expect.poll(() => graph.locator(".banner").innerText(), { timeout: 90_000 }).toContain("Finished");
    const answer = (await graph.getByRole("log").locator('[data-node-id="agent"]').last().innerText()).replace(/\s+/g, " ");
    expect(answer).toContain("Here is the");
    expect(answer).not.toContain("forecast");
    expect(await graph.locator(".banner .assistant").textContent()).toBe("brief · v1");
    await shot("03-run-with-v1");
  });
});

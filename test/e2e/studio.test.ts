// End to end in a real VS Code (code-server) on both servers, one code-server per server kind walking
// the studio's whole path with the `agent` sample (each step builds on the last, so one test):
//  1. the run form: a message typed into its message list, the fake model's pace in the config
//     section, run; opened again prefilled with that input, `units` changed to fahrenheit in the
//     config: the forecast changes from °C to °F and the banner says the run's config;
//  2. chat mode on a new thread: three turns with a tool call each (folded, unfolded to its
//     arguments), "Edit and re-send from here" on the first message forks the thread; the same chat
//     in an editor tab (on JS the README's picture, screenshots/readme/chat-mode.png);
//  3. the Assistants view: an assistant created through the palette (a config that is not one is
//     refused in the input box), edited to v2, v1 set active again from its row, used for a run
//     that answers with v1's `configurable.tokens`; the banner names the assistant and version.
// Dark, as the README's picture is; on JS the form and the chat also in light and high contrast.
// Screenshots: screenshots/e2e/studio-<kind>-*.png.
import fs from "node:fs";
import path from "node:path";
import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer, type ServerKind } from "../support/servers";
import { AssistantsPane } from "./support/assistantsPane";
import type { E2eBrowser } from "./support/browser";
import { extensionId, repoRoot, startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench } from "./support/session";
import type { Workbench } from "./support/workbench";

const TAB = `iframe.webview.ready[src*="extensionId=${extensionId}"]:not([src*="purpose=webviewView"])`;
const DARK = "Default Dark Modern";
/** Each theme setting's label in the Color Theme picker (no "Default" there) and the class VS Code gives the workbench for it. */
const THEMES: Record<string, { label: string; className: string }> = {
  [DARK]: { label: "Dark Modern", className: "vs-dark" },
  "Default Light Modern": { label: "Light Modern", className: "vs" },
  "Default High Contrast": { label: "Dark High Contrast", className: "hc-black" },
};

describe.each(SERVER_KINDS)("the studio on the %s server", (kind: ServerKind) => {
  let sampleServer: RunningServer | undefined;
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;

  beforeAll(async () => {
    sampleServer = await startServer(kind);
    codeServer = await startCodeServer({ deploymentUrl: sampleServer.url, label: `studio-${kind}`, settings: { "workbench.colorTheme": DARK } });
    ({ browser, workbench } = await openWorkbench(codeServer));
    await workbench.openGraphView();
  });

  afterAll(async () => {
    await closeSession({ browser, codeServer, sampleServer });
  });

  const shot = (name: string) => workbench.screenshot(`studio-${kind}-${name}`);

  /** Switches the color theme as a person does (Preferences: Color Theme writes the user setting), then waits for it. */
  async function setTheme(theme: string): Promise<void> {
    await workbench.runCommand("Preferences: Color Theme");
    await workbench.pickQuickItem(THEMES[theme]!.label);
    await expect.poll(async () => ((await workbench.page.locator(".monaco-workbench").getAttribute("class")) ?? "").split(/\s+/), { timeout: 15_000 }).toContain(THEMES[theme]!.className);
  }

  /** After the config: the agent has a context schema on both servers, so step 3/4 asks the runtime context; left empty (none). */
  async function skipContext(): Promise<void> {
    await workbench.waitForQuickInput("(3/4)");
    expect(await workbench.quickInputText()).toContain("Runtime context as JSON");
    await workbench.typeInput("");
    await workbench.waitForQuickInput("(4/4)");
  }

  /** On JS only (the page is the same on Python): `name` also in light and high contrast, then dark again. */
  async function otherThemes(name: string): Promise<void> {
    if (kind !== "js") return;
    await setTheme("Default Light Modern");
    await shot(`${name}-light`);
    await setTheme("Default High Contrast");
    await shot(`${name}-hc`);
    await setTheme(DARK);
  }

  const bubbles = (frame: FrameLocator) => frame.locator("article.bubble");
  /** Sends a message from the chat box and waits until the agent's answer is the last bubble, the run finished. */
  async function say(frame: FrameLocator, text: string, city: string, count: number): Promise<void> {
    const box = frame.getByLabel("Message", { exact: true });
    await box.fill(text);
    await box.press("Enter");
    await expect.poll(() => bubbles(frame).count(), { timeout: 90_000 }).toBe(count);
    await expect.poll(() => bubbles(frame).last().innerText(), { timeout: 30_000 }).toContain(`It is sunny and 21 °C in ${city}.`);
    await frame.getByRole("button", { name: "Send", exact: true }).waitFor({ timeout: 30_000 });
  }

  test("agent: the run form, a changed configurable; chat of three turns with edit and re-send; an assistant created, versioned and used", async (context) => {
    explainFailure(context, `studio-${kind}-failed`, () => ({ workbench, browser, sampleServer }));
    const page = workbench.page;

    // 1. The run form.
    const graph = await workbench.showGraph("agent", "agent");
    const banner = graph.getByRole("status").first();
    const form = graph.getByRole("form", { name: "Run agent" });
    const config = form.locator('details[data-section="config"]');
    await banner.getByRole("button", { name: "Form", exact: true }).click();
    // The first /schemas read (JS) takes 20–30 s.
    await form.waitFor({ timeout: 90_000 });
    await form.getByRole("button", { name: "Add message" }).click();
    await form.getByLabel("Content of message 1").fill("What is the weather in Berlin?");
    await config.locator("summary").click();
    await config.getByLabel(/^tokens/).fill("16");
    await config.getByLabel(/^delay_ms/).fill("0");
    await shot("01-form");
    await otherThemes("01-form");
    await form.getByRole("button", { name: "Run", exact: true }).click();
    await banner.filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
    await graph.getByText(/sunny and 21 °C in Berlin/).first().waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toContain("Config: tokens=16, delay_ms=0");

    // Opened again on the last input; units changed in the config.
    await banner.getByRole("button", { name: "Form", exact: true }).click();
    await form.waitFor({ timeout: 30_000 });
    expect(await form.getByLabel("Content of message 1").inputValue()).toBe("What is the weather in Berlin?");
    await config.getByLabel(/^units/).selectOption("fahrenheit");
    await form.getByRole("button", { name: "Run", exact: true }).click();
    await banner.filter({ hasText: "units=fahrenheit" }).waitFor({ timeout: 30_000 });
    await banner.filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
    await graph.getByText(/sunny and 70 °F in Berlin/).first().waitFor({ timeout: 20_000 });
    await shot("02-fahrenheit");
    const searchAgentThreads = async () => (await (await fetch(`${sampleServer!.url}/threads/search`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ metadata: { graph_id: "agent" } }) })).json()) as unknown[];
    expect(await searchAgentThreads()).toHaveLength(2);

    // 2. Chat mode, on a new thread (the view shows the form's last one).
    await graph.getByRole("radio", { name: "Chat" }).click({ timeout: 60_000 });
    await graph.locator(".toolbar").getByRole("button", { name: "New thread" }).click();
    await say(graph, "What is the weather in Berlin?", "Berlin", 4);
    expect(await bubbles(graph).locator(".who .name").allInnerTexts()).toEqual(["You", "agent", "tools", "agent"]);
    const call = bubbles(graph).nth(1).locator("details");
    expect(await call.locator("summary").innerText()).toMatch(/get_weather\s*\{"city":"Berlin"\}/);
    await call.locator("summary").click();
    expect(JSON.parse(await call.getByLabel("Arguments of get_weather").innerText())).toEqual({ city: "Berlin" });
    await say(graph, "And in Paris?", "Paris", 8);
    await say(graph, "And in Lisbon?", "Lisbon", 12);
    const thread = await graph.locator(".toolbar .thread").innerText();
    await shot("03-chat-three-turns");
    await otherThemes("03-chat");

    // Edit and re-send the first message: the thread forks before it; the conversation is the new branch.
    await bubbles(graph).first().hover();
    await bubbles(graph).first().getByRole("button", { name: "Edit and re-send from here" }).click();
    const box = graph.getByLabel("Message", { exact: true });
    expect(await box.inputValue()).toBe("What is the weather in Berlin?");
    await box.fill("What is the weather in Rome?");
    await graph.getByRole("button", { name: "Re-send", exact: true }).click();
    // The tool's result says the same sentence as the agent's answer, so the text alone is seen one bubble early.
    await expect.poll(() => bubbles(graph).last().innerText(), { timeout: 90_000 }).toContain("It is sunny and 21 °C in Rome.");
    await expect.poll(() => bubbles(graph).count(), { timeout: 30_000 }).toBe(4);
    await graph.getByRole("button", { name: "Send", exact: true }).waitFor({ timeout: 30_000 });
    expect(await bubbles(graph).locator(".who .name").allInnerTexts()).toEqual(["You", "agent", "tools", "agent"]);
    expect(await bubbles(graph).first().innerText()).toContain("What is the weather in Rome?");
    expect(await graph.locator(".toolbar .thread").innerText()).toBe(thread);
    await shot("04-chat-edited");

    // The editor tab shows the same thread; in chat mode it is the README's picture.
    await workbench.runCommand("LangGraph: Open graph in editor");
    await page.locator(TAB).waitFor({ timeout: 60_000 });
    const tab = page.frameLocator(TAB).frameLocator("iframe#active-frame");
    await tab.getByRole("radio", { name: "Chat" }).click({ timeout: 60_000 });
    await expect.poll(() => bubbles(tab).count(), { timeout: 30_000 }).toBe(4);
    await say(tab, "And in Oslo?", "Oslo", 8);
    await bubbles(tab).nth(5).locator("summary").click();
    const tabShot = await shot("05-chat-editor-tab");
    if (kind === "js") {
      fs.mkdirSync(path.join(repoRoot, "screenshots", "readme"), { recursive: true });
      fs.copyFileSync(tabShot, path.join(repoRoot, "screenshots", "readme", "chat-mode.png"));
    }
    // Only the side panel's webview stays, so graphFrame() finds one.
    await workbench.runCommand("View: Close All Editors");
    await page.locator(TAB).waitFor({ state: "detached", timeout: 15_000 });

    // 3. Assistants (in graph mode: the banner, the Tokens tab): create through the palette (graph, name, config refused while it is not one, metadata).
    await graph.getByRole("radio", { name: "Graph" }).click();
    const client = new LangGraphClient({ apiUrl: sampleServer!.url });
    const assistants = new AssistantsPane(workbench);
    await workbench.dragSideBarEdge(520);
    await assistants.open(220);
    await expect.poll(() => assistants.rowTexts(1), { timeout: 30_000 }).toContain("agent default · v1 · used for runs");
    await workbench.runCommand("LangGraph: Create assistant");
    await workbench.pickQuickItem("agent");
    await workbench.waitForQuickInput("new assistant (1/4)", 90_000);
    await workbench.typeInput("brief");
    await workbench.waitForQuickInput("new assistant (2/4)");
    await page.locator(".quick-input-widget .quick-input-box input").fill('{"tokens": 3}');
    await expect.poll(() => workbench.quickInputText()).toContain('"tokens" is not a config key');
    await shot("06-assistant-config-refused");
    await workbench.typeInput('{"configurable": {"tokens": 3, "delay_ms": 0}}');
    await skipContext();
    await workbench.typeInput('{"owner": "e2e"}');
    await workbench.waitForNotification('created "brief" v1');
    const [created] = await client.assistants.search({ metadata: { owner: "e2e" } });
    expect(created).toMatchObject({ name: "brief", graph_id: "agent", version: 1, config: { configurable: { tokens: 3, delay_ms: 0 } } });
    await expect.poll(() => assistants.rowTexts(1), { timeout: 15_000 }).toContain("brief agent · v1 · tokens=3, delay_ms=0");

    // Edit: a new version, v2, made active.
    await workbench.runCommand("LangGraph: Edit assistant (new version)");
    await workbench.pickQuickItem("brief");
    await workbench.waitForQuickInput("edit brief", 90_000);
    await workbench.typeInput("brief");
    await workbench.waitForQuickInput("(2/4)");
    await workbench.typeInput('{"configurable": {"tokens": 5, "delay_ms": 0}}');
    await skipContext();
    await workbench.typeInput('{"owner": "e2e"}');
    await workbench.waitForNotification('made a new version of "brief" v2');
    await expect.poll(() => assistants.rowTexts(1), { timeout: 15_000 }).toContain("brief agent · v2 · tokens=5, delay_ms=0");

    // Its versions, newest first; v1 set active from its row.
    const row = assistants.row("brief");
    if ((await row.getAttribute("aria-expanded")) === "false") await row.locator(".monaco-tl-twistie").click();
    await expect.poll(() => assistants.rowTexts(2), { timeout: 15_000 }).toEqual([expect.stringMatching(/^v2 active, latest · \d\d:\d\d · tokens=5, delay_ms=0$/), expect.stringMatching(/^v1 \d\d:\d\d · tokens=3, delay_ms=0$/)]);
    await shot("07-assistant-versions");
    await assistants.rowAction(assistants.rows(2).filter({ hasText: /^v1/ }).first(), "Set active assistant version");
    await expect.poll(async () => (await client.assistants.get(created!.assistant_id)).version, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => assistants.rowTexts(1), { timeout: 15_000 }).toContain("brief agent · v1 · tokens=3, delay_ms=0");

    // Use for runs: the graph view shows it, its banner names it; Stream run offers it first.
    await assistants.rowAction(assistants.row("brief"), "Use assistant for runs");
    const view = workbench.graphFrame();
    await expect.poll(() => view.locator(".banner .assistant").textContent(), { timeout: 30_000 }).toBe("brief · v1");
    await expect.poll(() => assistants.rowTexts(1), { timeout: 15_000 }).toContain("brief agent · v1 · tokens=3, delay_ms=0 · used for runs");
    await workbench.runCommand("LangGraph: Stream run");
    await workbench.waitForQuickInput("pick an assistant");
    expect(await page.locator(".quick-input-widget .monaco-list-row").first().innerText()).toContain("used for runs");
    await workbench.pickQuickItem("brief");
    await workbench.answerRun("brief", "hello there");
    await view.getByRole("tab", { name: "Tokens" }).click();
    await expect.poll(() => view.locator(".banner").innerText(), { timeout: 90_000 }).toContain("Finished");
    const answer = (await view.getByRole("log").locator('[data-node-id="agent"]').last().innerText()).replace(/\s+/g, " ");
    expect(answer).toContain("Here is the");
    expect(answer).not.toContain("forecast");
    expect(await view.locator(".banner .assistant").textContent()).toBe("brief · v1");
    await shot("08-assistant-run-v1");
    expect(workbench.extensionHostLog()).not.toMatch(/Activating extension '?langgraph-debugger\.langgraph-debugger'? failed/i);
  }, 600_000);
});

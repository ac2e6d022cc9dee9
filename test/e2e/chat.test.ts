// End to end in a real VS Code (code-server) against the JS sample server: chat mode in the side
// panel talks to the `agent` sample for three turns on one thread, each with its weather tool call
// (folded, unfolded to its arguments), then "Edit and re-send from here" on the first message forks
// the thread and the conversation shows the new branch. The same conversation in an editor tab is
// the README's screenshot (screenshots/readme/chat-mode.png). The Python server runs the same
// driver path in test/integration/chat.test.ts. Screenshots: screenshots/e2e/chat-*.png.
import fs from "node:fs";
import path from "node:path";
import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { extensionId, repoRoot, startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench } from "./support/session";
import type { Workbench } from "./support/workbench";

const TAB = `iframe.webview.ready[src*="extensionId=${extensionId}"]:not([src*="purpose=webviewView"])`;

describe("chat mode", () => {
  let sampleServer: RunningServer | undefined;
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;

  beforeAll(async () => {
    sampleServer = await startServer("js");
    // Dark, as the README's picture is.
    codeServer = await startCodeServer({ deploymentUrl: sampleServer.url, label: "chat", settings: { "workbench.colorTheme": "Default Dark Modern" } });
    ({ browser, workbench } = await openWorkbench(codeServer));
  });

  afterAll(async () => {
    await closeSession({ browser, codeServer, sampleServer });
  });

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

  test("three turns with a tool call each, then edit and re-send forks the thread; the same chat in an editor tab", async (context) => {
    explainFailure(context, "chat-failed", () => ({ workbench, browser, sampleServer }));
    await workbench.openGraphView();
    const side = await workbench.showGraph("agent", "tools");
    // Offered once the host has read the agent's input schema (the JS server's first read takes seconds).
    await side.getByRole("radio", { name: "Chat" }).click({ timeout: 60_000 });

    await say(side, "What is the weather in Berlin?", "Berlin", 4);
    expect(await bubbles(side).locator(".who .name").allInnerTexts()).toEqual(["You", "agent", "tools", "agent"]);
    const call = bubbles(side).nth(1).locator("details");
    expect(await call.locator("summary").innerText()).toMatch(/get_weather\s*\{"city":"Berlin"\}/);
    await call.locator("summary").click();
    expect(JSON.parse(await call.getByLabel("Arguments of get_weather").innerText())).toEqual({ city: "Berlin" });
    await say(side, "And in Paris?", "Paris", 8);
    await say(side, "And in Lisbon?", "Lisbon", 12);
    const thread = await side.locator(".toolbar .thread").innerText();
    await workbench.screenshot("chat-1-three-turns");

    // Edit and re-send the first message: the thread forks before it; the conversation is the new branch.
    await bubbles(side).first().hover();
    await bubbles(side).first().getByRole("button", { name: "Edit and re-send from here" }).click();
    const box = side.getByLabel("Message", { exact: true });
    expect(await box.inputValue()).toBe("What is the weather in Berlin?");
    await box.fill("What is the weather in Rome?");
    await side.getByRole("button", { name: "Re-send", exact: true }).click();
    await expect.poll(() => bubbles(side).last().innerText(), { timeout: 90_000 }).toContain("It is sunny and 21 °C in Rome.");
    expect(await bubbles(side).count()).toBe(4);
    expect(await bubbles(side).first().innerText()).toContain("What is the weather in Rome?");
    expect(await side.locator(".toolbar .thread").innerText()).toBe(thread);
    await workbench.screenshot("chat-2-edited");

    // The editor tab shows the same thread; in chat mode it is the README's picture.
    const page = workbench.page;
    await workbench.runCommand("LangGraph: Open graph in editor");
    await page.locator(TAB).waitFor({ timeout: 60_000 });
    const tab = page.frameLocator(TAB).frameLocator("iframe#active-frame");
    await tab.getByRole("radio", { name: "Chat" }).click({ timeout: 60_000 });
    await expect.poll(() => bubbles(tab).count(), { timeout: 30_000 }).toBe(4);
    await say(tab, "And in Oslo?", "Oslo", 8);
    await bubbles(tab).nth(5).locator("summary").click();
    const shot = await workbench.screenshot("chat-3-editor-tab");
    fs.mkdirSync(path.join(repoRoot, "screenshots", "readme"), { recursive: true });
    fs.copyFileSync(shot, path.join(repoRoot, "screenshots", "readme", "chat-mode.png"));
    expect(workbench.extensionHostLog()).not.toMatch(/Activating extension '?langgraph-debugger\.langgraph-debugger'? failed/i);
  });
});

// Chat mode in real Chromium, fed the JS server's recorded agent and hitl runs: the conversation
// with each bubble's node, tool calls and results folded, the composer's keys, Stop while a run
// goes, edit and re-send, interrupts asked in the conversation, text never read as HTML, and the
// Graph | Chat switch keeping the run. Screenshots: light, dark, high contrast, a 300 px side bar
// and an editor tab.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Superstep } from "../../src/engine/model";
import type { HostDraft } from "./hostStatuses";
import type { WebviewPage } from "./harness";
import { SCREENSHOTS, fileHarness } from "./fileHarness";
import { replayFixture, SAMPLE_GRAPHS } from "./replay";
import type { ThemeName } from "./themes";

const harness = fileHarness();
const agent = replayFixture("agent");
const answerStep = agent.supersteps.at(-1)!;
const stateAfter = answerStep.stateAfter as { messages: Record<string, unknown>[] };
const question = stateAfter.messages[0];

/** A second turn written to the state at once (a thread read from history streams nothing): long prose, code, and text that looks like HTML. */
const LONG = "A long answer that has to wrap inside its bubble rather than run off the side: ".repeat(4).trim();
const SECOND: Superstep = {
  step: 6,
  ns: [],
  nodes: [{ node: "agent", taskId: "t6", ns: [], messages: [], interrupts: [] }],
  stateBefore: stateAfter,
  stateAfter: {
    messages: [
      ...stateAfter.messages,
      { id: "h2", type: "human", content: "Show me how to call it <img src=x onerror=alert(1)>" },
      { id: "a2", type: "ai", content: `${LONG}\n\n\`\`\`ts\nconst weather = await getWeather({ city: "Berlin" }); // a long line of code that scrolls rather than wraps\n\`\`\`\nThat is all.` },
    ],
  },
  diff: [],
};

async function chatOn(messages: HostDraft[], options: { theme?: ThemeName; width?: number; height?: number } = {}): Promise<WebviewPage> {
  const view = await harness.open({ width: 460, height: 820, ...options });
  await view.post(...messages, { type: "chatSupport", assistantId: "agent", takesMessages: true });
  await view.page.getByRole("radio", { name: "Chat" }).click();
  await view.until(`document.querySelector('[role="log"][aria-label="Conversation"]')`);
  return view;
}

const recordedAgent = (): HostDraft[] => agent.messages() as HostDraft[];
const bubbles = (view: WebviewPage) => view.page.locator("article.bubble");

async function shot(view: WebviewPage, name: string): Promise<void> {
  await view.settled();
  await view.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

describe("chat mode", () => {
  it("shows the recorded agent run as a conversation: each bubble's node, the tool call and its result folded, copyable", async () => {
    const view = await chatOn([...recordedAgent(), { type: "superstep", superstep: SECOND }]);
    expect(await bubbles(view).locator(".who .name").allInnerTexts()).toEqual(["You", "agent", "tools", "agent", "You", "agent"]);
    expect(await bubbles(view).first().innerText()).toContain(String(question.content));
    // The tool call: folded to its name and arguments; unfolded, the arguments as JSON.
    const call = bubbles(view).nth(1).locator("details");
    expect(await call.locator("summary").innerText()).toMatch(/get_weather\s*\{"city":"Paris"\}/);
    expect(await call.getByLabel("Arguments of get_weather").isVisible()).toBe(false);
    await call.locator("summary").click();
    expect(JSON.parse(await call.getByLabel("Arguments of get_weather").innerText())).toEqual({ city: "Paris" });
    const result = bubbles(view).nth(2).locator("details");
    expect(await result.locator("summary").innerText()).toContain("Result of get_weather");
    await result.locator("summary").click();
    await result.getByRole("button", { name: "Copy the tool result" }).click();
    expect(await view.page.locator(".toast").innerText()).toBe("Copied the tool result");
    // Text is text: the HTML in a message is shown, never made into elements.
    expect(await view.page.locator("article.bubble img").count()).toBe(0);
    expect(await bubbles(view).nth(4).innerText()).toContain("<img src=x onerror=alert(1)>");
    // Code keeps its lines (scrolls); prose wraps inside the bubble.
    const code = bubbles(view).nth(5).getByLabel("ts code");
    expect(await code.innerText()).toContain('getWeather({ city: "Berlin" })');
    const fits = await bubbles(view)
      .nth(5)
      .evaluate((b) => b.scrollWidth <= b.clientWidth + 1 && b.getBoundingClientRect().right <= (b.ownerDocument.defaultView?.innerWidth ?? 0));
    expect(fits).toBe(true);
    for (const theme of ["light", "dark", "high-contrast"] as const) {
      await view.setTheme(theme);
      await shot(view, `chat-${theme}`);
    }
  });

  it("streams tokens into the answering node's bubble, and keeps streaming while the view is in graph mode", async () => {
    const all = agent.messages(2) as HostDraft[];
    const answerTokens = all.flatMap((m, i) => (m.type === "runEvents" && m.events.some((e) => e.kind === "token" && e.text) ? [i] : []));
    const view = await chatOn(all.slice(0, answerTokens[2] + 1));
    const last = bubbles(view).last();
    expect(await last.locator(".who .name").innerText()).toBe("agent");
    expect(await last.getByLabel("streaming").count()).toBe(1);
    const early = await last.locator(".prose").innerText();
    expect(String(stateAfter.messages[3].content).startsWith(early)).toBe(true);
    // In graph mode meanwhile: the stream goes on; back in chat, the bubble has it all.
    await view.page.getByRole("radio", { name: "Graph" }).click();
    await view.post(...all.slice(answerTokens[2] + 1));
    await view.page.getByRole("radio", { name: "Chat" }).click();
    expect(await last.locator(".prose").innerText()).toBe(String(stateAfter.messages[3].content));
    expect(await view.page.getByLabel("streaming").count()).toBe(0);
    expect(await bubbles(view).count()).toBe(4);
  });

  it("fits a 300 px side bar and an editor tab", async () => {
    const assistant = { type: "assistant", assistant: { assistantId: "agent", name: "agent", graphId: "agent", version: 1, system: true } } as HostDraft;
    const narrow = await chatOn([...recordedAgent(), { type: "superstep", superstep: SECOND }, assistant], { width: 300, height: 700, theme: "dark" });
    const overflow = (await narrow.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    // The banner beside the Graph | Chat switch stays one line in every theme (high contrast's borders
    // make its buttons wider): the Form toggle sits on the status's line.
    for (const theme of ["light", "dark", "high-contrast"] as const) {
      await narrow.setTheme(theme);
      const status = await narrow.page.locator(".banner .text").boundingBox();
      const form = await narrow.page.getByRole("button", { name: "Form" }).boundingBox();
      await shot(narrow, `chat-narrow-300-${theme}`);
      // Nothing on that line drawn over its neighbour (the assistant's icon counted, not its box: a shrunk box lets the icon spill).
      const boxes = (await narrow.page.evaluate(`[...document.querySelectorAll(".banner > :not(.assistant), .banner > .assistant > :not(.assistant-name, .assistant-version)")].map((e) => { const r = e.getBoundingClientRect(); return [e.className, r.left, r.right]; }).filter(([, l, r]) => r > l)`)) as [string, number, number][];
      for (let i = 1; i < boxes.length; i++) expect(boxes[i][1], `${theme}: ${boxes[i][0]} after ${boxes[i - 1][0]}`).toBeGreaterThanOrEqual(boxes[i - 1][2]);
      expect(Math.abs((form?.y ?? 0) + (form?.height ?? 0) / 2 - ((status?.y ?? 0) + (status?.height ?? 0) / 2)), theme).toBeLessThan(6);
      await shot(narrow, `chat-narrow-300-${theme}`);
    }
    const tab = await chatOn(recordedAgent(), { width: 1100, height: 640, theme: "dark" });
    await tab.page.locator("article.bubble").nth(1).locator("summary").click();
    await shot(tab, "chat-editor-tab");
  });

  it("sends with Enter (Shift+Enter is a new line), shows the message at once, and offers Stop while the run goes", async () => {
    const view = await chatOn(recordedAgent());
    const box = view.page.getByLabel("Message", { exact: true });
    await box.click();
    await box.type("What about");
    await box.press("Shift+Enter");
    await box.type("Berlin?");
    await view.clearPosted();
    await box.press("Enter");
    expect(await view.posted()).toEqual([{ type: "chatSend", requestId: 1, text: "What about\nBerlin?" }]);
    expect(await box.inputValue()).toBe("");
    expect(await bubbles(view).last().innerText()).toContain("sending…");
    // The run starts: Send gives way to Stop, which cancels it.
    await view.post({ type: "runStarted", run: { threadId: "recorded", assistantId: "agent" }, continues: true });
    expect(await view.page.getByRole("button", { name: "Send" }).count()).toBe(0);
    await view.clearPosted();
    await view.page.getByRole("button", { name: "Stop" }).click();
    expect(await view.posted()).toEqual([{ type: "runAction", action: "cancel" }]);
    // The host could not run it: the message leaves the conversation and why is said.
    await view.post({ type: "runEnded", outcome: { status: "cancelled" } });
    await view.post({ type: "chatRefused", requestId: 1, message: "Thread is already running a task" });
    expect(await view.page.getByRole("alert").innerText()).toContain("already running");
    expect(await box.inputValue()).toBe("What about\nBerlin?");
    expect(await view.page.getByText("sending…").count()).toBe(0);
  });

  it("↑ in an empty box edits the last message: Re-send forks from before it; New thread sends on a new one", async () => {
    const view = await chatOn(recordedAgent());
    const box = view.page.getByLabel("Message", { exact: true });
    await box.click();
    await box.press("ArrowUp");
    expect(await box.inputValue()).toBe(String(question.content));
    expect(await view.page.getByText("Editing a message").isVisible()).toBe(true);
    await box.fill("What is the weather in Berlin?");
    await view.clearPosted();
    await view.page.getByRole("button", { name: "Re-send", exact: true }).click();
    expect(await view.posted()).toEqual([{ type: "chatEdit", requestId: 1, messageId: question.id, text: "What is the weather in Berlin?" }]);
    // The edit button on a message does the same.
    await bubbles(view).first().hover();
    await bubbles(view).first().getByRole("button", { name: "Edit and re-send from here" }).click();
    expect(await box.inputValue()).toBe(String(question.content));
    await view.page.getByRole("button", { name: "Cancel" }).click();

    await view.page.getByRole("button", { name: "New thread" }).click();
    expect(await bubbles(view).count()).toBe(0);
    await box.fill("Hello");
    await view.clearPosted();
    await box.press("Enter");
    expect(await view.posted()).toEqual([{ type: "chatSend", requestId: 2, text: "Hello", newThread: true }]);
  });

  it("asks a waiting interrupt in the conversation with the banner's answer cards, and switching modes keeps the run", async () => {
    const hitl = replayFixture("hitl");
    const view = await chatOn([...(hitl.messages() as HostDraft[]), { type: "chatSupport", assistantId: "hitl", takesMessages: true }]);
    const asked = view.page.getByLabel("The graph asks");
    await view.setTheme("dark");
    await shot(view, "chat-interrupt-dark");
    await asked.getByLabel("Answer as JSON").fill('"yes"');
    await view.clearPosted();
    await asked.getByRole("button", { name: /^Answer/ }).first().click();
    expect((await view.posted())[0]).toMatchObject({ type: "answerInterrupts", answers: { [hitl.outcome.status === "waiting" ? hitl.outcome.interrupts[0].id! : ""]: { json: '"yes"' } } });
    // Not asked twice: the banner leaves it to the conversation.
    expect(await view.page.locator(".banner .interrupts").count()).toBe(0);
    await view.page.getByRole("radio", { name: "Graph" }).click();
    await view.until(`document.querySelector('.graph [data-node-id="review"]')`);
    expect(await view.page.locator(".banner .interrupts").count()).toBe(1);
    await view.page.getByRole("radio", { name: "Chat" }).click();
    expect(await view.page.getByLabel("The graph asks").count()).toBe(1);
    expect(SAMPLE_GRAPHS.hitl).toBeDefined();
  });
});

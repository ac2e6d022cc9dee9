// Room for the graph, in real Chromium: node labels stay readable at any fit (at least 11 px on
// screen, truncated with the name as a tooltip rather than shrunk), the graph grows into the width
// a wider panel gives it, and the supersteps pane's state inspector is resized with its own divider.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { WebviewPage } from "./harness";
import { SCREENSHOTS, fileHarness } from "./fileHarness";
import { DEMO_GRAPH, stateMessage, startDemo, superstep } from "./scenarios";

const OUT = SCREENSHOTS;
const harness = fileHarness();

/** On-screen font size and box of every node label (terminal pills included). */
async function labelSizes(view: WebviewPage): Promise<{ id: string; px: number; width: number; truncated: boolean; title: string }[]> {
  return view.page.evaluate(`[...document.querySelectorAll(".graph [data-node-id]")].map((node) => {
    const label = node.querySelector(".label, .terminal-label");
    const k = new DOMMatrix(getComputedStyle(document.querySelector(".world")).transform).a;
    return {
      id: node.dataset.nodeId,
      px: parseFloat(getComputedStyle(label).fontSize) * k,
      width: label.getBoundingClientRect().width,
      truncated: label.scrollWidth > label.clientWidth + 1,
      title: node.getAttribute("title") ?? "",
    };
  })`);
}

const graphBox = (view: WebviewPage) =>
  view.page.locator(".world").evaluate((el) => {
    const boxes = [...el.querySelectorAll("[data-node-id]")].map((n) => n.getBoundingClientRect());
    return { width: Math.max(...boxes.map((b) => b.right)) - Math.min(...boxes.map((b) => b.left)), height: Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top)) };
  });

/** Every label is at least 11 px on screen; a screenshot to look at. */
async function expectReadable(view: WebviewPage, name: string): Promise<void> {
  const labels = await labelSizes(view);
  await view.page.screenshot({ path: join(OUT, `${name}.png`) });
  expect(labels).toHaveLength(DEMO_GRAPH.nodes.length + 1);
  for (const l of labels) expect(l.px, `${name}: ${l.id}`).toBeGreaterThanOrEqual(10.99);
}

describe("the graph in the room it is given", () => {
  it("labels stay 11 px or more at 300 px and in a wide tab; a wider panel draws the graph larger; a tab lays it out left to right", async () => {
    // Tall enough that the narrow panel's width is what bounds the graph.
    const view = await harness.open({ width: 300, height: 1100 });
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="tools"]').waitFor();
    await view.settled();
    await expectReadable(view, "labels-300");
    const narrow = await graphBox(view);
    expect(narrow.height).toBeGreaterThan(narrow.width);
    await view.page.setViewportSize({ width: 460, height: 1100 });
    await view.settled();
    expect((await graphBox(view)).width).toBeGreaterThan(narrow.width * 1.2);
    await view.page.setViewportSize({ width: 1400, height: 800 });
    // Laid out again, left to right, in the worker.
    await view.until(`(() => { const b = document.querySelector('.graph [data-node-id="tools"]').getBoundingClientRect(); const s = document.querySelector('.graph [data-node-id="__start__"]').getBoundingClientRect(); return b.left - s.left > 600; })()`);
    await view.settled();
    await expectReadable(view, "labels-1400");
    const tab = await graphBox(view);
    expect(tab.width).toBeGreaterThan(tab.height * 2);
    expect(tab.width).toBeGreaterThan(1400 * 0.7);
  });

  it("a name too long for its node at 300 px is cut short, not shrunk, and the tooltip names it", async () => {
    const long = "summarise_every_finding_of_both_researchers";
    const view = await harness.open({ width: 300, height: 600 });
    await view.post(
      { type: "graph", assistantId: "agent", graph: { nodes: [{ id: "__start__" }, { id: "a" }, { id: "b" }, { id: "c" }, { id: long }, { id: "__end__" }], edges: [{ source: "__start__", target: "a" }, { source: "__start__", target: "b" }, { source: "__start__", target: "c" }, { source: "a", target: long }, { source: "b", target: long }, { source: "c", target: long }, { source: long, target: "__end__" }] } },
    );
    await view.page.locator(`.graph [data-node-id="${long}"]`).waitFor();
    await view.settled();
    const label = (await labelSizes(view)).find((l) => l.id === long)!;
    expect(label.px).toBeGreaterThanOrEqual(10.99);
    expect(label.truncated).toBe(true);
    expect(label.title).toBe(long);
  });
});

describe("the state inspector", () => {
  const stateHeight = (view: WebviewPage) => view.page.getByRole("region", { name: /State after step/ }).evaluate((el) => el.getBoundingClientRect().height);

  for (const [width, height] of [[300, 700], [1200, 800]]) {
    it(`is resized by its own divider at ${width} px, and keeps its size in the saved state`, async () => {
      const view = await harness.open({ width, height });
      await view.post(...startDemo());
      const m0 = stateMessage("m0", "human", "What is the weather in Paris?");
      const state = { messages: [m0], notes: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`key${i}`, `value ${i}`])) };
      await view.post({ type: "superstep", superstep: superstep(0, ["prepare"], {}, state, [{ path: "messages[0]", change: "added", after: m0 }]) }, { type: "selectStep", step: 0, ns: [] });
      const divider = view.page.getByRole("separator", { name: "Resize the supersteps and the state" });
      await divider.waitFor();
      await view.page.locator('.graph [data-node-id="tools"]').waitFor();
      await view.settled();
      const before = await stateHeight(view);
      expect(before).toBeGreaterThan(40);
      const box = (await divider.boundingBox())!;
      await view.page.mouse.move(box.x + 40, box.y + 2);
      await view.page.mouse.down();
      await view.page.mouse.move(box.x + 40, box.y - 80, { steps: 4 });
      await view.page.mouse.up();
      await view.settled();
      expect(await stateHeight(view)).toBeCloseTo(before + 80, -1);
      await divider.focus();
      await view.page.keyboard.press("ArrowUp");
      await view.frames();
      const grown = await stateHeight(view);
      expect(grown).toBeCloseTo(before + 80 + 24, -1);
      await view.until("typeof window.__harness.savedState()?.inspector === 'number'");
      await view.page.screenshot({ path: join(OUT, `inspector-${width}.png`) });
      const saved = await view.page.evaluate("window.__harness.savedState()");

      const restored = await harness.open({ width, height, savedState: saved });
      await restored.post(...startDemo(), { type: "superstep", superstep: superstep(0, ["prepare"], {}, state, []) }, { type: "selectStep", step: 0, ns: [] });
      await restored.page.getByRole("region", { name: /State after step/ }).waitFor();
      await restored.page.locator('.graph [data-node-id="tools"]').waitFor();
      await restored.settled();
      expect(await stateHeight(restored)).toBeCloseTo(grown, -1);
      // A double click goes back to the default share.
      await restored.page.getByRole("separator", { name: "Resize the supersteps and the state" }).dblclick();
      await restored.settled();
      expect(await stateHeight(restored)).toBeCloseTo(before, -1);
    });
  }
});

describe("an editor tab pinned to an assistant", () => {
  it("says so when the debugger is on another assistant, offers only a new run, and ignores other assistants' breakpoints", async () => {
    const view = await harness.open({ width: 900, height: 600 });
    await view.post(...startDemo(), { type: "pinned", pin: { assistantId: "agent", title: "Graph: agent" }, following: true });
    await view.post({ type: "runEnded", outcome: { status: "paused", when: "before", nodes: ["tools"] } });
    const banner = view.page.getByRole("status");
    expect(await banner.getByRole("group", { name: "Run actions" }).getByRole("button").allInnerTexts()).toEqual(["Continue", "Step", "Edit state"]);
    expect(await view.page.getByRole("note").count()).toBe(0);

    await view.post({ type: "pinned", pin: { assistantId: "agent", title: "Graph: agent" }, following: false });
    expect(await view.page.getByRole("note").innerText()).toContain("keeps the last run of agent");
    expect(await banner.getByRole("group", { name: "Run actions" }).getByRole("button").allInnerTexts()).toEqual(["Run again"]);
    // The last run stays on screen.
    expect(await view.page.locator('.graph [data-node-id="tools"]').getAttribute("data-status")).toBe("interrupted");
    await view.post({ type: "breakpoints", breakpoints: { before: ["tools"], after: [] }, assistantId: "other" });
    expect(await view.page.locator('button[aria-label="Break before tools"]').getAttribute("aria-pressed")).toBe("false");
    await view.post({ type: "breakpoints", breakpoints: { before: ["tools"], after: [] }, assistantId: "agent" });
    expect(await view.page.locator('button[aria-label="Break before tools"]').getAttribute("aria-pressed")).toBe("true");
    await view.until("window.__harness.savedState()?.pinned?.assistantId === 'agent'");
    await view.page.screenshot({ path: join(OUT, "pinned-elsewhere.png") });
  });

  it("a tab running a thread of its own says which, and offers that run's actions", async () => {
    const view = await harness.open({ width: 300, height: 500 });
    const pin = { assistantId: "agent", title: "Graph: agent" };
    // Its own driver shows the graph before anything ran on it.
    await view.post(...startDemo().slice(0, 2), { type: "pinned", pin, following: true, own: true });
    const note = view.page.getByRole("note");
    expect(await note.innerText()).toContain("A run started here runs on a thread of this tab's own; the side panel follows the debugger.");
    await view.page.locator('.graph [data-node-id="tools"]').waitFor();
    await view.page.screenshot({ path: join(OUT, "pinned-own-idle-dark.png") });
    await view.post(startDemo()[2], { type: "runEnded", outcome: { status: "paused", when: "before", nodes: ["tools"] } });
    expect(await note.innerText()).toMatch(/This tab runs its own thread \S{1,8}; the side panel follows the debugger\./);
    expect(await note.getAttribute("title")).toMatch(/^Thread /);
    expect(await view.page.getByRole("status").getByRole("group", { name: "Run actions" }).getByRole("button").allInnerTexts()).toEqual(["Continue", "Step", "Edit state"]);
    for (const theme of ["light", "dark", "high-contrast"] as const) {
      await view.setTheme(theme);
      await view.page.screenshot({ path: join(OUT, `pinned-own-${theme}.png`) });
    }
    await view.post({ type: "pinned", pin, following: true });
    expect(await note.count()).toBe(0);
  });
});

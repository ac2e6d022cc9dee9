// How the view shares a short side panel and shows fast runs, in real Chromium: every status a
// node passes through is painted in order, the graph/panes divider, fit-to-view on resize, the
// token pane following the newest tokens, and another assistant's graph starting clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HarnessBrowser, type WebviewPage, startHarness } from "./harness";
import { scrollToTopWithPanesNextScroll } from "./sameFrameScroll";
import { ev, startDemo } from "./scenarios";

let harness: HarnessBrowser;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** Logs, in the page, every `data-status` value each graph node shows (old values included). */
async function recordStatuses(view: WebviewPage): Promise<() => Promise<Record<string, string[]>>> {
  await view.page.evaluate(`(() => {
    const log = {};
    const push = (id, s) => { const l = (log[id] ??= []); if (l.at(-1) !== s) l.push(s); };
    for (const el of document.querySelectorAll(".graph [data-node-id]")) push(el.dataset.nodeId, el.dataset.status);
    new MutationObserver((records) => {
      const olds = new Map();
      for (const r of records) olds.set(r.target, [...(olds.get(r.target) ?? []), r.oldValue]);
      for (const [el, values] of olds) for (const s of [...values.slice(1), el.dataset.status]) push(el.dataset.nodeId, s);
    }).observe(document.querySelector(".graph"), { subtree: true, attributes: true, attributeFilter: ["data-status"], attributeOldValue: true });
    window.__statusLog = log;
  })()`);
  return () => view.page.evaluate("window.__statusLog") as Promise<Record<string, string[]>>;
}

const graphHeight = (view: WebviewPage) => view.page.locator(".graph-area").evaluate((el) => el.getBoundingClientRect().height);

describe("fast runs", () => {
  it("paints every status a node passes through, even when one batch holds its whole run", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="tools"]').waitFor();
    const statuses = await recordStatuses(view);
    // One host batch: agent asks for a tool, the tool runs in 2 ms, agent runs again and fails.
    await view.post({
      type: "runEvents",
      events: [
        ev.taskStart("agent", "a1"),
        ev.taskDone("agent", "a1"),
        ev.taskStart("tools", "t1"),
        ev.taskDone("tools", "t1"),
        ev.taskStart("agent", "a2"),
        ev.taskError("agent", "a2", "Boom"),
      ],
    });
    await view.post({ type: "runEnded", outcome: { status: "failed", node: "agent", message: "Boom" } });
    const log = await statuses();
    expect(log["agent"]).toEqual(["idle", "running", "done", "running", "error"]);
    expect(log["tools"]).toEqual(["idle", "running", "done"]);
    expect(await view.page.getByRole("status").textContent()).toContain("Failed in agent");
  });

  it("starts another assistant's graph clean, even where node names repeat", async () => {
    const view = await harness.open();
    await view.post(...startDemo(), { type: "runEvents", events: [ev.taskStart("prepare", "p"), ev.taskDone("prepare", "p")] });
    await view.page.locator('.graph [data-node-id="prepare"][data-status="done"]').waitFor();
    await view.post({ type: "graph", assistantId: "other", graph: { nodes: [{ id: "__start__" }, { id: "prepare" }, { id: "__end__" }], edges: [{ source: "__start__", target: "prepare" }, { source: "prepare", target: "__end__" }] } });
    await view.page.locator('.graph [data-node-id="research_a"]').waitFor({ state: "detached" });
    expect(await view.page.locator('.graph [data-node-id="prepare"]').getAttribute("data-status")).toBe("idle");
    expect(await view.page.getByRole("log").locator("[data-node-id]").count()).toBe(0);
  });
});

describe("a short side panel", () => {
  it("sizes the graph to what it needs, lets the divider be dragged and reset, and remembers it", async () => {
    const view = await harness.open({ width: 300, height: 360 });
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="tools"]').waitFor();
    const auto = await graphHeight(view);
    // Bounded so the panes keep room: at most 55% of the space below the banner.
    expect(auto).toBeGreaterThan(100);
    expect(auto).toBeLessThan(360 * 0.56);
    const divider = view.page.getByRole("separator", { name: "Resize the graph and the run details" });
    const box = (await divider.boundingBox())!;
    await view.page.mouse.move(box.x + 50, box.y + 2);
    await view.page.mouse.down();
    await view.page.mouse.move(box.x + 50, box.y - 60, { steps: 3 });
    await view.page.mouse.up();
    await view.frames();
    expect(await graphHeight(view)).toBeCloseTo(auto - 60, -1);
    await divider.focus();
    await view.page.keyboard.press("ArrowDown");
    await view.frames();
    expect(await graphHeight(view)).toBeCloseTo(auto - 60 + 24, -1);
    await view.until("typeof window.__harness.savedState()?.split === 'number'");
    const saved = await view.page.evaluate("window.__harness.savedState()");
    await divider.dblclick();
    await view.frames();
    expect(await graphHeight(view)).toBeCloseTo(auto, 0);

    const restored = await harness.open({ width: 300, height: 360, savedState: saved });
    await restored.post(...startDemo());
    await restored.page.locator('.graph [data-node-id="tools"]').waitFor();
    expect(await graphHeight(restored)).toBeCloseTo(auto - 60 + 24, -1);
  });

  it("fits the graph to the view after layout and on resize, until the person zooms", async () => {
    const view = await harness.open({ width: 300, height: 500 });
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="tools"]').waitFor();
    const scale = async () => Number(/scale\(([\d.]+)\)/.exec((await view.page.locator(".world").getAttribute("style")) ?? "")?.[1]);
    // The first fit can be followed by another when the panes settle their split: wait until it holds.
    await view.settled();
    const narrow = await scale();
    await view.page.setViewportSize({ width: 460, height: 700 });
    await view.frames();
    await view.frames();
    const wide = await scale();
    expect(wide).toBeGreaterThan(narrow);
    await view.page.getByRole("button", { name: "Zoom in" }).click();
    await view.frames();
    const zoomed = await scale();
    await view.page.setViewportSize({ width: 300, height: 500 });
    await view.frames();
    expect(await scale()).toBe(zoomed);
    await view.page.getByRole("button", { name: "Fit to view" }).click();
    await view.frames();
    expect(await scale()).toBeCloseTo(narrow, 5);
  });

  /** A short side panel (300×360) whose tokens pane holds four streamed sections, more than it shows at once. */
  async function shortPaneWithFourSections() {
    const view = await harness.open({ width: 300, height: 360 });
    await view.post(...startDemo());
    for (const node of ["prepare", "research_a", "research_b", "agent"]) {
      await view.post({ type: "runEvents", events: [ev.token(node, `run-${node}`, `${node} says ${"word ".repeat(40)}`)] });
    }
    return { view, log: view.page.getByRole("log") };
  }

  it("keeps the section that just streamed in view, until the person scrolls", async () => {
    const { view, log } = await shortPaneWithFourSections();
    const inView = async (node: string) =>
      log.evaluate((el, section) => {
        const s = el.querySelector(section)!.getBoundingClientRect();
        const l = el.getBoundingClientRect();
        return s.bottom <= l.bottom + 1 && s.bottom > l.top;
      }, `[data-node-id="${node}"]`);
    await log.locator('[data-node-id="agent"]').waitFor();
    await expect.poll(() => inView("agent")).toBe(true);
    expect(await inView("prepare")).toBe(false);
    // An earlier section streams again: it is brought into view.
    await view.post({ type: "runEvents", events: [ev.token("prepare", "run-prepare", " and more")] });
    // The pane scrolls after the section re-renders, which can take another frame on a busy machine.
    await expect.poll(() => inView("prepare")).toBe(true);
    expect(await inView("agent")).toBe(false);
    await log.evaluate((el) => el.scrollTo({ top: 0 }));
    await view.frames();
    await view.post({ type: "runEvents", events: [ev.token("agent", "run-agent", " more")] });
    expect(await log.evaluate((el) => el.scrollTop)).toBe(0);
  });

  it("stops following when the person scrolls in the same frame as the pane", async () => {
    const { view, log } = await shortPaneWithFourSections();
    const scrolledWithPane = await scrollToTopWithPanesNextScroll(log);
    await view.post({ type: "runEvents", events: [ev.token("agent", "run-agent", ` ${"more ".repeat(40)}`)] });
    expect(await scrolledWithPane()).toBe(true);
    await view.post({ type: "runEvents", events: [ev.token("agent", "run-agent", " and more")] });
    expect(await log.evaluate((el) => el.scrollTop)).toBe(0);
  });
});

// The graph in real Chromium: layout in the worker under the strict CSP, node statuses,
// breakpoint toggles, keyboard, subgraph collapse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HarnessBrowser, startHarness } from "./harness";
import { MAX_SEAM_EDGES, SPLIT_MIN_NODES } from "../../webview/layout/split";
import { DEMO_GRAPH, ev, midRunEvents, startDemo } from "./scenarios";

/** The bit of the page's window these checks use (the root tsconfig has no DOM lib). */
interface PageWindow {
  getComputedStyle(element: unknown): { strokeDasharray: string; opacity: string };
}

let harness: HarnessBrowser;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** A view the harness opened. */
type Page = Awaited<ReturnType<HarnessBrowser["open"]>>;

async function statusOf(view: Page, id: string): Promise<string | null> {
  return view.page.locator(`.graph [data-node-id="${id}"]`).getAttribute("data-status");
}

describe("graph", () => {
  it("lays out every node and edge in the worker, with conditional edges dashed", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="agent"]').waitFor();
    const ids = await view.page.locator(".graph [data-node-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node-id")));
    expect(new Set(ids)).toEqual(new Set([...DEMO_GRAPH.nodes.map((n) => n.id), "child"]));
    expect(await view.page.locator(".graph [data-status]").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))).toEqual(ids.map(() => "idle"));
    // Accessible name is the node id.
    await expect(view.page.getByRole("button", { name: "agent", exact: true }).getAttribute("data-node-id")).resolves.toBe("agent");
    const edges = await view.page.locator("[data-edge]").evaluateAll((els) =>
      els.map((e) => [e.getAttribute("data-edge"), e.getAttribute("data-conditional"), (globalThis as unknown as PageWindow).getComputedStyle(e).strokeDasharray]),
    );
    expect(edges.map((e) => e[0]).sort()).toEqual(DEMO_GRAPH.edges.map((e) => `${e.source}->${e.target}`).sort());
    for (const [key, conditional, dash] of edges) {
      const isConditional = DEMO_GRAPH.edges.some((e) => `${e.source}->${e.target}` === key && e.conditional);
      expect(conditional, key ?? "").toBe(isConditional ? "true" : null);
      expect(dash !== "none", `${key} dashed`).toBe(isConditional);
    }
    expect(await view.violations()).toEqual([]);
  });
});

describe("a graph dropped while it is laid out", () => {
  it("says there is no graph, not 'Laying out…' forever (a replay forgets the deployment's graph before it shows its own)", async () => {
    const view = await harness.open();
    const empty = { type: "snapshot", snapshot: { breakpoints: { before: [], after: [] }, events: [], supersteps: [], statuses: {} } };
    // The graph, one frame for its layout to be asked for (a fresh page's worker takes far longer to answer), then no graph.
    await view.page.evaluate(`(async () => {
      window.__harness.post(${JSON.stringify({ type: "graph", assistantId: "agent", graph: DEMO_GRAPH })});
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
      window.__harness.post(${JSON.stringify(empty)});
    })()`);
    await view.page.getByText("No graph yet").waitFor();
    // Long enough for the dropped layout to land.
    await view.page.waitForTimeout(1_000);
    expect(await view.page.getByText("Laying out…").count()).toBe(0);
    expect(await view.page.locator(".graph [data-node-id]").count()).toBe(0);
    // The graph shown again is drawn.
    await view.post({ type: "graph", assistantId: "agent", graph: DEMO_GRAPH });
    await view.page.locator('.graph [data-node-id="agent"]').waitFor();
    expect(await view.page.getByText("Laying out…").count()).toBe(0);
  });
});

describe("pan and zoom", () => {
  it("zooms with the buttons and the wheel, pans by dragging, and fits the graph back into view", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="agent"]').waitFor();
    const transform = async () => {
      const t = (await view.page.locator(".world").getAttribute("style")) ?? "";
      const m = /translate\(([-\d.]+)px, ([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(t);
      if (!m) throw new Error(`no transform in "${t}"`);
      return { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) };
    };
    // The first fit can be followed by another when the panes settle their split: wait until it holds.
    await view.settled();
    const fitted = await transform();
    await view.page.getByRole("button", { name: "Zoom in" }).click();
    await view.frames();
    // The style attribute holds 6 significant digits: compare to 4 decimals.
    expect((await transform()).k).toBeCloseTo(fitted.k * 1.25, 4);
    await view.page.getByRole("button", { name: "Zoom out" }).click();
    await view.page.getByRole("button", { name: "Zoom out" }).click();
    await view.frames();
    expect((await transform()).k).toBeLessThan(fitted.k);
    const box = (await view.page.locator(".graph").boundingBox())!;
    await view.page.mouse.move(box.x + 20, box.y + box.height - 20);
    await view.page.mouse.wheel(0, -300);
    await view.frames();
    const zoomed = await transform();
    expect(zoomed.k).toBeGreaterThan(fitted.k * 0.8);
    await view.page.mouse.down();
    await view.page.mouse.move(box.x + 80, box.y + box.height - 60, { steps: 4 });
    await view.page.mouse.up();
    await view.frames();
    const panned = await transform();
    expect(panned.x - zoomed.x).toBeCloseTo(60, 0);
    expect(panned.y - zoomed.y).toBeCloseTo(-40, 0);
    await view.page.getByRole("button", { name: "Fit to view" }).click();
    await view.frames();
    expect(await transform()).toEqual(fitted);
  });
});

describe("node statuses", () => {
  it("follow the run: running (several at once, inside the subgraph), done, error with its message, interrupted", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="prepare"]').waitFor();
    await view.post({ type: "runEvents", events: [ev.taskStart("prepare", "tp")] });
    expect(await statusOf(view, "prepare")).toBe("running");
    await view.post({ type: "runEvents", events: midRunEvents().slice(1) });
    expect(await statusOf(view, "prepare")).toBe("done");
    expect(await statusOf(view, "research_a")).toBe("running");
    expect(await statusOf(view, "research_b")).toBe("running");
    expect(await view.page.locator('.graph [data-status="running"]').count()).toBe(2);

    // Namespaced subgraph events land on the xray node; the parent task on the compound.
    await view.post({
      type: "runEvents",
      events: [ev.taskDone("research_a", "ta"), ev.taskDone("research_b", "tb"), ev.taskStart("child", "tc", [], 3), ev.taskStart("child_step", "tcs", ["child:tc"])],
    });
    expect(await statusOf(view, "child")).toBe("running");
    expect(await statusOf(view, "child:child_step")).toBe("running");
    expect(await statusOf(view, "child:child_llm")).toBe("idle");
    // An inner node the xray graph does not have maps to the compound.
    await view.post({ type: "runEvents", events: [ev.taskDone("child_step", "tcs", ["child:tc"]), ev.taskStart("mystery", "tm", ["child:tc"])] });
    expect(await statusOf(view, "child:child_step")).toBe("done");
    expect(await statusOf(view, "child")).toBe("running");

    await view.post({ type: "runEvents", events: [ev.taskDone("mystery", "tm", ["child:tc"]), ev.taskDone("child", "tc"), ev.taskStart("agent", "tg", [], 4), ev.taskError("agent", "tg", "Boom: the model refused")] });
    expect(await statusOf(view, "child")).toBe("done");
    expect(await statusOf(view, "agent")).toBe("error");
    const agent = view.page.locator('.graph [data-node-id="agent"]');
    expect(await agent.getAttribute("title")).toContain("Boom: the model refused");
    const describedBy = await agent.getAttribute("aria-describedby");
    expect(await view.page.locator(`[id="${describedBy}"]`).textContent()).toContain("Boom: the model refused");

    await view.post({ type: "runEnded", outcome: { status: "failed", node: "agent", message: "Boom: the model refused" } });
    expect(await statusOf(view, "agent")).toBe("error");

    // A new run resets; a static breakpoint pauses before `tools`.
    await view.post({ type: "runStarted", run: { threadId: "thread-1", assistantId: "agent" } });
    expect(await view.page.locator('.graph [data-status]:not([data-status="idle"])').count()).toBe(0);
    await view.post({ type: "runEvents", events: [ev.taskStart("agent", "tg2"), ev.taskDone("agent", "tg2"), ev.update("__interrupt__", [])] });
    await view.post({ type: "runEnded", outcome: { status: "paused", when: "before", nodes: ["tools"] } });
    expect(await statusOf(view, "tools")).toBe("interrupted");
    expect(await view.page.locator('.graph [data-node-id="tools"]').getAttribute("title")).toContain("Paused before tools");

    // interrupt() inside a node: its task result carries the interrupt.
    await view.post({ type: "runStarted", run: { threadId: "thread-1", assistantId: "agent" } });
    await view.post({ type: "runEvents", events: [ev.taskStart("agent", "tg3"), ev.taskInterrupted("agent", "tg3", { question: "Approve?" })] });
    await view.post({ type: "runEnded", outcome: { status: "waiting", interrupts: [{ id: "int-1", value: { question: "Approve?" }, ns: [] }] } });
    expect(await statusOf(view, "agent")).toBe("interrupted");
    expect(await view.page.locator('.graph [data-node-id="agent"]').getAttribute("title")).toContain("Approve?");

    // Cancelled mid-node: the node did not finish, so it is marked where the run stopped, not done.
    await view.post({ type: "runStarted", run: { threadId: "thread-1", assistantId: "agent" } });
    await view.post({ type: "runEvents", events: [ev.taskStart("agent", "tg4")] });
    expect(await statusOf(view, "agent")).toBe("running");
    await view.post({ type: "runEnded", outcome: { status: "cancelled" } });
    expect(await statusOf(view, "agent")).toBe("interrupted");
    expect(await view.page.locator('.graph [data-node-id="agent"]').getAttribute("title")).toContain("Cancelled");
    expect(await view.violations()).toEqual([]);
  });
});

describe("breakpoints and keyboard", () => {
  it("asks the host for a node's source on double-click and F12, and names it for the context menu", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const agent = view.page.locator('.graph [data-node-id="agent"]');
    await agent.dblclick();
    await view.page.locator('.graph [data-node-id="tools"]').focus();
    await view.page.keyboard.press("F12");
    await view.page.locator('.graph [data-node-id="__start__"]').focus();
    await view.page.keyboard.press("F12");
    expect((await view.posted()).filter((m) => m.type === "goToSource")).toEqual([
      { type: "goToSource", node: "agent", assistantId: "agent" },
      { type: "goToSource", node: "tools", assistantId: "agent" },
    ]);
    expect(JSON.parse((await agent.getAttribute("data-vscode-context")) ?? "{}")).toEqual({ webviewSection: "graphNode", node: "agent", assistantId: "agent", preventDefaultContextMenuItems: true });
    expect(await view.page.locator('.graph [data-node-id="__start__"]').getAttribute("data-vscode-context")).toBeNull();
  });

  it("toggle buttons post toggleBreakpoint and show the host's breakpoints in aria-pressed", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const before = view.page.getByRole("button", { name: "Break before agent", exact: true });
    const after = view.page.getByRole("button", { name: "Break after agent", exact: true });
    await before.waitFor({ state: "attached" });
    expect(await before.getAttribute("aria-pressed")).toBe("false");
    await view.page.locator('.graph [data-node-id="agent"]').hover();
    expect(await before.evaluate((b) => (globalThis as unknown as PageWindow).getComputedStyle(b).opacity)).toBe("1");
    await before.click();
    await after.click();
    expect((await view.posted()).filter((m) => m.type === "toggleBreakpoint")).toEqual([
      { type: "toggleBreakpoint", node: "agent", when: "before", assistantId: "agent" },
      { type: "toggleBreakpoint", node: "agent", when: "after", assistantId: "agent" },
    ]);
    // The host owns breakpoints: the toggle reflects what it sends back.
    await view.post({ type: "breakpoints", breakpoints: { before: ["agent"], after: [] } });
    expect(await before.getAttribute("aria-pressed")).toBe("true");
    expect(await after.getAttribute("aria-pressed")).toBe("false");
    // Nodes inside subgraphs and terminals get none (run-level breakpoints are top level only).
    expect(await view.page.getByRole("button", { name: "Break before child:child_step" }).count()).toBe(0);
    expect(await view.page.getByRole("button", { name: "Break before __start__" }).count()).toBe(0);
    expect(await view.page.getByRole("button", { name: "Break before child", exact: true }).count()).toBe(1);
  });

  it("nodes take focus in layout order and Enter posts selectNode", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="agent"]').waitFor();
    const order = await view.page.locator(".graph [data-node-id]").evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute("data-node-id"), top: Math.round(e.getBoundingClientRect().top), left: e.getBoundingClientRect().left })),
    );
    // DOM order (= tab order) is top to bottom, then left to right.
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1], order[i]];
      expect(a.top < b.top || (a.top === b.top && a.left <= b.left), `${a.id} before ${b.id}`).toBe(true);
    }
    await view.page.locator('.graph [data-node-id="__start__"]').focus();
    const focused: string[] = ["__start__"];
    for (let i = 0; i < 40 && focused.length < order.length; i++) {
      await view.page.keyboard.press("Tab");
      const id = await view.page.evaluate("document.activeElement?.getAttribute('data-node-id')");
      if (typeof id === "string") focused.push(id);
    }
    expect(focused).toEqual(order.map((o) => o.id));
    await view.clearPosted();
    await view.page.locator('.graph [data-node-id="research_b"]').focus();
    await view.page.keyboard.press("Enter");
    expect(await view.posted()).toEqual([{ type: "selectNode", node: "research_b" }]);
  });
});

describe("CSP, worker and subgraphs", () => {
  it("blocks an injected inline script while the blob: worker still lays out", async () => {
    const view = await harness.open();
    await view.page.evaluate(
      "(() => { const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; document.body.append(s); })()",
    );
    await view.frames();
    expect(await view.page.evaluate("window.__inlineRan === true")).toBe(false);
    const violations = await view.violations();
    expect(violations.map((v) => v.directive)).toEqual(["script-src-elem"]);
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="tools"]').waitFor();
    expect(await view.page.locator("[data-edge]").count()).toBe(DEMO_GRAPH.edges.length);
    expect(await view.violations()).toHaveLength(1);
  });

  it("collapses a subgraph into one node without moving it on screen, and persists that", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const child = view.page.locator('.graph [data-node-id="child"]');
    await child.waitFor();
    const box = await child.boundingBox();
    const stepBox = await view.page.locator('.graph [data-node-id="child:child_step"]').boundingBox();
    await view.page.getByRole("button", { name: "Collapse subgraph child" }).click();
    await view.page.locator('.graph [data-node-id="child:child_step"]').waitFor({ state: "detached" });
    await view.frames();
    const after = await child.boundingBox();
    expect(Math.abs((after?.x ?? 0) - (box?.x ?? 0))).toBeLessThan(2);
    expect(Math.abs((after?.y ?? 0) - (box?.y ?? 0))).toBeLessThan(2);
    // Edges now end at the collapsed node.
    expect(await view.page.locator('[data-edge="research_a->child"]').count()).toBe(1);
    expect(await view.page.locator('[data-edge="child->agent"]').count()).toBe(1);
    // Inner activity shows on the collapsed node.
    await view.post({ type: "runEvents", events: [ev.taskStart("child_step", "tcs", ["child:tc"])] });
    expect(await statusOf(view, "child")).toBe("running");
    await view.until("window.__harness.savedState()?.collapsed?.includes('child')");
    const saved = (await view.page.evaluate("window.__harness.savedState()")) as { v: number; collapsed: string[]; pane: string; viewport: unknown };
    expect(saved).toMatchObject({ v: 1, collapsed: ["child"], pane: "tokens" });
    expect(saved.viewport).toBeDefined();
    // Expanded again: the same drawing comes back, from the worker's kept answer (ELK did not run: 0 ms).
    await view.page.getByRole("button", { name: "Expand subgraph child" }).click();
    await view.page.locator('.graph [data-node-id="child:child_step"]').waitFor();
    await view.frames();
    const stepAgain = await view.page.locator('.graph [data-node-id="child:child_step"]').boundingBox();
    expect(Math.abs((stepAgain?.x ?? 0) - (stepBox?.x ?? 0))).toBeLessThan(2);
    expect(Math.abs((stepAgain?.y ?? 0) - (stepBox?.y ?? 0))).toBeLessThan(2);
    expect(await view.page.evaluate('performance.getEntriesByName("graph-layout-elk", "measure").at(-1).duration')).toBe(0);
    // A new view restores the UI state: still collapsed.
    const restored = await harness.open({ savedState: saved });
    await restored.post(...startDemo());
    await restored.page.locator('.graph [data-node-id="child"]').waitFor();
    expect(await restored.page.locator('.graph [data-node-id="child:child_step"]').count()).toBe(0);
  });
});

describe("a big graph", () => {
  /** `size` nodes in a flow, each from one of the few before it, a subgraph of three every ten nodes. */
  function flow(size: number) {
    const ids = Array.from({ length: size }, (_, i) => (i % 10 >= 7 ? `sub${Math.floor(i / 10)}:step${i}` : `node${i}`));
    const edges = [{ source: "__start__", target: ids[0] }, { source: ids[size - 1], target: "__end__" }];
    for (let i = 1; i < size; i++) edges.push({ source: ids[i - 1 - (i % 3 === 0 ? Math.min(i - 1, 2) : 0)], target: ids[i] });
    return { nodes: [{ id: "__start__" }, ...ids.map((id) => ({ id })), { id: "__end__" }], edges };
  }

  interface Drawn {
    /** Each drawn node's box in graph coordinates (its wrapper's translate and size), and its top on screen. */
    nodes: { id: string; x: number; y: number; w: number; h: number; screenTop: number }[];
    edges: string[];
  }

  /** The nodes and edges in the DOM now. */
  const drawnNow = (view: Page) =>
    view.page.evaluate(`({
      nodes: [...document.querySelectorAll(".graph [data-node-id]")].map((e) => {
        const wrap = e.parentElement;
        const [x, y] = wrap.style.transform.match(/-?[\\d.]+/g).map(Number);
        return { id: e.getAttribute("data-node-id"), x, y, w: parseFloat(wrap.style.width), h: parseFloat(wrap.style.height), screenTop: e.getBoundingClientRect().top };
      }),
      edges: [...document.querySelectorAll("[data-edge]")].map((e) => e.getAttribute("data-edge")),
    })`) as Promise<Drawn>;

  /**
   * Drags the graph up a box at a time (on its background, left of the narrow fitted graph) until its
   * end is drawn; what each step drew, from the fitted view on.
   */
  async function panToEnd(view: Page): Promise<Drawn[]> {
    const box = await view.page.locator(".graph").boundingBox();
    if (!box) throw new Error("no graph box");
    const steps = [await drawnNow(view)];
    while (!steps.at(-1)?.nodes.some((n) => n.id === "__end__")) {
      if (steps.length > 60) throw new Error("the end of the graph was not drawn after 60 pans");
      await view.page.mouse.move(box.x + 20, box.y + box.height - 20);
      await view.page.mouse.down();
      await view.page.mouse.move(box.x + 20, box.y + 20, { steps: 4 });
      await view.page.mouse.up();
      await view.frames();
      steps.push(await drawnNow(view));
    }
    return steps;
  }

  it(`is laid out by two workers at once (${SPLIT_MIN_NODES}+ nodes), with no two nodes on each other; a small one by one`, async () => {
    const view = await harness.open({ width: 900, height: 900 });
    const graph = flow(SPLIT_MIN_NODES + 20);
    await view.post({ type: "graph", assistantId: "big", graph });
    await view.page.locator('.graph [data-node-id="node0"]').waitFor();
    const seamEdges = await view.page.evaluate('performance.getEntriesByName("graph-layout-elk", "measure").at(-1).detail.seamEdges');
    expect(seamEdges).toBeGreaterThanOrEqual(1);
    expect(seamEdges).toBeLessThanOrEqual(MAX_SEAM_EDGES);
    const steps = await panToEnd(view);
    const nodes = new Map(steps.flatMap((step) => step.nodes.map((n) => [n.id, n] as const)));
    const groups = new Set(graph.nodes.flatMap((n) => (n.id.includes(":") ? [n.id.split(":")[0]] : [])));
    expect(new Set(nodes.keys())).toEqual(new Set([...graph.nodes.map((n) => n.id), ...groups]));
    expect(new Set(steps.flatMap((step) => step.edges)).size).toBe(graph.edges.length);
    const leaves = [...nodes.values()].filter((n) => !groups.has(n.id));
    const onEachOther: string[] = [];
    for (let i = 0; i < leaves.length; i++) {
      for (let j = i + 1; j < leaves.length; j++) {
        const [a, b] = [leaves[i], leaves[j]];
        if (a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5) onEachOther.push(`${a.id}/${b.id}`);
      }
    }
    expect(onEachOther).toEqual([]);
    // The first worker and its helper.
    expect(view.page.workers()).toHaveLength(2);
    // A small graph: one worker, no seam.
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="agent"]').waitFor();
    expect(await view.page.evaluate('performance.getEntriesByName("graph-layout-elk", "measure").at(-1).detail ?? "whole"')).toBe("whole");
    expect(await view.violations()).toEqual([]);
  });

  it("puts only its parts on and near the screen in the DOM, shows its start when fitted, and draws the rest as it is panned to", async () => {
    const view = await harness.open({ width: 900, height: 900 });
    const graph = flow(600);
    await view.post({ type: "graph", assistantId: "big-drawn", graph });
    await view.page.locator('.graph [data-node-id="node0"]').waitFor();
    // Too tall to fit even at the smallest zoom: fitted, its top is at the top of the box, not its middle off screen.
    const box = await view.page.locator(".graph").boundingBox();
    const start = await view.page.locator('.graph [data-node-id="__start__"]').boundingBox();
    expect((start?.y ?? 0) - (box?.y ?? 0)).toBeGreaterThanOrEqual(0);
    expect((start?.y ?? 0) - (box?.y ?? 0)).toBeLessThan(40);
    const steps = await panToEnd(view);
    const [first, last] = [steps[0], steps.at(-1) as Drawn];
    expect(first.nodes.length).toBeLessThan(graph.nodes.length / 2);
    expect(first.edges.length).toBeLessThan(graph.edges.length / 2);
    expect(first.nodes.some((n) => n.id === "__end__")).toBe(false);
    // Panned to its end, its start has left the DOM.
    expect(last.nodes.some((n) => n.id === "node0")).toBe(false);
    expect(last.nodes.length).toBeLessThan(graph.nodes.length / 2);
    // What is drawn is near the screen: within two of its heights of it, at the start and at the end
    // (the graph is five or six screens tall at this zoom).
    const [top, height] = [box?.y ?? 0, box?.height ?? 0];
    for (const step of [first, last]) {
      const far = step.nodes.filter((n) => n.screenTop < top - 2 * height || n.screenTop > top + 3 * height).map((n) => n.id);
      expect(far).toEqual([]);
    }
    expect(steps.length).toBeGreaterThanOrEqual(5);
  });

  it("with its subgraphs collapsed, drawn under SPLIT_MIN_NODES: laid out whole by one worker, and no helper is started", async () => {
    // 30 % of the nodes are in subgraphs of three: collapsed, 440 nodes draw as 308 + 44 boxes + 2 ends.
    const graph = flow(SPLIT_MIN_NODES + 40);
    const groups = [...new Set(graph.nodes.flatMap((n) => (n.id.includes(":") ? [n.id.split(":")[0]] : [])))];
    const view = await harness.open({ width: 900, height: 900, savedState: { v: 1, collapsed: groups, pane: "tokens" } });
    await view.post({ type: "graph", assistantId: "big-collapsed", graph });
    const drawn = graph.nodes.length - 3 * groups.length + groups.length;
    expect(drawn).toBeLessThan(SPLIT_MIN_NODES);
    await view.until(`document.querySelector('.graph [data-node-id="node0"]') !== null && performance.getEntriesByName("graph-layout-elk", "measure").length === 1`);
    const steps = await panToEnd(view);
    expect(new Set(steps.flatMap((step) => step.nodes.map((n) => n.id))).size).toBe(drawn);
    expect(await view.page.locator(`.graph [data-node-id="${groups.at(-1)}"]`).count()).toBe(1);
    expect(await view.page.evaluate('performance.getEntriesByName("graph-layout-elk", "measure").at(-1).detail ?? "whole"')).toBe("whole");
    expect(view.page.workers()).toHaveLength(1);
  });
});

describe("a view made again (its side bar shown again)", () => {
  const boxOf = (view: Page, id: string) => view.page.locator(`.graph [data-node-id="${id}"]`).boundingBox();
  const marks = (view: Page) =>
    view.page.evaluate(`[performance.getEntriesByName("graph-layout-kept").length, performance.getEntriesByName("graph-layout", "measure").length]`) as Promise<[number, number]>;
  /** Opens a view on `saved`, posts the demo graph, and waits until it is drawn. */
  async function drawnFrom(saved: unknown): Promise<Page> {
    const view = await harness.open({ savedState: saved });
    await view.post(...startDemo());
    await view.page.locator('.graph [data-node-id="child:child_step"]').waitFor();
    return view;
  }

  it("draws the graph it drew before at once from its saved state; another build's layout, a corrupt one or another graph goes to the worker", async () => {
    const first = await harness.open();
    await first.post(...startDemo());
    await first.page.locator('.graph [data-node-id="child:child_step"]').waitFor();
    await first.until("window.__harness.savedState()?.layout?.geometry?.nodes?.length > 0");
    const saved = (await first.page.evaluate("window.__harness.savedState()")) as { layout: { key: string; geometry: { nodes: unknown[] } } };
    const step = await boxOf(first, "child:child_step");

    // The same graph: drawn from the kept layout, where it was, with no round trip to the worker.
    const again = await drawnFrom(saved);
    expect(await marks(again)).toEqual([1, 0]);
    const stepAgain = await boxOf(again, "child:child_step");
    expect(Math.abs((stepAgain?.x ?? 0) - (step?.x ?? 0))).toBeLessThan(1);
    expect(Math.abs((stepAgain?.y ?? 0) - (step?.y ?? 0))).toBeLessThan(1);
    // Another graph in the same view: the worker lays it out.
    await again.post({ type: "graph", assistantId: "fanout", graph: { nodes: [{ id: "__start__" }, { id: "split" }, { id: "__end__" }], edges: [{ source: "__start__", target: "split" }, { source: "split", target: "__end__" }] } });
    await again.page.locator('.graph [data-node-id="split"]').waitFor();
    expect(await marks(again)).toEqual([1, 1]);

    // A layout kept by another build of the extension (another worker URL), or one that is not a layout: the worker's.
    const otherBuild = { ...saved, layout: { ...saved.layout, key: saved.layout.key.replace(/^[^\n]*/, "https://elsewhere/layout-worker.js") } };
    const corrupt = { ...saved, layout: { ...saved.layout, geometry: { ...saved.layout.geometry, nodes: [{ id: 1 }] } } };
    for (const state of [otherBuild, corrupt]) {
      const view = await drawnFrom(state);
      expect(await marks(view)).toEqual([0, 1]);
      expect(Math.abs(((await boxOf(view, "child:child_step"))?.y ?? 0) - (step?.y ?? 0))).toBeLessThan(1);
    }
    expect(await first.violations()).toEqual([]);
  });

  it("a new view draws a graph another view laid out at once, from the layouts the host kept; it gives the host each small layout it makes", async () => {
    // The first view (a side panel) lays the graph out in its worker and gives the layout to the host.
    const first = await harness.open();
    await first.post(...startDemo());
    await first.page.locator('.graph [data-node-id="child:child_step"]').waitFor();
    await first.until("window.__harness.posted.some((m) => m.type === 'layoutKept')");
    const kept = await first.layoutsKept();
    expect(kept).toHaveLength(1);
    expect((kept[0].geometry as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toContain("child:child_step");
    const step = await boxOf(first, "child:child_step");

    // A new view with no saved state (an editor tab, another window): the host's layouts come before the graph.
    const tab = await harness.open();
    const unrelated = { key: "https://elsewhere/layout-worker.js\n[]", geometry: kept[0].geometry };
    const broken = { key: kept[0].key, geometry: { nodes: "not a layout" } };
    await tab.post({ type: "keptLayouts", layouts: [unrelated, broken, kept[0]] }, ...startDemo());
    await tab.page.locator('.graph [data-node-id="child:child_step"]').waitFor();
    expect(await marks(tab)).toEqual([1, 0]);
    expect(Math.abs(((await boxOf(tab, "child:child_step"))?.y ?? 0) - (step?.y ?? 0))).toBeLessThan(1);

    // Only a broken layout under the key: the worker lays the graph out, and the view gives the host its layout.
    const other = await harness.open();
    await other.post({ type: "keptLayouts", layouts: [broken] }, ...startDemo());
    await other.page.locator('.graph [data-node-id="child:child_step"]').waitFor();
    expect(await marks(other)).toEqual([0, 1]);
    await other.until("window.__harness.posted.some((m) => m.type === 'layoutKept')");
    expect(await tab.violations()).toEqual([]);
  });
});

describe("breakpoint dots", () => {
  /** Screen boxes, opacity and mark colours of a node's two dots, and the node's own box. */
  async function dots(view: Page, id: string) {
    const node = (await view.page.locator(`.graph [data-node-id="${id}"]`).boundingBox())!;
    const read = (when: "before" | "after") =>
      view.page.getByRole("button", { name: `Break ${when} ${id}`, exact: true }).evaluate((b) => {
        const win = globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string; backgroundColor: string; borderTopColor: string } };
        const r = (b as unknown as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }).getBoundingClientRect();
        const dot = win.getComputedStyle((b as unknown as { firstElementChild: unknown }).firstElementChild);
        return { x: r.x, y: r.y, width: r.width, height: r.height, opacity: win.getComputedStyle(b).opacity, fill: dot.backgroundColor, ring: dot.borderTopColor, title: (b as unknown as { title: string }).title };
      });
    return { node, before: await read("before"), after: await read("after") };
  }

  // 300 px: a narrow panel fits the graph smallest, where the dots must grow back to stay hittable.
  for (const width of [300]) {
    it(`set dots show without hovering, are at least 14 px to hit, and tell before (top, filled) from after (bottom, ring), at ${width} px`, async () => {
      const view = await harness.open({ width });
      await view.post(...startDemo(), { type: "breakpoints", breakpoints: { before: ["agent"], after: ["agent", "tools"] } });
      await view.page.locator('.graph [data-node-id="tools"]').waitFor();
      await view.settled();
      await view.page.mouse.move(1, 1);
      await view.frames();
      const agent = await dots(view, "agent");
      const tools = await dots(view, "tools");
      for (const dot of [agent.before, agent.after, tools.after]) {
        expect(dot.opacity, dot.title).toBe("1");
        expect(Math.min(dot.width, dot.height), dot.title).toBeGreaterThanOrEqual(14);
      }
      // An unset dot stays out of the way until the node is hovered.
      expect(tools.before.opacity).toBe("0");
      // Before sits on the node's top edge, after on its bottom edge.
      expect(Math.abs(agent.before.y + agent.before.height / 2 - agent.node.y)).toBeLessThan(3);
      expect(Math.abs(agent.after.y + agent.after.height / 2 - (agent.node.y + agent.node.height))).toBeLessThan(3);
      // Before is a filled dot, after a ring of the same colour around the background.
      expect(agent.before.fill).toBe(agent.before.ring);
      expect(agent.after.fill).not.toBe(agent.after.ring);
      expect(agent.after.ring).toBe(agent.before.ring);
      expect(agent.before.title).toBe("Break before agent — click to remove");
      expect(tools.before.title).toBe("Break before tools — click to add");
      await view.page.locator('.graph [data-node-id="tools"]').hover();
      await view.frames();
      expect((await dots(view, "tools")).before.opacity).toBe("1");
      expect(await view.violations()).toEqual([]);
    });
  }
});

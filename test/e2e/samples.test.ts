// Every sample graph run end to end in a real VS Code (code-server) on both LangGraph servers:
// Stream run from the palette while a MutationObserver inside the graph webview records each
// node's `data-status` as it is painted, then the token sections, the supersteps and their diffs.
// One code-server for the whole file: the first server kind starts beside it, each later one in its
// describe, reached with "Switch deployment" (the slow runs' keybindings are written before it loads).
import fs from "node:fs";
import path from "node:path";
import type { FrameLocator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import type { RunningCodeServer } from "./support/codeServer";
import type { Workbench } from "./support/workbench";
import { closeSession, explainFailure as explainFailureWith, openWorkbench, startSampleAndCodeServer } from "./support/session";

/**
 * Slow runs, each bound to a key: "LangGraph: Stream run" with args, as a keybinding passes them.
 * `delayMs` is the samples' `configurable.delay_ms`: the model's pause per token, and a quarter
 * of each fanout branch's sleep, so a run takes a few seconds to watch.
 */
const SLOW_RUNS: Record<string, { key: string; playwrightKey: string; delayMs: number; input: unknown }> = {
  agent: { key: "ctrl+alt+shift+1", playwrightKey: "Control+Alt+Shift+Digit1", delayMs: 120, input: "What is the weather in Paris?" },
  fanout: { key: "ctrl+alt+shift+2", playwrightKey: "Control+Alt+Shift+Digit2", delayMs: 500, input: { topic: "e2e fan-out" } },
  // The Python twin's input schema requires `steps` (the JS one defaults it), so give it on both.
  nested: {
    key: "ctrl+alt+shift+3",
    playwrightKey: "Control+Alt+Shift+Digit3",
    delayMs: 120,
    input: { messages: [{ role: "user", content: "Hello from the nested e2e test" }], steps: [] },
  },
};

/** The deployment's assistant ids by graph id. */
async function assistantIds(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/assistants/search`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const assistants = (await response.json()) as { assistant_id: string; graph_id: string }[];
  return Object.fromEntries(assistants.map((a) => [a.graph_id, a.assistant_id]));
}

/** User keybindings (read when the workbench loads) that start the slow runs on a new thread. */
function writeSlowRunKeybindings(userDataDir: string, ids: Record<string, string>): void {
  const bindings = Object.entries(SLOW_RUNS).map(([graphId, run]) => ({
    key: run.key,
    command: "langgraphDebugger.streamRun",
    args: { assistantId: ids[graphId], threadId: "new", input: run.input, config: { configurable: { delay_ms: run.delayMs } } },
  }));
  fs.writeFileSync(path.join(userDataDir, "User", "keybindings.json"), JSON.stringify(bindings, null, 2));
}

let sampleServer: RunningServer | undefined;
let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;
/** The assistant ids the slow runs' keybindings name (read from the first server kind). */
let keyboundIds: Record<string, string>;

beforeAll(async () => {
  ({ sampleServer, codeServer } = await startSampleAndCodeServer((port) => startServer(SERVER_KINDS[0], { port }), { label: "samples" }));
  keyboundIds = await assistantIds(sampleServer.url);
  writeSlowRunKeybindings(codeServer.userDataDir, keyboundIds);
  ({ browser, workbench } = await openWorkbench(codeServer));
  await workbench.openGraphView();
});

afterAll(async () => {
  await closeSession({ browser, codeServer, sampleServer });
});

for (const kind of SERVER_KINDS) {
  describe(`sample graphs on the ${kind} server`, () => {
    beforeAll(async () => {
      if (sampleServer) return;
      sampleServer = await startServer(kind);
      // Both servers derive a graph's default assistant id from the graph id, so the keybindings written
      // for the first kind run this kind's assistants too.
      const ids = await assistantIds(sampleServer.url);
      for (const graphId of Object.keys(SLOW_RUNS)) {
        if (ids[graphId] !== keyboundIds[graphId]) throw new Error(`the ${kind} server's ${graphId} is ${ids[graphId]}, the keybinding runs ${keyboundIds[graphId]}`);
      }
      await workbench.switchDeployment(sampleServer.url);
      await workbench.runCommand("Notifications: Clear All Notifications");
    });

    afterAll(async () => {
      await sampleServer?.stop();
      sampleServer = undefined;
    });

    function explainFailure(context: TestContext, name: string): void {
      explainFailureWith(context, `failed-samples-${kind}-${name}`, () => ({ workbench, browser, sampleServer }));
    }

    /**
     * Shows the graph, starts recording statuses, streams a run and waits for `outcome` in the banner.
     * With a string input: Stream run from the palette (default, quick model). Otherwise the
     * slow run's keybinding (Stream run with args and `configurable.delay_ms`), and a screenshot
     * once `midRun` is on screen.
     */
    async function run(graphId: string, firstNode: string, input: string | { midRun: string }, outcome: string): Promise<StatusLog> {
      const graph = await workbench.showGraph(graphId, firstNode);
      await graph.getByRole("tab", { name: "Tokens" }).click();
      await recordStatuses(graph);
      if (typeof input === "string") {
        await workbench.streamRun(graphId, input);
      } else {
        // Keys go to the workbench (the webview would forward them too).
        await workbench.page.locator(".part.editor").click();
        await workbench.page.keyboard.press(SLOW_RUNS[graphId].playwrightKey);
        await graph.locator(input.midRun).first().waitFor({ timeout: 60_000 });
      }
      await workbench.screenshot(`samples-${kind}-${graphId}-1-mid-run`);
      await graph.getByRole("status").filter({ hasText: outcome }).waitFor({ timeout: 90_000 });
      await workbench.screenshot(`samples-${kind}-${graphId}-2-end`);
      return readStatusLog(graph);
    }

    /** Opens the Supersteps tab and returns the top-level steps' numbers, in order. */
    async function rootSteps(): Promise<number[]> {
      const graph = workbench.graphFrame();
      await graph.getByRole("tab", { name: "Supersteps" }).click();
      await graph.locator("[data-step]").first().waitFor();
      return graph.locator("[data-step]:not([data-ns])").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-step"))));
    }

    /** The diff rows (`path change`) of the top-level step `step`. */
    async function diffOf(step: number): Promise<string[]> {
      const entry = workbench.graphFrame().locator(`[data-step="${step}"]:not([data-ns])`);
      return entry.locator("[data-path][data-change]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-path")} ${e.getAttribute("data-change")}`));
    }

    async function tokensOf(nodeId: string): Promise<string> {
      const graph = workbench.graphFrame();
      await graph.getByRole("tab", { name: "Tokens" }).click();
      // Rows wrap at the pane's width: compare the text, not the line breaks.
      return (await graph.getByRole("log").locator(`[data-node-id="${nodeId}"]`).first().innerText()).replace(/\s+/g, " ");
    }

    test("agent: agent runs, then tools, then agent again; tokens under each; one step per node run", async (context) => {
      explainFailure(context, "agent");
      const log = await run("agent", "agent", { midRun: '[role=log] [data-node-id="agent"]:has-text("forecast")' }, "Finished");
      expect(log.statuses("agent")).toEqual(["idle", "running", "done", "running", "done"]);
      expect(log.statuses("tools")).toEqual(["idle", "running", "done"]);
      const [agentStart, agentDone, agentAgain, agentEnd] = log.times("agent");
      const [toolsStart, toolsDone] = log.times("tools");
      expect(agentStart).toBeLessThan(agentDone);
      expect(agentDone).toBeLessThanOrEqual(toolsStart);
      expect(toolsStart).toBeLessThan(toolsDone);
      expect(toolsDone).toBeLessThanOrEqual(agentAgain);
      expect(agentAgain).toBeLessThan(agentEnd);

      const agentTokens = await tokensOf("agent");
      expect(agentTokens).toContain("get_weather");
      expect(agentTokens).toContain('"city":"Paris"');
      expect(agentTokens).toContain("Here is the forecast");
      expect(await tokensOf("tools")).toContain("sunny");
      expect(await rootSteps()).toEqual([-1, 0, 1, 2, 3]);
      expect(await diffOf(1)).toEqual(["messages[1] added"]);
      expect(await diffOf(2)).toEqual(["messages[2] added"]);
      expect(await diffOf(3)).toEqual(["messages[3] added"]);
      await workbench.screenshot(`samples-${kind}-agent-3-supersteps`);
    });

    test("fanout: left and right run at once after split, join after both", async (context) => {
      explainFailure(context, "fanout");
      const log = await run("fanout", "split", { midRun: '.graph [data-node-id="right"][data-status="running"]' }, "Finished");
      for (const node of ["split", "left", "right", "join"]) expect(log.statuses(node), node).toEqual(["idle", "running", "done"]);
      const [, splitDone] = log.times("split");
      const [leftStart, leftDone] = log.times("left");
      const [rightStart, rightDone] = log.times("right");
      const [joinStart] = log.times("join");
      expect(splitDone).toBeLessThanOrEqual(Math.min(leftStart, rightStart));
      // Both branches were on screen as running at the same moment.
      expect(Math.max(leftStart, rightStart)).toBeLessThan(Math.min(leftDone, rightDone));
      expect(joinStart).toBeGreaterThanOrEqual(Math.max(leftDone, rightDone));

      const steps = await rootSteps();
      expect(steps).toEqual([-1, 0, 1, 2, 3]);
      expect(await diffOf(2)).toEqual(["results[0] added", "results[1] added"]);
      expect(await diffOf(3)).toEqual(["summary added"]);
      await workbench.screenshot(`samples-${kind}-fanout-3-supersteps`);
    });

    test("nested: child_step then child_llm run inside the child subgraph, tokens under child:child_llm", async (context) => {
      explainFailure(context, "nested");
      const log = await run("nested", "prepare", { midRun: '[role=log] [data-node-id="child:child_llm"]:has-text("said")' }, "Finished");
      for (const node of ["prepare", "child", "child:child_step", "child:child_llm", "finish"]) {
        expect(log.statuses(node), node).toEqual(["idle", "running", "done"]);
      }
      const [childStart, childDone] = log.times("child");
      const [stepStart, stepDone] = log.times("child:child_step");
      const [llmStart, llmDone] = log.times("child:child_llm");
      expect(log.times("prepare")[1]).toBeLessThanOrEqual(childStart);
      expect(childStart).toBeLessThanOrEqual(stepStart);
      expect(stepDone).toBeLessThanOrEqual(llmStart);
      expect(llmDone).toBeLessThanOrEqual(childDone);
      expect(childDone).toBeLessThanOrEqual(log.times("finish")[0]);

      expect(await tokensOf("child:child_llm")).toContain("You said: Hello from the nested e2e test");
      expect(await rootSteps()).toEqual([-1, 0, 1, 2, 3]);
      const graph = workbench.graphFrame();
      // The subgraph's own steps are listed under its namespace.
      const inner = await graph.locator("[data-step][data-ns]").allInnerTexts();
      expect(inner.some((t) => t.includes("child_step"))).toBe(true);
      expect(inner.some((t) => t.includes("child_llm"))).toBe(true);
      expect(await diffOf(1)).toContain("steps[0] added");
      expect(await diffOf(3)).toContain("steps[1] added");
      // child_step's custom progress events (config.writer / get_stream_writer), in its step.
      const custom = (await graph.locator("[data-step][data-ns] .custom-event").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
      expect(custom).toEqual([1, 2, 3].map((n) => `child_step ${n}/3 · from: child_step`));
      await workbench.screenshot(`samples-${kind}-nested-3-supersteps`);

      // Ctrl+F reaches the webview's find box through VS Code's key handling.
      await graph.locator(".timeline").first().click({ position: { x: 4, y: 4 } });
      await workbench.page.keyboard.press("Control+f");
      const find = graph.getByRole("search", { name: "Find in supersteps" });
      await find.getByRole("textbox").fill("from: child_step");
      await expect.poll(() => find.innerText()).toContain("1 of 3");
      await workbench.page.keyboard.press("Escape");
      await find.waitFor({ state: "detached" });

      // Copying works in VS Code's webview frame: a step as JSON, pasted back into the palette's input.
      const stepOne = graph.locator('[data-step="1"]:not([data-ns])');
      await stepOne.locator(".head-row").hover();
      await stepOne.getByRole("button", { name: "Copy step 1 as JSON" }).click();
      await graph.locator(".toast", { hasText: "Copied step 1 as JSON" }).waitFor();
      await workbench.openPalette();
      const input = workbench.page.locator(".quick-input-widget .quick-input-box input");
      await input.fill("");
      await workbench.page.keyboard.press("Control+V");
      await expect.poll(() => input.inputValue()).toMatch(/"step": 1,/);
      await workbench.page.keyboard.press("Escape");

      // The node inspector: its last run, with the custom events; Escape closes it.
      await graph.locator('.graph [data-node-id="child:child_step"]').click();
      const inspector = graph.getByRole("dialog", { name: "child:child_step" });
      await expect.poll(() => inspector.innerText()).toMatch(/Step 1 in child[\s\S]*3\/3 · from: child_step/);
      await workbench.screenshot(`samples-${kind}-nested-4-inspector`);
      await workbench.page.keyboard.press("Escape");
      await inspector.waitFor({ state: "detached" });
    });

    test("hitl: draft, then review waits for input", async (context) => {
      explainFailure(context, "hitl");
      const log = await run("hitl", "draft", "e2e reviews", "Waiting for input");
      expect(log.statuses("draft")).toEqual(["idle", "running", "done"]);
      expect(log.statuses("review")).toEqual(["idle", "running", "interrupted"]);
      expect(log.statuses("publish")).toEqual(["idle"]);
      expect(log.times("draft")[1]).toBeLessThanOrEqual(log.times("review")[0]);
      const graph = workbench.graphFrame();
      expect(await graph.getByRole("status").innerText()).toContain("Approve this draft?");
      expect(await graph.locator('.graph [data-node-id="review"]').getAttribute("title")).toContain("Waiting for input");
      const steps = await rootSteps();
      expect(steps.slice(0, 3)).toEqual([-1, 0, 1]);
      expect(new Set(steps).size).toBe(steps.length);
      expect(await diffOf(1)).toEqual(expect.arrayContaining(["draft_text added"]));
      await workbench.screenshot(`samples-${kind}-hitl-3-supersteps`);
    });

    test("broken: explode fails with its message on the node, the banner says Failed", async (context) => {
      explainFailure(context, "broken");
      const log = await run("broken", "explode", "break it", "Failed");
      expect(log.statuses("prepare")).toEqual(["idle", "running", "done"]);
      expect(log.statuses("explode")).toEqual(["idle", "running", "error"]);
      expect(log.times("prepare")[1]).toBeLessThanOrEqual(log.times("explode")[0]);
      const graph = workbench.graphFrame();
      expect(await graph.getByRole("status").innerText()).toMatch(/Failed in explode[\s\S]*Boom/);
      const explode = graph.locator('.graph [data-node-id="explode"]');
      // Hover shows the message as the tooltip; focus reads it out through aria-describedby.
      expect(await explode.getAttribute("title")).toContain("Boom: the explode node failed on purpose");
      await explode.focus();
      const describedBy = await explode.getAttribute("aria-describedby");
      expect(describedBy).toBeTruthy();
      expect(await graph.locator(`[id="${describedBy}"]`).textContent()).toContain("Boom");
      await workbench.screenshot(`samples-${kind}-broken-3-focused`);
      const steps = await rootSteps();
      expect(steps.slice(0, 3)).toEqual([-1, 0, 1]);
      expect(await diffOf(1)).toEqual(["prepared added"]);
      expect(await graph.locator("[data-step] .error").first().innerText()).toContain("explode");
    });
  });
}

/** Each node's painted statuses, in order, with when each appeared (ms since recording started). */
interface StatusLog {
  statuses(node: string): string[];
  /** When each status after the first appeared. */
  times(node: string): number[];
}

type StatusEntry = { t: number; node: string; status: string };

/** The few DOM shapes the in-page recorder uses (the root tsconfig has no DOM lib). */
interface ElementLike {
  nodeType: number;
  parentElement: ElementLike | null;
  getAttribute(name: string): string | null;
  closest(selector: string): ElementLike | null;
  querySelectorAll(selector: string): Iterable<ElementLike>;
}
interface MutationLike {
  type: string;
  target: ElementLike;
  oldValue: string | null;
  addedNodes: Iterable<ElementLike>;
}
interface PageGlobals {
  MutationObserver: new (callback: (records: MutationLike[]) => void) => { observe(target: unknown, options: object): void };
  __lgdStatusLog: StatusEntry[];
}

/**
 * Starts a MutationObserver in the webview that logs every `data-status` a graph node shows.
 * Old values rebuild changes that land in one batch; a node drawn later is logged as it appears.
 */
async function recordStatuses(graph: FrameLocator): Promise<void> {
  await graph.locator("body").evaluate((body) => {
    const page = globalThis as unknown as PageGlobals;
    const entries: StatusEntry[] = [];
    const last = new Map<string, string>();
    const t0 = performance.now();
    const note = (node: string | null, status: string | null, t: number) => {
      if (!node || !status || last.get(node) === status) return;
      last.set(node, status);
      entries.push({ t, node, status });
    };
    const noteAll = (root: ElementLike, t: number) => {
      for (const el of root.querySelectorAll(".graph [data-node-id][data-status]")) note(el.getAttribute("data-node-id"), el.getAttribute("data-status"), t);
    };
    noteAll(body as unknown as ElementLike, 0);
    new page.MutationObserver((records) => {
      const t = performance.now() - t0;
      const olds = new Map<ElementLike, (string | null)[]>();
      for (const r of records) {
        if (r.type === "attributes" && r.target.closest(".graph")) {
          olds.set(r.target, [...(olds.get(r.target) ?? []), r.oldValue]);
        } else if (r.type === "childList") {
          for (const added of r.addedNodes) if (added.nodeType === 1) noteAll(added.parentElement ?? added, t);
        }
      }
      for (const [el, values] of olds) {
        const node = el.getAttribute("data-node-id");
        for (const status of [...values.slice(1), el.getAttribute("data-status")]) note(node, status, t);
      }
    }).observe(body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"], attributeOldValue: true });
    page.__lgdStatusLog = entries;
  });
}

async function readStatusLog(graph: FrameLocator): Promise<StatusLog> {
  const entries = await graph.locator("body").evaluate(() => (globalThis as unknown as PageGlobals).__lgdStatusLog.slice());
  const of = (node: string) => entries.filter((e) => e.node === node);
  return {
    statuses: (node) => of(node).map((e) => e.status),
    times: (node) => of(node).slice(1).map((e) => e.t),
  };
}

// End to end in a real VS Code (code-server) against the JS sample server: graph tabs that run their
// own threads. Two assistants are made slow through their config (agent and fanout); a user's
// keybindings.json opens each one's tab, the assistant's id as the command's argument (the palette
// cannot pass one). Run from each tab's banner runs that tab's assistant on a thread of the tab's own:
// both run at once, each tab draws its own statuses, the Threads view spins both threads, and the
// side panel stays on the assistant the debugger shows. Then Export from a tab's toolbar writes SVG,
// PNG and Mermaid files, checked against the server's graph. Screenshots: screenshots/e2e/graphTabs-*.png.
import fs from "node:fs";
import path from "node:path";
import type { Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { extensionId, startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench } from "./support/session";
import type { Workbench } from "./support/workbench";

const SIDE = `iframe.webview.ready[src*="extensionId=${extensionId}"][src*="purpose=webviewView"]`;
const AGENT_TAB = "Graph: Slow agent (agent)";
const FANOUT_TAB = "Graph: Slow fanout (fanout)";

interface ServerGraph {
  nodes: { id: string }[];
  edges: { source: string; target: string }[];
}

/** Makes an assistant of a sample graph whose runs are slow (its config is every run's). */
async function slowAssistant(url: string, graphId: string, name: string, configurable: object): Promise<string> {
  const response = await fetch(`${url}/assistants`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ graph_id: graphId, name, config: { configurable } }) });
  if (!response.ok) throw new Error(`POST /assistants: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { assistant_id: string }).assistant_id;
}

describe("graph tabs that run their own threads", () => {
  let sampleServer: RunningServer | undefined;
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;
  let agentId: string;

  beforeAll(async () => {
    sampleServer = await startServer("js");
    // Slow enough to see both at once on a loaded machine (the agent's run is started about 3–10 s after
    // fanout's): the agent streams 60 tokens 150 ms apart; fanout's branches wait 20 s.
    agentId = await slowAssistant(sampleServer.url, "agent", "Slow agent", { delay_ms: 150, tokens: 60 });
    const fanoutId = await slowAssistant(sampleServer.url, "fanout", "Slow fanout", { delay_ms: 5000 });
    const keybindings = [
      { key: "ctrl+alt+1", command: "langgraphDebugger.openGraphInEditor", args: agentId },
      { key: "ctrl+alt+2", command: "langgraphDebugger.openGraphInEditor", args: fanoutId },
    ];
    codeServer = await startCodeServer({ deploymentUrl: sampleServer.url, label: "graphTabs", keybindings });
    ({ browser, workbench } = await openWorkbench(codeServer));
  });

  afterAll(async () => {
    await closeSession({ browser, codeServer, sampleServer });
  });

  /** The document of the graph tab titled `title` (its page title is the tab's). */
  async function tabFrame(title: string): Promise<Frame> {
    let found: Frame | undefined;
    await expect
      .poll(
        async () => {
          for (const frame of workbench.page.frames()) if ((await frame.title().catch(() => "")) === title) found = frame;
          return found !== undefined;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    return found!;
  }

  /** Presses a keybinding of the workbench (not of a webview) and waits for the tab it opens. */
  async function openTabByKey(key: string, title: string): Promise<Frame> {
    // Focus in the workbench: the editor area's top left (its watermark, or the tab bar).
    await workbench.page.locator(".part.editor").click({ position: { x: 10, y: 10 } });
    await workbench.page.keyboard.press(key);
    await workbench.page.locator(".tabs-container .tab", { hasText: title.replace(/^Graph: /, "") }).waitFor({ timeout: 30_000 });
    return tabFrame(title);
  }

  const threadsPane = () => workbench.page.locator(".sidebar .pane", { hasText: "Threads" }).last();

  test("two tabs, opened by keybindings with an assistant each, run their own threads at once; the side panel stays", async (context) => {
    explainFailure(context, "graphTabs-failed", () => ({ workbench, browser, sampleServer }));
    const page = workbench.page;
    await workbench.openGraphView();
    await workbench.showGraph("hitl", "review");
    // A taller Threads pane, as a person would drag it, so both running threads are drawn.
    await workbench.dragPaneHeader("Threads", -150);
    const side = page.frameLocator(SIDE).frameLocator("iframe#active-frame");
    await side.locator('.graph [data-node-id="review"]').waitFor({ timeout: 60_000 });

    const agent = await openTabByKey("Control+Alt+1", AGENT_TAB);
    const fanout = await openTabByKey("Control+Alt+2", FANOUT_TAB);
    // Side by side: the fanout tab to a group of its own on the right.
    await workbench.runCommand("View: Move Editor into Right Group");
    await agent.locator('.graph [data-node-id="tools"]').waitFor({ timeout: 60_000 });
    await fanout.locator('.graph [data-node-id="left"]').waitFor({ timeout: 60_000 });
    // The debugger shows hitl: each tab shows its graph on a driver of its own, and says so.
    expect(await fanout.getByRole("note").innerText()).toContain("A run started here runs on a thread of this tab's own");

    await fanout.getByRole("status").getByRole("button", { name: /Stream run|Run again/ }).click();
    await workbench.answerRun("Slow fanout", '{"topic": "tabs"}');
    await fanout.locator('.graph [data-node-id="left"][data-status="running"]').waitFor({ timeout: 30_000 });
    await agent.getByRole("status").getByRole("button", { name: /Stream run|Run again/ }).click();
    await workbench.answerRun("Slow agent", "What is the weather in Paris?");
    await agent.locator('.graph [data-node-id="agent"][data-status="running"]').waitFor({ timeout: 30_000 });
    // Both at once, each with its own statuses, each on its own thread.
    await fanout.locator('.graph [data-node-id="right"][data-status="running"]').waitFor();
    expect(await fanout.locator('.graph [data-node-id="agent"]').count()).toBe(0);
    expect(await agent.getByRole("status").innerText()).toMatch(/Running/);
    expect(await fanout.getByRole("status").innerText()).toMatch(/Running/);
    const agentThread = await agent.getByRole("note").getAttribute("title");
    const fanoutThread = await fanout.getByRole("note").getAttribute("title");
    expect(agentThread).toMatch(/^Thread /);
    expect(fanoutThread).toMatch(/^Thread /);
    expect(agentThread).not.toBe(fanoutThread);
    // Each banner names the assistant its own thread runs (read for the tab's own store, not the side panel's).
    await expect.poll(() => agent.locator(".banner .assistant").getAttribute("title"), { timeout: 15_000 }).toMatch(/^Runs use the assistant Slow agent of the graph agent/);
    await expect.poll(() => fanout.locator(".banner .assistant").getAttribute("title"), { timeout: 15_000 }).toMatch(/^Runs use the assistant Slow fanout of the graph fanout/);
    // The Threads view lists both running threads with a spinner.
    await expect.poll(() => threadsPane().locator(".custom-view-tree-node-item-icon.codicon-loading").count(), { timeout: 15_000 }).toBe(2);
    // The side panel stays on what the debugger shows: hitl, no run.
    expect(await side.getByRole("status").innerText()).not.toMatch(/Running/);
    expect(await side.locator('.graph [data-node-id="review"]').count()).toBe(1);
    await workbench.screenshot("graphTabs-01-both-running");

    for (const [tab, nodes] of [
      [agent, ["agent", "tools"]],
      [fanout, ["split", "left", "right", "join"]],
    ] as const) {
      await tab.getByRole("status").filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
      for (const node of nodes) await tab.locator(`.graph [data-node-id="${node}"][data-status="done"]`).first().waitFor();
    }
    await expect.poll(() => threadsPane().locator(".custom-view-tree-node-item-icon.codicon-loading").count(), { timeout: 15_000 }).toBe(0);
    expect(await side.getByRole("status").innerText()).not.toMatch(/Finished/);
    await workbench.screenshot("graphTabs-02-both-finished");
  });

  test("Export from a tab's toolbar writes SVG, PNG and Mermaid files of the server's graph, with the run's statuses", async (context) => {
    explainFailure(context, "graphTabs-export-failed", () => ({ workbench, browser, sampleServer }));
    const page = workbench.page;
    const agent = await tabFrame(AGENT_TAB);
    const graph = (await (await fetch(`${sampleServer!.url}/assistants/${agentId}/graph?xray=true`)).json()) as ServerGraph;
    const exported = async (label: string, file: string): Promise<Buffer> => {
      await agent.getByRole("button", { name: "Export graph" }).click();
      await agent.getByRole("menuitem", { name: label }).click();
      // code-server's save dialog is a quick input holding the path.
      const input = page.locator(".quick-input-widget .quick-input-box input");
      await input.waitFor({ timeout: 30_000 });
      await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toMatch(/agent\.\w+$/);
      const where = path.join(codeServer!.workspaceDir, file);
      await input.fill(where);
      await input.press("Enter");
      await workbench.waitForNotification(`Graph exported to ${file}`);
      return fs.readFileSync(where);
    };

    // SVG: parses, names every node of the server's graph, with the run's statuses.
    const svg = (await exported("SVG image", "tab-agent.svg")).toString("utf8");
    const parsed = (await agent.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, "image/svg+xml");
      const error = doc.querySelector("parsererror");
      if (error) return { error: error.textContent };
      return { root: doc.documentElement.localName, nodes: [...doc.querySelectorAll("[data-node-id]")].map((g) => [g.getAttribute("data-node-id"), g.getAttribute("data-status")]) };
    })()`)) as { error?: string; root?: string; nodes?: [string, string][] };
    expect(parsed.error).toBeUndefined();
    expect(parsed.root).toBe("svg");
    const statuses = Object.fromEntries(parsed.nodes!);
    expect(Object.keys(statuses).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(statuses).toMatchObject({ agent: "done", tools: "done" });

    // PNG: a PNG with a picture in it.
    const png = await exported("PNG image", "tab-agent.png");
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(png.readUInt32BE(16)).toBeGreaterThan(100);
    expect(png.readUInt32BE(20)).toBeGreaterThan(100);

    // Mermaid: every node and edge of the server's graph, the ran nodes classed done.
    const mermaid = (await exported("Mermaid diagram", "tab-agent.mmd")).toString("utf8");
    const lines = mermaid.split("\n").map((l) => l.trim());
    expect(lines[0]).toBe("flowchart TD");
    const nameOf = new Map<string, string>();
    for (const line of lines) {
      const m = /^(\w+)(?:\(\[|\[)"(.*)"(?:\]\)|\])$/.exec(line);
      if (m) nameOf.set(m[1], m[2]);
    }
    const shown = (id: string) => ({ __start__: "Start", __end__: "End" })[id] ?? id;
    expect([...nameOf.values()].sort()).toEqual(graph.nodes.map((n) => shown(n.id)).sort());
    const edges = lines.flatMap((line) => {
      const m = /^(\w+) (?:-->|-\.->)(?:\|".*"\|)? (\w+)$/.exec(line);
      return m ? [`${nameOf.get(m[1])}->${nameOf.get(m[2])}`] : [];
    });
    expect(edges.sort()).toEqual(graph.edges.map((e) => `${shown(e.source)}->${shown(e.target)}`).sort());
    const done = lines.flatMap((line) => /^class ([\w,]+) done$/.exec(line)?.[1].split(",") ?? []).map((id) => nameOf.get(id));
    expect(done).toEqual(expect.arrayContaining(["agent", "tools"]));
    await workbench.screenshot("graphTabs-03-exported");
  });
});

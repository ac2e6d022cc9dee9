// Threads and time travel end to end in a real VS Code (code-server) with the packaged .vsix: the
// native Threads tree (threads by first message and assistant → checkpoints with who wrote them and
// when, branches nested where they split), showing a checkpoint in the graph view, "Re-run from
// checkpoint", "Fork with edited state", grouping by assistant, and the status bar item, on both
// sample servers; then a deployment that cannot be reached.
// One code-server for the whole file: each server of the matrix is reached with "Switch deployment".
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import { readRecording } from "../../src/engine/recording/readRecording";
import { freePort } from "../support/freePort";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { normalizeSpaces, Workbench } from "./support/workbench";
import { closeSession, explainFailure as explainFailureWith, openWorkbench } from "./support/session";

const RUN_REQUEST = /POST \/threads\/[\w-]+\/runs\/stream → 200/;

let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;
let sampleServer: RunningServer | undefined;
/** The deployments used, in order: the first (where nothing listens), then each sample server's. */
const usedUrls: string[] = [];

beforeAll(async () => {
  // Each describe switches to its own server; until then nothing listens here.
  usedUrls.push(`http://127.0.0.1:${await freePort()}`);
  codeServer = await startCodeServer({ deploymentUrl: usedUrls[0], label: "threads" });
  ({ browser, workbench } = await openWorkbench(codeServer));
  await workbench.openGraphView();
  await workbench.page.locator(".sidebar .pane-header", { hasText: "Threads" }).waitFor();
  // A wider side bar and a taller Threads pane, as a person would drag them, so the checkpoints fit.
  await workbench.dragSideBarEdge(560);
  await workbench.dragPaneHeader("Threads", -160);
});

afterAll(async () => {
  await closeSession({ browser, codeServer });
});

function explainFailure(context: TestContext, name: string): void {
  explainFailureWith(context, `threads-failed-${name}`, () => ({ workbench, browser, sampleServer }));
}

const graph = () => workbench.graphFrame();
const banner = () => graph().getByRole("status");
const tokensOf = (node: string) => graph().getByRole("log").locator(`[data-node-id="${node}"]`).first();
const requestLines = (pattern: RegExp) => workbench.outputChannelLog("LangGraph Debugger").split("\n").filter((line) => pattern.test(line));
const runsEnded = () => requestLines(/ Run \S* ?ended: /).length;
/** A banner is checked only after its run ended (logged "Run … ended: …"), never the previous run's. */
async function afterRunEnds(endedBefore: number, bannerText: string): Promise<void> {
  await expect.poll(runsEnded, { timeout: 90_000 }).toBeGreaterThan(endedBefore);
  await banner().filter({ hasText: bannerText }).waitFor({ timeout: 10_000 });
}

const threadsPane = () => workbench.page.locator(".sidebar .pane", { hasText: "Threads" }).last();
const rowsAt = (level: number) => threadsPane().locator(`.monaco-list-row[aria-level="${level}"]`);
const threadRows = () => rowsAt(1);
/** The thread's main line (branches are rows one and two levels deeper). */
const checkpointRows = () => rowsAt(2);
/** Each row of a level as "label description" (the tree renders them as two elements, no space between), times as T. */
const rowTexts = (level = 2) =>
  rowsAt(level).evaluateAll((rows) =>
    rows.map((row) =>
      [...row.querySelectorAll(".label-name, .label-description")]
        .map((e) => (e.textContent ?? "").replace(/\s+/g, " ").trim())
        .join(" ")
        .replace(/\b\d\d:\d\d:\d\d\b/g, "T"),
    ),
  );
/** Expands a tree row (a click on a row with a command runs it; the twistie expands). */
async function expand(row: ReturnType<typeof threadRows>): Promise<void> {
  if ((await row.getAttribute("aria-expanded")) === "false") await row.locator(".monaco-tl-twistie").click();
  await expect.poll(() => row.getAttribute("aria-expanded")).toBe("true");
}
/** Collapses a tree row (the list draws only the rows in view: an expanded branch can push the last checkpoints out of it). */
async function collapse(row: ReturnType<typeof threadRows>): Promise<void> {
  if ((await row.getAttribute("aria-expanded")) === "true") await row.locator(".monaco-tl-twistie").click();
  await expect.poll(() => row.getAttribute("aria-expanded")).toBe("false");
}
/** The first (oldest) checkpoint row labelled `label` whose description matches `description`. */
const checkpointRow = (label: string, description: RegExp) =>
  checkpointRows()
    .filter({ has: workbench.page.locator(".label-name", { hasText: label }) })
    .filter({ has: workbench.page.locator(".label-description", { hasText: description }) })
    .first();
const statusBarItem = () => workbench.page.locator(".statusbar .statusbar-item", { hasText: "LangGraph" }).first();

/** "LangGraph: Stream run" of `agent` on a new thread with the typed `input`. */
async function streamAgent(input: string): Promise<void> {
  await workbench.runCommand("LangGraph: Stream run");
  await workbench.waitForQuickInput("pick an assistant");
  await workbench.pickQuickItem("agent");
  await workbench.newThreadIfAsked();
  await workbench.waitForQuickInput("input for agent");
  await workbench.typeInput(input);
}

async function setBreakpoint(when: "before" | "after", node: string, on: boolean): Promise<void> {
  const button = graph().getByRole("button", { name: `Break ${when} ${node}` });
  if ((await button.getAttribute("aria-pressed")) !== String(on)) await button.click();
  await graph().locator(`button[aria-label="Break ${when} ${node}"][aria-pressed="${on}"]`).waitFor();
}

/**
 * Clicks an inline action of a checkpoint row (shown on hover). While the tree redraws, VS Code gives
 * the action no row: first the thread's row must say its run is over (idle), so the tree has read
 * the thread's final state, and a refresh after that reads the same rows and redraws nothing.
 */
async function inlineAction(row: ReturnType<typeof checkpointRow>, action: string): Promise<void> {
  await expect.poll(async () => normalizeSpaces(await threadRows().first().innerText()), { timeout: 15_000 }).toMatch(/agent · idle · \d\d:\d\d$/);
  await row.hover();
  const button = row.locator(`.actions .action-label[aria-label^="${action}"]`);
  await button.waitFor();
  await button.click();
}

/** The status bar item's quick pick: its labels, then picks `pick` (or closes it). */
async function statusActions(pick?: string): Promise<string[]> {
  await statusBarItem().click();
  await workbench.waitForQuickInput("LangGraph Debugger");
  const labels = (await workbench.page.locator(".quick-input-widget .monaco-list-row").allInnerTexts()).map((t) => normalizeSpaces(t).trim());
  if (pick) await workbench.pickQuickItem(pick);
  else await workbench.page.keyboard.press("Escape");
  return labels;
}

for (const kind of SERVER_KINDS) {
  describe(`threads and time travel on the ${kind} server`, () => {
    const shot = (name: string) => workbench.screenshot(`threads-${kind}-${name}`);

    beforeAll(async () => {
      sampleServer = await startServer(kind);
      usedUrls.push(sampleServer.url);
      await workbench.switchDeployment(sampleServer.url);
    });

    afterAll(async () => {
      await sampleServer?.stop();
      sampleServer = undefined;
    });

    test("after a Stream run, the tree lists the thread (idle) and its checkpoints in order with the nodes that ran", async (context) => {
      explainFailure(context, `${kind}-tree`);
      await workbench.showGraph("agent", "tools");
      await setBreakpoint("before", "tools", false);
      const ended = runsEnded();
      await streamAgent("What is the weather in Paris?");
      await afterRunEnds(ended, "Finished");
      await expect.poll(() => statusBarItem().innerText()).toContain("LangGraph: finished");

      // The row starts with the first user message, then the assistant (by name), status and time.
      await expect.poll(async () => normalizeSpaces(await threadRows().first().innerText()), { timeout: 15_000 }).toMatch(/^What is the weather in Paris\?\s*agent · idle · \d\d:\d\d$/);
      expect(await threadRows().count()).toBe(1);
      // A click on the thread loads its newest checkpoint (step 3) into the graph view (the driver reads 1000 of history; the tree 200).
      const historyLoads = () => requestLines(/GET \/threads\/[\w-]+\/history\?limit=1000/).length;
      const loadsBefore = historyLoads();
      await graph().getByRole("tab", { name: "Supersteps" }).click();
      await threadRows().first().click();
      await expect.poll(historyLoads, { timeout: 15_000 }).toBe(loadsBefore + 1);
      await graph().locator('[data-step="3"].selected').waitFor({ timeout: 15_000 });
      await graph().locator('.in-step [data-node-id="agent"]').waitFor();
      await expand(threadRows().first());
      await expect.poll(() => checkpointRows().count(), { timeout: 15_000 }).toBe(5);
      // Oldest first: who wrote each checkpoint (Input, Start, the nodes), its step and time, what runs next.
      expect(await rowTexts()).toEqual(["Input T → Start", "Start step 0 · T → agent", "agent step 1 · T → tools", "tools step 2 · T → agent", "agent step 3 · T"]);
      expect(await rowsAt(3).count()).toBe(0);
      await shot("01-tree");
    });

    test("clicking a checkpoint shows its step selected in Supersteps, its nodes marked, and the lineage's diffs", async (context) => {
      explainFailure(context, `${kind}-show-checkpoint`);
      await checkpointRow("tools", /^step 2 · /).click();
      await graph().getByRole("tab", { name: "Supersteps" }).click();
      const selected = graph().locator('[data-step="2"].selected');
      await selected.waitFor({ timeout: 15_000 });
      expect(await selected.locator("button.head").getAttribute("aria-pressed")).toBe("true");
      expect(await graph().locator("[data-step].selected").count()).toBe(1);
      // The lineage up to step 2, not later steps.
      await expect.poll(() => graph().locator("[data-step]").evaluateAll((els) => els.map((e) => e.getAttribute("data-step")))).toEqual(["-1", "0", "1", "2"]);
      // Step 2 is `tools`: it added the tool's message.
      expect(await selected.locator(".nodes").innerText()).toBe("tools");
      const added = selected.locator('[data-change="added"][data-path^="messages"]').first();
      expect(await added.innerText()).toContain("sunny");
      await graph().locator('.in-step [data-node-id="tools"]').waitFor();
      expect(await graph().locator('.in-step [data-node-id="agent"]').count()).toBe(0);
      await graph().getByRole("region", { name: "State after step 2" }).waitFor();
      // The banner tells where the thread is (finished), not that an older checkpoint is paused.
      await banner().filter({ hasText: "Finished" }).waitFor();
      await shot("02-checkpoint-shown");

      // Another checkpoint moves the selection and the marks.
      await checkpointRow("agent", /^step 1 · .*→ tools/).click();
      await graph().locator('[data-step="1"].selected').waitFor();
      await graph().locator('.in-step [data-node-id="agent"]').waitFor();
      expect(await graph().locator('.in-step [data-node-id="tools"]').count()).toBe(0);
      await expect.poll(() => graph().locator("[data-step]").count()).toBe(3);
    });

    test("Re-run from checkpoint on the one before `tools` streams a run, and the thread gets a branch", async (context) => {
      explainFailure(context, `${kind}-rerun`);
      const runsBefore = requestLines(RUN_REQUEST).length;
      const ended = runsEnded();
      await inlineAction(checkpointRow("agent", /^step 1 · .*→ tools/), "Re-run from checkpoint");
      // The click starts the run at once, or says in the log why not (no 90 s wait for a run that never started).
      await expect.poll(() => requestLines(RUN_REQUEST).length + requestLines(/Re-run from checkpoint failed/).length, { timeout: 15_000 }).toBeGreaterThan(runsBefore);
      expect(requestLines(/Re-run from checkpoint failed/)).toEqual([]);
      await afterRunEnds(ended, "Finished");
      expect(requestLines(RUN_REQUEST).length).toBe(runsBefore + 1);
      await graph().getByRole("tab", { name: "Tokens" }).click();
      await expect.poll(() => tokensOf("agent").innerText()).toContain("in Paris");
      expect(await tokensOf("tools").innerText()).toContain("sunny");
      // Still one thread. Running from step 1 forked it there: the re-run (a `fork` copy of step 1,
      // then tools, then agent) is the line the thread is on now; the first run hangs off step 1.
      expect(await threadRows().count()).toBe(1);
      await expect.poll(() => rowTexts(), { timeout: 15_000 }).toEqual([
        "Input T → Start",
        "Start step 0 · T → agent",
        "agent step 1 · T → tools · 1 branch",
        "Re-run step 2 · T → tools",
        "tools step 3 · T → agent",
        "agent step 4 · T",
      ]);
      await expand(checkpointRow("agent", /^step 1 · /));
      await expect.poll(() => rowTexts(3)).toEqual(["Branch: tools → agent 2 checkpoints · T"]);
      expect(await rowTexts(4)).toEqual(["tools step 2 · T → agent", "agent step 3 · T"]);
      expect(await rowsAt(3).locator(".custom-view-tree-node-item-icon.codicon-git-branch").count()).toBe(1);
      await shot("03-rerun-branch");
    });

    test("Fork with edited state: the state opens, Paris → Berlin, Ctrl+S runs from the fork and answers Berlin", async (context) => {
      explainFailure(context, `${kind}-fork`);
      const statePosts = () => requestLines(/POST \/threads\/[\w-]+\/state → 200/).length;
      const postsBefore = statePosts();
      await inlineAction(checkpointRow("agent", /^step 1 · .*→ tools/), "Fork with edited state");
      await workbench.page.locator(".tabs-container .tab", { hasText: "state.json" }).first().waitFor();
      await workbench.page.locator(".editor-group-container.active .view-lines", { hasText: "call_weather_1" }).waitFor();
      const autoSaves = () => requestLines(/auto-saved: not sent/).length;
      const autoSavesBefore = autoSaves();
      await workbench.replaceAllInEditor('"city": "Paris"', '"city": "Berlin"');
      // code-server auto-saves after a second: that must neither write the fork nor start a run.
      await expect.poll(autoSaves, { timeout: 15_000 }).toBeGreaterThan(autoSavesBefore);
      expect(statePosts()).toBe(postsBefore);
      await shot("04-fork-edited");
      const ended = runsEnded();
      await workbench.saveActiveEditor();
      await expect.poll(statePosts, { timeout: 15_000 }).toBe(postsBefore + 1);
      await afterRunEnds(ended, "Finished");
      await graph().getByRole("tab", { name: "Tokens" }).click();
      await expect.poll(() => tokensOf("agent").innerText()).toContain("in Berlin");
      expect(await tokensOf("tools").innerText()).toContain("Berlin");
      // The fork: the edit off step 1, then tools and agent, is now the thread's line; the re-run and
      // the first run are branches off step 1, the newer first. Step 1 is still expanded from the
      // re-run: its five branch rows would push the newest checkpoint out of view.
      await collapse(checkpointRow("agent", /^step 1 · /));
      await expect.poll(() => rowTexts(), { timeout: 15_000 }).toEqual([
        "Input T → Start",
        "Start step 0 · T → agent",
        "agent step 1 · T → tools · 2 branches",
        "State edit step 2 · T → tools",
        "tools step 3 · T → agent",
        "agent step 4 · T",
      ]);
      await expand(checkpointRow("agent", /^step 1 · /));
      await expect.poll(() => rowTexts(3)).toEqual(["Branch: Re-run → tools → agent 3 checkpoints · T", "Branch: tools → agent 2 checkpoints · T"]);
      await shot("05-fork-branch");
      await workbench.runCommand("View: Close All Editors");
      await workbench.runCommand("Notifications: Clear All Notifications");
    });

    test("the title bar groups the threads by assistant and back", async (context) => {
      explainFailure(context, `${kind}-group`);
      await threadsPane().hover();
      await threadsPane().locator('.actions .action-label[aria-label="Group threads by assistant"]').click();
      await expect.poll(() => rowTexts(1)).toEqual(["agent 1 thread"]);
      await expect.poll(async () => normalizeSpaces(await rowsAt(2).first().innerText())).toMatch(/^What is the weather in Paris\?\s*idle · /);
      await shot("05b-grouped");
      await threadsPane().locator('.actions .action-label[aria-label="List threads by last update"]').click();
      await expect.poll(async () => normalizeSpaces(await threadRows().first().innerText())).toMatch(/^What is the weather in Paris\?/);
    });

    test("the status bar item shows the run's state and offers the actions that fit it", async (context) => {
      explainFailure(context, `${kind}-status-bar`);
      expect(await statusBarItem().innerText()).toContain("LangGraph: finished");
      const finishedActions = await statusActions();
      expect(finishedActions.join("\n")).toContain("Stream run");
      expect(finishedActions.join("\n")).not.toContain("Continue");

      await setBreakpoint("before", "tools", true);
      let ended = runsEnded();
      await streamAgent("What is the weather in Rome?");
      await afterRunEnds(ended, "Paused before tools");
      await expect.poll(() => statusBarItem().innerText()).toContain("LangGraph: paused before tools");
      await shot("06-status-paused");
      ended = runsEnded();
      const pausedActions = await statusActions("Continue");
      expect(pausedActions.slice(0, 3)).toEqual(["Continue", "Step", "Edit state"]);
      await afterRunEnds(ended, "Finished");
      await expect.poll(() => statusBarItem().innerText()).toContain("LangGraph: finished");
      await setBreakpoint("before", "tools", false);
    });

    test("Compare runs… puts two threads side by side; Save thread as run… keeps a thread as a .lgrun file", async (context) => {
      explainFailure(context, `${kind}-compare`);
      await workbench.runCommand("LangGraph: Compare runs…");
      await workbench.pickQuickItem("Two threads of the deployment");
      // The Paris thread (forked) and the Rome one.
      await workbench.waitForQuickInput("the first thread");
      await workbench.pickQuickItem("Paris");
      await workbench.waitForQuickInput("the second thread");
      await workbench.pickQuickItem("Rome");
      try {
        // The rendered preview opens in front of the Markdown text, in the same group.
        await workbench.page.locator(".tabs-container .tab", { hasText: /^Preview Runs compared\.md/ }).first().waitFor({ timeout: 15_000 });
        await shot("07-compared");
        await workbench.page.locator(".tabs-container .tab", { hasText: /^Runs compared\.md/ }).first().click();
        const text = workbench.page.locator(".editor-group-container.active .view-lines", { hasText: "Runs compared" }).first();
        // Both inputs start from an empty state: the first user message (step 0) is where they part.
        await expect.poll(async () => normalizeSpaces(await text.innerText()), { timeout: 15_000 }).toContain("The runs diverge at step 0");
      } finally {
        await workbench.runCommand("View: Close All Editors");
      }

      await threadRows().first().click({ button: "right" });
      const menuItem = workbench.page.locator(".context-view .action-label", { hasText: "Save thread as run" }).first();
      await menuItem.waitFor({ timeout: 15_000 });
      await menuItem.hover();
      await workbench.page.keyboard.press("Enter");
      const file = path.join(codeServer!.workspaceDir, `thread-${kind}.lgrun`);
      const input = workbench.page.locator(".quick-input-widget .quick-input-box input");
      await input.waitFor({ timeout: 30_000 });
      // The dialog fills in its proposed path a moment after it shows: replace it once it is there.
      await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toMatch(/\.lgrun$/);
      await input.fill(file);
      await input.press("Enter");
      await workbench.waitForNotification(`Saved thread-${kind}.lgrun`, 30_000);
      const { recording, warnings } = readRecording(fs.readFileSync(file), file);
      expect(warnings).toEqual([]);
      expect(recording.history.length).toBeGreaterThan(3);
      expect(recording.runs.length).toBeGreaterThan(0);
      await workbench.runCommand("Notifications: Clear All Notifications");
    });
  });
}

describe("a deployment that cannot be reached", () => {
  test("the status bar says unreachable and offers to start a local deployment; the graph view says so instead of the last graph", async (context) => {
    explainFailure(context, "unreachable");
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    await graph().locator('.graph [data-node-id="agent"]').first().waitFor();
    await workbench.switchDeployment(deadUrl, false);
    await expect.poll(() => statusBarItem().innerText(), { timeout: 20_000 }).toContain("LangGraph: unreachable");
    await graph().getByRole("alert").filter({ hasText: `The deployment at ${deadUrl} cannot be reached` }).waitFor({ timeout: 15_000 });
    expect(await graph().locator(".graph [data-node-id]").count()).toBe(0);
    await workbench.screenshot("threads-07-unreachable");
    const actions = await statusActions();
    expect(actions[0]).toContain("Start a local deployment");
    expect(actions.join("\n")).toContain("Switch deployment");
  });

  test("Switch deployment lists the deployments that answered first, the last to answer on top, and drops those that never did", async (context) => {
    explainFailure(context, "switch-list");
    const [neverUp, ...samples] = usedUrls;
    await workbench.runCommand("LangGraph: Switch deployment");
    await workbench.waitForQuickInput("deployment URL");
    const rows = (await workbench.page.locator(".quick-input-widget .monaco-list-row").allInnerTexts()).map((t) => normalizeSpaces(t).replace(/\s+/g, " ").trim());
    await workbench.screenshot("threads-08-switch-list");
    await workbench.page.keyboard.press("Escape");
    expect(rows.slice(0, samples.length)).toEqual([...samples].reverse());
    expect(rows[samples.length]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\s*current · cannot be reached$/);
    expect(rows.join("\n")).not.toContain(neverUp);
  });
});


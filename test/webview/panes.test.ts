// Tokens, supersteps and the run banner in real Chromium.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunOutcome } from "../../src/engine/model";
import type { RunAction } from "../../src/shared/protocol";
import { actionLabel } from "../../src/shared/runActions";
import { type HarnessBrowser, startHarness } from "./harness";
import { historySupersteps, replayFixture } from "./replay";
import { scrollToTopWithPanesNextScroll } from "./sameFrameScroll";
import { ev, startDemo, stateMessage, superstep } from "./scenarios";

let harness: HarnessBrowser;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe("tokens pane", () => {
  it("puts streamed text, tool calls and tool results under their node, as text", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const xss = "<img src=x onerror=alert(1)>";
    await view.post({
      type: "runEvents",
      events: [
        ev.taskStart("research_a", "ta"),
        ev.taskStart("child_step", "tcs", ["child:tc"]),
        ev.token("research_a", "run-a", "Weather "),
        ev.token("child_step", "run-c", "inner text", ["child:tc"]),
        ev.token("research_a", "run-a", xss),
        ev.token("research_a", "run-a", "", [], [{ index: 0, id: "call_1", name: "get_weather", args: '{"ci' }]),
      ],
    });
    const log = view.page.getByRole("log");
    const sectionA = log.locator('[data-node-id="research_a"]');
    await expect(sectionA.textContent()).resolves.toContain(`Weather ${xss}`);
    expect(await sectionA.textContent()).toContain('{"ci');
    // Arguments assemble as they stream.
    await view.post({ type: "runEvents", events: [ev.token("research_a", "run-a", "", [], [{ index: 0, args: 'ty": "Paris"}' }]), ev.toolResult("tools", "tool-1", "Sunny, 21°C")] });
    expect(await sectionA.textContent()).toContain('{"city": "Paris"}');
    expect(await sectionA.textContent()).toContain("get_weather (call_1)");
    expect(await log.locator('[data-node-id="child:child_step"]').textContent()).toContain("inner text");
    expect(await log.locator('[data-node-id="tools"]').textContent()).toContain("Sunny, 21°C");
    expect(await log.locator('[data-node-id="research_a"]').textContent()).not.toContain("inner text");
    // The markup stayed text: no <img> element anywhere, no alert.
    expect(await view.page.locator("img").count()).toBe(0);
    expect(await view.page.evaluate("document.body.innerHTML.includes('&lt;img src=x onerror=alert(1)&gt;')")).toBe(true);
  });

  it("windows a long log, follows it, and stops following when scrolled up", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i}\n`);
    await view.post({ type: "runEvents", events: lines.map((l) => ev.token("prepare", "run-long", l)) });
    const section = view.page.getByRole("log").locator('[data-node-id="prepare"]');
    const scroller = section.getByRole("region");
    expect(await section.textContent()).toContain("line 2999");
    expect(await section.locator(".line").count()).toBeLessThan(60);
    // While it streams, the window is drawn as runs of rows of one kind, a line per row: at the end of one
    // long message, a single run of text rows that fills the 12 rows in view and the margin above them.
    const runs = await section.locator(".line").evaluateAll((els) => els.map((e) => ({ kind: e.className.split(" ").find((c: string) => c.startsWith("kind-")), lines: e.textContent?.split("\n") ?? [] })));
    expect(runs.map((run) => run.kind)).toEqual(["kind-text"]);
    expect(runs[0].lines.length).toBeGreaterThanOrEqual(12);
    expect(runs[0].lines.at(-2)).toBe("line 2999");
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await view.frames();
    expect(await section.textContent()).toContain("line 0");
    await view.post({ type: "runEvents", events: [ev.token("prepare", "run-long", "line 3000\n")] });
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
    expect(await section.textContent()).not.toContain("line 3000");
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await view.frames();
    await view.post({ type: "runEvents", events: [ev.token("prepare", "run-long", "line 3001\n")] });
    expect(await section.textContent()).toContain("line 3001");
  });

  it("keeps a selection in a streaming section while rows follow and the window slides under it", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    await view.post({ type: "runEvents", events: Array.from({ length: 40 }, (_, i) => ev.token("prepare", "run-sel", `line ${i}\n`)) });
    const text = view.page.getByRole("log").locator('[data-node-id="prepare"] .line.kind-text');
    expect(await text.textContent()).toContain("line 39");
    // The person selects "line 35" where it is drawn.
    const selected = await text.evaluate((el) => {
      const node = el.firstChild!;
      const at = node.textContent!.indexOf("line 35");
      const range = el.ownerDocument.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + "line 35".length);
      const selection = el.ownerDocument.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    });
    expect(selected).toBe("line 35");
    const firstLine = async () => (await text.textContent())!.split("\n")[0];
    const firstBefore = await firstLine();
    // Two more rows (the window slides down by two) and text added to the last row.
    await view.post({ type: "runEvents", events: [ev.token("prepare", "run-sel", "line 40\nline 41\n"), ev.token("prepare", "run-sel", "and more")] });
    await view.frames();
    expect(await text.textContent()).toMatch(/line 41\nand more$/);
    expect(await firstLine()).not.toBe(firstBefore);
    expect(await view.page.evaluate("getSelection().toString()")).toBe("line 35");
  });

  it("stops following a long log when the person scrolls in the same frame as the log", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i}\n`);
    await view.post({ type: "runEvents", events: lines.map((l) => ev.token("prepare", "run-long", l)) });
    const scroller = view.page.getByRole("log").locator('[data-node-id="prepare"]').getByRole("region");
    const scrolledWithLog = await scrollToTopWithPanesNextScroll(scroller);
    await view.post({ type: "runEvents", events: [ev.token("prepare", "run-long", "line 300\n")] });
    expect(await scrolledWithLog()).toBe(true);
    await view.post({ type: "runEvents", events: [ev.token("prepare", "run-long", "line 301\n")] });
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
  });
});

describe("supersteps pane", () => {
  it("lists one entry per superstep with its diff; selecting one shows its state and marks its nodes", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const m0 = stateMessage("m0", "human", "What is the weather in Paris?");
    const m1 = stateMessage("m1", "ai", "", { tool_calls: [{ id: "call_1", name: "get_weather", args: { city: "Paris" } }] });
    const long = "x".repeat(5000);
    await view.post(
      { type: "superstep", superstep: superstep(0, ["__start__"], {}, { messages: [m0] }, [{ path: "messages[0]", change: "added", after: m0 }]) },
      {
        type: "superstep",
        superstep: superstep(1, ["research_a", "research_b"], { messages: [m0], notes: "old", draft: long }, { messages: [m0, m1], notes: "new" }, [
          { path: "messages[1]", change: "added", after: m1 },
          { path: "notes", change: "changed", before: "old", after: "new" },
          { path: "draft", change: "removed", before: long },
        ]),
      },
    );
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    await view.frames();
    const steps = view.page.locator("[data-step]");
    expect(await steps.evaluateAll((els) => els.map((e) => e.getAttribute("data-step")))).toEqual(["0", "1"]);
    const step1 = view.page.locator('[data-step="1"]');
    expect(await step1.locator("[data-path]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-path"), e.getAttribute("data-change")]))).toEqual([
      ["messages[1]", "added"],
      ["notes", "changed"],
      ["draft", "removed"],
    ]);
    // An appended message shows as a message, tool calls included.
    expect(await step1.locator('[data-path="messages[1]"] .message').textContent()).toContain('get_weather({"city":"Paris"})');
    // Long values fold, with a control to expand them.
    const draft = step1.locator('[data-path="draft"]');
    expect((await draft.textContent())?.length).toBeLessThan(400);
    await draft.getByRole("button", { name: "Expand" }).click();
    expect((await draft.textContent())?.length).toBeGreaterThan(5000);

    await step1.getByRole("button", { name: /Step 1/ }).click();
    const state = view.page.getByRole("region", { name: "State after step 1" });
    await expect(state.textContent()).resolves.toContain("Array(2)");
    expect(await state.textContent()).toContain('"new"');
    // The layout worker may still be busy on a loaded machine: wait for the marked nodes.
    await view.page.locator('.graph .in-step [data-node-id="research_b"]').waitFor();
    expect(await view.page.locator(".graph .in-step [data-node-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node-id")).sort())).toEqual(["research_a", "research_b"]);
    await state.getByRole("button", { name: "Expand messages" }).click();
    expect(await state.textContent()).toContain("human: What is the weather in Paris?");
    // The host can select a step too.
    await view.post({ type: "selectStep", step: 0, ns: [] });
    expect(await view.page.getByRole("region", { name: "State after step 0" }).count()).toBe(1);
  });
});

describe("continuing runs", () => {
  it("append to what the thread shows (steps, tokens, statuses); another thread starts empty", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const status = (id: string) => view.page.locator(`.graph [data-node-id="${id}"]`).getAttribute("data-status");
    await view.page.locator('.graph [data-node-id="research_a"]').waitFor();
    await view.post(
      { type: "runEvents", events: [ev.taskStart("prepare", "tp"), ev.token("prepare", "run-p", "planned"), ev.taskDone("prepare", "tp")] },
      { type: "superstep", superstep: superstep(1, ["prepare"], {}, { plan: "a" }, [{ path: "plan", change: "added", after: "a" }]) },
      { type: "runEnded", outcome: { status: "paused", when: "before", nodes: ["research_a"] } },
    );
    expect(await status("research_a")).toBe("interrupted");
    await view.post({ type: "runStarted", run: { threadId: "thread-1", assistantId: "agent" }, continues: true });
    expect((await view.page.getByRole("status").innerText()).trim()).toMatch(/^Running/);
    expect(await status("prepare")).toBe("done");
    await view.post(
      { type: "runEvents", events: [ev.taskStart("research_a", "ta", [], 2), ev.token("research_a", "run-a", "found")] },
      { type: "superstep", superstep: superstep(2, ["research_a"], { plan: "a" }, { plan: "a", found: 1 }, [{ path: "found", change: "added", after: 1 }]) },
    );
    expect(await status("prepare")).toBe("done");
    expect(await status("research_a")).toBe("running");
    const log = view.page.getByRole("log");
    expect(await log.locator('[data-node-id="prepare"]').textContent()).toContain("planned");
    expect(await log.locator('[data-node-id="research_a"]').textContent()).toContain("found");
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    await view.frames();
    expect(await view.page.locator("[data-step]").evaluateAll((els) => els.map((e) => e.getAttribute("data-step")))).toEqual(["1", "2"]);

    await view.post({ type: "runStarted", run: { threadId: "thread-2", assistantId: "agent" }, continues: false });
    expect(await view.page.locator("[data-step]").count()).toBe(0);
    expect(await view.page.locator('.graph [data-status]:not([data-status="idle"])').count()).toBe(0);
    expect(await log.locator("[data-node-id]").count()).toBe(0);
  });
});

describe("snapshot", () => {
  it("restores the whole view from one snapshot (a view shown again)", async () => {
    const view = await harness.open();
    const m0 = stateMessage("m0", "human", "hi");
    await view.post({
      type: "snapshot",
      snapshot: {
        assistantId: "agent",
        graph: (startDemo()[0] as { graph: import("../../src/engine/model").GraphData }).graph,
        breakpoints: { before: ["tools"], after: ["agent"] },
        run: { threadId: "t", assistantId: "agent" },
        events: [ev.taskStart("prepare", "tp"), ev.token("prepare", "run-p", "restored text"), ev.taskDone("prepare", "tp"), ev.taskStart("agent", "tg")],
        supersteps: [superstep(0, ["__start__"], {}, { messages: [m0] }, [{ path: "messages[0]", change: "added", after: m0 }])],
      },
    });
    await view.page.locator('.graph [data-node-id="agent"][data-status="running"]').waitFor();
    expect(await view.page.locator('.graph [data-node-id="prepare"]').getAttribute("data-status")).toBe("done");
    expect(await view.page.getByRole("button", { name: "Break before tools" }).getAttribute("aria-pressed")).toBe("true");
    expect(await view.page.getByRole("button", { name: "Break after agent" }).getAttribute("aria-pressed")).toBe("true");
    expect(await view.page.getByRole("log").locator('[data-node-id="prepare"]').textContent()).toContain("restored text");
    expect((await view.page.getByRole("status").innerText()).trim()).toMatch(/^Running/);
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    await view.frames();
    expect(await view.page.locator("[data-step]").count()).toBe(1);
  });

  it("reports a message it cannot handle and keeps what it had", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    await view.post({ type: "runEvents", events: [ev.token("prepare", "run-p", "kept")] });
    await view.page.evaluate(`window.__harness.post({ type: "noSuchMessage" })`);
    await view.frames();
    expect(await view.page.getByRole("alert").first().textContent()).toContain('"noSuchMessage"');
    expect(await view.page.getByRole("log").locator('[data-node-id="prepare"]').textContent()).toContain("kept");
  });
});

describe("run banner", () => {
  const cases: [RunOutcome, RegExp, RunAction[]][] = [
    [{ status: "paused", when: "before", nodes: ["tools"] }, /^Paused before tools/, ["continue", "step", "editState"]],
    [{ status: "waiting", interrupts: [{ id: "i1", value: { question: "Approve the draft?" }, ns: [] }] }, /^Waiting for input.*Approve the draft\?/, ["resume", "editState"]],
    [{ status: "failed", node: "agent", message: "Boom" }, /^Failed in agent.*Boom/, ["editState", "streamRun"]],
    [{ status: "finished" }, /^Finished/, ["streamRun"]],
    [{ status: "cancelled" }, /^Cancelled/, ["streamRun"]],
  ];

  it("says Running and offers Cancel while a run streams, then shows each outcome with its actions", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const banner = view.page.getByRole("status");
    expect(await banner.innerText()).toMatch(/^Running/);
    await view.clearPosted();
    await banner.getByRole("button", { name: "Cancel" }).click();
    expect(await view.posted()).toEqual([{ type: "runAction", action: "cancel" }]);
    for (const [outcome, text, actions] of cases) {
      await view.post({ type: "runStarted", run: { threadId: "t", assistantId: "agent" } }, { type: "runEnded", outcome });
      expect((await banner.innerText()).replace(/\s+/g, " ")).toMatch(text);
      // Labels from the one table; the first action is the primary one.
      const group = banner.getByRole("group", { name: "Run actions" });
      expect((await group.getByRole("button").allInnerTexts()).map((t) => t.trim())).toEqual(actions.map((a) => actionLabel(a, outcome.status)));
      expect(await banner.locator("button.primary").count()).toBe(1);
      await view.clearPosted();
      for (const button of await group.getByRole("button").all()) await button.click();
      expect((await view.posted()).map((m) => (m.type === "runAction" ? m.action : m.type))).toEqual(actions);
    }
  });

  it("marks a state edit as an edit, not as a run of the node it was made as", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    const edit = { ...superstep(2, ["research_a"], { notes: "old" }, { notes: "edited" }, [{ path: "notes", change: "changed", before: "old", after: "edited" }]), source: "update" };
    await view.post({ type: "superstep", superstep: superstep(1, ["research_a"], {}, { notes: "old" }, [{ path: "notes", change: "added", after: "old" }]) }, { type: "superstep", superstep: edit });
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    await view.frames();
    expect(await view.page.locator('[data-step="2"]').getAttribute("data-source")).toBe("update");
    expect(await view.page.locator('[data-step="2"] .edit-mark').textContent()).toBe("state edit");
    expect(await view.page.locator('[data-step="1"] .edit-mark').count()).toBe(0);
  });
});

describe("names a person reads", () => {
  /** The supersteps list's visible headings, one per step. */
  const headings = (view: Awaited<ReturnType<HarnessBrowser["open"]>>) => view.page.locator("[data-step] .head").evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText.replace(/\s+/g, " ").trim()));

  it("step -1 reads Input and __start__ / __end__ read Start / End, live and when loaded from history alike", async () => {
    // Live: the recorded agent run, streamed. History: the same run's checkpoints, as Show checkpoint rebuilds them.
    const run = replayFixture("agent");
    const live = await harness.open();
    await live.post(...run.messages(50));
    const fromHistory = await harness.open();
    await fromHistory.post(run.messages()[0], { type: "runStarted", run: { threadId: "recorded", assistantId: "agent" } });
    await fromHistory.post(...historySupersteps("agent").map((superstep) => ({ type: "superstep" as const, superstep })));
    for (const view of [live, fromHistory]) {
      await view.page.getByRole("tab", { name: "Supersteps" }).click();
      await view.frames();
    }
    const liveHeads = await headings(live);
    expect(await live.page.locator("[data-step]").evaluateAll((els) => els.map((e) => e.getAttribute("data-step")).slice(0, 2))).toEqual(["-1", "0"]);
    expect(liveHeads[0]).toMatch(/^Input\b/);
    expect(liveHeads[1]).toMatch(/^Step 0 Start\b/);
    expect(await headings(fromHistory)).toEqual(liveHeads);
    const listText = await live.page.getByRole("list", { name: "Supersteps" }).innerText();
    expect(listText).not.toMatch(/__start__|__end__|Step -1/);

    // The state pane's heading says the same.
    await live.page.locator('[data-step="-1"] .head').click();
    expect(await live.page.getByRole("region", { name: "State after the input" }).count()).toBe(1);

    // Graph terminals: visible label and accessible name.
    const graph = live.page.locator(".graph");
    expect((await graph.locator('[data-node-id="__start__"]').innerText()).trim()).toBe("Start");
    expect((await graph.locator('[data-node-id="__end__"]').innerText()).trim()).toBe("End");
    expect(await live.page.getByRole("button", { name: "Start", exact: true }).getAttribute("data-node-id")).toBe("__start__");
    expect(await graph.innerText()).not.toMatch(/__start__|__end__/);
  });

  it("tokens headers and the banner show Start / End too", async () => {
    const view = await harness.open();
    await view.post(...startDemo());
    await view.post({ type: "runEvents", events: [ev.token("__start__", "run-s", "routing")] });
    const section = view.page.getByRole("log").locator('[data-node-id="__start__"]');
    expect((await section.locator(".title").innerText()).replace(/\s+/g, " ")).toMatch(/^Start\b/);
    expect(await section.getAttribute("aria-label")).toBe("Tokens from Start");
    await view.post({ type: "runEnded", outcome: { status: "paused", when: "before", nodes: ["__end__"] } });
    expect((await view.page.getByRole("status").innerText()).trim()).toMatch(/^Paused before End\b/);
    await view.post({ type: "runStarted", run: { threadId: "t", assistantId: "agent" } }, { type: "runEnded", outcome: { status: "failed", node: "__start__", message: "bad input" } });
    expect((await view.page.getByRole("status").innerText()).trim()).toMatch(/^Failed in Start\b/);
  });
});

// Reading a run in the panes: nothing cut off, find (Ctrl+F) over the windowed rows, copying,
// the node inspector and the nested sample's custom progress events, on recorded real streams.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/engine/model";
import type { RunEventsMessage } from "../../src/shared/protocol";
import type { WebviewPage } from "./harness";
import { SCREENSHOTS, fileHarness } from "./fileHarness";
import { replayFixture } from "./replay";
import { ev, startDemo, superstep } from "./scenarios";
import type { ThemeName } from "./themes";

const OUT = SCREENSHOTS;
const harness = fileHarness();

/** A page whose clipboard the test can read back (VS Code's webview frame allows clipboard-write). */
async function open(options: { theme?: ThemeName; width?: number; height?: number } = {}): Promise<WebviewPage> {
  const view = await harness.open(options);
  await view.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  return view;
}

/** Themes shot: dark, or all three with LGD_SCREENSHOTS=all (kept out of every run for the tier's time). */
const SHOT_THEMES: ThemeName[] = process.env.LGD_SCREENSHOTS === "all" ? ["light", "dark", "high-contrast"] : ["dark"];

/** Screenshots of the page as it is (screenshots/webview, for a person to look at), back in dark after. */
async function shoot(view: WebviewPage, name: string): Promise<void> {
  for (const theme of SHOT_THEMES) {
    await view.setTheme(theme);
    await view.page.screenshot({ path: join(OUT, `${name}-${theme}.png`) });
  }
  await view.setTheme("dark");
}

const clipboard = (view: WebviewPage) => view.page.evaluate("navigator.clipboard.readText()") as Promise<string>;
const toast = (view: WebviewPage) => view.page.locator(".toast").innerText();
const press = (view: WebviewPage, key: string) => view.page.keyboard.press(key).then(() => view.frames());

describe("nothing cut off", () => {
  it("the interrupt's question is said whole, its payload shown whole and copied; a long error folds to More", async () => {
    const view = await open({ width: 300 });
    const run = replayFixture("hitl");
    await view.post(...run.messages(50));
    const banner = view.page.getByRole("status");
    expect(await banner.innerText()).toContain("Approve this draft?");
    // The payload is shown whole under the question (no click needed), and copied from its card.
    const payload = banner.getByLabel("Payload", { exact: true });
    expect(await payload.innerText()).toContain('"draft": "A short post about visual debugging');
    expect(await payload.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await banner.getByRole("button", { name: "Copy the interrupt's payload" }).click();
    await view.until("document.querySelector('.toast')");
    expect(JSON.parse(await clipboard(view))).toMatchObject({ question: "Approve this draft?" });
    expect(await toast(view)).toBe("Copied the interrupt's payload");
    await shoot(view, "banner-payload-300");

    const message = `ValueError: ${"the model said something long ".repeat(30)}END`;
    await view.post({ type: "runEnded", outcome: { status: "failed", node: "review", message } });
    const detail = banner.locator(".detail");
    const clipped = () => detail.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    expect(await clipped()).toBe(true);
    await banner.getByRole("button", { name: "More" }).click();
    expect(await clipped()).toBe(false);
    expect(await detail.innerText()).toBe(message);
    await shoot(view, "banner-error-300");
  });

  it("a tool result's heading wraps over rows instead of being cut", async () => {
    const view = await open({ width: 300 });
    await view.post(...replayFixture("agent").messages(50));
    const tools = view.page.getByRole("log").locator('[data-node-id="tools"] .line');
    // Rows are lines (a run of rows is one element, a line each): read back without the line breaks.
    const text = (await tools.allInnerTexts()).join("").replaceAll("\n", "");
    expect(text).toMatch(/tool result · get_weather \(call_\w+\)/);
    expect(await tools.evaluateAll((els) => els.every((e) => e.scrollWidth <= e.clientWidth))).toBe(true);
  });
});

describe("find", () => {
  it("Ctrl+F in the tokens pane finds in rows not drawn, Enter / Shift+Enter move and scroll to them, Escape closes", async () => {
    const view = await open({ width: 300 });
    await view.post(...startDemo());
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}${i % 500 === 7 ? " needle" : ""}\n`);
    await view.post({ type: "runEvents", events: lines.map((l) => ev.token("prepare", "run-long", l)) });
    await view.page.getByRole("log").click();
    await press(view, "Control+f");
    const box = view.page.getByRole("search", { name: "Find in tokens" });
    await box.getByRole("textbox").fill("NEEDLE");
    await view.frames();
    expect(await box.innerText()).toContain("1 of 4");
    const current = view.page.locator("mark.find-match.current");
    // The first match (line 7) was scrolled up to from the followed bottom of the log.
    expect(await current.locator("xpath=..").innerText()).toBe("line 7 needle");
    await press(view, "Enter");
    expect(await current.locator("xpath=..").innerText()).toBe("line 507 needle");
    const inView = () =>
      current.evaluate((mark) => {
        const r = mark.getBoundingClientRect();
        const s = mark.closest(".scroller")!.getBoundingClientRect();
        return r.top >= s.top && r.bottom <= s.bottom;
      });
    expect(await inView()).toBe(true);
    await press(view, "Shift+Enter");
    await press(view, "Shift+Enter");
    expect(await current.locator("xpath=..").innerText()).toBe("line 1507 needle");
    expect(await box.innerText()).toContain("4 of 4");
    expect(await inView()).toBe(true);
    await shoot(view, "find-tokens-300");
    await press(view, "Escape");
    expect(await box.count()).toBe(0);
    expect(await view.page.locator("mark").count()).toBe(0);
  });

  it("Cmd+F in the supersteps pane finds in diffs, listing further down the diff and unfolding a long value to the match", async () => {
    const view = await open({ width: 300 });
    await view.post(...startDemo());
    const items = Array.from({ length: 30 }, (_, i) => (i === 25 ? `${"x".repeat(300)} needle` : `item ${i}`));
    const diff = items.map((after, i) => ({ path: `items[${i}]`, change: "added" as const, after }));
    await view.post(
      { type: "superstep", superstep: superstep(1, ["prepare"], {}, { items }, diff) },
      { type: "superstep", superstep: superstep(2, ["needle_maker"], { items }, { items }, []) },
    );
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    await press(view, "Meta+f");
    const box = view.page.getByRole("search", { name: "Find in supersteps" });
    await box.getByRole("textbox").fill("needle");
    await view.frames();
    expect(await box.innerText()).toContain("1 of 2");
    const current = view.page.locator("mark.find-match.current");
    // Entry 25 is past the 20 listed and its value past the fold: both open to show it.
    expect(await current.evaluate((m) => m.closest("[data-path]")?.getAttribute("data-path"))).toBe("items[25]");
    expect(await current.evaluate((m) => m.closest("pre.full") !== null)).toBe(true);
    await press(view, "Enter");
    expect(await box.innerText()).toContain("2 of 2");
    await shoot(view, "find-supersteps-300");
    expect(await current.evaluate((m) => m.closest("[data-step]")?.getAttribute("data-step"))).toBe("2");
    await press(view, "Enter");
    expect(await box.innerText()).toContain("1 of 2");
  });
});

describe("copying", () => {
  it("a diff path, a diff value and a whole step as JSON, each confirmed", async () => {
    const view = await open();
    const run = replayFixture("agent");
    await view.post(...run.messages(50));
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    const step = run.supersteps.find((s) => s.step === 1 && s.ns.length === 0)!;
    const entry = view.page.locator('[data-step="1"]:not([data-ns])');
    const row = entry.locator(`[data-path="${step.diff[0].path}"]`);
    await row.hover();
    await row.getByRole("button", { name: `Copy the path ${step.diff[0].path}` }).click();
    expect(await clipboard(view)).toBe(step.diff[0].path);
    await row.getByRole("button", { name: `Copy the value of ${step.diff[0].path}` }).click();
    expect(JSON.parse(await clipboard(view))).toEqual(step.diff[0].after);
    await entry.locator(".head-row").hover();
    await entry.getByRole("button", { name: "Copy step 1 as JSON" }).click();
    expect(JSON.parse(await clipboard(view))).toMatchObject({ step: 1, diff: step.diff });
    expect(await toast(view)).toBe("Copied step 1 as JSON");
    expect(await view.violations()).toEqual([]);
  });
});

describe("nested sample: node inspector and custom progress events", () => {
  it("shows child_step's progress on the node while it runs, in its step, and in its inspector with breakpoints and Escape", async () => {
    const view = await open({ width: 300, height: 700 });
    const run = replayFixture("nested");
    const messages = run.messages(1);
    await view.post(...messages.slice(0, 2));
    await view.until("document.querySelectorAll('.graph [data-node-id]').length > 3");
    const progressLine = view.page.locator('.graph [data-node-id="child:child_step"] [data-progress]');
    // Message by message from the first custom event to child_step's result; the rest at once.
    const hasEvent = (i: number, test: (e: RunEvent) => boolean) => messages[i].type === "runEvents" && (messages[i] as RunEventsMessage).events.some(test);
    const first = messages.findIndex((_, i) => hasEvent(i, (e) => e.kind === "custom"));
    const done = messages.findIndex((_, i) => hasEvent(i, (e) => e.kind === "taskResult" && e.node === "child_step"));
    await view.post(...messages.slice(2, first));
    const seen: string[] = [];
    for (const message of messages.slice(first, done + 1)) {
      await view.post(message);
      if (await progressLine.count()) seen.push(`${await progressLine.innerText()} (${await progressLine.getAttribute("data-progress")})`);
      if (seen.length === 2 && seen[0] !== seen[1]) await shoot(view, "progress-300");
    }
    await view.post(...messages.slice(done + 1));
    expect([...new Set(seen)]).toEqual([1, 2, 3].map((n) => `${n}/3 (${n}/3 · from: child_step)`));
    // Done: the line goes, the step keeps the events.
    expect(await progressLine.count()).toBe(0);
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    const custom = view.page.locator("[data-step][data-ns] .custom-event");
    const texts = (await custom.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
    expect(texts).toEqual([1, 2, 3].map((n) => `child_step ${n}/3 · from: child_step`));
    await custom.first().scrollIntoViewIfNeeded();
    await shoot(view, "custom-events-300");

    await view.page.locator('.graph [data-node-id="child:child_step"]').click();
    const inspector = view.page.getByRole("dialog", { name: "child:child_step" });
    await inspector.waitFor();
    const text = await inspector.innerText();
    expect(text).toMatch(/Step 1 in child/);
    expect(text).toContain("3/3 · from: child_step");
    expect(text).toMatch(/WRITES[\s\S]*child_steps/i);
    expect(text).toMatch(/took \d+ ms/);
    await shoot(view, "inspector-300");
    // A node inside a subgraph has no breakpoints (the server honours top-level ones only).
    expect(await inspector.getByRole("button", { name: /Break/ }).count()).toBe(0);
    await press(view, "Escape");
    expect(await inspector.count()).toBe(0);
    expect(await view.page.evaluate("document.activeElement?.getAttribute('data-node-id')")).toBe("child:child_step");

    // By keyboard: Enter on a node opens it; its breakpoints toggle from there.
    await view.page.locator('.graph [data-node-id="prepare"]').focus();
    await press(view, "Enter");
    const prepare = view.page.getByRole("dialog", { name: "prepare" });
    expect(await view.page.evaluate(`!!document.activeElement?.closest('[data-inspector="prepare"]')`)).toBe(true);
    await view.clearPosted();
    await prepare.getByRole("button", { name: "Break after" }).click();
    expect(await view.posted()).toContainEqual({ type: "toggleBreakpoint", node: "prepare", when: "after" });
    await view.post({ type: "breakpoints", breakpoints: { before: [], after: ["prepare"] } });
    expect(await prepare.getByRole("button", { name: "Break after" }).getAttribute("aria-pressed")).toBe("true");
    expect(await view.violations()).toEqual([]);
  });
});

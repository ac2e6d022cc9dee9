// The run viewer's page (a `.lgrun` opened as a custom editor) in real Chromium: a recording made
// from the real JS server is sent once, and everything else happens in the page — scrubbing moves
// node statuses, tokens and supersteps to how they looked live at that point; the keyboard steps;
// play runs to the end; recorded HTML stays text; an unreadable file shows a banner.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRecordingView } from "../../src/host/recordingView";
import type { HostToWebview } from "../../src/shared/protocol";
import type { WebviewPage } from "./harness";
import { SCREENSHOTS, fileHarness } from "./fileHarness";

const FIXTURES = resolve(process.cwd(), "test/fixtures/recordings");
const OUT = SCREENSHOTS;
const harness = fileHarness();

function fixture(name: string, edit?: (text: string) => string): HostToWebview {
  const text = readFileSync(join(FIXTURES, name), "utf8");
  return loadRecordingView(Buffer.from(edit ? edit(text) : text), name).message;
}

async function openRecording(message: HostToWebview, theme: "light" | "dark" = "dark", savedState?: unknown): Promise<WebviewPage> {
  const view = await harness.open({ mode: "recording", theme, width: 900, height: 760, savedState });
  await view.post(message);
  await view.until("document.querySelectorAll('.graph [data-node-id]').length >= 3");
  await view.settled();
  return view;
}

const position = (view: WebviewPage) => view.page.getByRole("slider", { name: "Time" }).getAttribute("data-position").then(Number);
const status = (view: WebviewPage, node: string) => view.page.locator(`.graph [data-node-id="${node}"]`).getAttribute("data-status");
const banner = (view: WebviewPage) => view.page.getByRole("status").first().innerText();
const tokens = (view: WebviewPage, node: string) => view.page.getByRole("log").locator(`[data-node-id="${node}"]`).innerText();

describe("run viewer timeline", () => {
  it("opens at the end; clicking a step jumps to it with the statuses, tokens and diffs of that moment", async () => {
    const view = await openRecording(fixture("js-agent-breakpoint.lgrun"));
    expect(await position(view)).toBe(35);
    expect(await banner(view)).toMatch(/Finished/);
    expect(await view.page.getByRole("button", { name: "Continue" }).count()).toBe(0);
    expect(await view.page.getByRole("button", { name: /^Break before/ }).count()).toBe(0);
    expect(await tokens(view, "agent")).toContain("get_weather");
    await view.page.screenshot({ path: join(OUT, "timeline-end-dark.png") });

    // Step 1 (agent) closed at event 10: the agent ran and is done, tools not reached, nothing paused yet.
    await view.page.locator('[data-timeline-step="2"]').click();
    await view.settled();
    expect(await position(view)).toBe(11);
    expect(await status(view, "agent")).toBe("done");
    expect(await status(view, "tools")).toBe("idle");
    expect(await banner(view)).toMatch(/Running/);
    expect(await view.page.locator('[data-timeline-step="2"]').getAttribute("aria-current")).toBe("step");
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    await view.settled();
    expect(await view.page.locator("[data-step]").count()).toBe(3);
    expect(await view.page.locator('[data-step="1"] [data-path="messages[1]"]').count()).toBe(1);

    // Right (the focus back on the timeline: the tabs take Left and Right for themselves): the
    // first run's end, paused before tools (the outcome shows only there).
    await view.page.getByRole("slider", { name: "Time" }).focus();
    await view.page.keyboard.press("ArrowRight");
    await view.settled();
    expect(await position(view)).toBe(12);
    expect(await banner(view)).toMatch(/Paused before tools/);
    expect(await status(view, "tools")).toBe("interrupted");
    await view.page.screenshot({ path: join(OUT, "timeline-paused-dark.png") });
    await view.page.keyboard.press("ArrowRight");
    await view.settled();
    // Right again: the continued run's tools step has closed.
    expect(await position(view)).toBe(19);
    expect(await banner(view)).toMatch(/Running/);
    expect(await view.page.locator("[data-step]").count()).toBe(4);

    // Home: nothing has arrived; End: as it ended.
    await view.page.keyboard.press("Home");
    await view.settled();
    expect(await position(view)).toBe(0);
    expect(await status(view, "agent")).toBe("idle");
    expect(await view.page.locator("[data-step]").count()).toBe(0);
    await view.page.keyboard.press("End");
    await view.settled();
    expect(await position(view)).toBe(35);
    expect(await view.page.locator("[data-step]").count()).toBe(5);
    expect(await view.violations()).toEqual([]);
  });

  it("dragging the slider back takes tokens away; going forward brings them back", async () => {
    const view = await openRecording(fixture("js-agent-breakpoint.lgrun"), "light");
    const full = await tokens(view, "agent");
    const slider = view.page.getByRole("slider", { name: "Time" });
    const box = (await slider.boundingBox())!;
    await view.page.mouse.click(box.x + box.width * 0.88, box.y + box.height / 2);
    await view.settled();
    const mid = await position(view);
    expect(mid).toBeGreaterThan(12);
    expect(mid).toBeLessThan(35);
    const partial = await tokens(view, "agent");
    expect(partial.length).toBeLessThan(full.length);
    await view.page.screenshot({ path: join(OUT, "timeline-scrubbed-light.png") });
    await view.page.keyboard.press("End");
    await view.settled();
    expect(await tokens(view, "agent")).toBe(full);

    // A tab hidden and shown again (a fresh page, the saved UI state) opens where it was left.
    await view.page.keyboard.press("Home");
    await view.page.keyboard.press("ArrowRight");
    await view.until("window.__harness.savedState()?.position === 2");
    const again = await openRecording(fixture("js-agent-breakpoint.lgrun"), "light", await view.page.evaluate("window.__harness.savedState()"));
    expect(await position(again)).toBe(2);
  });

  it("plays at full speed from the start to the end", async () => {
    const view = await openRecording(fixture("js-hitl.lgrun"));
    await view.page.keyboard.press("Home");
    await view.page.getByRole("button", { name: "Max" }).click();
    await view.page.getByRole("button", { name: "Play" }).click();
    await view.until(`document.querySelector('input[type=range]').dataset.position === "21"`, 10_000);
    await view.settled();
    expect(await banner(view)).toMatch(/Finished/);
    expect(await view.page.getByRole("button", { name: "Play" }).count()).toBe(1);
    expect(await status(view, "publish")).toBe("done");
  });

  it("a waiting interrupt shows at the run's end; HTML in recorded tokens and state stays text", async () => {
    const evil = "<img src=x onerror=alert(1)><b>bold</b>";
    const escaped = JSON.stringify(JSON.stringify(evil).slice(1, -1)).slice(1, -1);
    const hitl = await openRecording(fixture("python-hitl.lgrun", (text) => text.replaceAll("A short post about visual debugging", escaped)));
    await hitl.page.keyboard.press("Home");
    for (let i = 0; i < 8 && !(await banner(hitl)).includes("Waiting"); i++) await hitl.page.keyboard.press("ArrowRight");
    await hitl.settled();
    expect(await banner(hitl)).toMatch(/Waiting for input/);
    // The question is shown; the rest of the payload (the draft) one click away.
    await hitl.page.getByRole("button", { name: "Show payload" }).click();
    expect(await banner(hitl)).toContain(evil);
    expect(await status(hitl, "review")).toBe("interrupted");

    const agent = await openRecording(fixture("js-agent-breakpoint.lgrun", (text) => text.replaceAll("Paris", escaped)));
    expect(await tokens(agent, "agent")).toContain(evil);
    await agent.page.getByRole("tab", { name: "Supersteps" }).click();
    await agent.settled();
    for (const view of [hitl, agent]) {
      expect(await view.page.locator("img, b").count()).toBe(0);
      expect(await view.violations()).toEqual([]);
    }
  });

  it("a broken file shows a banner naming the file and line; a cut one opens under a warning", async () => {
    const message = fixture("js-hitl.lgrun", (text) => text.split("\n").map((l, i) => (i === 6 ? l.slice(0, 40) : l)).join("\n"));
    expect(message.type).toBe("recordingError");
    const view = await harness.open({ mode: "recording", width: 700, height: 400 });
    await view.post(message);
    const alert = view.page.getByRole("alert");
    expect(await alert.innerText()).toMatch(/Could not open js-hitl\.lgrun, line 7: not JSON/);
    await view.page.screenshot({ path: join(OUT, "timeline-broken-dark.png") });

    // Cut short (saved mid-run, or a truncated copy): what is there opens, under a warning.
    const cut = await openRecording(fixture("js-agent-breakpoint.lgrun", (text) => text.split("\n").slice(0, 30).join("\n")), "light");
    expect(await cut.page.locator(".warning").innerText()).toMatch(/js-agent-breakpoint\.lgrun ends at line 30 without its end record/);
    expect(await banner(cut)).toMatch(/Running/);
    await cut.page.screenshot({ path: join(OUT, "timeline-cut-light.png") });
  });
});

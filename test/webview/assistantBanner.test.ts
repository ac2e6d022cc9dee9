// The banner names the assistant a run uses and its active version, in real Chromium: from the
// snapshot and the `assistant` message, only for the assistant whose graph is shown, and cut rather
// than wrapped in a narrow side panel.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AssistantShown } from "../../src/shared/protocol";
import { SCREENSHOTS, fileHarness } from "./fileHarness";
import { DEMO_GRAPH, startDemo } from "./scenarios";
import type { ThemeName } from "./themes";

const harness = fileHarness();

const SHORT: AssistantShown = { assistantId: "agent", name: "short answers for the weekly report", graphId: "agent", version: 2, system: false };

/** Themes shot: dark, or all three with LGD_SCREENSHOTS=all (kept out of every run for the tier's time). */
const SHOT_THEMES: ThemeName[] = process.env.LGD_SCREENSHOTS === "all" ? ["light", "dark", "high-contrast"] : ["dark"];

describe("the assistant in the banner", () => {
  it("says the shown assistant's name and version, follows a new version, ignores another assistant's", async () => {
    const view = await harness.open({ width: 300, height: 420 });
    await view.post(...startDemo(), { type: "assistant", assistant: SHORT });
    const label = view.page.locator(".banner .assistant");
    await expect.poll(() => label.textContent()).toBe("short answers for the weekly report · v2");
    expect(await label.getAttribute("title")).toBe("Runs use the assistant short answers for the weekly report of the graph agent, version 2: agent");
    // Narrow: the name is cut with an ellipsis, the version stays, the banner keeps one line with its actions.
    const box = (await label.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(300);
    const name = view.page.locator(".banner .assistant-name");
    expect(await name.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await view.page.locator(".banner .assistant-version").isVisible()).toBe(true);
    expect(await view.page.locator(".banner").evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(40);
    for (const theme of SHOT_THEMES) {
      await view.setTheme(theme);
      await view.page.screenshot({ path: join(SCREENSHOTS, `assistant-banner-${theme}-300.png`), clip: { x: 0, y: 0, width: 300, height: 60 } });
    }
    // Narrower still (a 300 px side bar with the Graph | Chat switch leaves the banner ~240 px): the
    // robot, with the name and version in its tooltip, rather than a name cut to a letter.
    await view.page.setViewportSize({ width: 250, height: 420 });
    await expect.poll(() => name.isVisible()).toBe(false);
    expect(await view.page.locator(".banner .assistant-version").isVisible()).toBe(false);
    const robot = (await view.page.locator(".banner .assistant .codicon-robot").boundingBox())!;
    const actions = (await view.page.getByRole("group", { name: "Run actions" }).boundingBox())!;
    expect(robot.width).toBeGreaterThan(10);
    expect(robot.x + robot.width, "the robot ends before the run actions begin").toBeLessThanOrEqual(actions.x);
    expect(await label.getAttribute("title")).toMatch(/short answers for the weekly report .*, version 2:/);
    expect(await view.page.locator(".banner").evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(40);
    await view.page.screenshot({ path: join(SCREENSHOTS, "assistant-banner-250.png"), clip: { x: 0, y: 0, width: 250, height: 60 } });
    await view.page.setViewportSize({ width: 300, height: 420 });

    await view.post({ type: "assistant", assistant: { ...SHORT, assistantId: "other", name: "other" } });
    expect(await label.textContent()).toBe("short answers for the weekly report · v2");
    await view.post({ type: "assistant", assistant: { ...SHORT, version: 1 } });
    await expect.poll(() => label.textContent()).toBe("short answers for the weekly report · v1");
    // Another assistant's graph: its own name comes with it, not the last one's.
    await view.post({ type: "graph", assistantId: "other", graph: DEMO_GRAPH });
    await expect.poll(() => label.count()).toBe(0);
  });

  it("comes with the snapshot of a view opened later", async () => {
    const view = await harness.open({ width: 600 });
    await view.post({ type: "snapshot", snapshot: { assistantId: "agent", graph: DEMO_GRAPH, breakpoints: { before: [], after: [] }, events: [], supersteps: [], statuses: {}, assistant: { ...SHORT, name: "agent", system: true, version: 1 } } });
    const label = view.page.locator(".banner .assistant");
    await expect.poll(() => label.textContent()).toBe("agent · v1");
    expect(await label.getAttribute("title")).toContain("(the default of the graph agent)");
  });
});

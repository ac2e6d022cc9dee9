// Screenshots of sample graphs mid-run in light, dark and high-contrast themes, into
// screenshots/webview/ (git-ignored) for a person to look at. Each also checks the page drew
// the run (statuses present) and broke no CSP rule.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ThemeName } from "./themes";
import type { WebviewPage } from "./harness";
import { SCREENSHOTS, fileHarness } from "./fileHarness";
import { ev, midRunEvents, startDemo, stateMessage, superstep } from "./scenarios";

const OUT = SCREENSHOTS;
const harness = fileHarness();

const THEMES: ThemeName[] = ["light", "dark", "high-contrast"];

/** Close-ups of the breakpoint dots (set ones, and tools' unset ones on hover) and the export menu; dark also in a 300 px panel. */
async function breakpointsAndExportMenu(view: WebviewPage, theme: ThemeName): Promise<void> {
  if (theme === "dark") {
    await view.page.setViewportSize({ width: 300, height: 520 });
    await view.settled();
    await view.page.locator('.graph [data-node-id="research_a"]').hover();
    await view.page.screenshot({ path: join(OUT, "breakpoints-dark-300.png") });
  }
  for (let i = 0; i < 4; i++) await view.page.getByRole("button", { name: "Zoom in" }).click();
  await view.frames();
  await view.page.locator('.graph [data-node-id="tools"]').hover();
  await view.frames();
  const agent = (await view.page.locator('.graph [data-node-id="agent"]').boundingBox())!;
  await view.page.screenshot({ path: join(OUT, `breakpoints-${theme}-zoomed.png`), clip: { x: Math.max(0, agent.x - 40), y: Math.max(0, agent.y - 40), width: 240, height: 160 } });
  await view.page.getByRole("button", { name: "Export graph" }).click();
  await view.page.getByRole("menuitem", { name: "PNG image" }).hover();
  await view.frames();
  const right = view.page.viewportSize()!.width;
  await view.page.screenshot({ path: join(OUT, `export-menu-${theme}.png`), clip: { x: right - 240, y: 30, width: 240, height: 140 } });
  expect(await view.page.locator('.bp[aria-pressed="true"]').count()).toBe(4);
}

describe("screenshots", () => {
  for (const theme of THEMES) {
    it(`mid-run, ${theme}`, async () => {
      const view = await harness.open({ theme, width: 460, height: 860 });
      await view.post(...startDemo(), { type: "breakpoints", breakpoints: { before: ["agent", "prepare"], after: ["agent", "research_b"] } });
      await view.post({
        type: "runEvents",
        events: [
          ...midRunEvents(),
          ev.taskDone("research_b", "tb"),
          ev.taskStart("child", "tc", [], 3),
          ev.taskStart("child_step", "tcs", ["child:tc"], 1),
          ev.token("child_step", "run-c1", "Summarising both findings into one paragraph", ["child:tc"]),
          ev.token("research_a", "run-ma", "", [], [{ index: 0, id: "call_1", name: "get_weather", args: '{"city": "Pa' }]),
          ev.token("research_a", "run-ma", "", [], [{ index: 0, args: 'ris"}' }]),
        ],
      });
      await view.post({
        type: "superstep",
        superstep: superstep(1, ["prepare"], { messages: [] }, { messages: [stateMessage("m1", "ai", "Planning the research…")], plan: "a+b" }, [
          { path: "messages[0]", change: "added", after: stateMessage("m1", "ai", "Planning the research…") },
          { path: "plan", change: "added", after: "a+b" },
        ]),
      });
      await view.page.locator('.graph [data-node-id="child:child_step"][data-status="running"]').waitFor();
      await view.page.locator('.graph [data-node-id="research_a"]').hover();
      await view.frames();
      await view.page.screenshot({ path: join(OUT, `mid-run-${theme}.png`) });
      await view.page.getByRole("tab", { name: "Supersteps" }).click();
      await view.page.locator('[data-step="1"] button').first().click();
      await view.frames();
      await view.page.screenshot({ path: join(OUT, `supersteps-${theme}.png`) });
      await breakpointsAndExportMenu(view, theme);
      expect(await view.violations()).toEqual([]);
      await view.page.close();
    });

    it(`failed run with a collapsed subgraph, ${theme}`, async () => {
      const view = await harness.open({ theme, width: 460, height: 640 });
      await view.post(...startDemo(), { type: "breakpoints", breakpoints: { before: ["tools"], after: ["prepare"] } });
      await view.page.locator('.graph [data-node-id="child"]').waitFor();
      await view.page.getByRole("button", { name: "Collapse subgraph child" }).click();
      await view.page.locator('.graph [data-node-id="child:child_step"]').waitFor({ state: "detached" });
      await view.post({
        type: "runEvents",
        events: [
          ...midRunEvents(),
          ev.taskDone("research_a", "ta"),
          ev.taskDone("research_b", "tb"),
          ev.taskStart("child", "tc", [], 3),
          ev.taskDone("child", "tc"),
          ev.taskStart("agent", "tg", [], 4),
          ev.taskError("agent", "tg", "Boom: the model refused <b>politely</b>"),
        ],
      });
      await view.post({ type: "runEnded", outcome: { status: "failed", node: "agent", message: "Boom: the model refused <b>politely</b>" } });
      await view.page.locator('.graph [data-node-id="agent"]').focus();
      await view.frames();
      expect(await view.page.locator('.graph [data-node-id="agent"]').getAttribute("data-status")).toBe("error");
      await view.page.screenshot({ path: join(OUT, `failed-collapsed-${theme}.png`) });
      expect(await view.violations()).toEqual([]);
      await view.page.close();
    });

    it(`a deployment that refuses the key, no graph, ${theme} at 300 px`, async () => {
      const view = await harness.open({ theme, width: 300, height: 420 });
      await view.post({ type: "deployment", deployment: { url: "https://my-agent.example.com", reachable: true, refused: "401 Missing API key: send it as x-api-key" } });
      const alert = view.page.getByRole("alert").filter({ hasText: "refused the request (401 Missing API key" });
      await alert.waitFor();
      expect(await alert.innerText()).toContain('Set its key with "LangGraph: Set API key"');
      await view.page.screenshot({ path: join(OUT, `key-refused-${theme}-300.png`) });
      expect(await view.violations()).toEqual([]);
      await view.page.close();
    });
  }
});

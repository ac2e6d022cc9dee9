// End to end in a real VS Code (code-server) on the JS server: the `agent` sample run from the graph
// view's run form (a message typed into its message list, the fake model's pace in the config
// section), then run again from the form, prefilled with that input, with `units` changed in the
// config: the forecast changes from °C to °F and the banner says the run's config. The JS server
// only: its first /schemas read is the slow one (20–30 s); the Python server's config and context
// are checked in test/integration/runSettings.test.ts. Screenshots: screenshots/e2e/runform-*.png.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench } from "./support/session";
import type { Workbench } from "./support/workbench";

describe("the run form on the js server", () => {
  let sampleServer: RunningServer | undefined;
  let codeServer: RunningCodeServer | undefined;
  let browser: E2eBrowser | undefined;
  let workbench: Workbench;

  beforeAll(async () => {
    sampleServer = await startServer("js");
    codeServer = await startCodeServer({ deploymentUrl: sampleServer.url, label: "runform-js" });
    ({ browser, workbench } = await openWorkbench(codeServer));
    await workbench.openGraphView();
  });

  afterAll(async () => {
    await closeSession({ browser, codeServer, sampleServer });
  });

  test("agent: a run started from the form, then one with configurable.units changed, which changes the answer", async (context) => {
    explainFailure(context, "failed-runform-js", () => ({ workbench, browser, sampleServer }));
    const graph = await workbench.showGraph("agent", "agent");
    const banner = graph.getByRole("status").first();
    const form = graph.getByRole("form", { name: "Run agent" });
    const config = form.locator('details[data-section="config"]');

    await banner.getByRole("button", { name: "Form", exact: true }).click();
    await form.waitFor({ timeout: 90_000 });
    await form.getByRole("button", { name: "Add message" }).click();
    await form.getByLabel("Content of message 1").fill("What is the weather in Berlin?");
    await config.locator("summary").click();
    await config.getByLabel(/^tokens/).fill("16");
    await config.getByLabel(/^delay_ms/).fill("0");
    await workbench.screenshot("runform-js-1-form");
    await form.getByRole("button", { name: "Run", exact: true }).click();
    await banner.filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
    await graph.getByText(/sunny and 21 °C in Berlin/).first().waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toContain("Config: tokens=16, delay_ms=0");

    // Opened again on the last input; units changed in the config.
    await banner.getByRole("button", { name: "Form", exact: true }).click();
    await form.waitFor({ timeout: 30_000 });
    expect(await form.getByLabel("Content of message 1").inputValue()).toBe("What is the weather in Berlin?");
    await config.getByLabel(/^units/).selectOption("fahrenheit");
    await form.getByRole("button", { name: "Run", exact: true }).click();
    await banner.filter({ hasText: "units=fahrenheit" }).waitFor({ timeout: 30_000 });
    await banner.filter({ hasText: "Finished" }).waitFor({ timeout: 90_000 });
    await graph.getByText(/sunny and 70 °F in Berlin/).first().waitFor({ timeout: 20_000 });
    await workbench.screenshot("runform-js-2-fahrenheit");

    const threads = (await (await fetch(`${sampleServer!.url}/threads/search`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ metadata: { graph_id: "agent" } }) })).json()) as unknown[];
    expect(threads).toHaveLength(2);
  });
});

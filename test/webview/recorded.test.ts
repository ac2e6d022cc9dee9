// Recorded real streams from the JS server, replayed through the engine into the view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HarnessBrowser, type WebviewPage, startHarness } from "./harness";
import { replayFixture } from "./replay";

let harness: HarnessBrowser;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function statuses(view: WebviewPage): Promise<Record<string, string>> {
  const pairs = await view.page.locator(".graph [data-node-id]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-node-id"), e.getAttribute("data-status")]));
  return Object.fromEntries(pairs);
}

/** Posts the run message by message, recording the statuses after each, and returns that history. */
async function playRun(view: WebviewPage, name: string): Promise<{ history: Record<string, string>[]; run: ReturnType<typeof replayFixture> }> {
  const run = replayFixture(name);
  const history: Record<string, string>[] = [];
  // One event per message: the sample nodes take time, so a live host sends them apart.
  const messages = run.messages(1);
  await view.post(...messages.slice(0, 2));
  await view.until("document.querySelectorAll('.graph [data-node-id]').length > 3");
  for (const message of messages.slice(2)) {
    await view.post(message);
    history.push(await statuses(view));
  }
  return { history, run };
}

describe("recorded streams", () => {
  it("agent: agent runs, tools run, agent answers; tokens under their nodes; one entry per superstep", async () => {
    const view = await harness.open();
    const { history, run } = await playRun(view, "agent");
    const agentStatuses = history.map((h) => h.agent).filter((s, i, all) => s !== all[i - 1]);
    expect(agentStatuses).toEqual(["idle", "running", "done", "running", "done"]);
    expect(history.some((h) => h.tools === "running")).toBe(true);
    expect(history.at(-1)).toMatchObject({ agent: "done", tools: "done" });
    expect((await view.page.getByRole("status").innerText()).trim()).toMatch(/^Finished/);
    const log = view.page.getByRole("log");
    expect(await log.locator('[data-node-id="agent"]').textContent()).toContain("get_weather");
    expect(await log.locator('[data-node-id="tools"]').count()).toBe(1);
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    await view.frames();
    expect(await view.page.locator("[data-step]").count()).toBe(run.supersteps.length);
    const paths = await view.page.locator("[data-step] [data-path]").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-path")}:${e.getAttribute("data-change")}`));
    expect(paths).toEqual(run.supersteps.flatMap((s) => s.diff.map((d) => `${d.path}:${d.change}`)));
    expect(paths).toContain("messages[1]:added");
  });

  it("nested: subgraph events light the xray nodes inside `child`", async () => {
    const view = await harness.open();
    const { history } = await playRun(view, "nested");
    expect(history.some((h) => h["child:child_step"] === "running")).toBe(true);
    expect(history.some((h) => h["child:child_llm"] === "running" && h.child === "running")).toBe(true);
    expect(history.at(-1)).toMatchObject({ prepare: "done", "child:child_step": "done", "child:child_llm": "done", finish: "done" });
    expect(await view.page.getByRole("log").locator('[data-node-id="child:child_llm"]').count()).toBe(1);
  });

  it("nested: a selected step is its number and namespace (the subgraph's steps restart at -1)", async () => {
    const view = await harness.open();
    const { run } = await playRun(view, "nested");
    const inner = run.supersteps.find((s) => s.ns.length > 0)!.ns;
    const marked = () => view.page.locator(".graph .in-step [data-node-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node-id")).sort());
    const pressed = () => view.page.locator('[data-step] button[aria-pressed="true"]').count();
    await view.page.getByRole("tab", { name: "Supersteps" }).click();
    await view.frames();
    // Root step 2 ran `child`; the subgraph's step 2 (listed before it) ran child_llm.
    await view.page.locator('[data-step="2"]:not([data-ns]) button.head').click();
    await view.frames();
    expect(await marked()).toEqual(["child"]);
    expect(await pressed()).toBe(1);
    expect(await view.page.getByRole("region", { name: "State after step 2", exact: true }).count()).toBe(1);
    await view.page.locator(`[data-step="2"][data-ns="${inner.join("|")}"] button.head`).click();
    await view.frames();
    expect(await marked()).toEqual(["child:child_llm"]);
    expect(await pressed()).toBe(1);
    expect(await view.page.getByRole("region", { name: "State after step 2 in child" }).count()).toBe(1);
    // The host selects with a namespace too.
    await view.post({ type: "selectStep", step: 1, ns: [] });
    expect(await marked()).toEqual(["prepare"]);
    await view.post({ type: "selectStep", step: 1, ns: inner });
    expect(await marked()).toEqual(["child:child_step"]);
    expect(await pressed()).toBe(1);
  });

  it("fanout: left and right run at the same time", async () => {
    const view = await harness.open();
    const { history } = await playRun(view, "fanout");
    expect(history.some((h) => h.left === "running" && h.right === "running")).toBe(true);
    expect(history.at(-1)).toMatchObject({ split: "done", left: "done", right: "done", join: "done" });
  });

  it("hitl: waits for input with the interrupt payload; broken: fails in explode", async () => {
    const view = await harness.open();
    const { run } = await playRun(view, "hitl");
    expect(run.outcome.status).toBe("waiting");
    expect((await view.page.getByRole("status").innerText()).replace(/\s+/g, " ")).toMatch(/^Waiting for input .*Approve this draft\?/);
    expect((await statuses(view)).review).toBe("interrupted");

    const broken = await harness.open();
    await playRun(broken, "broken");
    expect((await broken.page.getByRole("status").innerText()).replace(/\s+/g, " ")).toMatch(/^Failed in explode.*Boom/);
    expect((await statuses(broken)).explode).toBe("error");
    expect(await broken.page.locator('.graph [data-node-id="explode"]').getAttribute("title")).toContain("Boom");
  });
});

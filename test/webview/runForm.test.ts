// The run form, drawn from the schemas both sample servers really report
// (test/fixtures/{js,python}/schemas.json): each control, the message list, the JSON toggle kept in
// step both ways, the host's problems under their fields, the input history, and what it posts.
// Screenshots in light, dark and high contrast, and at a 300 px side bar.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configurableOf } from "../../src/host/runForm";
import type { RunFormMessage, RunFormValues } from "../../src/shared/protocol";
import { SAMPLE_GRAPHS } from "../support/sampleGraphs";
import type { WebviewPage } from "./harness";
import { SCREENSHOTS, fileHarness } from "./fileHarness";
import type { ThemeName } from "./themes";

const harness = fileHarness();
type Schemas = Record<string, { input_schema: unknown; config_schema: unknown; context_schema: unknown }>;
const fixture = (server: string): Schemas => JSON.parse(readFileSync(join(__dirname, "../fixtures", server, "schemas.json"), "utf8")) as Schemas;
const JS = fixture("js");
const PYTHON = fixture("python");

function formMessage(schemas: Schemas, graph: string, history: RunFormValues[] = []): RunFormMessage {
  const s = schemas[graph];
  return { type: "runForm", assistantId: graph, name: graph, history, schemas: { input: s.input_schema ?? undefined, config: configurableOf(s.config_schema), context: s.context_schema ?? undefined } };
}

/** A view showing `graph`, its run form opened from the banner and drawn from `form`. */
async function openForm(graph: string, form: RunFormMessage, options: { theme?: ThemeName; width?: number } = {}): Promise<WebviewPage> {
  const view = await harness.open({ width: 460, height: 900, ...options });
  await view.post({ type: "graph", assistantId: graph, graph: SAMPLE_GRAPHS[graph]! });
  await view.clearPosted();
  await view.page.getByRole("button", { name: "Form" }).click();
  expect(await view.posted()).toEqual([{ type: "openRunForm", assistantId: graph }]);
  await view.post(form);
  await view.until(`document.querySelector('form.run-form')`);
  return view;
}

const form = (view: WebviewPage) => view.page.getByRole("form", { name: /^Run / });
const section = (view: WebviewPage, name: string) => view.page.locator(`details[data-section="${name}"]`);

describe("the run form", () => {
  it("agent on the JS server: a message list, config fields, the host's problems under their field, then the run", async () => {
    const view = await openForm("agent", formMessage(JS, "agent"));
    const messages = form(view).getByRole("group", { name: "Messages" });
    await messages.getByRole("button", { name: "Add message" }).click();
    await messages.getByLabel("Content of message 1").fill("What is the weather in Berlin?");
    await messages.getByRole("button", { name: "Add message" }).click();
    expect(await messages.getByLabel("Role of message 2").inputValue()).toBe("assistant");
    await messages.getByRole("button", { name: "Remove message 2" }).click();

    await section(view, "config").locator("summary").click();
    const config = section(view, "config");
    await config.getByLabel(/^tokens/).fill("many");
    await config.getByLabel(/^units/).selectOption("fahrenheit");
    // The server reports the same schema for the context (docs/SERVER-DIFFERENCES.md §15): said there.
    await section(view, "context").locator("summary").click();
    expect(await section(view, "context").innerText()).toContain("reports the config's schema as the context's too");
    await section(view, "context").getByLabel(/^user_name/).fill("Ada");

    await view.clearPosted();
    await form(view).getByRole("button", { name: "Run", exact: true }).click();
    const input = { messages: [{ role: "user", content: "What is the weather in Berlin?" }] };
    expect(await view.posted()).toEqual([{ type: "submitRunForm", requestId: 1, assistantId: "agent", values: { input, config: { tokens: "many", units: "fahrenheit" }, context: { user_name: "Ada" } } }]);
    await view.post({ type: "runFormChecked", requestId: 1, problems: { "config/tokens": "Must be number." } });
    expect(await config.locator('[data-field="config/tokens"]').getByRole("alert").innerText()).toBe("Must be number.");
    expect(await form(view).getByRole("alert").last().innerText()).toContain("config/tokens");
    await shot(view, "runform-problems-dark");

    await config.getByLabel(/^tokens/).fill("3");
    await view.clearPosted();
    await form(view).getByRole("button", { name: "Run", exact: true }).click();
    expect((await view.posted())[0]).toMatchObject({ requestId: 2, values: { config: { tokens: 3, units: "fahrenheit" } } });
    await view.post({ type: "runFormChecked", requestId: 2, problems: {} });
    // The run started: the form makes room for the graph; the banner says what the run had.
    expect(await form(view).count()).toBe(0);
    await view.post({ type: "runStarted", run: { threadId: "t1", assistantId: "agent", configurable: { tokens: 3, units: "fahrenheit" }, context: { user_name: "Ada" } } });
    expect(await view.page.getByRole("status").first().innerText()).toContain("Config: tokens=3, units=fahrenheit · Context: user_name=Ada");
    expect(await view.violations()).toEqual([]);
  });

  it("the JSON toggle keeps form and JSON in step both ways, and never loses what was typed", async () => {
    const view = await openForm("agent", formMessage(JS, "agent"));
    const messages = form(view).getByRole("group", { name: "Messages" });
    await messages.getByRole("button", { name: "Add message" }).click();
    await messages.getByLabel("Content of message 1").fill("hi");
    const input = section(view, "input");
    await input.getByRole("button", { name: "JSON" }).click();
    const box = input.getByLabel("Input as JSON");
    expect(JSON.parse(await box.inputValue())).toEqual({ messages: [{ role: "user", content: "hi" }] });

    const broken = '{"messages": [{"role": "user", "content": "hi"}, {"role": "system", "content": "be brief"';
    await box.fill(broken);
    expect(await input.getByRole("alert").first().innerText()).toMatch(/^Not valid JSON/);
    await input.getByRole("button", { name: "Form" }).click();
    expect(await input.getByRole("alert").last().innerText()).toContain("Fix the JSON to go back to the form");
    expect(await box.inputValue()).toBe(broken);

    await box.fill(`${broken}}]}`);
    expect(await input.getByRole("alert").count()).toBe(0);
    await input.getByRole("button", { name: "Form" }).click();
    expect(await messages.getByLabel("Role of message 2").inputValue()).toBe("system");
    expect(await messages.getByLabel("Content of message 2").inputValue()).toBe("be brief");
  });

  it("hitl on the Python server: strings, a boolean, JSON for what has no form; optional fields left out when empty", async () => {
    const view = await openForm("hitl", formMessage(PYTHON, "hitl"));
    const input = section(view, "input");
    expect(await input.locator('[data-field="input/topic"]').innerText()).toContain("(optional)");
    await input.getByLabel(/^topic/).fill("debugging graphs");
    await input.getByRole("checkbox", { name: /^published/ }).check();
    await input.getByLabel("verdict as JSON").fill('{"approved": tru');
    expect(await input.locator('[data-field="input/verdict"]').getByRole("alert").innerText()).toMatch(/^Not valid JSON yet/);
    await input.getByLabel("verdict as JSON").fill('{"approved": true}');
    // The Python server says `messages` is required: the form starts it as an empty list.
    await input.getByLabel(/^draft_text/).fill("x");
    await input.getByLabel(/^draft_text/).fill("");
    await view.clearPosted();
    await form(view).getByRole("button", { name: "Run", exact: true }).click();
    expect(await view.posted()).toEqual([{ type: "submitRunForm", requestId: 1, assistantId: "hitl", values: { input: { messages: [], topic: "debugging graphs", published: true, verdict: { approved: true } } } }]);
  });

  it("prefills the last input and walks the history with the list, ↑/↓ in the JSON box and Alt+↑/↓ in the form", async () => {
    const history: RunFormValues[] = [{ input: { topic: "newest" } }, { input: { topic: "older" }, config: {} }];
    const view = await openForm("fanout", formMessage(JS, "fanout", history));
    const input = section(view, "input");
    expect(await input.getByLabel(/^topic/).inputValue()).toBe("newest");
    await input.getByLabel(/^topic/).press("Alt+ArrowUp");
    expect(await input.getByLabel(/^topic/).inputValue()).toBe("older");
    await input.getByRole("button", { name: "JSON" }).click();
    const box = input.getByLabel("Input as JSON");
    await box.focus();
    await box.press("Control+End");
    await box.press("ArrowDown");
    expect(JSON.parse(await box.inputValue())).toEqual({ topic: "newest" });
    await view.page.getByLabel("Input history").selectOption({ label: '{"topic":"older"}' });
    expect(JSON.parse(await box.inputValue())).toEqual({ topic: "older" });
  });

  it("appears quickly for the largest sample schema (hitl on the JS server)", async () => {
    const view = await harness.open({ width: 460, height: 900 });
    await view.post({ type: "graph", assistantId: "hitl", graph: SAMPLE_GRAPHS.hitl! });
    await view.page.getByRole("button", { name: "Form" }).click();
    const message = formMessage(JS, "hitl");
    // In the page: from the `runForm` message's arrival to the frame after its last field is in the DOM.
    const ms = (await view.page.evaluate(`(async () => {
      const started = performance.now();
      window.dispatchEvent(new MessageEvent("message", { data: ${JSON.stringify(message)} }));
      const frame = () => new Promise((ok) => requestAnimationFrame(ok));
      while (!document.querySelector('[data-field="input/verdict"]')) await frame();
      await frame();
      return performance.now() - started;
    })()`)) as number;
    console.log(`BENCH ${JSON.stringify({ bench: "runFormAppears", schemaBytes: JSON.stringify(message.schemas).length, ms: Math.round(ms) })}`);
    expect(ms).toBeLessThan(2000);
  });

  it("screenshots: light, dark, high contrast, and a 300 px side bar", async () => {
    const history: RunFormValues[] = [{ input: { messages: [{ role: "user", content: "What is the weather in Berlin?" }] }, config: { tokens: 3, units: "fahrenheit" } }];
    for (const theme of ["light", "dark", "high-contrast"] as ThemeName[]) {
      const view = await openForm("agent", formMessage(PYTHON, "agent", history), { theme });
      await shot(view, `runform-${theme}`);
      await view.page.close();
    }
    const narrow = await openForm("hitl", formMessage(JS, "hitl"), { theme: "dark", width: 300 });
    await shot(narrow, "runform-dark-300");
    const overflow = await narrow.page.evaluate(`document.documentElement.scrollWidth - document.documentElement.clientWidth`);
    expect(overflow).toBe(0);
  });
});

async function shot(view: WebviewPage, name: string): Promise<void> {
  // Away from the button that opened the form: the picture shows it at rest, not hovered.
  await view.page.mouse.move(1, 899);
  await view.settled();
  await view.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

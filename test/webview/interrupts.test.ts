// The banner with several interrupts waiting (the `approvals` sample as the servers report it):
// each with its node, short id and whole payload, answered on its own or all at once, a form from
// `response_schema`, the host's problems shown under the answer, update and goto in the advanced
// part. Screenshots in light, dark and high contrast, and at a 300 px side bar.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { InterruptInfo } from "../../src/engine/model";
import { SAMPLE_GRAPHS } from "../support/sampleGraphs";
import type { WebviewPage } from "./harness";
import { SCREENSHOTS, fileHarness } from "./fileHarness";
import type { ThemeName } from "./themes";

const harness = fileHarness();
const LONG_REQUEST = "the quarterly report for the board, with every appendix and the customer list that legal has to look at before anything leaves the house";
const INTERRUPTS: InterruptInfo[] = [
  { id: "e37e96c5bc3190d76e23892f1f8e7659", node: "legal", ns: [], value: { question: "Legal: may we share this?", options: ["approve", "reject"], request: LONG_REQUEST } },
  {
    id: "9feeacc204607e8b97769486ee806120",
    node: "finance",
    ns: [],
    value: { question: "Finance: what budget (EUR)?", options: [1000, 5000], request: LONG_REQUEST },
    responseSchema: { type: "object", properties: { budget: { type: "integer", minimum: 0, description: "EUR" }, note: { type: "string" } }, required: ["budget"] },
  },
];
const [LEGAL, FINANCE] = INTERRUPTS.map((i) => i.id!);

async function waitingOnTwo(options: { theme?: ThemeName; width?: number } = {}): Promise<WebviewPage> {
  const view = await harness.open({ width: 460, height: 900, ...options });
  await view.post(
    { type: "graph", assistantId: "approvals", graph: SAMPLE_GRAPHS.approvals! },
    { type: "runStarted", run: { threadId: "t1", assistantId: "approvals" } },
    { type: "runEnded", outcome: { status: "waiting", interrupts: INTERRUPTS } },
  );
  await view.until(`document.querySelector('.graph [data-node-id="legal"]')`);
  return view;
}

const card = (view: WebviewPage, node: string) => view.page.getByRole("region", { name: `Interrupt in ${node}` });

describe("several interrupts in the banner", () => {
  it("shows each with node, short id and whole payload; answers one by id, then all at once with update and goto; shows the host's problems", async () => {
    const view = await waitingOnTwo();
    const banner = view.page.getByRole("status");
    expect(await banner.innerText()).toMatch(/^Waiting for 2 answers/);
    const legal = card(view, "legal");
    expect(await legal.innerText()).toContain("e37e96c5");
    // The payload is shown whole (it was cut in the banner before).
    expect(await legal.getByLabel("Payload", { exact: true }).innerText()).toContain(LONG_REQUEST);

    await view.clearPosted();
    await legal.getByRole("button", { name: "approve" }).click();
    expect(await legal.getByLabel("Answer as JSON").inputValue()).toBe('"approve"');
    await legal.getByRole("button", { name: "Answer", exact: true }).click();
    expect(await view.posted()).toEqual([{ type: "answerInterrupts", requestId: 1, answers: { [LEGAL]: { json: '"approve"' } } }]);

    // finance has a response_schema: a form, whose answer the host checks.
    const finance = card(view, "finance");
    expect(await finance.getByLabel("Answer as JSON").count()).toBe(0);
    await finance.getByLabel(/budget \*/).fill("lots");
    await legal.getByLabel("Answer as JSON").fill("approve");
    await view.clearPosted();
    await view.page.getByRole("button", { name: "Answer all" }).click();
    expect(await view.posted()).toEqual([{ type: "answerInterrupts", requestId: 2, answers: { [LEGAL]: { json: "approve" }, [FINANCE]: { form: { budget: "lots" } } } }]);
    await view.post({ type: "answerChecked", requestId: 2, problems: { [LEGAL]: 'Not valid JSON: Unexpected token. Text goes in quotes: "approve".', [FINANCE]: "$.budget must be integer" } });
    expect(await legal.getByRole("alert").innerText()).toContain("Text goes in quotes");
    expect(await finance.getByRole("alert").innerText()).toBe("$.budget must be integer");
    await shot(view, "interrupts-problems-dark");

    await finance.getByLabel(/budget \*/).fill("1000");
    await legal.getByLabel("Answer as JSON").fill('"approve"');
    await view.page.getByText("Update state and go to a node").click();
    await view.page.getByLabel(/^update/).fill('{"request": "changed"}');
    await view.page.getByLabel(/^goto/).selectOption("archive");
    await view.clearPosted();
    await view.page.getByRole("button", { name: "Answer all" }).click();
    expect(await view.posted()).toEqual([
      { type: "answerInterrupts", requestId: 3, answers: { [LEGAL]: { json: '"approve"' }, [FINANCE]: { form: { budget: 1000 } } }, update: '{"request": "changed"}', goto: "archive" },
    ]);
    // An answer from an earlier request does not show against this one.
    await view.post({ type: "answerChecked", requestId: 2, problems: { [LEGAL]: "old" } });
    expect(await legal.getByRole("alert").count()).toBe(0);
    expect(await view.violations()).toEqual([]);
  });

  it("the answers go once the thread moves on", async () => {
    const view = await waitingOnTwo();
    await view.post({ type: "runStarted", run: { threadId: "t1", assistantId: "approvals" } }, { type: "runEnded", outcome: { status: "finished" } });
    expect(await view.page.getByRole("region", { name: /^Interrupt in/ }).count()).toBe(0);
  });

  it("screenshots: light, dark, high contrast, and a 300 px side bar", async () => {
    for (const theme of ["light", "dark", "high-contrast"] as ThemeName[]) {
      const view = await waitingOnTwo({ theme });
      await view.page.getByText("Update state and go to a node").click();
      await shot(view, `interrupts-${theme}`);
      await view.page.close();
    }
    const narrow = await waitingOnTwo({ theme: "dark", width: 300 });
    await shot(narrow, "interrupts-dark-300");
    const overflow = await narrow.page.evaluate(`document.documentElement.scrollWidth - document.documentElement.clientWidth`);
    expect(overflow).toBe(0);
  });
});

async function shot(view: WebviewPage, name: string): Promise<void> {
  await view.settled();
  await view.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

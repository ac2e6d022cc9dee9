// End to end in a real VS Code (code-server) on both servers: the `approvals` sample stops with two
// interrupts (legal and finance, in parallel); each is answered by id from the graph view's banner
// (legal with an option chip, finance with the form its response_schema makes, after the host
// refused a budget below 0), then `sign` asks twice: "Who signs?" as JSON, then its confirmation
// with an update and a goto to `archive`, and the run finishes. Then `LangGraph: Resume` from the palette
// asks which of two to answer and answers that one. Screenshots: screenshots/e2e/interrupts-*.png.
// One code-server for the whole file: the first server kind starts beside it, each later one in its
// describe, reached with "Switch deployment".
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import type { RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure, openWorkbench, startSampleAndCodeServer } from "./support/session";
import type { Workbench } from "./support/workbench";

let sampleServer: RunningServer | undefined;
let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;

beforeAll(async () => {
  ({ sampleServer, codeServer } = await startSampleAndCodeServer((port) => startServer(SERVER_KINDS[0], { port }), { label: "interrupts" }));
  ({ browser, workbench } = await openWorkbench(codeServer));
  await workbench.openGraphView();
});

afterAll(async () => {
  await closeSession({ browser, codeServer, sampleServer });
});

for (const kind of SERVER_KINDS) {
  describe(`several interrupts on the ${kind} server`, () => {
    beforeAll(async () => {
      if (sampleServer) return;
      sampleServer = await startServer(kind);
      await workbench.switchDeployment(sampleServer.url);
      await workbench.runCommand("Notifications: Clear All Notifications");
    });

    afterAll(async () => {
      await sampleServer?.stop();
      sampleServer = undefined;
    });

    test("approvals: two interrupts answered by id from the banner, then a node that asks twice, with update and goto; the run finishes", async (context) => {
      explainFailure(context, `failed-interrupts-${kind}`, () => ({ workbench, browser, sampleServer }));
      const shot = (name: string) => workbench.screenshot(`interrupts-${kind}-${name}`);
      const graph = await workbench.showGraph("approvals", "legal");
      const banner = graph.getByRole("status");
      const card = (node: string) => graph.getByRole("region", { name: `Interrupt in ${node}` });
      await workbench.streamRun("approvals", '{"request": "the e2e report"}');
      await banner.filter({ hasText: "Waiting for 2 answers" }).waitFor({ timeout: 90_000 });
      expect(await card("legal").innerText()).toContain("Legal: may we share this?");
      expect(await card("finance").innerText()).toContain("the e2e report");
      await shot("1-two-waiting");

      // legal alone, by id: finance keeps waiting.
      await card("legal").getByRole("button", { name: '"approve"' }).click();
      await card("legal").getByRole("button", { name: "Answer", exact: true }).click();
      await card("legal").waitFor({ state: "detached", timeout: 60_000 });
      await card("finance").waitFor();
      expect(await banner.innerText()).toMatch(/^Waiting for input/);

      // finance's response_schema makes a form; the host checks it (budget ≥ 0) before sending.
      await card("finance").getByLabel(/budget \*/).fill("-3");
      await banner.getByRole("button", { name: "Answer", exact: true }).click();
      await expect.poll(() => card("finance").getByRole("alert").innerText(), { timeout: 20_000 }).toBe("$.budget must be >= 0");
      await shot("2-form-refused");
      await card("finance").getByLabel(/budget \*/).fill("1000");
      await banner.getByRole("button", { name: "Answer", exact: true }).click();

      // sign asks twice in a row.
      await card("sign").filter({ hasText: "Who signs?" }).waitFor({ timeout: 60_000 });
      await card("sign").getByLabel("Answer as JSON").fill('"Ann"');
      await banner.getByRole("button", { name: "Answer", exact: true }).click();
      await card("sign").filter({ hasText: 'Confirm signature by "Ann"?' }).waitFor({ timeout: 60_000 });
      await card("sign").getByRole("button", { name: '"yes"' }).click();
      await graph.getByText("Update state and go to a node").click();
      await graph.getByLabel(/^update/).fill('{"request": "changed by the e2e test"}');
      await graph.getByLabel(/^goto/).selectOption("archive");
      await shot("3-update-and-goto");
      await banner.getByRole("button", { name: "Answer", exact: true }).click();
      await banner.filter({ hasText: "Finished" }).waitFor({ timeout: 60_000 });
      await graph.locator('.graph [data-node-id="archive"][data-status="done"]').waitFor({ timeout: 20_000 });
      // Python replays legal's write (cached) while finance resumes: legal still ends done.
      for (const node of ["legal", "finance", "sign"]) expect(await graph.locator(`.graph [data-node-id="${node}"]`).getAttribute("data-status")).toBe("done");
      await shot("4-finished");

      const threads = (await (await fetch(`${sampleServer!.url}/threads/search`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ metadata: { graph_id: "approvals" } }) })).json()) as { values: Record<string, unknown> }[];
      expect(threads).toHaveLength(1);
      expect(threads[0].values).toMatchObject({ request: "changed by the e2e test", legal_answer: "approve", finance_answer: { budget: 1000 }, signer: "Ann", confirmed: "yes", archived: true });
    });

    test("LangGraph: Resume asks which of the two to answer, and answers that one by id", async (context) => {
      explainFailure(context, `failed-interrupts-palette-${kind}`, () => ({ workbench, browser, sampleServer }));
      const graph = workbench.graphFrame();
      const banner = graph.getByRole("status");
      await workbench.streamRun("approvals", '{"request": "from the palette"}');
      await banner.filter({ hasText: "Waiting for 2 answers" }).waitFor({ timeout: 90_000 });
      await workbench.runCommand("LangGraph: Resume");
      await workbench.waitForQuickInput("2 interrupts wait");
      const choices = await workbench.quickInputText();
      expect(choices).toContain("Legal: may we share this?");
      expect(choices).toContain("All of them");
      await workbench.pickQuickItem("finance");
      await workbench.waitForQuickInput("finance asks");
      await workbench.typeInput('{"budget": 5}');
      await banner.filter({ hasText: "Waiting for input" }).waitFor({ timeout: 60_000 });
      await graph.getByRole("region", { name: "Interrupt in legal" }).waitFor();
      expect(await graph.getByRole("region", { name: "Interrupt in finance" }).count()).toBe(0);
      await workbench.screenshot(`interrupts-${kind}-5-palette-answered-one`);
    });
  });
}

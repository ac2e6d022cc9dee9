// The Store view end to end in a real VS Code (code-server) with the packaged .vsix, on each sample
// server: empty before any run; after a run of the `memory` sample it lists users → demo-user →
// facts → the item; the item opens as JSON, an edit saved with Ctrl+S reaches the server (invalid
// JSON is refused with a message and nothing is sent); Delete asks first, then the item is gone
// and so is its document.
// One code-server for the file: each server of the matrix is reached with "Switch deployment".
import { afterAll, beforeAll, describe, expect, test, type TestContext } from "vitest";
import { LangGraphClient } from "../../src/engine/client";
import { freePort } from "../support/freePort";
import type { RunningServer } from "../support/langgraphServer";
import { SERVER_KINDS, startServer } from "../support/servers";
import type { E2eBrowser } from "./support/browser";
import { startCodeServer, type RunningCodeServer } from "./support/codeServer";
import { closeSession, explainFailure as explainFailureWith, openWorkbench } from "./support/session";
import { StorePane } from "./support/storePane";
import { normalizeSpaces, type Workbench } from "./support/workbench";

const FACTS = ["users", "demo-user", "facts"];

let codeServer: RunningCodeServer | undefined;
let browser: E2eBrowser | undefined;
let workbench: Workbench;
let sampleServer: RunningServer | undefined;
let store: StorePane;

beforeAll(async () => {
  codeServer = await startCodeServer({ deploymentUrl: `http://127.0.0.1:${await freePort()}`, label: "store" });
  ({ browser, workbench } = await openWorkbench(codeServer));
  await workbench.openGraphView();
  await workbench.dragSideBarEdge(520);
  store = new StorePane(workbench);
  await store.open();
  await workbench.dragPaneHeader("Store", -200);
});

afterAll(async () => {
  await closeSession({ browser, codeServer });
});

const rows = (level: number) => store.rows(level);
const rowTexts = (level: number) => store.rowTexts(level);
const expand = (row: ReturnType<typeof rows>) => store.expand(row);
const requestLines = (pattern: RegExp) => workbench.outputChannelLog("LangGraph Debugger").split("\n").filter((line) => pattern.test(line));

for (const kind of SERVER_KINDS) {
  describe(`the Store view on the ${kind} server`, () => {
    let client: LangGraphClient;
    const shot = (name: string) => workbench.screenshot(`store-${kind}-${name}`);

    beforeAll(async () => {
      sampleServer = await startServer(kind);
      client = new LangGraphClient({ apiUrl: sampleServer.url });
      await workbench.switchDeployment(sampleServer.url);
    });

    afterAll(async () => {
      await sampleServer?.stop();
      sampleServer = undefined;
    });

    test("lists the item a memory run wrote; an edit saved reaches the server; Delete asks, then removes it", async (context: TestContext) => {
      explainFailureWith(context, `store-failed-${kind}`, () => ({ workbench, browser, sampleServer }));
      const page = workbench.page;
      await expect.poll(() => rowTexts(1), { timeout: 30_000 }).toEqual([expect.stringMatching(/^The store is empty Items appear when a graph calls store.put/)]);
      await shot("01-empty");

      const ended = requestLines(/ Run \S* ?ended: /).length;
      await workbench.streamRun("memory", "I like green tea");
      await expect.poll(() => requestLines(/ Run \S* ?ended: /).length, { timeout: 90_000 }).toBeGreaterThan(ended);
      // The view re-reads the store when a run ends.
      await expect.poll(() => rowTexts(1), { timeout: 15_000 }).toEqual(["users"]);
      await expand(rows(1).first());
      await expect.poll(() => rowTexts(2)).toEqual(["demo-user"]);
      await expand(rows(2).first());
      await expand(rows(3).first());
      const [stored] = await client.store.search({ namespacePrefix: FACTS });
      expect(stored?.value).toEqual({ text: "I like green tea", source: "memory graph" });
      await expect.poll(() => rowTexts(4)).toEqual([expect.stringMatching(new RegExp(`^${stored!.key} \\{"text":"I like green tea","source":"memory graph"\\} · \\d\\d:\\d\\d$`))]);
      await shot("02-item");

      // A click opens the value as a JSON document.
      await rows(4).first().click();
      await page.locator(".tabs-container .tab", { hasText: `${stored!.key}.json` }).waitFor();
      await page.locator(".editor-group-container.active .view-lines", { hasText: "green tea" }).waitFor();
      const puts = () => requestLines(/PUT \/store\/items → 204/).length;
      const putsBefore = puts();
      // Not JSON: refused with a message, nothing sent.
      await workbench.replaceAllInEditor('"text":', "text:");
      await workbench.saveActiveEditor();
      await workbench.waitForNotification("not valid JSON");
      expect(puts()).toBe(putsBefore);
      await shot("03-invalid-json");
      await workbench.replaceAllInEditor("text:", '"text":');
      await workbench.replaceAllInEditor("green tea", "jasmine tea");
      await workbench.saveActiveEditor();
      await expect.poll(puts, { timeout: 15_000 }).toBe(putsBefore + 1);
      expect((await client.store.get(FACTS, stored!.key))?.value).toEqual({ text: "I like jasmine tea", source: "memory graph" });
      await expect.poll(() => rowTexts(4), { timeout: 15_000 }).toEqual([expect.stringContaining("I like jasmine tea")]);
      await shot("04-saved");

      // Delete: a modal asks first; Cancel keeps the item, Delete removes it.
      const row = rows(4).first();
      await row.hover();
      await row.locator('.actions .action-label[aria-label^="Delete store item"]').click();
      const dialog = page.locator(".monaco-dialog-box");
      await dialog.waitFor();
      expect(normalizeSpaces(await dialog.innerText())).toContain(`Delete "${stored!.key}" from users / demo-user / facts?`);
      await shot("05-confirm-delete");
      await dialog.getByRole("button", { name: "Delete" }).click();
      await expect.poll(async () => client.store.get(FACTS, stored!.key), { timeout: 15_000 }).toBeNull();
      await expect.poll(() => rowTexts(4), { timeout: 15_000 }).toEqual(["No items the namespace is empty now"]);
      await shot("06-deleted");
      // Its document (saved, so holding no edit) is closed with it: saving that stale value would make the item again.
      await expect.poll(() => page.locator(".tabs-container .tab", { hasText: `${stored!.key}.json` }).count(), { timeout: 10_000 }).toBe(0);
    });
  });
}

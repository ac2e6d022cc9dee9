// The debug adapter with several interrupts waiting (the `approvals` sample) on the real servers:
// the custom request `interrupts` lists each with its id and node; `resume` answers one by id (the
// session stops again on the other), a map of answers, and finally a value with `update` and `goto`.
import { beforeAll, describe, expect, it } from "vitest";
import { DapHarness, ensureAdapterBuilt, stopSessionAfterEach } from "../support/dapHarness";
import { SERVER_KINDS } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

interface Listed {
  id: string;
  node?: string;
  question: string;
}

describe.each(SERVER_KINDS)("several interrupts through the debug adapter on the real %s server", (kind) => {
  beforeAll(ensureAdapterBuilt);
  const deployment = onSharedDeployment(kind);
  const h = new DapHarness();
  stopSessionAfterEach(h);

  it("lists both with node, answers one by id, then the rest, then resumes with update and goto to the end", async () => {
    const { launched } = await h.start("launch", { deploymentUrl: deployment.server.url, assistant: "approvals", input: { request: "dap" } });
    await launched;
    const dc = h.dc!;
    const listed = async () => ((await dc.customRequest("interrupts")).body as { interrupts: Listed[] }).interrupts;
    expect(await h.stopped()).toMatchObject({ reason: "interrupt" });
    const two = await listed();
    expect(two.map((i) => [i.node, i.question]).sort()).toEqual([
      ["finance", "Finance: what budget (EUR)?"],
      ["legal", "Legal: may we share this?"],
    ]);
    const legal = two.find((i) => i.node === "legal")!;
    const finance = two.find((i) => i.node === "finance")!;

    await dc.customRequest("resume", { value: "approve", interruptId: legal.id });
    expect(await h.stopped()).toMatchObject({ reason: "interrupt" });
    expect((await listed()).map((i) => i.id)).toEqual([finance.id]);

    await dc.customRequest("resume", { answers: { [finance.id]: { budget: 7 } } });
    expect(await h.stopped()).toMatchObject({ reason: "interrupt" });
    await dc.customRequest("resume", { value: "Bo" });
    expect(await h.stopped()).toMatchObject({ reason: "interrupt" });
    expect((await listed()).map((i) => i.question)).toEqual(['Confirm signature by "Bo"?']);

    const end = h.terminated();
    await dc.customRequest("resume", { value: "yes", update: { request: "changed" }, goto: "archive" });
    await end;
    expect((await deployment.client.threads.state(h.threadId())).values).toMatchObject({ request: "changed", legal_answer: "approve", finance_answer: { budget: 7 }, signer: "Bo", confirmed: "yes", archived: true });
  });
});

// Several interrupts waiting at once on the real servers (the `approvals` sample): `legal` and
// `finance` interrupt in parallel, `sign` interrupts twice in a row. The outcome lists each with
// its id, node and payload (and `finance`'s response_schema); answers by id leave the others
// waiting; one map answers all; a resume also writes state (`update`) and jumps (`goto`).
import { describe, expect, it } from "vitest";
import { ThreadDriver } from "../../src/engine/driver/threadDriver";
import type { InterruptInfo, RunOutcome } from "../../src/engine/model";
import { SERVER_KINDS } from "../support/servers";
import { onSharedDeployment } from "../support/sharedServers";

const waiting = (outcome: RunOutcome | undefined): InterruptInfo[] => {
  if (outcome?.status !== "waiting") throw new Error(`not waiting: ${JSON.stringify(outcome)}`);
  return outcome.interrupts;
};
const byNode = (list: InterruptInfo[], node: string) => list.find((i) => i.node === node)!;

describe.each(SERVER_KINDS)("several interrupts on the real %s server", (kind) => {
  const deployment = onSharedDeployment(kind);
  const makeDriver = () => new ThreadDriver({ client: async () => deployment.client, breakpoints: () => ({}) });


  it("answered by id one at a time: the other keeps waiting; a node that interrupts twice waits twice; update and goto go with the last answer", async () => {
    const driver = makeDriver();
    const first = waiting(await driver.start({ assistantId: "approvals", input: { request: "the report" } }));
    expect(first.map((i) => i.node).sort()).toEqual(["finance", "legal"]);
    const legal = byNode(first, "legal");
    const finance = byNode(first, "finance");
    expect(legal).toMatchObject({ id: expect.any(String), ns: [], value: { question: "Legal: may we share this?", options: ["approve", "reject"] } });
    expect(legal.responseSchema).toBeUndefined();
    expect(finance.responseSchema).toMatchObject({ type: "object", required: ["budget"] });

    const second = waiting(await driver.answer({ interruptId: legal.id, value: "approve" }));
    expect(second.map((i) => [i.id, i.node])).toEqual([[finance.id, "finance"]]);
    await expect(driver.answer({ interruptId: "no-such-id", value: 1 })).rejects.toThrow(/No interrupt no-such-id waits/);

    const signer = waiting(await driver.answer({ answers: { [finance.id!]: { budget: 1000 } } }));
    expect(signer).toEqual([expect.objectContaining({ node: "sign", value: { question: "Who signs?" } })]);
    const confirm = waiting(await driver.answer({ value: "Ann" }));
    expect(confirm).toEqual([expect.objectContaining({ node: "sign", value: expect.objectContaining({ question: 'Confirm signature by "Ann"?' }) })]);
    expect(confirm[0].id).not.toBe(signer[0].id);

    const done = await driver.answer({ interruptId: confirm[0].id, value: "yes", update: { request: "changed" }, goto: "archive" });
    expect(done).toEqual({ status: "finished" });
    const values = (await deployment.client.threads.state(driver.target!.threadId)).values as Record<string, unknown>;
    expect(values).toMatchObject({ request: "changed", legal_answer: "approve", finance_answer: { budget: 1000 }, signer: "Ann", confirmed: "yes", archived: true });
    // legal's write is replayed cached while finance resumes (JS: before its task start; Python: after, with no result): still done.
    const statuses = Object.fromEntries(Object.entries(driver.story()!.statuses).map(([node, entry]) => [node, entry.status]));
    expect(statuses).toMatchObject({ legal: "done", finance: "done", sign: "done", archive: "done" });
  });

  it("answered all at once by one map", async () => {
    const driver = makeDriver();
    const first = waiting(await driver.start({ assistantId: "approvals", input: { request: "r" } }));
    const answers = Object.fromEntries(first.map((i) => [i.id!, i.node === "legal" ? "reject" : { budget: 5 }]));
    const next = waiting(await driver.answer({ answers }));
    expect(next.map((i) => i.node)).toEqual(["sign"]);
    const values = (await deployment.client.threads.state(driver.target!.threadId)).values as Record<string, unknown>;
    expect(values).toMatchObject({ legal_answer: "reject", finance_answer: { budget: 5 } });
  });
});

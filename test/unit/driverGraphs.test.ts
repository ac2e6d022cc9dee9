// The driver's shown graph when reads overlap: a newer read wins, and a read still going when the
// deployment is forgotten (a replay takes over, another deployment) is not shown when it answers.
import { describe, expect, it } from "vitest";
import type { LangGraphApi } from "../../src/engine/client";
import { DriverGraphs } from "../../src/engine/driver/driverGraphs";
import type { GraphData } from "../../src/engine/model";

/** A deployment whose graph reads answer when the test says. */
function slowDeployment(apiUrl: string) {
  const answers: ((graph: GraphData) => void)[] = [];
  const client = { apiUrl, assistants: { graph: () => new Promise<GraphData>((resolve) => answers.push(resolve)) } } as unknown as LangGraphApi;
  return { client, answer: (i: number, graph: GraphData) => answers[i](graph) };
}
const graphOf = (node: string): GraphData => ({ nodes: [{ id: node }], edges: [] });

describe("DriverGraphs", () => {
  it("shows the newest read's graph, not an older one that answers later", async () => {
    const shown: string[] = [];
    const graphs = new DriverGraphs((assistantId) => shown.push(assistantId));
    const server = slowDeployment("http://a");
    const first = graphs.show(server.client, "one");
    const second = graphs.show(server.client, "two");
    server.answer(1, graphOf("b"));
    await second;
    server.answer(0, graphOf("a"));
    await first;
    expect(shown).toEqual(["two"]);
    expect(graphs.shown?.assistantId).toBe("two");
  });

  it("does not show a read of a forgotten deployment that answers after the forget", async () => {
    const shown: string[] = [];
    const graphs = new DriverGraphs((assistantId) => shown.push(assistantId));
    const old = slowDeployment("http://old");
    const reading = graphs.show(old.client, "agent");
    graphs.forget();
    old.answer(0, graphOf("a"));
    await reading;
    expect(shown).toEqual([]);
    expect(graphs.shown).toBeUndefined();
    // The next read (the replay's) is shown.
    const replay = slowDeployment("replay:file");
    const next = graphs.show(replay.client, "agent");
    replay.answer(0, graphOf("a"));
    await next;
    expect(graphs.shown).toMatchObject({ assistantId: "agent", apiUrl: "replay:file" });
  });
});

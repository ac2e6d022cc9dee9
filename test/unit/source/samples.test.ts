// The node finder on the sample deployments: every node of each sample's server graph (test/support/sampleGraphs.ts,
// the same in both languages) is placed, at the lines its code is written on.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultAssistantId, loadGraphSources, loadGraphSourcesFromCode } from "../../../src/engine/source/nodeSources";
import { SAMPLE_GRAPHS } from "../../support/sampleGraphs";

const read = (file: string) => readFile(file, "utf8").catch(() => undefined);
const root = path.resolve(__dirname, "../../../examples");

/** node → [added line, definition file, definition lines] per sample; `undefined` definition: no function in the workspace (ToolNode). */
type Expected = Record<string, Record<string, [number, string | undefined, number?, number?]>>;

const JS: Expected = {
  agent: { agent: [41, "agent.ts", 28, 33], tools: [42, undefined] },
  nested: { prepare: [58, "nested.ts", 48, 50], child: [59, "nested.ts", 39, 45], "child:child_step": [40, "nested.ts", 25, 31], "child:child_llm": [41, "nested.ts", 33, 36], finish: [60, "nested.ts", 52, 55] },
  fanout: { split: [31, "fanout.ts", 14, 16], left: [32, "fanout.ts", 20, 23], right: [33, "fanout.ts", 20, 23], join: [34, "fanout.ts", 26, 28] },
  hitl: { draft: [45, "hitl.ts", 25, 28], review: [46, "hitl.ts", 30, 33], publish: [47, "hitl.ts", 35, 42] },
  approvals: { legal: [50, "approvals.ts", 21, 24], finance: [51, "approvals.ts", 32, 36], sign: [52, "approvals.ts", 38, 43], archive: [53, "approvals.ts", 45, 47] },
  broken: { prepare: [21, "broken.ts", 12, 14], explode: [22, "broken.ts", 16, 18] },
  memory: { remember: [30, "memory.ts", 15, 21], recall: [31, "memory.ts", 23, 27] },
};

const PYTHON: Expected = {
  agent: { agent: [46, "agent.py", 32, 36], tools: [47, undefined] },
  nested: { prepare: [63, "nested.py", 52, 53], child: [64, "nested.py", 41, 49], "child:child_step": [43, "nested.py", 27, 32], "child:child_llm": [44, "nested.py", 35, 37], finish: [65, "nested.py", 56, 58] },
  fanout: { split: [41, "fanout.py", 20, 21], left: [42, "fanout.py", 27, 29], right: [43, "fanout.py", 27, 29], join: [44, "fanout.py", 34, 36] },
  hitl: { draft: [60, "hitl.py", 31, 37], review: [61, "hitl.py", 40, 42], publish: [62, "hitl.py", 45, 55] },
  approvals: { legal: [65, "approvals.py", 28, 30], finance: [66, "approvals.py", 40, 46], sign: [67, "approvals.py", 49, 56], archive: [68, "approvals.py", 59, 60] },
  broken: { prepare: [23, "broken.py", 13, 14], explode: [24, "broken.py", 17, 18] },
  memory: { remember: [37, "memory.py", 19, 26], recall: [38, "memory.py", 29, 32] },
};

for (const [lang, folder, expected] of [["TypeScript", "js", JS], ["Python", "python", PYTHON]] as const) {
  describe(`the ${lang} samples`, () => {
    const langgraphJson = path.join(root, folder, "langgraph.json");
    for (const [graphId, graph] of Object.entries(SAMPLE_GRAPHS)) {
      it(`places every node of "${graphId}"`, async () => {
        const map = await loadGraphSources(langgraphJson, graphId, graph.nodes.map((n) => n.id), read);
        const placed = Object.fromEntries(
          map.nodes.map((n) => {
            const def = n.source?.definition;
            return [n.node, n.missing ?? [n.source.added?.line, def && path.basename(def.file), def?.line, def?.endLine].filter((v, i) => i < 2 || v !== undefined)];
          }),
        );
        expect(placed).toEqual(expected[graphId]);
        const entryFile = map.nodes.find((n) => n.source?.added)?.source?.added?.file;
        expect(entryFile && path.basename(entryFile)).toBe(`${graphId}.${folder === "js" ? "ts" : "py"}`);
        expect(map.files).toContain(langgraphJson);
      });
    }
  });
}

describe("lines shared by nodes", () => {
  it("a function two nodes run (fanout's branch factory) belongs to both", async () => {
    const map = await loadGraphSources(path.join(root, "python", "langgraph.json"), "fanout", SAMPLE_GRAPHS.fanout!.nodes.map((n) => n.id), read);
    const file = path.join(root, "python", "sample_graphs", "fanout.py");
    expect(map.nodesAt(file, 28)).toEqual(["left", "right"]);
    expect(map.nodeAt(file, 28)).toBe("left");
    expect(map.nodesAt(file, 42)).toEqual(["left"]);
    expect(map.nodesAt(file, 1)).toEqual([]);
  });
});

describe("the nodes from the code alone (no server answers)", () => {
  for (const folder of ["js", "python"]) {
    for (const [graphId, graph] of Object.entries(SAMPLE_GRAPHS)) {
      it(`${folder} "${graphId}": the nodes the server draws, each placed as with the server's names`, async () => {
        const langgraphJson = path.join(root, folder, "langgraph.json");
        const fromCode = await loadGraphSourcesFromCode(langgraphJson, graphId, read);
        const drawn = graph.nodes.map((n) => n.id).filter((id) => id !== "__start__" && id !== "__end__");
        expect([...fromCode.drawnNodes].sort()).toEqual([...drawn].sort());
        expect(fromCode.fromCode).toBe(true);
        const withServer = await loadGraphSources(langgraphJson, graphId, graph.nodes.map((n) => n.id), read);
        expect(withServer.fromCode).toBe(false);
        expect(fromCode.nodes).toEqual(withServer.nodes);
      });
    }
  }
});

describe("defaultAssistantId", () => {
  it("is the id both servers give a graph's own assistant (uuid5 of the graph id)", () => {
    // Python: uuid5(UUID("6ba7b821-9dad-11d1-80b4-00c04fd430c8"), "agent").
    expect(defaultAssistantId("agent")).toBe("fe096781-5601-53d2-b2f6-0d3403f7e9ca");
    expect(defaultAssistantId("hitl")).toBe("d2a02ed8-fb92-5e43-81ea-cb78d82caa2f");
  });
});

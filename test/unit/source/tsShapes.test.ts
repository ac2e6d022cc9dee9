// The node finder on shapes of TypeScript/JavaScript graph code (test/fixtures/source/ts): the exact lines of each
// node's add site and function, the node a line belongs to, and why a node cannot be found.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureJson, load, rows } from "./sourceFixture";

describe("TypeScript and JavaScript graph code", () => {
  it.each([
    ["aliased", { agent: ["src/aliased.ts:6-6", "src/nodes.ts:2-4"], fetch: ["src/aliased.ts:7-7", "src/nodes.ts:6-8"], summary: ["src/aliased.ts:8-8", "src/nodes.ts:10-12"], inline: ["src/aliased.ts:9-11", "src/aliased.ts:9-11"], named_fn: ["src/aliased.ts:12-14", "src/aliased.ts:12-14"] }],
    ["objects", { model: ["src/objects.ts:8-8", "src/nodes.ts:2-4"], fetchData: ["src/objects.ts:9-9", "src/nodes.ts:6-8"], "with-dash": ["src/objects.ts:10-10", "src/objects.ts:4-4"], method: ["src/objects.ts:11-13", "src/objects.ts:11-13"] }],
    ["arrays", { first: ["src/arrays.ts:6-6", "src/nodes.ts:2-4"], second: ["src/arrays.ts:7-7", "src/arrays.ts:7-7"] }],
    ["sequence", { one: ["src/sequence.ts:13-13", "src/sequence.ts:3-5"], two: ["src/sequence.ts:14-14", "src/sequence.ts:7-9"], three: ["src/sequence.ts:16-16", "src/sequence.ts:16-16"] }],
    ["helper", { plan: ["src/helper.ts:13-13", "src/helper.ts:13-13"], review: ["src/helper.ts:8-8", "src/helper.ts:3-5"] }],
    ["subgraph", { outer: ["src/subgraph.ts:5-5", "src/subgraph.ts:5-5"], child: ["src/subgraph.ts:6-6", "src/inner.ts:5-5"], "child:a": ["src/inner.ts:5-5", "src/inner.ts:3-3"] }],
    ["functional", { workflow: ["src/functional.ts:9-11", "src/functional.ts:9-11"], add_one: ["src/functional.ts:3-5", "src/functional.ts:3-5"], doubled: ["src/functional.ts:7-7", "src/functional.ts:7-7"] }],
    ["default_export", { step: ["src/defaultExport.ts:7-7", "src/defaultExport.ts:3-5"] }],
    ["reexported", { summarize: ["src/reexport.ts:4-4", "src/nodes.ts:10-12"] }],
    ["plain_js", { plain: ["src/plain.js:8-8", "src/plain.js:3-5"] }],
    ["factory", { left: ["src/factory.ts:9-9", "src/factory.ts:4-4"] }],
    ["missing", { tools: ["src/missing.ts:9-9"], external: ["src/missing.ts:10-10"] }],
    ["inline_subgraph", { first: ["src/inline.ts:4-4", "src/inline.ts:4-4"], inline_child: ["src/inline.ts:5-10", "src/inline.ts:7-9"], "inline_child:deep": ["src/inline.ts:8-8", "src/inline.ts:8-8"] }],
  ])("places the nodes of %s", async (graphId, expected) => {
    expect(rows(await load("ts", graphId))).toEqual(expected);
  });

  it("says why a node cannot be found, never pointing at a wrong line", async () => {
    const map = await load("ts", "missing", ["computed", "tools"]);
    expect(rows(map)).toEqual({
      computed: 'No node named "computed" in the code of graph "missing" (missing.ts); nodes added at missing.ts:8 get their names at run time.',
      tools: ["src/missing.ts:9-9"],
    });
    expect(rows(await load("ts", "subgraph", ["child:ghost"]))).toEqual({
      child: ["src/subgraph.ts:6-6", "src/inner.ts:5-5"],
      "child:ghost": 'No node named "ghost" is added in the code of graph "subgraph" (subgraph.ts).',
    });
  });

  it("tells the node of a line inside and outside node functions", async () => {
    const map = await load("ts", "aliased", ["agent", "fetch", "summary", "inline", "named_fn"]);
    const dir = path.dirname(fixtureJson("ts"));
    const nodes = path.join(dir, "src/nodes.ts");
    const aliased = path.join(dir, "src/aliased.ts");
    expect(map.nodeAt(nodes, 3)).toBe("agent");
    expect(map.nodeAt(nodes, 7)).toBe("fetch");
    expect(map.nodeAt(nodes, 5)).toBeUndefined();
    expect(map.nodeAt(aliased, 10)).toBe("inline");
    expect(map.nodeAt(aliased, 13)).toBe("named_fn");
    expect(map.nodeAt(aliased, 15)).toBeUndefined();
    expect(map.nodeAt(aliased, 2)).toBeUndefined();
  });
});

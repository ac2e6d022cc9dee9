// The node finder on shapes of Python graph code (test/fixtures/source/python): the exact lines of each node's
// add site and function, the node a line belongs to, and why a node cannot be found.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureJson, load, rows } from "./sourceFixture";

describe("Python graph code", () => {
  it.each([
    ["aliased", { agent: ["shapes/aliased.py:10-10", "shapes/nodes.py:4-5"], fetch: ["shapes/aliased.py:11-11", "shapes/nodes.py:8-9"], summary: ["shapes/aliased.py:12-12", "shapes/nodes.py:12-14"] }],
    ["lambdas", { double: ["shapes/lambdas.py:4-4", "shapes/lambdas.py:4-4"], triple: ["shapes/lambdas.py:5-10", "shapes/lambdas.py:7-9"] }],
    ["sequence", { first: ["shapes/sequence.py:18-18", "shapes/sequence.py:4-5"], two: ["shapes/sequence.py:19-19", "shapes/sequence.py:8-9"], three: ["shapes/sequence.py:20-20", "shapes/sequence.py:12-13"] }],
    ["builder_var", { plan: ["shapes/builder_var.py:17-17", "shapes/builder_var.py:11-13"], model: ["shapes/builder_var.py:18-18", "shapes/nodes.py:4-5"], fetch: ["shapes/builder_var.py:18-18", "shapes/nodes.py:8-9"], worker: ["shapes/builder_var.py:19-19", "shapes/builder_var.py:6-8"] }],
    ["helper", { start_here: ["shapes/helper.py:19-19", "shapes/helper.py:19-19"], review: ["shapes/helper.py:13-13", "shapes/helper.py:4-5"], approve: ["shapes/helper.py:14-14", "shapes/helper.py:8-9"] }],
    ["subgraph", { outer: ["shapes/subgraph.py:12-12", "shapes/subgraph.py:6-7"], inner: ["shapes/subgraph.py:13-13", "shapes/inner.py:12-12"], "inner:a": ["shapes/inner.py:12-12", "shapes/inner.py:4-5"], "inner:b": ["shapes/inner.py:12-12", "shapes/inner.py:8-9"] }],
    ["functional", { workflow: ["shapes/functional.py:15-15", "shapes/functional.py:16-18"], add_one: ["shapes/functional.py:5-5", "shapes/functional.py:6-7"], doubled: ["shapes/functional.py:10-10", "shapes/functional.py:11-12"] }],
    ["split", { fetch: ["shapes/split_nodes.py:5-5", "shapes/nodes.py:8-9"] }],
    ["factory", { left: ["shapes/factory.py:14-14", "shapes/factory.py:5-6"] }],
    ["module_syntax", { by_keyword: ["shapes/kwargs.py:5-5", "shapes/nodes.py:8-9"] }],
    ["missing", { tools: ["shapes/missing.py:14-14"] }],
    ["star", { model: ["shapes/star.py:5-5", "shapes/nodes.py:4-5"], summarize: ["shapes/star.py:5-5", "shapes/nodes.py:12-14"] }],
  ])("places the nodes of %s", async (graphId, expected) => {
    const map = await load("python", graphId);
    expect(rows(map)).toEqual(expected);
  });

  it("says why a node cannot be found, never pointing at a wrong line", async () => {
    const map = await load("python", "missing", ["__start__", "computed", "tools", "__end__"]);
    expect(rows(map)).toEqual({
      computed: 'No node named "computed" in the code of graph "missing" (missing.py); nodes added at missing.py:13 get their names at run time.',
      tools: ["shapes/missing.py:14-14"],
    });
    expect(rows(await load("python", "absent_var", ["a"]))).toEqual({ a: 'Graph "absent_var": missing.py defines no "nothing_here".' });
    expect(rows(await load("python", "absent_file", ["a"]))).toEqual({ a: 'Graph "absent_file": not_there.py could not be read.' });
    expect(rows(await load("python", "no_such_graph", ["a"]))).toEqual({ a: 'Graph "no_such_graph": langgraph.json declares no graph "no_such_graph".' });
    expect(rows(await load("python", "aliased", ["agent", "ghost"])).ghost).toBe('No node named "ghost" is added in the code of graph "aliased" (aliased.py).');
  });

  it("tells the node of a line: add sites and function bodies, innermost first, nothing elsewhere", async () => {
    const map = await load("python", "subgraph", ["outer", "inner:a", "inner:b"]);
    const dir = path.dirname(fixtureJson("python"));
    const inner = path.join(dir, "shapes/inner.py");
    const subgraph = path.join(dir, "shapes/subgraph.py");
    expect(map.nodeAt(inner, 5)).toBe("inner:a");
    expect(map.nodeAt(inner, 8)).toBe("inner:b");
    expect(map.nodeAt(inner, 12)).toBe("inner:a"); // both inner nodes are added on line 12: the first
    expect(map.nodeAt(subgraph, 7)).toBe("outer");
    expect(map.nodeAt(subgraph, 13)).toBe("inner");
    expect(map.nodeAt(subgraph, 3)).toBeUndefined();
    expect(map.nodeAt(subgraph, 11)).toBeUndefined();
    expect(map.nodeAt(inner, 1)).toBeUndefined();
    expect(map.files.map((f) => path.relative(dir, f)).sort()).toEqual(["langgraph.json", "shapes/inner.py", "shapes/subgraph.py"]);
    expect(map.sourceOf("inner")?.source?.definition?.line).toBe(12);
    expect(map.sourceOf("nowhere")).toBeUndefined();
  });
});

// Source breakpoints placed on a small Python project written to a temporary folder, through the real
// node finder: a line of a node's function is "before that node", other lines and files are refused
// with the reason, and when the code changes every breakpoint is placed again under its id.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BreakpointTable } from "../../../src/debug/breakpoints";
import { frameLocation, readGraphSources, SourceBreakpoints, watchFiles } from "../../../src/debug/sourceBreakpoints";

const root = mkdtempSync(path.join(tmpdir(), "lgd-sourcebp-"));
const GRAPH = `from langgraph.graph import StateGraph

def first(state):
    return {}

def second(state):
    return {}

builder = StateGraph(dict)
builder.add_node("first", first)
builder.add_node("second", second)
graph = builder.compile()
`;

function project(dir: string, code = GRAPH): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "langgraph.json"), JSON.stringify({ graphs: { g: "./g.py:graph" } }));
  writeFileSync(path.join(dir, "g.py"), code);
  return path.join(dir, "g.py");
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("SourceBreakpoints", () => {
  it("places lines on nodes, refuses the others with the reason, and places them again under their ids when the code changes", async () => {
    const file = project(path.join(root, "one"));
    const table = new BreakpointTable();
    const breakpoints = new SourceBreakpoints(table);
    // Set before the code is read (a client may): refused for now, placed once it is read.
    const [early] = breakpoints.set(file, [{ line: 4 }]);
    expect(early).toMatchObject({ verified: false, message: expect.stringMatching(/^Not placed yet/) });

    const sources = await readGraphSources(path.join(root, "one"), "g", ["first", "second"]);
    expect(sources.why).toBeUndefined();
    expect(breakpoints.use(sources)).toEqual([{ id: early.id, line: 4, source: { name: "g.py", path: file }, verified: true, message: "Breaks before node first of graph g" }]);
    const [a, b, c] = breakpoints.set(file, [{ line: 4, condition: "x >" }, { line: 7, logMessage: "second sees {n}" }, { line: 2 }]);
    expect(a).toMatchObject({ verified: false, message: expect.stringMatching(/^Condition `x >` does not parse/) });
    expect(b).toMatchObject({ verified: true, line: 7, message: "Logs before node second of graph g" });
    expect(c).toMatchObject({ verified: false, line: 2, message: "Line 2 belongs to no node of graph g." });
    const [other] = breakpoints.set(path.join(root, "elsewhere.py"), [{ line: 1 }]);
    expect(other).toMatchObject({ verified: false, message: expect.stringMatching(/^elsewhere\.py is not part of graph g \(.*langgraph\.json\)\.$/) });
    expect(table.breaks().interruptBefore).toEqual(["second"]);
    expect(frameLocation(sources.map, "first")).toEqual({ source: { name: "g.py", path: file }, line: 3, column: 1 });

    // Three lines added on top: line 7 is now `first`'s, line 4 nobody's.
    project(path.join(root, "one"), `import os\n\n\n${GRAPH}`);
    const again = breakpoints.use(await readGraphSources(path.join(root, "one"), "g", ["first", "second"]));
    expect(again.map((x) => [x.id, x.verified, x.message])).toEqual([
      [a.id, false, "Line 4 belongs to no node of graph g."],
      [b.id, true, "Logs before node first of graph g"],
      [c.id, false, "Line 2 belongs to no node of graph g."],
      [other.id, false, other.message],
    ]);
    expect(table.breaks().interruptBefore).toEqual(["first"]);
  });

  it("across a reload: a line of a removed node stays on it unverified and comes back; an added node's lines are placed once the map is read with it", async () => {
    const dir = path.join(root, "reload");
    const file = project(dir);
    const table = new BreakpointTable();
    let graph = { nodes: ["__start__", "first", "second", "__end__"].map((id) => ({ id })) };
    const breakpoints = new SourceBreakpoints(table, () => graph);
    const nodes = () => graph.nodes.map((n) => n.id).filter((id) => !id.startsWith("__"));
    breakpoints.use(await readGraphSources(dir, "g", nodes()));
    const [inSecond] = breakpoints.set(file, [{ line: 7 }]);
    expect(inSecond).toMatchObject({ verified: true, message: "Breaks before node second of graph g" });

    // The edit removes second's add_node (its function stays); the server reloads without it.
    project(dir, GRAPH.replace(`builder.add_node("second", second)\n`, ""));
    graph = { nodes: ["__start__", "first", "__end__"].map((id) => ({ id })) };
    expect(table.revalidate(graph)).toEqual([{ id: inSecond.id, line: 7, source: { name: "g.py", path: file }, verified: false, message: "The graph has no node second (nodes: first)." }]);
    expect(breakpoints.use(await readGraphSources(dir, "g", nodes()))).toEqual([{ id: inSecond.id, line: 7, source: { name: "g.py", path: file }, verified: false, message: "The graph has no node second (nodes: first)." }]);
    expect(table.breaks().interruptBefore).toBeUndefined();

    // Put back, and a third node added (line 10 is its body): the save's read, with the graph before the reload, cannot place it yet.
    const withThird = GRAPH.replace("builder = StateGraph", "def third(state):\n    return {}\n\nbuilder = StateGraph").replace("graph = builder", `builder.add_node("third", third)\ngraph = builder`);
    project(dir, withThird);
    breakpoints.set(file, [{ line: 7 }, { line: 10 }]);
    expect((await readGraphSources(dir, "g", nodes()).then((sources) => breakpoints.use(sources))).map((b) => b.message)).toEqual([
      "The graph has no node second (nodes: first).",
      "Line 10 belongs to no node of graph g.",
    ]);
    graph = { nodes: ["__start__", "first", "second", "third", "__end__"].map((id) => ({ id })) };
    const placed = breakpoints.use(await readGraphSources(dir, "g", nodes()));
    expect(placed.map((b) => [b.line, b.verified, b.message])).toEqual([
      [7, true, "Breaks before node second of graph g"],
      [10, true, "Breaks before node third of graph g"],
    ]);
    expect(table.breaks().interruptBefore).toEqual(["second", "third"]);
  });

  it("no langgraph.json, or two declaring the graph, are reasons, never a guess", async () => {
    expect((await readGraphSources(path.join(root, "none"), "g", ["first"])).why).toMatch(/^No langgraph\.json at or under .* declares graph g: set "project"/);
    project(path.join(root, "two", "a"));
    project(path.join(root, "two", "b"));
    expect((await readGraphSources(path.join(root, "two"), "g", ["first"])).why).toMatch(/^Both .*a[/\\]langgraph\.json and .*b[/\\]langgraph\.json declare graph g/);
    expect((await readGraphSources(path.join(root, "two", "b", "langgraph.json"), "g", ["first"])).map?.langgraphJson).toBe(path.join(root, "two", "b", "langgraph.json"));
  });

  it("watchFiles calls back once a watched file changes", async () => {
    const file = project(path.join(root, "watched"));
    let watcher: { close(): void } | undefined;
    const changed = new Promise<void>((resolve) => (watcher = watchFiles([file], resolve)));
    writeFileSync(file, `${GRAPH}\n`);
    await changed;
    watcher!.close();
  });
});

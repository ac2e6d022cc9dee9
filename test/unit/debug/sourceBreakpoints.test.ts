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

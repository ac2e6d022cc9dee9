import path from "node:path";
import { describe, expect, it } from "vitest";
import { childLineOf } from "../../../src/debug/sourceBreakpoints";
import { fixtureJson, load } from "../source/sourceFixture";

const dir = path.dirname(fixtureJson("python"));
const nodes = path.join(dir, "shapes/nodes.py");
const aliased = path.join(dir, "shapes/aliased.py");

// The rule the breakpoint sync and the CodeLens share with the debug session: which gutter lines an attached child debugger stops on.
describe("childLineOf", () => {
  it("a line inside a node's function body is the child's only while a child of the file's language is attached", async () => {
    const map = await load("python", "aliased", ["agent", "fetch", "summary"]);
    expect(childLineOf(map, new Set(["python"]), nodes, 13)).toEqual({ node: "summary", language: "python", functionLine: 12 });
    expect(childLineOf(map, new Set(["python"]), nodes, 14)).toMatchObject({ node: "summary" });
    expect(childLineOf(map, new Set(), nodes, 13)).toBeUndefined();
    expect(childLineOf(map, new Set(["js"]), nodes, 13)).toBeUndefined();
  });

  it("the function's first line, its add line and lines of no node stay the LangGraph session's", async () => {
    const map = await load("python", "aliased", ["agent", "fetch", "summary"]);
    const python = new Set(["python"] as const);
    expect(childLineOf(map, python, nodes, 12)).toBeUndefined();
    expect(childLineOf(map, python, aliased, 12)).toBeUndefined();
    expect(childLineOf(map, python, nodes, 2)).toBeUndefined();
  });

  it("a subgraph's nodes run their functions: their body lines are the child's too", async () => {
    const map = await load("python", "subgraph", ["outer", "inner:a", "inner:b"]);
    const python = new Set(["python"] as const);
    expect(childLineOf(map, python, path.join(dir, "shapes/subgraph.py"), 7)).toMatchObject({ node: "outer", functionLine: 6 });
    expect(childLineOf(map, python, path.join(dir, "shapes/inner.py"), 5)).toMatchObject({ node: "inner:a", functionLine: 4 });
    expect(childLineOf(map, python, path.join(dir, "shapes/inner.py"), 12)).toBeUndefined();
  });
});

// Which CLI a project gets: `findProject` reads langgraph.json (a folder or the file) and tells JS from
// Python, or says what is missing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findProject } from "../../src/engine/devServer";

const root = path.resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(path.join(tmpdir(), "lgd-find-project-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, config: unknown): string {
  const file = path.join(scratch, `${name}.json`);
  writeFileSync(file, typeof config === "string" ? config : JSON.stringify(config));
  return file;
}

describe("findProject", () => {
  it("knows the samples by their folder or their langgraph.json", () => {
    expect(findProject(path.join(root, "examples", "js"))).toEqual({ kind: "js", folder: path.join(root, "examples", "js"), configFile: path.join(root, "examples", "js", "langgraph.json") });
    expect(findProject(path.join(root, "examples", "python", "langgraph.json"))).toMatchObject({ kind: "python", folder: path.join(root, "examples", "python") });
  });

  it("tells JS from Python by node_version / python_version, else by the graphs' files", () => {
    expect(findProject(project("node", { node_version: "20", graphs: {} })).kind).toBe("js");
    expect(findProject(project("py", { python_version: "3.11", graphs: { a: "./a.ts:graph" } })).kind).toBe("python");
    expect(findProject(project("ts", { graphs: { a: "./src/a.mts:graph" } })).kind).toBe("js");
    expect(findProject(project("obj", { graphs: { a: { path: "./src/a.js:graph", description: "x" } } })).kind).toBe("js");
    expect(findProject(project("pyfile", { graphs: { a: "./agent.py:graph" } })).kind).toBe("python");
  });

  it("says what is missing or wrong", () => {
    expect(() => findProject(path.join(root, "src"))).toThrow(/No langgraph.json in .*src: "project" must be the folder of a LangGraph project or its langgraph.json/);
    expect(() => findProject(project("bad", "{ nope"))).toThrow(/bad\.json is not valid JSON/);
  });
});

// langgraph.json: graph entries as paths, objects and Python module syntax; the file declaring a graph, in a subfolder too.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findLanggraphJson, findLanggraphJsons, graphLanguage, readLanggraphJson, serverLanguage } from "../../../src/engine/source/nodeSources";
import { fixtureJson, read } from "./sourceFixture";
import { readdir } from "node:fs/promises";

const listDir = (dir: string) => readdir(dir);

describe("langgraph.json", () => {
  it("reads paths with and without a variable, the object form, module syntax and dependencies", async () => {
    const file = fixtureJson("python");
    const dir = path.dirname(file);
    const config = await readLanggraphJson(file, read);
    expect(config.dependencies).toEqual([dir]);
    expect(config.graphs.aliased).toEqual({ file: path.join(dir, "shapes/aliased.py"), exportName: "graph" });
    expect(config.graphs.module_syntax).toEqual({ file: path.join(dir, "shapes/kwargs.py"), exportName: "graph" });
    const ts = await readLanggraphJson(fixtureJson("ts"), read);
    expect(ts.graphs.default_export).toEqual({ file: path.join(path.dirname(fixtureJson("ts")), "src/defaultExport.ts"), exportName: "default" });
  });

  it("finds the file that declares a graph, in a subfolder too, and none for an unknown graph", async () => {
    const root = path.dirname(fixtureJson("ts"));
    expect(await findLanggraphJson(root, "aliased", read)).toBe(fixtureJson("ts"));
    expect(await findLanggraphJson(root, "second", read)).toBeUndefined();
    expect(await findLanggraphJson(root, "second", read, listDir)).toBe(fixtureJson("ts/apps/second"));
    expect(await findLanggraphJson(fixtureJson("ts"), "aliased", read)).toBe(fixtureJson("ts"));
    expect(await findLanggraphJson(root, "nope", read, listDir)).toBeUndefined();
  });
});

describe("two projects declaring the same graph", () => {
  const examples = path.resolve(__dirname, "../../../examples");

  it("lists both, and tells each one's language and the server's", async () => {
    const both = await findLanggraphJsons(examples, "agent", read, listDir);
    expect(both.map((f) => path.relative(examples, f))).toEqual(["js/langgraph.json", "python/langgraph.json"]);
    expect(await Promise.all(both.map((f) => graphLanguage(f, "agent", read)))).toEqual(["typescript", "python"]);
    // As /assistants/agent/graph?xray=true answers on each server.
    expect(serverLanguage({ nodes: [{ id: "__start__", type: "schema", data: { $schema: "https://json-schema.org/draft/2020-12/schema" } }, { id: "agent", type: "runnable" }] })).toBe("typescript");
    expect(serverLanguage({ nodes: [{ id: "__start__", type: "runnable", data: { name: "__start__" } }, { id: "agent", type: "runnable" }] })).toBe("python");
    expect(serverLanguage({ nodes: [{ id: "agent" }] })).toBeUndefined();
  });
});

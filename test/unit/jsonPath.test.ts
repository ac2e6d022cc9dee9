import { describe, expect, it } from "vitest";
import { diffStates } from "../../src/engine/diff";
import { pathChild, ROOT_PATH } from "../../src/engine/jsonPath";
import { treeRows } from "../../webview/run/values";

describe("pathChild", () => {
  it("writes keys with dots, indexes and odd keys in brackets, the root as `$`", () => {
    expect(pathChild(ROOT_PATH, "messages")).toBe("messages");
    expect(pathChild("messages", 3)).toBe("messages[3]");
    expect(pathChild("plan.steps[0]", "done")).toBe("plan.steps[0].done");
    expect(pathChild(ROOT_PATH, 0)).toBe("$[0]");
    expect(pathChild(ROOT_PATH, "odd key")).toBe('$["odd key"]');
    expect(pathChild("a", "b-c")).toBe('a["b-c"]');
    expect(pathChild("a", "1x")).toBe('a["1x"]');
  });

  it("never writes a key as the root", () => {
    expect(pathChild(ROOT_PATH, "$")).toBe('$["$"]');
    expect(pathChild("a", "$ref")).toBe('a["$ref"]');
  });
});

describe("one dialect for the diff and the state tree", () => {
  it("names a changed value the same in the diff and in the tree row that shows it", () => {
    const before = { messages: [{ id: "m0", type: "human", content: "hi" }], "odd key": { n: 1 }, plan: { steps: [{ done: false }] } };
    const after = { messages: [{ id: "m0", type: "human", content: "hi" }], "odd key": { n: 2 }, plan: { steps: [{ done: true }] } };
    const diffPaths = diffStates(before, after).map((d) => d.path);
    expect(diffPaths).toEqual(['$["odd key"].n', "plan.steps[0].done"]);
    const expanded = new Set(['$["odd key"]', "plan", "plan.steps", "plan.steps[0]"]);
    const treePaths = treeRows(after, expanded).map((r) => r.path);
    for (const path of diffPaths) expect(treePaths).toContain(path);
  });

  it("uses `$[i]` for a list at the root in both", () => {
    expect(diffStates([1, 2], [1, 2, 3]).map((d) => d.path)).toEqual(["$[2]"]);
    expect(treeRows([1, 3], new Set()).map((r) => r.path)).toEqual(["$[0]", "$[1]"]);
    expect(treeRows("scalar", new Set()).map((r) => r.path)).toEqual(["$"]);
  });
});

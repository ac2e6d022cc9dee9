import { describe, expect, it } from "vitest";
import type { StoreItem } from "../../../src/engine/client";
import { matchQuery, namespaceLevels, parseNamespace, valuePreview } from "../../../src/host/storeRows";

// What both dev servers listed after runs of the `memory` sample and two puts (docs/SERVER-DIFFERENCES.md §8e).
const LISTED = [["config"], ["users", "ada", "facts"], ["users", "bob", "facts"]];

const shape = (levels: ReturnType<typeof namespaceLevels>): unknown => levels.map((l) => [l.path.join("/"), l.isNamespace, shape(l.children)]);

describe("namespaceLevels", () => {
  it("folds namespaces into prefix levels; only a listed namespace holds items", () => {
    expect(shape(namespaceLevels(LISTED))).toEqual([
      ["config", true, []],
      ["users", false, [["users/ada", false, [["users/ada/facts", true, []]]], ["users/bob", false, [["users/bob/facts", true, []]]]]],
    ]);
  });

  it("starts below a search's prefix, and shows the prefix itself when it is a namespace", () => {
    expect(shape(namespaceLevels(LISTED, ["users"]))).toEqual([
      ["users/ada", false, [["users/ada/facts", true, []]]],
      ["users/bob", false, [["users/bob/facts", true, []]]],
    ]);
    expect(shape(namespaceLevels(LISTED, ["users", "ada", "facts"]))).toEqual([["users/ada/facts", true, []]]);
    expect(namespaceLevels([], ["users"])).toEqual([]);
  });

  it("a namespace that is also the prefix of a longer one holds items and children", () => {
    expect(shape(namespaceLevels([["a"], ["a", "b"]]))).toEqual([["a", true, [["a/b", true, []]]]]);
  });
});

describe("search text", () => {
  it("reads a typed prefix in any of the separators", () => {
    expect(parseNamespace(" users / ada ")).toEqual(["users", "ada"]);
    expect(parseNamespace("users.ada.facts")).toEqual(["users", "ada", "facts"]);
    expect(parseNamespace("")).toEqual([]);
  });

  const item = (key: string, text: string, score?: number | null): StoreItem => ({ namespace: ["users", "ada", "facts"], key, value: { text }, created_at: "", updated_at: "", score });

  it("without a semantic index (scores null) the words are looked for in key and value", () => {
    const items = [item("tea", "I like green tea", null), item("cat", "My cat is called Ziggy", null)];
    expect(matchQuery(items, "ZIGGY")).toEqual({ items: [items[1]], semantic: false });
    expect(matchQuery(items, "tea").items.map((i) => i.key)).toEqual(["tea"]);
    expect(matchQuery(items, " ").items).toHaveLength(2);
  });

  it("with scores the server's semantic answer is kept as it is", () => {
    const items = [item("tea", "I like green tea", 0.2), item("cat", "My cat is called Ziggy", 0.9)];
    expect(matchQuery(items, "pets")).toEqual({ items, semantic: true });
  });

  it("previews a value on one line", () => {
    expect(valuePreview({ text: "I like green tea", source: "memory graph" }, 30)).toBe('{"text":"I like green tea","s…');
    expect(valuePreview({ a: 1 })).toBe('{"a":1}');
  });
});

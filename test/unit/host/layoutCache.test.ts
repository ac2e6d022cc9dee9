// The host's kept layouts: newest first, one per key, within a count and a size, kept in (and read
// back from) the memento, whatever a damaged or older state holds.
import { describe, expect, it } from "vitest";
import { LayoutCache, type LayoutMemento } from "../../../src/host/layoutCache";

/** A memento as VS Code's globalState behaves: values stored as JSON, read back as copies. */
function memoryMemento(initial: Record<string, unknown> = {}): LayoutMemento & { stored: Record<string, string> } {
  const stored: Record<string, string> = Object.fromEntries(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    stored,
    get: <T>(key: string, fallback: T) => (key in stored ? (JSON.parse(stored[key]) as T) : fallback),
    update: (key, value) => {
      stored[key] = JSON.stringify(value);
      return Promise.resolve();
    },
  };
}

const layout = (key: string, nodes = 1) => ({ key, geometry: { width: 10, height: 10, nodes: Array.from({ length: nodes }, (_, i) => ({ id: `n${i}` })), edges: [] } });

describe("LayoutCache", () => {
  it("keeps layouts newest first, one per key, and a new cache on the same memento (another window) reads them back", () => {
    const memento = memoryMemento();
    const cache = new LayoutCache(memento, () => undefined);
    cache.keep(layout("a"));
    cache.keep(layout("b"));
    cache.keep(layout("a", 2));
    expect(cache.all().map((l) => [l.key, (l.geometry as { nodes: unknown[] }).nodes.length])).toEqual([["a", 2], ["b", 1]]);
    expect(new LayoutCache(memento, () => undefined).all()).toEqual(cache.all());
  });

  it("writes nothing when the layout is already the newest (every view that draws a graph again gives it back)", () => {
    const memento = memoryMemento();
    let writes = 0;
    const cache = new LayoutCache({ get: memento.get, update: (k, v) => (writes++, memento.update(k, v)) }, () => undefined);
    cache.keep(layout("a"));
    cache.keep(layout("a"));
    expect(writes).toBe(1);
    cache.keep(layout("b"));
    cache.keep(layout("a"));
    expect(writes).toBe(3);
    expect(cache.all().map((l) => l.key)).toEqual(["a", "b"]);
  });

  it("drops the oldest beyond its count and its size; a layout bigger than the whole size is not kept", () => {
    const cache = new LayoutCache(memoryMemento(), () => undefined, { entries: 3, chars: 950 });
    for (const key of ["a", "b", "c", "d"]) cache.keep(layout(key));
    expect(cache.all().map((l) => l.key)).toEqual(["d", "c", "b"]);
    cache.keep(layout("big", 60)); // 840 characters: room for it and one more
    expect(cache.all().map((l) => l.key)).toEqual(["big", "d"]);
    cache.keep(layout("huge", 200));
    expect(cache.all().map((l) => l.key)).toEqual(["big", "d"]);
  });

  it("ignores what is not a layout, from the webview or from a damaged state, and says when the memento refuses", async () => {
    const damaged = memoryMemento({ "langgraphDebugger.layouts.v1": [layout("ok"), { key: 1 }, null, { key: "no geometry" }] });
    const said: string[] = [];
    const cache = new LayoutCache(damaged, (m) => said.push(m));
    expect(cache.all().map((l) => l.key)).toEqual(["ok"]);
    for (const bad of [undefined, "x", { key: "k", geometry: null }, { geometry: {} }]) cache.keep(bad);
    expect(cache.all().map((l) => l.key)).toEqual(["ok"]);
    expect(new LayoutCache(memoryMemento({ "langgraphDebugger.layouts.v1": "not a list" }), () => undefined).all()).toEqual([]);

    const refusing = new LayoutCache({ get: (_k, fallback) => fallback, update: () => Promise.reject(new Error("disk full")) }, (m) => said.push(m));
    refusing.keep(layout("a"));
    await new Promise((r) => setTimeout(r, 0));
    expect(refusing.all().map((l) => l.key)).toEqual(["a"]);
    expect(said).toEqual(["Could not keep a graph layout: Error: disk full"]);
  });
});

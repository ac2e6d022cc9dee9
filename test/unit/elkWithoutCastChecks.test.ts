// The webview's ELK is elkjs with GWT's cast checks turned off (scripts/elkWithoutCastChecks.mjs).
// It must lay out exactly as stock elkjs does, fail the same way on bad input, and the build must
// stop when an elkjs version no longer has the one castTo it expects.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { describe, expect, it } from "vitest";
import { withoutCastChecks } from "../../scripts/elkWithoutCastChecks.mjs";
import { type LayoutDirection, toElk } from "../../webview/layout/toElk";
import { SAMPLE_GRAPHS, flow } from "../support/sampleGraphs";

const require = createRequire(import.meta.url);
const stockSource = readFileSync(require.resolve("elkjs/lib/elk.bundled.js"), "utf8");
const patchedSource = withoutCastChecks(stockSource);

/** The patched elk.bundled.js, loaded as the worker's bundle has it (a file of its own, its own module instance). */
function loadPatchedElk(): InstanceType<typeof ELK> {
  const dir = mkdtempSync(path.join(tmpdir(), "lgd-elk-"));
  const file = path.join(dir, "elk.bundled.js");
  writeFileSync(file, patchedSource);
  try {
    const PatchedELK = require(file) as typeof ELK;
    return new PatchedELK();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const stock = new ELK();
const patched = loadPatchedElk();

/** Both ELKs lay out their own copy of the same request (ELK writes into the graph it is given). */
async function bothLayouts(graph: ElkNode): Promise<[string, string]> {
  const [a, b] = await Promise.all([stock.layout(structuredClone(graph)), patched.layout(structuredClone(graph))]);
  return [JSON.stringify(a), JSON.stringify(b)];
}

describe("elkjs without cast checks", () => {
  it("changes only castTo, to return its argument", () => {
    let start = 0;
    while (stockSource[start] === patchedSource[start]) start++;
    let end = 0;
    while (stockSource.at(-1 - end) === patchedSource.at(-1 - end)) end++;
    expect(patchedSource.slice(start, patchedSource.length - end)).toBe("");
    // What was taken out: the check, `check(a==null||canCast(a,b));`, and nothing else.
    expect(stockSource.slice(start, stockSource.length - end)).toMatch(/^[\w$]+\(a==null\|\|[\w$]+\(a,b\)\);$/);
    expect(patchedSource.slice(start - 40, start + 10)).toMatch(/function [\w$]+\(a,b\)\{return a\}/);
  });

  for (const direction of ["DOWN", "RIGHT"] as LayoutDirection[]) {
    for (const [name, graph] of Object.entries(SAMPLE_GRAPHS)) {
      it(`lays out the ${name} sample graph (${direction}) to the same coordinates as stock elkjs`, async () => {
        const [a, b] = await bothLayouts(toElk(graph, new Set(), direction).elk);
        expect(b).toBe(a);
      });
    }
  }

  it("lays out a collapsed subgraph to the same coordinates", async () => {
    const [a, b] = await bothLayouts(toElk(SAMPLE_GRAPHS.nested, new Set(["child"])).elk);
    expect(b).toBe(a);
  });

  it("lays out generated flows of 120 and 400 nodes (the large-graph options) to the same coordinates", async () => {
    for (const size of [120, 400]) {
      const [a, b] = await bothLayouts(toElk(flow(size)).elk);
      expect(JSON.parse(b).children.length).toBeGreaterThan(size / 2);
      expect(b).toBe(a);
    }
  }, 60_000);

  it("rejects a graph with an edge to a node that is not there with the same message as stock elkjs", async () => {
    const bad: ElkNode = { id: "root", children: [{ id: "a", width: 10, height: 10 }], edges: [{ id: "e", sources: ["a"], targets: ["missing"] }] };
    const message = async (elk: InstanceType<typeof ELK>) => (await elk.layout(structuredClone(bad)).then(() => "laid out", (error: unknown) => String(error)));
    const fromStock = await message(stock);
    expect(fromStock).toMatch(/missing/);
    expect(await message(patched)).toBe(fromStock);
  });

  it("refuses an elk.bundled.js without exactly one castTo of the known shape, naming what to update", () => {
    expect(() => withoutCastChecks("var nothing = 1;")).toThrow(/exactly one checked cast \(GWT's castTo\) in elk\.bundled\.js, found 0.*scripts\/elkWithoutCastChecks\.mjs/);
    const cast = /function [\w$]+\(a,b\)\{[\w$]+\(a==null\|\|[\w$]+\(a,b\)\);return a\}/.exec(stockSource)![0];
    expect(() => withoutCastChecks(`${cast}\n${cast}`)).toThrow(/found 2/);
  });
});

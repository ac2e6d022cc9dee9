// The webview's ELK is elkjs with three patches that make it faster (scripts/elkPatches.mjs).
// It must lay out exactly as stock elkjs does, fail the same way on bad input, and the build must
// stop when an elkjs version no longer has exactly one place for each patch.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { describe, expect, it } from "vitest";
import { ELK_PATCHES, applyElkPatch, patchedElk } from "../../scripts/elkPatches.mjs";
import { type LayoutDirection, toElk } from "../../webview/layout/toElk";
import { SAMPLE_GRAPHS, flow } from "../support/sampleGraphs";

const require = createRequire(import.meta.url);
const stockSource = readFileSync(require.resolve("elkjs/lib/elk.bundled.js"), "utf8");
const patchedSource = patchedElk(stockSource);

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

/**
 * What one patch changes: the stock text it matched and what it puts there, after checking that
 * the patched source is the stock source with that one text replaced and nothing else.
 */
function changeOf(patch: (typeof ELK_PATCHES)[number]): { before: string; after: string } {
  const found = [...stockSource.matchAll(patch.pattern)];
  expect(found).toHaveLength(1);
  const before = found[0][0];
  const after = before.replace(new RegExp(patch.pattern.source), patch.replacement);
  const at = found[0].index;
  expect(applyElkPatch(stockSource, patch)).toBe(stockSource.slice(0, at) + after + stockSource.slice(at + before.length));
  return { before, after };
}

describe("elkjs patched to run faster", () => {
  it("takes out only castTo's check, so that it returns its argument", () => {
    const { before, after } = changeOf(ELK_PATCHES[0]);
    // What is taken out: the check, `check(a==null||canCast(a,b));`, and nothing else.
    const check = /^function ([\w$]+)\(a,b\)\{([\w$]+\(a==null\|\|[\w$]+\(a,b\)\);)return a\}$/.exec(before);
    expect(check).not.toBeNull();
    expect(after).toBe(before.replace(check![2], ""));
    expect(after).toBe(`function ${check![1]}(a,b){return a}`);
  });

  it("keeps Property's hash in the Property, computed by the same function from the same id", () => {
    const { before, after } = changeOf(ELK_PATCHES[1]);
    // In Property's class body: hashCode (`Hb`) returns hash(id), toString (`Ib`) returns the id.
    const hashOfId = /^_\.Hb=function [\w$]+\(\)\{return (([\w$]+)\(this\.b\))\};_\.Ib=function [\w$]+\(\)\{return this\.b\};var [\w$]+=[\w$]+\([\w$]+,'Property',$/.exec(before);
    expect(hashOfId).not.toBeNull();
    expect(after).toBe(before.replace(`{return ${hashOfId![1]}}`, `{return this.$idHash??(this.$idHash=${hashOfId![1]})}`));
  });

  it("gives hash lookups one shared empty bucket instead of a new one per miss", () => {
    const { before, after } = changeOf(ELK_PATCHES[2]);
    // A new empty typed array per miss, `newArray(type, ..., 1, 0, 5, 1)`, becomes the function's one array.
    const lookup = /^function ([\w$]+)\(a,b\)\{var c;c=a\.a\.get\(b\);return c==null\?([\w$]+\([\w$]+,[\w$]+,1,0,5,1\)):c\}$/.exec(before);
    expect(lookup).not.toBeNull();
    expect(after).toBe(before.replace(lookup![2], `(${lookup![1]}.none||(${lookup![1]}.none=[]))`));
    // Only the lookup gets it: the one function that calls it reads the bucket and writes nothing.
    const callers = [...patchedSource.matchAll(new RegExp(`[^\\w$.]${lookup![1].replaceAll("$", "\\$")}\\(`, "g"))].filter((call) => !patchedSource.slice(0, call.index + 1).endsWith("function "));
    expect(callers).toHaveLength(1);
    const caller = /function [\w$]+\(a,b\)\{return ([\w$]+)\(a,b,[\w$]+\(a,a\.b\.ze\(b\)\)\)\}/.exec(patchedSource.slice(callers[0].index - 60, callers[0].index + 40));
    expect(caller).not.toBeNull();
    // ...and hands it to a loop that reads its entries, compares their keys and writes nothing.
    const scan = patchedSource.slice(patchedSource.indexOf(`function ${caller![1]}(a,b,c){`)).split("\n")[0];
    expect(scan).toMatch(/^function [\w$]+\(a,b,c\)\{var d,e,f,g;for\(e=c,f=0,g=e\.length;f<g;\+\+f\)\{d=e\[f\];if\(a\.b\.ye\(b,d\.ld\(\)\)\)\{return d\}\}return null\}$/);
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

  for (const patch of ELK_PATCHES) {
    it(`refuses an elk.bundled.js without exactly one place for "${patch.name}", naming what to update`, () => {
      expect(applyElkPatch(patch.example, patch)).not.toBe(patch.example);
      expect(() => applyElkPatch("var nothing = 1;", patch)).toThrow(/exactly one match for the patch .* found 0.*scripts\/elkPatches\.mjs/);
      expect(() => patchedElk(stockSource.replace(patch.pattern, "/* gone */"))).toThrow(new RegExp(`"${patch.name.replace(".", "\\.")}" in elk\\.bundled\\.js, found 0`));
      expect(() => applyElkPatch(`${patch.example}\n${patch.example}`, patch)).toThrow(/found 2/);
    });
  }
});

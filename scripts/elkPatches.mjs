// elkjs made faster for the webview's layout worker: three small patches to the GWT-compiled
// elk.bundled.js, each the JavaScript form of something Java or GWT does in a production build.
// Together ~30 % off a 1,000-node layout in Node (1,313 → 931 ms, the builds interleaved in one process); the
// layouts are the same, to the last coordinate (test/unit/elkPatches.test.ts). The bench's peer
// (bench/webview/layoutPeer.ts) stays on stock elkjs.
//
// 1. Casts without their check. elkjs is compiled with cast checking on: every cast in the Java
//    source (~6,700 call sites) becomes castTo(object, typeId), which looks the type up and throws a
//    ClassCastException when it is missing. In correct code a cast never fails, so the check is pure
//    cost (1,335 → 1,046 ms). GWT's production switch (jre.checks.type=DISABLED) compiles castTo to
//    `return object`; this does the same to the one function. What it could change: only a cast that
//    would have failed, a bug in ELK. Guava's defensive helpers inside ELK catch ClassCastException to
//    answer false for a key of the wrong type; ELK's layered algorithm looks up its own typed keys.
// 2. Property.hashCode computed once. ELK keeps every option of every node, port and edge in hash maps
//    keyed by Property, whose hashCode is its id's String.hashCode: a loop over ~50 characters on every
//    lookup, because a JavaScript string has no field to keep it in (a Java String keeps its hash). The
//    id is final (Property.java: `private final String id`), so the hash is kept on the Property
//    (~6 % of a layout).
// 3. One shared empty bucket. GWT's HashMap looks a key up by its hash's bucket and makes a new empty
//    typed array for a hash it has no bucket for: a garbage array for every option read that falls back
//    to its default. The lookup (and nothing else) only reads the bucket, so it gets one shared empty
//    array (~2–7 %). Writes and removals keep making their own.

import { readFile } from "node:fs/promises";

/**
 * The patches, each found by its minified shape in elkjs 0.12.x (what it looks like there in
 * `example`) and required to match exactly once.
 */
export const ELK_PATCHES = [
  {
    name: "castTo without its check",
    example: "function FD(a,b){zFb(a==null||ED(a,b));return a}",
    pattern: /function ([\w$]+)\(a,b\)\{[\w$]+\(a==null\|\|[\w$]+\(a,b\)\);return a\}/g,
    replacement: "function $1(a,b){return a}",
  },
  {
    name: "Property.hashCode computed once",
    example: "_.Hb=function mLd(){return Bhb(this.b)};_.Ib=function nLd(){return this.b};var m6=Hfb(dEe,'Property',11);",
    pattern: /_\.Hb=function ([\w$]+)\(\)\{return ([\w$]+)\(this\.b\)\};(_\.Ib=function [\w$]+\(\)\{return this\.b\};var [\w$]+=[\w$]+\([\w$]+,'Property',)/g,
    replacement: "_.Hb=function $1(){return this.$idHash??(this.$idHash=$2(this.b))};$3",
  },
  {
    name: "one shared empty bucket for hash lookups",
    example: "function xtb(a,b){var c;c=a.a.get(b);return c==null?OC(VI,nAe,1,0,5,1):c}",
    pattern: /function ([\w$]+)\(a,b\)\{var c;c=a\.a\.get\(b\);return c==null\?[\w$]+\([\w$]+,[\w$]+,1,0,5,1\):c\}/g,
    // Made on first use rather than by a statement after the function: nothing can look a key up before it exists.
    replacement: "function $1(a,b){var c;c=a.a.get(b);return c==null?($1.none||($1.none=[])):c}",
  },
];

/** `source` with one patch applied; throws unless its pattern matches exactly once. */
export function applyElkPatch(source, patch) {
  const found = [...source.matchAll(patch.pattern)];
  if (found.length !== 1) {
    throw new Error(
      `elkjs: expected exactly one match for the patch "${patch.name}" in elk.bundled.js, found ${found.length}; ` +
        "see scripts/elkPatches.mjs for what it looks like, and update it for this elkjs version",
    );
  }
  return source.replace(patch.pattern, patch.replacement);
}

/**
 * elk.bundled.js's source with every patch applied. Throws when one no longer matches exactly once,
 * so an elkjs upgrade that changes a shape fails the build instead of quietly shipping the slower
 * code or patching the wrong function.
 */
export function patchedElk(source) {
  return ELK_PATCHES.reduce(applyElkPatch, source);
}

/** esbuild plugin: bundles elkjs/lib/elk.bundled.js with the patches above. */
export const elkPatched = {
  name: "elk-patched",
  setup(build) {
    build.onLoad({ filter: /[\\/]elkjs[\\/]lib[\\/]elk\.bundled\.js$/ }, async (args) => ({
      contents: patchedElk(await readFile(args.path, "utf8")),
      loader: "js",
    }));
  },
};

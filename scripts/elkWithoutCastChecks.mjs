// elkjs with GWT's checked casts turned off, for the webview's layout worker.
//
// elkjs is ELK's Java compiled to JavaScript by GWT with cast checking on: every cast in the Java
// source (~6,700 call sites) becomes castTo(object, typeId), which looks the type up in the object's
// castable-type map and throws a ClassCastException when it is missing. In correct code a cast never
// fails, so the check is pure cost: a fifth of a 1,000-node layout's time (1,335 → 1,046 ms per
// layout, the two builds interleaved in one process). GWT's own switch for production builds
// (jre.checks.type=DISABLED, formerly -XdisableCastChecking) compiles castTo to `return object`; elkjs
// is not built that way, so the webview build makes that one function `return object` itself.
//
// What changes: only a cast that would have failed, that is a bug in ELK. Guava's defensive helpers
// inside ELK (safeContains, safeContainsKey, equals of sorted sets) catch ClassCastException to answer
// false for a key of the wrong type; ELK's layered algorithm looks up its own typed keys, and
// test/unit/elkWithoutCastChecks.test.ts checks that the layouts are the same, to the last
// coordinate, as stock elkjs on the samples' graphs and generated ones, and that bad input fails the
// same way. The bench's peer (bench/webview/layoutPeer.ts) stays on stock elkjs.

import { readFile } from "node:fs/promises";

/** castTo in elk.bundled.js (minified): `function FD(a,b){zFb(a==null||ED(a,b));return a}` in elkjs 0.12.x. */
const CHECKED_CAST = /function ([\w$]+)\(a,b\)\{[\w$]+\(a==null\|\|[\w$]+\(a,b\)\);return a\}/g;

/**
 * elk.bundled.js's source with castTo reduced to `return a`. Throws unless there is exactly one
 * castTo of the known shape, so an elkjs upgrade that changes it fails the build instead of
 * quietly shipping the checked (slower) casts or patching the wrong function.
 */
export function withoutCastChecks(source) {
  const found = [...source.matchAll(CHECKED_CAST)];
  if (found.length !== 1) {
    throw new Error(
      `elkjs: expected exactly one checked cast (GWT's castTo) in elk.bundled.js, found ${found.length}; ` +
        "see scripts/elkWithoutCastChecks.mjs for what it looks like, and update it for this elkjs version",
    );
  }
  return source.replace(CHECKED_CAST, "function $1(a,b){return a}");
}

/** esbuild plugin: bundles elkjs/lib/elk.bundled.js without its cast checks. */
export const elkWithoutCastChecks = {
  name: "elk-without-cast-checks",
  setup(build) {
    build.onLoad({ filter: /[\\/]elkjs[\\/]lib[\\/]elk\.bundled\.js$/ }, async (args) => ({
      contents: withoutCastChecks(await readFile(args.path, "utf8")),
      loader: "js",
    }));
  },
};

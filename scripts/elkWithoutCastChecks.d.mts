import type { Plugin } from "esbuild";

/** elk.bundled.js's source with GWT's castTo reduced to `return a`; throws unless there is exactly one castTo of the known shape. */
export function withoutCastChecks(source: string): string;

/** esbuild plugin: bundles elkjs/lib/elk.bundled.js without its cast checks. */
export const elkWithoutCastChecks: Plugin;

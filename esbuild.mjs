// Builds the extension host (node, cjs), the debug adapter (node, cjs) and the webview (browser, Svelte) in one go.
// Svelte 5 strips TypeScript from <script lang="ts"> itself, so no preprocessor is needed.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sveltePlugin from "esbuild-svelte";
import { elkPatched } from "./scripts/elkPatches.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));

/** @returns {import("esbuild").BuildOptions} */
const common = (production) => ({
  absWorkingDir: root,
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: "info",
  legalComments: "none",
});

/** A Node program in dist/ (or `outdir`): CommonJS, for the Node that VS Code (or `node`) runs. */
const nodeProgram = (production, entryPoints, outdir) => ({ ...common(production), entryPoints, outdir, platform: "node", format: "cjs", target: "node20" });

/** The extension host: `vscode` provided by VS Code. */
export const hostOptions = (production, outdir = path.join(root, "dist")) => ({ ...nodeProgram(production, { extension: "src/extension.ts" }, outdir), external: ["vscode"] });

/** The `langgraph` debug adapter run as its own process over stdio (no `vscode`). */
export const debugAdapterOptions = (production, outdir = path.join(root, "dist")) => nodeProgram(production, { debugAdapter: "src/debug/debugAdapter.ts" }, outdir);

/** The webview and its layout worker: browser scripts, Svelte CSS in its own file; ELK patched to run faster (see scripts/elkPatches.mjs). */
export const webviewOptions = (production, outdir = path.join(root, "dist", "webview")) => ({
  ...common(production),
  entryPoints: { webview: "webview/main.ts", "layout-worker": "webview/layout/worker.ts" },
  outdir,
  platform: "browser",
  format: "iife",
  target: "es2022",
  mainFields: ["svelte", "browser", "module", "main"],
  conditions: ["svelte", "browser"],
  loader: { ".ttf": "file" },
  plugins: [sveltePlugin({ compilerOptions: { css: "external", dev: !production } }), elkPatched],
});

/** codicons ship inside the package: vsce packages no node_modules. */
export function copyCodicons(outdir = path.join(root, "dist", "webview")) {
  mkdirSync(outdir, { recursive: true });
  for (const file of ["codicon.css", "codicon.ttf"]) copyFileSync(path.join(root, "node_modules/@vscode/codicons/dist", file), path.join(outdir, file));
}

/** web-tree-sitter's runtime and the grammars the node finder reads (src/engine/source/parsers.ts looks in dist/wasm). */
export const TREE_SITTER_WASM = ["tree-sitter.wasm", "tree-sitter-python.wasm", "tree-sitter-typescript.wasm", "tree-sitter-tsx.wasm", "tree-sitter-javascript.wasm"];

export function copyTreeSitterWasm(outdir = path.join(root, "dist", "wasm")) {
  mkdirSync(outdir, { recursive: true });
  for (const file of TREE_SITTER_WASM) copyFileSync(path.join(root, "node_modules/@vscode/tree-sitter-wasm/wasm", file), path.join(outdir, file));
}

async function main() {
  const production = process.argv.includes("--production");
  const watch = process.argv.includes("--watch");
  if (production) rmSync(path.join(root, "dist"), { recursive: true, force: true });
  copyCodicons();
  copyTreeSitterWasm();
  const builds = [hostOptions(production), debugAdapterOptions(production), webviewOptions(production)];
  if (watch) {
    const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log("watching…");
  } else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

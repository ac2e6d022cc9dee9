// Builds the extension host (node, cjs) and the webview (browser, Svelte) in one go.
// Svelte 5 strips TypeScript from <script lang="ts"> itself, so no preprocessor is needed.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import sveltePlugin from "esbuild-svelte";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

/** @type {import("esbuild").BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: "info",
  legalComments: "none",
};

const host = {
  ...common,
  entryPoints: { extension: "src/extension.ts" },
  outdir: "dist",
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
};

const webview = {
  ...common,
  entryPoints: { webview: "webview/main.ts", "layout-worker": "webview/layout/worker.ts" },
  outdir: "dist/webview",
  platform: "browser",
  format: "iife",
  target: "es2022",
  mainFields: ["svelte", "browser", "module", "main"],
  conditions: ["svelte", "browser"],
  loader: { ".ttf": "file" },
  plugins: [
    sveltePlugin({
      compilerOptions: { css: "external", dev: !production },
    }),
  ],
};

/** codicons ship inside the package: vsce packages no node_modules. */
function copyCodicons() {
  mkdirSync("dist/webview", { recursive: true });
  for (const file of ["codicon.css", "codicon.ttf"]) copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
}

if (production) rmSync("dist", { recursive: true, force: true });
copyCodicons();
if (watch) {
  const contexts = await Promise.all([esbuild.context(host), esbuild.context(webview)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log("watching…");
} else {
  await Promise.all([esbuild.build(host), esbuild.build(webview)]);
}

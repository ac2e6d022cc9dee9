#!/usr/bin/env node
/**
 * `npm run package`: a production build packaged as dist/langgraph-debugger.vsix.
 *
 * The build and vsce run in a staging folder (out/package) holding only what .vscodeignore lets into
 * the package, never in dist/: a production build there would replace the development build (with
 * source maps) that `npm run watch`, F5 on the extension and the debug and webview tiers use.
 *
 * Usage: node scripts/package.mjs [--out <file.vsix>]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { copyCodicons, copyTreeSitterWasm, debugAdapterOptions, hostOptions, webviewOptions } from "../esbuild.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stage = path.join(root, "out", "package");
const outFlag = process.argv.indexOf("--out");
const vsixPath = path.resolve(outFlag > 0 ? process.argv[outFlag + 1] : path.join(root, "dist", "langgraph-debugger.vsix"));
/** The files besides dist/ that .vscodeignore lets in (CHANGELOG.md when there is one). */
const PACKAGED_FILES = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", ".vscodeignore", "media/icon.png", "media/icon.svg"];

fs.rmSync(stage, { recursive: true, force: true });
const stagedDist = path.join(stage, "dist");
await Promise.all(
  [hostOptions(true, stagedDist), debugAdapterOptions(true, stagedDist), webviewOptions(true, path.join(stagedDist, "webview"))].map((options) =>
    esbuild.build({ ...options, logLevel: "warning" }),
  ),
);
copyCodicons(path.join(stagedDist, "webview"));
copyTreeSitterWasm(path.join(stagedDist, "wasm"));
for (const file of PACKAGED_FILES) {
  if (!fs.existsSync(path.join(root, file))) continue;
  fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
  fs.copyFileSync(path.join(root, file), path.join(stage, file));
}

fs.mkdirSync(path.dirname(vsixPath), { recursive: true });
const vsce = path.join(root, "node_modules", ".bin", "vsce");
const result = spawnSync(vsce, ["package", "--no-dependencies", "-o", vsixPath], { cwd: stage, stdio: "inherit" });
if (result.error) throw new Error(`cannot run vsce: ${result.error.message}`);
process.exit(result.status ?? 1);

#!/usr/bin/env node
/**
 * `npm run test:e2e`: the end-to-end tier in a real VS Code (code-server) and real Chromium.
 *   1. installs Node 24 + code-server when missing (scripts/ensure-e2e-tools.mjs),
 *   2. builds and packages the extension (`npm run package` → dist/langgraph-debugger.vsix),
 *   3. runs `vitest run --project e2e` and exits with its exit code.
 *
 * Usage: node scripts/e2e.mjs [--no-package] [--install-apt] [vitest args, e.g. a test file]
 * With TEST_RESULTS_DIR set (scripts/test.mjs), also writes <dir>/e2e.json (vitest's JSON report).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureE2eTools } from "./ensure-e2e-tools.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ownFlags = new Set(["--no-package", "--install-apt"]);
const args = process.argv.slice(2);
const vitestArgs = args.filter((arg) => !ownFlags.has(arg));

function step(name, action) {
  const started = Date.now();
  console.log(`\n[e2e] ${name}`);
  const result = action();
  console.log(`[e2e] ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: repoRoot, stdio: "inherit" });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

try {
  step("ensure e2e tools (Node 24, code-server)", () => ensureE2eTools({ installApt: args.includes("--install-apt") }));
} catch (error) {
  console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

if (!args.includes("--no-package")) {
  const status = step("npm run package (production build + vsce)", () => run("npm", ["run", "-s", "package"]));
  if (status !== 0) {
    console.error(`[e2e] npm run package failed (exit ${status})`);
    process.exit(status);
  }
}

// Fresh screenshots per run, so a stale failure shot is never mistaken for this run's.
fs.rmSync(path.join(repoRoot, "screenshots", "e2e"), { recursive: true, force: true });
const reporters = process.env.TEST_RESULTS_DIR
  ? ["--reporter=default", "--reporter=json", `--outputFile.json=${path.join(process.env.TEST_RESULTS_DIR, "e2e.json")}`]
  : [];
const status = step("vitest run --project e2e", () =>
  run("npx", ["vitest", "run", "--project", "e2e", ...reporters, ...vitestArgs]),
);
process.exit(status);

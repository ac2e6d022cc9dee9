#!/usr/bin/env node
// `npm test`: every tier in order — checks, build, unit, integration (real servers), debug adapter (DAP, real servers),
// webview (real Chromium), end to end (real VS Code). Prints a wall time per tier and
// one closing "N passed, N failed" line summed over the vitest tiers.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const resultsDir = join(root, "test-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const only = process.argv.slice(2);
const vitestTier = (name) => [
  "npx", "vitest", "run", "--project", name,
  "--reporter=default", "--reporter=json", `--outputFile.json=${join(resultsDir, `${name}.json`)}`,
];

const tiers = [
  { name: "lint", cmd: ["npx", "eslint", "."] },
  { name: "typecheck", cmd: ["npm", "run", "-s", "typecheck"] },
  { name: "build", cmd: ["node", "esbuild.mjs"] },
  { name: "unit", cmd: vitestTier("unit"), results: "unit" },
  { name: "examples", cmd: ["node", "scripts/ensure-examples.mjs"] },
  { name: "python-examples", cmd: ["node", "scripts/ensure-python-examples.mjs"], optionalFile: "scripts/ensure-python-examples.mjs" },
  { name: "integration", cmd: vitestTier("integration"), results: "integration" },
  { name: "debug", cmd: vitestTier("debug"), results: "debug" },
  { name: "webview", cmd: vitestTier("webview"), results: "webview" },
  { name: "e2e", cmd: ["node", "scripts/e2e.mjs"], results: "e2e" },
];

const timings = [];
let failedTier;
for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  if (tier.optionalFile && !existsSync(join(root, tier.optionalFile))) continue;
  console.log(`\n━━ ${tier.name}: ${tier.cmd.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(tier.cmd[0], tier.cmd.slice(1), { cwd: root, stdio: "inherit", env: { ...process.env, TEST_RESULTS_DIR: resultsDir } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${tier.name.padEnd(16)} ${seconds.padStart(7)} s  ${run.status === 0 ? "ok" : "FAILED"}`);
  if (run.status !== 0) {
    failedTier = tier.name;
    break;
  }
}

let passed = 0;
let failed = 0;
for (const tier of tiers) {
  const file = join(resultsDir, `${tier.results}.json`);
  if (!tier.results || !existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
console.log(`\n━━ tiers\n${timings.join("\n")}`);
if (failedTier) console.log(`tier "${failedTier}" failed; later tiers did not run`);
if (failedTier && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedTier ? 1 : 0);

#!/usr/bin/env node
// `npm test`: every tier — checks, build, unit, integration (real servers), debug adapter (DAP, real servers),
// webview (real Chromium), end to end (real VS Code). Prints a wall time per tier and
// one closing "N passed, N failed" line summed over the vitest tiers.
//
// Tiers run in stages, one after another; a stage's lanes run side by side, each lane's tiers in
// order. Only installs (mostly network and disk) share a stage with the CPU-bound checks: on two
// cores, two CPU-bound tiers side by side are no faster and make timing-sensitive tests flaky.
// A lane's output is printed line by line with its tier's name in front while others run.
import { spawn } from "node:child_process";
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

const tier = {
  lint: { name: "lint", cmd: ["npx", "eslint", "."] },
  typecheck: { name: "typecheck", cmd: ["npm", "run", "-s", "typecheck"] },
  build: { name: "build", cmd: ["node", "esbuild.mjs"] },
  unit: { name: "unit", cmd: vitestTier("unit"), results: "unit" },
  examples: { name: "examples", cmd: ["node", "scripts/ensure-examples.mjs"] },
  pythonExamples: { name: "python-examples", cmd: ["node", "scripts/ensure-python-examples.mjs"], optionalFile: "scripts/ensure-python-examples.mjs" },
  // Node 24 and code-server for the e2e tier (a clean machine installs them: minutes of download).
  e2eTools: { name: "e2e-tools", cmd: ["node", "scripts/ensure-e2e-tools.mjs"], optionalFile: "scripts/ensure-e2e-tools.mjs" },
  integration: { name: "integration", cmd: vitestTier("integration"), results: "integration" },
  debug: { name: "debug", cmd: vitestTier("debug"), results: "debug" },
  webview: { name: "webview", cmd: vitestTier("webview"), results: "webview" },
  e2e: { name: "e2e", cmd: ["node", "scripts/e2e.mjs"], results: "e2e" },
};

/** Stages in order; each stage is lanes run side by side. */
const stages = [
  [[tier.lint, tier.typecheck, tier.build, tier.unit], [tier.examples, tier.pythonExamples, tier.e2eTools]],
  [[tier.integration]],
  [[tier.debug]],
  [[tier.webview]],
  [[tier.e2e]],
];
const allTiers = stages.flat(2);

const timings = [];
let failedTier;

/** Runs one tier; with `prefix`, its output goes line by line behind the tier's name. */
function runTier(t, prefix) {
  const shown = `${t.name}: ${t.cmd.join(" ")}`;
  console.log(prefix ? `\n━━ [${t.name}] start ${shown}` : `\n━━ ${shown}`);
  const started = Date.now();
  const child = spawn(t.cmd[0], t.cmd.slice(1), {
    cwd: root,
    stdio: prefix ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...process.env, TEST_RESULTS_DIR: resultsDir, ...(prefix ? { FORCE_COLOR: "0" } : {}) },
  });
  if (prefix) for (const stream of [child.stdout, child.stderr]) prefixLines(stream, `[${t.name}] `, stream === child.stdout ? process.stdout : process.stderr);
  return new Promise((resolve) => {
    child.on("error", (error) => console.error(`[${t.name}] cannot start: ${error.message}`));
    child.on("close", (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      timings.push(`${t.name.padEnd(16)} ${seconds.padStart(7)} s  ${code === 0 ? "ok" : "FAILED"}`);
      if (prefix) console.log(`━━ [${t.name}] ${code === 0 ? "done" : "FAILED"} in ${seconds} s`);
      resolve(code === 0);
    });
  });
}

function prefixLines(stream, prefix, out) {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop();
    for (const line of lines) out.write(`${prefix}${line}\n`);
  });
  stream.on("end", () => rest && out.write(`${prefix}${rest}\n`));
}

const wanted = (t) => (!only.length || only.includes(t.name)) && !(t.optionalFile && !existsSync(join(root, t.optionalFile)));

for (const stage of stages) {
  const lanes = stage.map((lane) => lane.filter(wanted)).filter((lane) => lane.length > 0);
  const prefix = lanes.length > 1;
  await Promise.all(
    lanes.map(async (lane) => {
      for (const t of lane) {
        if (failedTier) return;
        if (!(await runTier(t, prefix))) failedTier ??= t.name;
      }
    }),
  );
  if (failedTier) break;
}

let passed = 0;
let failed = 0;
for (const t of allTiers) {
  const file = join(resultsDir, `${t.results}.json`);
  if (!t.results || !existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
console.log(`\n━━ tiers\n${timings.join("\n")}`);
if (failedTier) console.log(`tier "${failedTier}" failed; later tiers did not run`);
if (failedTier && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedTier ? 1 : 0);

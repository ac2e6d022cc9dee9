#!/usr/bin/env node
// `npm test`: every tier — checks, build, unit, integration (real servers), debug adapter (DAP, real servers),
// webview (real Chromium), end to end (real VS Code). Prints a wall time per tier and
// one closing "N passed, N failed" line summed over the vitest tiers.
//
// Each tier starts once the tiers it needs have passed (`needs` below), so tiers run side by side
// where that is safe, and a tier's output is printed line by line with its name in front. On two
// cores, two CPU-bound tiers side by side are no faster and make timing-sensitive tests flaky: the
// checks run one after another, the installs (mostly network and disk) beside them; the integration
// and debug tiers, which mostly wait on the sample servers' runs, run beside each other (each with
// its own shared servers), and the webview tier (Chromium) follows the shorter debug tier, beside
// integration's last minutes; the e2e tier runs last. Started beside integration and debug (to fill
// the ~35 % of the cores they leave idle), it made the whole run only ~150 s shorter, stretched
// every tier 1.5-2x, and timed out waits in e2e and integration (CI of bb3621a), so it waits.
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

/** Each tier and the tiers it needs (passed) before it starts; listed after the tiers it needs (see `runs` below). */
const tier = {
  lint: { name: "lint", cmd: ["npx", "eslint", "."], needs: [] },
  typecheck: { name: "typecheck", cmd: ["npm", "run", "-s", "typecheck"], needs: ["lint"] },
  build: { name: "build", cmd: ["node", "esbuild.mjs"], needs: ["typecheck"] },
  unit: { name: "unit", cmd: vitestTier("unit"), results: "unit", needs: ["build"] },
  examples: { name: "examples", cmd: ["node", "scripts/ensure-examples.mjs"], needs: [] },
  pythonExamples: { name: "python-examples", cmd: ["node", "scripts/ensure-python-examples.mjs"], optionalFile: "scripts/ensure-python-examples.mjs", needs: ["examples"] },
  integration: { name: "integration", cmd: vitestTier("integration"), results: "integration", needs: ["unit", "python-examples"] },
  debug: { name: "debug", cmd: vitestTier("debug"), results: "debug", needs: ["unit", "python-examples"] },
  // Node 24 and code-server for the e2e tier (a clean machine installs them: minutes of download).
  e2eTools: { name: "e2e-tools", cmd: ["node", "scripts/ensure-e2e-tools.mjs"], optionalFile: "scripts/ensure-e2e-tools.mjs", needs: ["python-examples"] },
  // Beside the integration tier's last minutes: the debug tier ends ~100 s before it.
  webview: { name: "webview", cmd: vitestTier("webview"), results: "webview", needs: ["debug"] },
  e2e: { name: "e2e", cmd: ["node", "scripts/e2e.mjs"], results: "e2e", needs: ["integration", "webview", "e2e-tools"] },
};
const allTiers = Object.values(tier);

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
const chosen = allTiers.filter(wanted);
const prefix = chosen.length > 1;
/**
 * Each chosen tier's run, by name: resolves true when it passed (a tier not chosen counts as passed).
 * Built in the order of `tier`, so a tier's needs are already here when it is added.
 */
const runs = new Map();
const runOf = (name) => runs.get(name) ?? Promise.resolve(true);
for (const t of chosen) {
  runs.set(
    t.name,
    Promise.all(t.needs.map(runOf)).then(async (passed) => {
      if (failedTier || !passed.every(Boolean)) return false;
      const ok = await runTier(t, prefix);
      if (!ok) failedTier ??= t.name;
      return ok;
    }),
  );
}
await Promise.all(runs.values());

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

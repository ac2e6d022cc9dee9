#!/usr/bin/env node
/**
 * Installs the repository's own dependencies (`npm ci`) when node_modules is missing or does
 * not match package-lock.json. Uses Node's built-ins only, so a script can call it on a fresh
 * clone before it imports anything from node_modules (scripts/demo.mjs does).
 *
 * "Matches" is judged the way npm judges its hidden lockfile: node_modules/.package-lock.json
 * (written by every npm install) must list every package of package-lock.json at the same
 * version; optional packages may be absent (other platforms' binaries are never installed),
 * and nothing may be there that the lockfile does not list.
 *
 *   node scripts/ensure-root-deps.mjs [--check]    --check: only report; exit 1 when stale.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHOWN_DIFFERENCES = 5;

function readPackages(file) {
  return JSON.parse(readFileSync(file, "utf8")).packages ?? {};
}

/** Why `npm ci` is needed in `root`, or null when node_modules matches package-lock.json. */
export function rootDepsStaleReason(root = repoRoot) {
  const hidden = path.join(root, "node_modules", ".package-lock.json");
  if (!existsSync(path.join(root, "node_modules"))) return "node_modules is missing";
  if (!existsSync(hidden)) return "node_modules was not installed by npm (no node_modules/.package-lock.json)";
  const wanted = readPackages(path.join(root, "package-lock.json"));
  const installed = readPackages(hidden);
  const differences = [];
  for (const [location, entry] of Object.entries(wanted)) {
    if (location === "" || !location.startsWith("node_modules/")) continue;
    const have = installed[location];
    const name = location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length);
    if (have === undefined) {
      if (!entry.optional) differences.push(`${name}@${entry.version} missing`);
    } else if (have.version !== entry.version) {
      differences.push(`${name} ${have.version} → ${entry.version}`);
    }
  }
  for (const location of Object.keys(installed)) {
    if (!(location in wanted)) differences.push(`${location.replace(/^node_modules\//, "")} not in package-lock.json`);
  }
  if (differences.length === 0) return null;
  const shown = differences.slice(0, SHOWN_DIFFERENCES).join(", ");
  const more = differences.length > SHOWN_DIFFERENCES ? `, and ${differences.length - SHOWN_DIFFERENCES} more` : "";
  return `node_modules differs from package-lock.json: ${shown}${more}`;
}

/**
 * Runs `npm ci` in `root` if needed, with npm's output shown; resolves to true when it installed.
 * `onChild` receives the npm process, so a caller can stop it on Ctrl-C.
 */
export async function ensureRootDeps({ root = repoRoot, log = console.log, onChild = () => {} } = {}) {
  const reason = rootDepsStaleReason(root);
  if (reason === null) {
    log("root dependencies up to date (node_modules matches package-lock.json)");
    return false;
  }
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
  const direct = Object.entries({ ...lock.packages?.[""]?.dependencies, ...lock.packages?.[""]?.devDependencies });
  log(`${reason}; running npm ci (${direct.length} direct dependencies: ${direct.map(([name]) => name).join(", ")})`);
  const started = Date.now();
  await new Promise((resolve, reject) => {
    const child = spawn("npm", ["ci", "--no-audit", "--no-fund", "--foreground-scripts"], { cwd: root, stdio: "inherit" });
    onChild(child);
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`npm ci failed (exit ${code ?? signal})`)),
    );
  });
  log(`root dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const reason = rootDepsStaleReason();
    console.log(`ensure-root-deps: ${reason ?? "up to date"}`);
    process.exitCode = reason === null ? 0 : 1;
  } else {
    await ensureRootDeps({ log: (message) => console.log(`ensure-root-deps: ${message}`) }).catch((error) => {
      console.error(`ensure-root-deps: ${error.message}`);
      process.exitCode = 1;
    });
  }
}

#!/usr/bin/env node
/**
 * Install the sample deployment's own dependencies (examples/js) when they are missing or
 * out of date. Idempotent: a stamp in node_modules records the hash of package.json.
 *
 *   node scripts/ensure-examples.mjs [--check] [--quiet] [projectDir]
 *
 * --check  only report; exit 1 when an install is needed.
 * The sample has its own package.json (not the root lockfile): see SERVER-FACTS.md "Traps".
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const STAMP_NAME = ".langgraph-debugger-install-stamp";
const LOCK_WAIT_MS = 10 * 60_000;
const LOCK_STALE_MS = 15 * 60_000;
const REQUIRED_PACKAGES = ["@langchain/langgraph-cli", "@langchain/langgraph", "@langchain/core"];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The hash the stamp must hold: package.json contents and the Node major version. */
function wantedStamp(projectDir) {
  const manifest = readFileSync(path.join(projectDir, "package.json"), "utf8");
  const nodeMajor = process.versions.node.split(".")[0];
  return createHash("sha256").update(manifest).update(`\nnode${nodeMajor}`).digest("hex");
}

function stampPath(projectDir) {
  return path.join(projectDir, "node_modules", STAMP_NAME);
}

/** Why an install is needed, or null when node_modules is up to date. */
function staleReason(projectDir) {
  const stamp = stampPath(projectDir);
  if (!existsSync(stamp)) return "no install stamp (never installed here)";
  if (readFileSync(stamp, "utf8").trim() !== wantedStamp(projectDir)) return "package.json changed since the last install";
  const missing = REQUIRED_PACKAGES.filter(
    (name) => !existsSync(path.join(projectDir, "node_modules", name, "package.json")),
  );
  return missing.length > 0 ? `missing ${missing.join(", ")}` : null;
}

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** A directory lock, so concurrent test servers never run two installs at once. */
function withLock(projectDir, action) {
  const lockDir = path.join(projectDir, ".install-lock");
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const age = Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`ensure-examples: timed out waiting for ${lockDir}`);
      else sleepSync(500);
    }
  }
  try {
    return action();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Install if needed; returns true when an install ran. Throws with npm's exit status on failure. */
export function ensureExamples(projectDir = path.join(repoRoot, "examples", "js"), { quiet = false } = {}) {
  const log = (message) => quiet || console.log(`ensure-examples: ${message}`);
  const relative = path.relative(repoRoot, projectDir);
  const label = relative && !relative.startsWith("..") ? relative : projectDir;
  const reason = staleReason(projectDir);
  if (reason === null) {
    log(`${label}: dependencies up to date`);
    return false;
  }
  return withLock(projectDir, () => {
    const reasonNow = staleReason(projectDir);
    if (reasonNow === null) {
      log(`${label}: installed meanwhile by another process`);
      return false;
    }
    console.log(`ensure-examples: ${label}: ${reasonNow}; running npm install --no-audit --no-fund`);
    const started = Date.now();
    const result = spawnSync("npm", ["install", "--no-audit", "--no-fund"], {
      cwd: projectDir,
      stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
      encoding: "utf8",
    });
    if (result.status !== 0) {
      const output = quiet ? `\n${result.stdout ?? ""}${result.stderr ?? ""}` : "";
      throw new Error(`ensure-examples: npm install in ${projectDir} failed (exit ${result.status ?? result.signal})${output}`);
    }
    writeFileSync(stampPath(projectDir), `${wantedStamp(projectDir)}\n`);
    console.log(`ensure-examples: ${label}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  });
}

function main(argv) {
  const flags = new Set(argv.filter((arg) => arg.startsWith("--")));
  const unknown = [...flags].filter((flag) => flag !== "--check" && flag !== "--quiet");
  if (unknown.length > 0) throw new Error(`ensure-examples: unknown option ${unknown.join(", ")}`);
  const dirArg = argv.find((arg) => !arg.startsWith("--"));
  const projectDir = path.resolve(dirArg ?? path.join(repoRoot, "examples", "js"));
  if (!existsSync(path.join(projectDir, "package.json"))) {
    throw new Error(`ensure-examples: no package.json in ${projectDir}`);
  }
  if (flags.has("--check")) {
    const reason = staleReason(projectDir);
    console.log(`ensure-examples: ${projectDir}: ${reason ?? "up to date"}`);
    process.exitCode = reason === null ? 0 : 1;
    return;
  }
  ensureExamples(projectDir, { quiet: flags.has("--quiet") });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}

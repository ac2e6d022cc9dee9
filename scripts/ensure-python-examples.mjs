#!/usr/bin/env node
/**
 * Makes examples/python/.venv: a virtualenv holding the pinned `langgraph dev` stack from
 * examples/python/requirements.txt. Idempotent: a stamp with the hash of requirements.txt
 * (and constraints.txt) and the interpreter version skips the install when nothing changed. Nothing is installed
 * outside the venv. Usage: node scripts/ensure-python-examples.mjs [--force]
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const MIN_PYTHON = [3, 11];
const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "examples", "python");
const venvDir = join(projectDir, ".venv");
const requirementsFile = join(projectDir, "requirements.txt");
const constraintsFile = join(projectDir, "constraints.txt");
const stampFile = join(venvDir, ".requirements.sha256");
const venvPython = join(venvDir, "bin", "python");
const pythonCommand = process.env.PYTHON ?? "python3";

function log(message) {
  console.log(`[ensure-python-examples] ${message}`);
}

function fail(message) {
  console.error(`[ensure-python-examples] ERROR: ${message}`);
  process.exit(1);
}

function run(command, args, what) {
  log(`${what}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: projectDir, stdio: "inherit" });
  if (result.error) fail(`${what} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${what} failed with exit code ${result.status}`);
}

/** The interpreter's version as [major, minor, patch], or a clear error if it is missing. */
function pythonVersion() {
  const probe = spawnSync(pythonCommand, ["-c", "import sys; print('.'.join(map(str, sys.version_info[:3])))"], {
    encoding: "utf8",
  });
  if (probe.error) fail(`${pythonCommand} not found (${probe.error.message}). Install Python ${MIN_PYTHON.join(".")}+.`);
  if (probe.status !== 0) fail(`${pythonCommand} failed: ${probe.stderr.trim()}`);
  const version = probe.stdout.trim();
  const [major, minor] = version.split(".").map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    fail(`${pythonCommand} is ${version}; langgraph-cli[inmem] needs Python ${MIN_PYTHON.join(".")} or newer (set PYTHON=/path/to/python3.11+).`);
  }
  return version;
}

function checkVenvModule() {
  const probe = spawnSync(pythonCommand, ["-c", "import venv, ensurepip"], { encoding: "utf8" });
  if (probe.status !== 0) {
    fail(
      `${pythonCommand} has no working 'venv'/'ensurepip' module. On Debian/Ubuntu install it with ` +
        "`apt-get install python3-venv` (or python3.X-venv matching your interpreter).",
    );
  }
}

function main() {
  const force = process.argv.includes("--force");
  if (!existsSync(requirementsFile)) fail(`missing ${requirementsFile}`);
  const version = pythonVersion();
  const wanted = createHash("sha256").update(readFileSync(requirementsFile))
    .update(existsSync(constraintsFile) ? readFileSync(constraintsFile) : "").update(`python ${version}`).digest("hex");

  if (!force && existsSync(venvPython) && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === wanted) {
    log(`up to date: ${venvDir} (requirements hash ${wanted.slice(0, 12)})`);
    return;
  }

  const started = Date.now();
  checkVenvModule();
  if (existsSync(venvDir)) {
    log(`removing outdated ${venvDir}`);
    rmSync(venvDir, { recursive: true, force: true });
  }
  run(pythonCommand, ["-m", "venv", venvDir], `creating venv with Python ${version}`);
  run(venvPython, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "-r", requirementsFile], "installing requirements");
  const langgraph = join(venvDir, "bin", "langgraph");
  if (!existsSync(langgraph)) fail(`install finished but ${langgraph} is missing`);
  writeFileSync(stampFile, `${wanted}\n`);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${langgraph}`);
}

main();

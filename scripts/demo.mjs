#!/usr/bin/env node
/**
 * `npm run demo`: the sample LangGraph deployment + VS Code with the extension pointed at it.
 *   0. installs the repository's own dependencies (`npm ci`, scripts/ensure-root-deps.mjs) when
 *      node_modules is missing or stale, so it works on a fresh clone; only then imports
 *      anything that needs them (esbuild, through loadTs.mjs),
 *   1. installs the sample deployment's dependencies (scripts/ensure-examples.mjs;
 *      with --python scripts/ensure-python-examples.mjs),
 *   2. starts the sample server on a free port,
 *   3. desktop VS Code (`code` on PATH): builds the extension and opens a new window on the
 *      sample project itself (examples/js, or examples/python), through a .code-workspace file in a
 *      temp folder that points the extension at the server (so nothing is written into the repo);
 *      otherwise (or with --code-server): installs Node 24 + code-server (scripts/ensure-e2e-tools.mjs),
 *      packages the extension, starts code-server on localhost on a .code-workspace of the sample and
 *      prints the URL to open.
 * Ctrl-C (or SIGTERM, SIGHUP, to this process or to `npm run demo`) stops everything (each part
 * runs in its own process group) and removes the temp folders, also while a part is starting
 * (test/integration/demo.test.ts).
 *
 * Usage: node scripts/demo.mjs [--python] [--code-server] [--port N]   (N: code-server's port)
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { e2eToolPaths } from "./ensure-e2e-tools.mjs";
import { ensureRootDeps } from "./ensure-root-deps.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const usePython = args.includes("--python");
const forceCodeServer = args.includes("--code-server");
const portArg = args.indexOf("--port");
const requestedPort = portArg >= 0 ? Number(args[portArg + 1]) : undefined;
const started = Date.now();
/** Cleanup actions (addCleanup), run in reverse order on Ctrl-C, on exit of VS Code, or on failure. */
const cleanups = [];
let shuttingDown = false;
/** The install or build step running now, stopped on Ctrl-C. */
let currentStep;
/**
 * The sample server or code-server being started now: its folder and processes exist before the
 * start resolves, so a stop that comes meanwhile waits for it and stops it (else its temp folder
 * stayed behind).
 */
let starting;
/** How long a stop waits for a start in progress (code-server's first start installs the extension). */
const START_WAIT_MS = 60_000;
/** Measured on a 2-core machine: Node 24 + code-server's npm ci with native builds took 163 s. */
const CODE_SERVER_INSTALL_HINT = "about 3 minutes";
const PROGRESS_EVERY_MS = 30_000;

function log(message) {
  console.log(`[demo ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

/** Runs a step as a child process (not spawnSync, so a signal can stop it at once). */
async function runStep(what, command, commandArgs, { progress = false } = {}) {
  log(what);
  const stepStarted = Date.now();
  const ticker = progress
    ? setInterval(() => log(`  … ${((Date.now() - stepStarted) / 1000).toFixed(0)} s so far`), PROGRESS_EVERY_MS)
    : undefined;
  try {
    await new Promise((resolve, reject) => {
      const child = spawn(command, commandArgs, { cwd: repoRoot, stdio: "inherit" });
      currentStep = child;
      child.once("error", reject);
      child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code ?? signal})`))));
    });
  } finally {
    clearInterval(ticker);
    currentStep = undefined;
  }
}

function stopCurrentStep() {
  if (currentStep?.exitCode === null) currentStep.kill("SIGTERM");
}

/** Runs `start` (a server's start), remembered meanwhile so that a stop waits for it. */
async function startTracked(start) {
  starting = start();
  try {
    return await starting;
  } finally {
    starting = undefined;
  }
}

/** Registers a cleanup; one registered while stopping (a step that finished meanwhile) runs at once. */
function addCleanup(cleanup) {
  if (shuttingDown) void cleanup().catch(() => {});
  else cleanups.push(cleanup);
}

async function shutdown(exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  log("stopping…");
  stopCurrentStep();
  if (starting) {
    const timeout = new Promise((resolve) => setTimeout(resolve, START_WAIT_MS).unref());
    const late = await Promise.race([starting.catch(() => undefined), timeout]);
    await late?.stop().catch((error) => console.error(`[demo] cleanup: ${error?.message ?? error}`));
  }
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error) => console.error(`[demo] cleanup: ${error?.message ?? error}`));
  }
  log("stopped");
  process.exit(exitCode);
}

/** Imports a TypeScript module of the repository; loadTs.mjs needs esbuild, so only after ensureRootDeps. */
async function loadTs(relativeFile) {
  const { loadTsModule } = await import("./loadTs.mjs");
  const loaded = await loadTsModule(relativeFile);
  // esbuild's service process is a child of the demo until stopped; left running, it outlives a
  // SIGTERM'd demo by a moment (it exits only when it notices its stdin closed).
  await (await import("esbuild")).stop();
  return loaded;
}

/** Installs the sample deployment's dependencies; returns a starter for its server. */
async function prepareSampleServer() {
  // The rig itself, not scripts/start-sample-server.mjs: that one installs signal handlers that
  // exit as soon as the servers are down, which would cut short the stopping of code-server.
  if (usePython) {
    const script = "scripts/ensure-python-examples.mjs";
    if (!fs.existsSync(path.join(repoRoot, script))) throw new Error(`--python needs ${script}, which is not in this checkout`);
    await runStep("installing the Python sample deployment (scripts/ensure-python-examples.mjs)", process.execPath, [script]);
    const { startServer } = await loadTs("test/support/servers.ts");
    return { describe: "the Python sample server (langgraph dev)", start: () => startServer("python") };
  }
  await runStep("installing the JS sample deployment (scripts/ensure-examples.mjs)", process.execPath, ["scripts/ensure-examples.mjs"]);
  const { startJsServer } = await loadTs("test/support/servers.ts");
  return { describe: "the JS sample server (langgraphjs dev)", start: () => startJsServer() };
}

function hasDesktopCode() {
  return spawnSync("sh", ["-c", "command -v code"], { encoding: "utf8" }).status === 0;
}

/** The sample project opened as the workspace: examples/js, or examples/python with --python. */
const sampleFolder = path.join(repoRoot, "examples", usePython ? "python" : "js");

/**
 * A .code-workspace file in a temp folder that opens the sample project itself and carries the
 * demo's settings, so nothing is written into the repository (a deployment switched to in the
 * extension goes into this file too).
 */
function writeDemoWorkspace(deploymentUrl) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lgd-demo-workspace-"));
  addCleanup(async () => fs.rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, `langgraph-${usePython ? "python" : "js"}-sample.code-workspace`);
  const workspace = { folders: [{ path: sampleFolder }], settings: { "langgraphDebugger.deploymentUrl": deploymentUrl } };
  fs.writeFileSync(file, `${JSON.stringify(workspace, null, 2)}\n`);
  return file;
}

/** Desktop VS Code: the extension from this checkout (development mode) in a new window on the sample project. */
async function openDesktopVsCode(deploymentUrl) {
  const workspace = writeDemoWorkspace(deploymentUrl);
  // --wait: the CLI lives as long as the window, so closing the window ends the demo too.
  const code = spawn("code", ["--extensionDevelopmentPath", repoRoot, "--new-window", "--wait", workspace], {
    detached: true,
    stdio: "inherit",
  });
  addCleanup(async () => killGroup(code.pid));
  code.on("exit", () => shutdown(0));
  log(`VS Code opened on ${workspace}; the sample project is the workspace: open one of its graphs (CodeLens) or press F5. Ctrl-C stops the demo.`);
}

/** Installs Node 24 + code-server and packages the extension. */
async function prepareCodeServer() {
  const firstStart = !fs.existsSync(e2eToolPaths.codeServerBin);
  if (firstStart) {
    log(`first start: installing Node 24 + code-server into tools/e2e from the npm registry (${CODE_SERVER_INSTALL_HINT}; npm's output goes to tools/e2e/npm-ci.log)`);
  }
  await runStep(
    firstStart ? "Installing Node 24 + code-server (scripts/ensure-e2e-tools.mjs)" : "checking Node 24 + code-server (scripts/ensure-e2e-tools.mjs)",
    process.execPath,
    ["scripts/ensure-e2e-tools.mjs", "--install-apt"],
    { progress: firstStart },
  );
  await runStep("packaging the extension (npm run package)", "npm", ["run", "-s", "package"]);
}

/** code-server: the packaged extension in a real VS Code served on localhost. */
async function openCodeServer(deploymentUrl) {
  const { startCodeServer } = await loadTs("test/e2e/support/codeServer.ts");
  log("starting code-server…");
  const codeServer = await startTracked(() =>
    startCodeServer({ deploymentUrl, label: "demo", port: requestedPort, logsDir: null, projectFolder: sampleFolder, workspaceSettings: { "langgraphDebugger.deploymentUrl": deploymentUrl } }),
  );
  if (shuttingDown) throw new Error("stopped while starting");
  addCleanup(() => codeServer.stop());
  log("code-server is up");
  console.log(`\n  LangGraph Debugger demo is ready:\n\n    ${codeServer.workbenchUrl}\n`);
  console.log(`  Open it in a browser: the sample project (${path.relative(repoRoot, sampleFolder)}) is the workspace. Click "LangGraph Debugger"`);
  console.log(`  in the activity bar, or press F5 (its .vscode/launch.json debugs the sample graphs).`);
  console.log(`  Sample deployment: ${deploymentUrl}. Ctrl-C stops everything.\n`);
}

/** How long a process group gets to end on SIGTERM before it is killed. */
const GROUP_STOP_MS = 5_000;

/** Stops a process group and waits until none of it is left: "stopped" must mean it (a busy machine delays a signal's effect). */
async function killGroup(pid) {
  if (pid === undefined) return;
  const signal = (name) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false; // none of the group is left
    }
  };
  if (!signal("SIGTERM")) return;
  for (const started = Date.now(); Date.now() - started < GROUP_STOP_MS; await new Promise((r) => setTimeout(r, 50))) {
    if (!signal(0)) return;
  }
  signal("SIGKILL");
}

process.once("SIGINT", () => shutdown(130));
process.once("SIGTERM", () => shutdown(143));
process.once("SIGHUP", () => shutdown(129));
// `kill <pid of npm run demo>`: npm passes the SIGTERM to its `sh -c`, which dies without passing
// it on, and this process lives on as an orphan. A new parent is the sign to stop.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && shutdown(143), 1000).unref();

try {
  await ensureRootDeps({ log: (message) => log(message), onChild: (child) => (currentStep = child) });
  currentStep = undefined;
  const sampleServer = await prepareSampleServer();
  const desktop = !forceCodeServer && hasDesktopCode();
  if (desktop) await runStep("building the extension (npm run build)", "npm", ["run", "-s", "build"]);
  else await prepareCodeServer();
  log(`starting ${sampleServer.describe}…`);
  const server = await startTracked(() => sampleServer.start());
  // Stopped while it started: shutdown() stops it; go no further.
  if (shuttingDown) throw new Error("stopped while starting");
  addCleanup(() => server.stop());
  log(`sample deployment (${server.kind}) at ${server.url}`);
  if (desktop) await openDesktopVsCode(server.url);
  else await openCodeServer(server.url);
} catch (error) {
  // A step stopped by a signal fails too: shutdown() is already under way and says so.
  if (!shuttingDown) console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}

#!/usr/bin/env node
/**
 * `npm run demo`: the sample LangGraph deployment + VS Code with the extension pointed at it.
 *   1. installs the sample deployment's dependencies (scripts/ensure-examples.mjs;
 *      with --python scripts/ensure-python-examples.mjs),
 *   2. starts the sample server on a free port,
 *   3. desktop VS Code (`code` on PATH): builds the extension and opens a new window on a
 *      temp workspace whose .vscode/settings.json points the extension at the server;
 *      otherwise (or with --code-server): installs Node 24 + code-server (scripts/ensure-e2e-tools.mjs),
 *      packages the extension, starts code-server on localhost and prints the URL to open.
 * Ctrl-C stops everything (each part runs in its own process group).
 *
 * Usage: node scripts/demo.mjs [--python] [--code-server] [--port N]   (N: code-server's port)
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTsModule } from "./loadTs.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const usePython = args.includes("--python");
const forceCodeServer = args.includes("--code-server");
const portArg = args.indexOf("--port");
const requestedPort = portArg >= 0 ? Number(args[portArg + 1]) : undefined;
const started = Date.now();
/** Cleanup actions, run in reverse order on Ctrl-C, on exit of VS Code, or on failure. */
const cleanups = [];
let shuttingDown = false;

function log(message) {
  console.log(`[demo ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

function runStep(what, command, commandArgs) {
  log(what);
  const result = spawnSync(command, commandArgs, { cwd: repoRoot, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
}

async function shutdown(exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  log("stopping…");
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error) => console.error(`[demo] cleanup: ${error?.message ?? error}`));
  }
  log("stopped");
  process.exit(exitCode);
}

/** Installs the sample deployment's dependencies; returns a starter for its server. */
async function prepareSampleServer() {
  if (usePython) {
    const script = "scripts/ensure-python-examples.mjs";
    if (!fs.existsSync(path.join(repoRoot, script))) throw new Error(`--python needs ${script}, which is not in this checkout`);
    runStep("installing the Python sample deployment (scripts/ensure-python-examples.mjs)", process.execPath, [script]);
    const { startServer } = await import("./start-sample-server.mjs");
    return { describe: "the Python sample server (langgraph dev)", start: () => startServer("python") };
  }
  runStep("installing the JS sample deployment (scripts/ensure-examples.mjs)", process.execPath, ["scripts/ensure-examples.mjs"]);
  const { startJsServer } = await import("./start-sample-server.mjs");
  return { describe: "the JS sample server (langgraphjs dev)", start: () => startJsServer() };
}

function hasDesktopCode() {
  return spawnSync("sh", ["-c", "command -v code"], { encoding: "utf8" }).status === 0;
}

/** Desktop VS Code: the extension from this checkout (development mode) in a new window. */
async function openDesktopVsCode(deploymentUrl) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "lgd-demo-workspace-"));
  cleanups.push(async () => fs.rmSync(workspace, { recursive: true, force: true }));
  fs.mkdirSync(path.join(workspace, ".vscode"));
  fs.writeFileSync(
    path.join(workspace, ".vscode", "settings.json"),
    `${JSON.stringify({ "langgraphDebugger.deploymentUrl": deploymentUrl }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(workspace, "README.md"), `# LangGraph Debugger demo\n\nSample deployment: ${deploymentUrl}\n`);
  // --wait: the CLI lives as long as the window, so closing the window ends the demo too.
  const code = spawn("code", ["--extensionDevelopmentPath", repoRoot, "--new-window", "--wait", workspace], {
    detached: true,
    stdio: "inherit",
  });
  cleanups.push(async () => killGroup(code.pid));
  code.on("exit", () => shutdown(0));
  log(`VS Code opened on ${workspace}; open the LangGraph Debugger view in the activity bar. Ctrl-C stops the demo.`);
}

/** Installs Node 24 + code-server and packages the extension. */
async function prepareCodeServer() {
  const { ensureE2eTools } = await import("./ensure-e2e-tools.mjs");
  log("ensuring Node 24 + code-server (scripts/ensure-e2e-tools.mjs)");
  ensureE2eTools({ installApt: true });
  runStep("packaging the extension (npm run package)", "npm", ["run", "-s", "package"]);
}

/** code-server: the packaged extension in a real VS Code served on localhost. */
async function openCodeServer(deploymentUrl) {
  const { startCodeServer } = await loadTsModule("test/e2e/support/codeServer.ts");
  log("starting code-server…");
  const codeServer = await startCodeServer({ deploymentUrl, label: "demo", port: requestedPort, logsDir: null });
  cleanups.push(() => codeServer.stop());
  console.log(`\n  LangGraph Debugger demo is ready:\n\n    ${codeServer.workbenchUrl}\n`);
  console.log(`  Open it in a browser, then click "LangGraph Debugger" in the activity bar.`);
  console.log(`  Sample deployment: ${deploymentUrl}. Ctrl-C stops everything.\n`);
}

function killGroup(pid) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // already gone
  }
}

process.once("SIGINT", () => shutdown(130));
process.once("SIGTERM", () => shutdown(143));

try {
  const sampleServer = await prepareSampleServer();
  const desktop = !forceCodeServer && hasDesktopCode();
  if (desktop) runStep("building the extension (npm run build)", "npm", ["run", "-s", "build"]);
  else await prepareCodeServer();
  log(`starting ${sampleServer.describe}…`);
  const server = await sampleServer.start();
  cleanups.push(() => server.stop());
  log(`sample deployment (${server.kind}) at ${server.url}`);
  if (desktop) await openDesktopVsCode(server.url);
  else await openCodeServer(server.url);
} catch (error) {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}

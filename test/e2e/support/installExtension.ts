/**
 * Installs the packaged extension into a code-server's extensions folder. The real
 * `code-server --install-extension` (and a `--list-extensions` check) runs once per .vsix build;
 * every later code-server gets a copy of that installed folder, which saves two CLI starts
 * (2–5 s on two loaded cores) per test file.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { e2eToolPaths } from "../../../scripts/ensure-e2e-tools.mjs";
import { stopProcessGroup } from "./processGroup";

export interface InstallOptions {
  /** Node 24's binary (code-server's). */
  node: string;
  vsixPath: string;
  /** The id the .vsix installs as. */
  expectedId: string;
  extensionsDir: string;
  userDataDir: string;
  env: NodeJS.ProcessEnv;
}

/** Every cache folder's name starts so (in the OS temp folder), then the .vsix path's hash, then the build's. */
const CACHE_PREFIX = "lgd-e2e-installed-";

/** Fills `extensionsDir` with the .vsix installed: from the cached install of this very build, else installs it (and caches it). */
export async function installExtension(options: InstallOptions): Promise<void> {
  const { size, mtimeMs } = fs.statSync(options.vsixPath);
  const stamp = JSON.stringify({ vsix: options.vsixPath, size, mtimeMs, id: options.expectedId, codeServer: e2eToolPaths.codeServerBin });
  // One folder per build (named by its stamp), never rewritten: workers racing on one build can only
  // both write it, and a folder another worker is copying from is never deleted under it.
  const prefix = `${CACHE_PREFIX}${hash(options.vsixPath)}-`;
  const cacheDir = path.join(os.tmpdir(), `${prefix}${hash(stamp)}`);
  const cached = path.join(cacheDir, "extensions");
  const installedAt = readInstalledAt(cacheDir);
  if (installedAt !== undefined) {
    copyInstalled(cached, installedAt, options.extensionsDir);
    return;
  }
  await installWithCli(options);
  // Written aside and renamed in, so a half-written cache is never read.
  const fresh = `${cacheDir}.${process.pid}.tmp`;
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.cpSync(options.extensionsDir, path.join(fresh, "extensions"), { recursive: true });
  fs.writeFileSync(path.join(fresh, "vsix"), options.vsixPath);
  fs.writeFileSync(path.join(fresh, "installedAt"), options.extensionsDir);
  try {
    fs.renameSync(fresh, cacheDir);
  } catch (error) {
    // Another worker cached this build first (its folder is there, so the rename finds it not empty).
    fs.rmSync(fresh, { recursive: true, force: true });
    if (readInstalledAt(cacheDir) === undefined) throw error;
  }
  removeStaleCaches(prefix, cacheDir);
}

/**
 * Deletes the caches of earlier builds of this .vsix, and those of .vsix files that are gone (the
 * clones CI made and removed). Best effort: another worker may be deleting the same folder.
 */
function removeStaleCaches(prefix: string, keep: string): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const dir = path.join(os.tmpdir(), name);
    if (!name.startsWith(CACHE_PREFIX) || name.endsWith(".tmp") || dir === keep) continue;
    const vsix = readText(path.join(dir, "vsix"));
    if (!name.startsWith(prefix) && vsix !== undefined && fs.existsSync(vsix)) continue;
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Already going: the other worker finishes it.
    }
  }
}

/** The folder a cached install was made in; a cache folder has it once it is whole (it is renamed in complete). */
function readInstalledAt(cacheDir: string): string | undefined {
  return readText(path.join(cacheDir, "installedAt"));
}

function hash(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 12);
}

/** Copies the cached install; its extensions.json names the folder it was installed in by absolute path, rewritten to `to`. */
function copyInstalled(from: string, installedAt: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
  const manifest = path.join(to, "extensions.json");
  fs.writeFileSync(manifest, fs.readFileSync(manifest, "utf8").replaceAll(installedAt, to));
}

/** `code-server --install-extension`, then checks the id is listed (both in their own process group). */
async function installWithCli({ node, vsixPath, expectedId, extensionsDir, userDataDir, env }: InstallOptions): Promise<void> {
  const dataArgs = ["--user-data-dir", userDataDir, "--extensions-dir", extensionsDir];
  const cli = (args: string[]) => runInOwnGroup(node, [e2eToolPaths.codeServerBin, ...args, ...dataArgs], env, 120_000);
  await cli(["--install-extension", vsixPath, "--force"]);
  const listed = await cli(["--list-extensions"]);
  if (!listed.split("\n").includes(expectedId)) {
    throw new Error(`${expectedId} is not installed after --install-extension; installed: ${listed.trim() || "nothing"}`);
  }
}

/** Runs a short command in its own process group; resolves with its stdout, rejects on failure or timeout. */
function runInOwnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => ((stdout += chunk), (output += chunk)));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) void stopProcessGroup(child.pid, 1_000);
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(" ")} failed (${code ?? signal}):\n${output}`));
    });
  });
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

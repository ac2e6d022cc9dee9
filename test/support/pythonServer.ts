/**
 * Test rig: start the real Python LangGraph dev server (`langgraph dev` from
 * `langgraph-cli[inmem]`) on the sample deployment in examples/python, from a fresh temp copy
 * of the project (so `.langgraph_api` state never leaks between starts), and stop it by
 * process group. The virtualenv comes from scripts/ensure-python-examples.mjs.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { freePort } from "./freePort";
import { waitForOk, type RunningServer } from "./langgraphServer";

/** Options for {@link startPythonServer}. */
export interface StartPythonServerOptions {
  /** The Python LangGraph project to serve (holds langgraph.json); default examples/python. */
  projectDir?: string;
  /** Extra environment for the server (over this process's environment). */
  env?: Record<string, string>;
  /** How long to wait for `/ok`; default 60 s. */
  startTimeoutMs?: number;
  /**
   * `--n-jobs-per-worker`. Unset keeps the CLI's real default, which is 1 (its help says 10):
   * one run at a time on the whole server, later runs wait in the queue.
   */
  jobsPerWorker?: number;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const MAX_LOG_CHARS = 2_000_000;
/** Project entries that must not be copied: local state, caches and the venv itself. */
const SKIPPED_ENTRIES = new Set([".venv", ".langgraph_api", "__pycache__", ".pytest_cache"]);

/** Keeps `langgraph dev` off the network: no CLI analytics, no PyPI version check, no tracing. */
const OFFLINE_ENV: Record<string, string> = {
  LANGGRAPH_CLI_NO_ANALYTICS: "1",
  LANGGRAPH_NO_VERSION_CHECK: "true",
  LANGSMITH_TRACING: "false",
  LANGSMITH_TRACING_V2: "false",
  LANGCHAIN_TRACING_V2: "false",
  LOG_COLOR: "false",
  BROWSER: "none",
  PYTHONDONTWRITEBYTECODE: "1",
  PYTHONUNBUFFERED: "1",
};

const liveProcessGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of liveProcessGroups) killGroup(pid, "SIGKILL");
});

/** The repository root: the nearest folder up from this module holding scripts/ensure-python-examples.mjs. */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "scripts", "ensure-python-examples.mjs"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("pythonServer: cannot find the repository root (scripts/ensure-python-examples.mjs)");
    dir = parent;
  }
  return dir;
}

// Found by walking up, so the rig also works when bundled into .cache/ for plain Node scripts.
const repoDir = findRepoRoot();
const defaultProjectDir = path.join(repoDir, "examples", "python");

/** Start `langgraph dev` on a free port from a fresh copy of the project; resolves once `/ok` answers 200. */
export async function startPythonServer(options: StartPythonServerOptions = {}): Promise<RunningServer> {
  const projectDir = path.resolve(options.projectDir ?? defaultProjectDir);
  if (!existsSync(path.join(projectDir, "langgraph.json"))) {
    throw new Error(`startPythonServer: no langgraph.json in ${projectDir}`);
  }
  const cli = ensureVenv();
  const workDir = await copyProject(projectDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ["dev", "--port", String(port), "--host", "127.0.0.1", "--no-browser", "--no-reload"];
  args.push("--config", path.join(workDir, "langgraph.json"));
  if (options.jobsPerWorker !== undefined) args.push("--n-jobs-per-worker", String(options.jobsPerWorker));

  const child = spawn(cli, args, {
    cwd: workDir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...OFFLINE_ENV, ...options.env },
  });
  const pid = child.pid;
  if (pid === undefined) {
    await rm(workDir, { recursive: true, force: true });
    throw new Error(`startPythonServer: could not spawn ${cli}`);
  }
  liveProcessGroups.add(pid);
  const output = captureOutput(child);
  const stop = stopper(pid, child, workDir);

  try {
    await waitForOk(url, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, () =>
      child.exitCode !== null || child.signalCode !== null
        ? `langgraph dev exited (${child.exitCode ?? child.signalCode})`
        : undefined,
    );
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`startPythonServer: ${message}\n--- server logs (${workDir}) ---\n${output()}`);
  }
  return { kind: "python", url, port, logs: output, stop };
}

/** Run scripts/ensure-python-examples.mjs (fast when up to date); returns the `langgraph` CLI path. */
function ensureVenv(): string {
  try {
    execFileSync(process.execPath, [path.join(repoDir, "scripts", "ensure-python-examples.mjs")], {
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      "startPythonServer: preparing examples/python/.venv failed; run `node scripts/ensure-python-examples.mjs` to see why.\n" +
        `${failed.stdout ?? ""}${failed.stderr || failed.message}`,
    );
  }
  return path.join(defaultProjectDir, ".venv", "bin", "langgraph");
}

/** Copy the project (without venv, caches and state) into a new temp folder. */
async function copyProject(projectDir: string): Promise<string> {
  const workDir = await mkdtemp(path.join(tmpdir(), "langgraph-py-server-"));
  await cp(projectDir, workDir, {
    recursive: true,
    filter: (source) => !SKIPPED_ENTRIES.has(path.basename(source)),
  });
  return workDir;
}

/** Collect stdout+stderr (without colour codes); returns a reader of everything so far. */
function captureOutput(child: ChildProcess): () => string {
  let text = "";
  const append = (chunk: Buffer) => {
    text += stripVTControlCharacters(chunk.toString("utf8"));
    if (text.length > MAX_LOG_CHARS) text = `[…older logs dropped…]\n${text.slice(-MAX_LOG_CHARS / 2)}`;
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return () => text;
}

/** An idempotent stop: SIGTERM the process group, SIGKILL after a grace period, remove the temp dir. */
function stopper(pid: number, child: ChildProcess, workDir: string): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      killGroup(pid, "SIGTERM");
      if (!(await groupGone(pid, STOP_GRACE_MS))) {
        killGroup(pid, "SIGKILL");
        await groupGone(pid, STOP_GRACE_MS);
      }
      liveProcessGroups.delete(pid);
      child.stdout?.destroy();
      child.stderr?.destroy();
      await rm(workDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    })();
    return stopping;
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Wait until no process of the group is left (signal 0 fails with ESRCH). */
async function groupGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

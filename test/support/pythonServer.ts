/**
 * Test rig: start the real Python LangGraph dev server (`langgraph dev` from
 * `langgraph-cli[inmem]`) on the sample deployment in examples/python, from a fresh temp copy
 * of the project (so `.langgraph_api` state never leaks between starts), and stop it by
 * process group. The virtualenv comes from scripts/ensure-python-examples.mjs.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./freePort";
import { writeConfigWithoutEnvFile } from "./langgraphServer";
import { launchServer, type RunningServer } from "./serverProcess";

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
  /** Reload when a file of the project changes (hot reload); default off (`--no-reload`). */
  reload?: boolean;
  /** The project's config file to serve, e.g. "langgraph.auth.json"; default langgraph.json. */
  configFile?: string;
  /** Port to listen on (127.0.0.1); default a free one. */
  port?: number;
  /** Also append the server's output to this file. */
  logFile?: string;
  /** Headers of the `/ok` probe. */
  okHeaders?: Record<string, string>;
  /** Serve the config without its `env` file: the sample's .env turns tracing off, over the process environment. */
  withoutEnvFile?: boolean;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
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
  const port = options.port ?? (await freePort());
  const args = ["dev", "--port", String(port), "--host", "127.0.0.1", "--no-browser"];
  if (!options.reload) args.push("--no-reload");
  const configFile = path.join(workDir, options.configFile ?? "langgraph.json");
  if (options.withoutEnvFile) await writeConfigWithoutEnvFile(configFile);
  args.push("--config", configFile);
  if (options.jobsPerWorker !== undefined) args.push("--n-jobs-per-worker", String(options.jobsPerWorker));
  return launchServer({
    kind: "python",
    label: "startPythonServer",
    command: cli,
    args,
    port,
    workDir,
    projectDir: workDir,
    env: { ...process.env, ...OFFLINE_ENV, ...options.env },
    startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    okHeaders: options.okHeaders,
    logFile: options.logFile,
  });
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

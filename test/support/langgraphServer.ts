/**
 * Test rig: start the real LangGraph.js dev server (`langgraphjs dev`) on the sample
 * deployment in examples/js, with fresh state per start, and stop it by process group.
 * Plain Node scripts use it through scripts/start-sample-server.mjs.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { freePort } from "./freePort";

/** A LangGraph server started by this rig. */
export interface RunningServer {
  kind: "js" | "python";
  url: string;
  port: number;
  /** the server's stdout+stderr so far */
  logs(): string;
  stop(): Promise<void>;
}

/** Options for {@link startJsServer}. */
export interface StartJsServerOptions {
  /** The LangGraph.js project to serve (holds langgraph.json); default examples/js. */
  cwd?: string;
  /** Extra environment for the server (over this process's environment). */
  env?: Record<string, string>;
  /** How long to wait for `/ok`; default 90 s. */
  startTimeoutMs?: number;
  /** Port to listen on (127.0.0.1); default a free one. */
  port?: number;
}

const DEFAULT_START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;
const MAX_LOG_CHARS = 2_000_000;
/**
 * Log lines meaning the server will never listen (it stays alive, waiting for a file change):
 * an error logged while registering graphs, an uncaught exception, or the CLI's launch failure.
 */
const STARTUP_FAILURE = /^error:\s|triggerUncaughtException|Failed to launch server/m;

/** Servers not stopped yet (process group id → stop), killed synchronously if this process exits first. */
const liveServers = new Map<number, () => Promise<void>>();
process.once("exit", () => {
  for (const pid of liveServers.keys()) killGroup(pid, "SIGKILL");
});

/** Stop every server this process started and has not stopped yet. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...liveServers.values()].map((stop) => stop()));
}

/** The repository root: the nearest folder up from this module holding scripts/ensure-examples.mjs. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "scripts", "ensure-examples.mjs"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("langgraphServer: cannot find the repository root (scripts/ensure-examples.mjs)");
    dir = parent;
  }
}

/** Poll `GET <url>/ok` until it answers 200; throws after `timeoutMs`. */
export async function waitForOk(
  url: string,
  timeoutMs: number,
  failEarly?: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    const reason = failEarly?.();
    if (reason !== undefined) throw new Error(`${url} will not come up: ${reason}`);
    try {
      const response = await fetch(`${url}/ok`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastProblem = `GET /ok answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
    }
    await sleep(100);
  }
  throw new Error(`${url}/ok did not answer 200 within ${timeoutMs} ms (last: ${lastProblem})`);
}

/** Start `langgraphjs dev` on a free port with fresh state; resolves once `/ok` answers 200. */
export async function startJsServer(options: StartJsServerOptions = {}): Promise<RunningServer> {
  const root = repoRoot();
  const projectDir = path.resolve(options.cwd ?? path.join(root, "examples", "js"));
  if (!existsSync(path.join(projectDir, "langgraph.json"))) {
    throw new Error(`startJsServer: no langgraph.json in ${projectDir}`);
  }
  ensureInstalled(root, projectDir);
  const cli = cliEntry(projectDir);
  const workDir = await makeStateDir(projectDir);
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;

  const child = spawn(
    process.execPath,
    [cli, "dev", "--port", String(port), "--host", "127.0.0.1", "--no-browser", "--config", workDir],
    {
      cwd: workDir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        LANGGRAPH_CLI_NO_ANALYTICS: "1",
        LANGSMITH_TRACING: "false",
        LANGCHAIN_TRACING_V2: "false",
        BROWSER: "none",
        ...options.env,
      },
    },
  );
  const pid = child.pid;
  if (pid === undefined) {
    await rm(workDir, { recursive: true, force: true });
    throw new Error(`startJsServer: could not spawn ${process.execPath} ${cli}`);
  }
  const output = captureOutput(child);
  const stop = stopper(pid, child, workDir);
  liveServers.set(pid, stop);

  try {
    await waitForOk(url, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return `the CLI exited (${child.exitCode ?? child.signalCode})`;
      }
      return STARTUP_FAILURE.test(output()) ? "it logged an error while starting (see the logs below)" : undefined;
    });
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`startJsServer: ${message}\n--- server logs (${projectDir}) ---\n${output()}`);
  }
  return { kind: "js", url, port, logs: output, stop };
}

/** Run scripts/ensure-examples.mjs (fast when up to date); its output explains any failure. */
function ensureInstalled(root: string, projectDir: string): void {
  try {
    execFileSync(process.execPath, [path.join(root, "scripts", "ensure-examples.mjs"), "--quiet", projectDir], {
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    const details = (error as { stderr?: string; stdout?: string }).stderr || (error as Error).message;
    throw new Error(
      `startJsServer: installing ${projectDir} failed; run \`node scripts/ensure-examples.mjs\` to see why.\n${details}`,
    );
  }
}

/** The `langgraphjs` bin of the project's own @langchain/langgraph-cli. */
function cliEntry(projectDir: string): string {
  const manifestPath = path.join(projectDir, "node_modules", "@langchain", "langgraph-cli", "package.json");
  if (!existsSync(manifestPath)) {
    throw new Error(`startJsServer: ${manifestPath} is missing; run \`node scripts/ensure-examples.mjs\``);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> | string };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.langgraphjs;
  if (bin === undefined) throw new Error(`startJsServer: ${manifestPath} has no langgraphjs bin`);
  return path.join(path.dirname(manifestPath), bin);
}

/**
 * The CLI keeps state in `<dir of langgraph.json>/.langgraph_api` and has no option to move it,
 * so each server runs from its own temp folder whose entries link to the project's.
 * Sources stay the real files, so hot reload on a change in the project still works.
 */
async function makeStateDir(projectDir: string): Promise<string> {
  const workDir = await mkdtemp(path.join(tmpdir(), "langgraph-js-server-"));
  for (const entry of await readdir(projectDir)) {
    if (entry === ".langgraph_api" || entry === ".gitignore" || entry === ".install-lock") continue;
    await symlink(path.join(projectDir, entry), path.join(workDir, entry));
  }
  // The CLI appends to .gitignore when it lacks `.langgraph_api`: give it a private one.
  await writeFile(path.join(workDir, ".gitignore"), ".langgraph_api\n");
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
      liveServers.delete(pid);
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
    await sleep(50);
  }
}

function causeOf(error: Error): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ? ` (${cause.code})` : "";
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

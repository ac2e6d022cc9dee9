// Starts `langgraph dev` for a project on a free port and stops it again, for a debug session with
// `"server": "start"`: the JS CLI (@langchain/langgraph-cli from the project's node_modules, else npx)
// or the Python CLI (`python -m langgraph_cli`, langgraph-cli[inmem], from the project's .venv or a
// given interpreter). The server runs in its own process group, so stopping it stops every process
// it spawned (the JS CLI runs the graphs two processes down). No `vscode` import: the standalone
// adapter starts servers too.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { messageOf } from "./errorMessage";

/** A project `langgraph dev` can serve: its langgraph.json and language. */
export interface DevProject {
  configFile: string;
  folder: string;
  kind: "js" | "python";
}

/** How to start a dev server. */
export interface DevServerOptions {
  /** The project: a folder holding langgraph.json, or the langgraph.json itself. */
  project: string;
  /**
   * Open a debugger port in the process that runs the graphs: the Node inspector (JS) or debugpy
   * (Python, `--debug-port`).
   */
  debug?: boolean;
  /** Python: the interpreter to run the CLI with when the project has no .venv (default `python3` on PATH). */
  python?: string;
  /** Each piece of the server's output (stdout and stderr, colour codes removed) as it comes. */
  onOutput?(text: string): void;
  /** How long to wait for `/ok` (default 90 s: a first `npx` may download the CLI). */
  startTimeoutMs?: number;
  /** Extra environment for the server. */
  env?: Record<string, string>;
}

/** A running dev server. */
export interface DevServer {
  project: DevProject;
  url: string;
  port: number;
  /** The debugger port when `debug` was asked and it opened: the Node inspector's or debugpy's. */
  debugPort?: number;
  /** Why the debugger port is absent although `debug` was asked. */
  debugProblem?: string;
  /** The process group's leader. */
  pid: number;
  /** The output so far (the last 200 KB). */
  output(): string;
  /** Stops the whole process group (SIGTERM, SIGKILL after 5 s); idempotent. */
  stop(): Promise<void>;
  /** Resolves when the server's first process exits (by itself or stopped). */
  readonly exited: Promise<void>;
}

const HOST = "127.0.0.1";
const STOP_GRACE_MS = 5_000;
const MAX_OUTPUT_CHARS = 200_000;
/** Keeps `langgraph dev` off the network: no analytics, no version check, no tracing, no browser. */
const QUIET_ENV: Record<string, string> = {
  LANGGRAPH_CLI_NO_ANALYTICS: "1",
  LANGGRAPH_NO_VERSION_CHECK: "true",
  LANGSMITH_TRACING: "false",
  LANGCHAIN_TRACING_V2: "false",
  BROWSER: "none",
  PYTHONUNBUFFERED: "1",
  LOG_COLOR: "false",
};
const INSTALL_PYTHON_CLI = 'pip install -U "langgraph-cli[inmem]"';

/**
 * Servers not stopped yet (process group id → their scratch folder), killed if this process exits
 * first: no orphans, and no scratch folder left in the temp folder (an exit hook runs only sync code).
 */
const live = new Map<number, string>();
process.once("exit", () => {
  for (const [pid, scratch] of live) {
    killGroup(pid, "SIGKILL");
    try {
      rmSync(scratch, { recursive: true, force: true });
    } catch {
      // Exiting anyway: a folder that cannot be removed stays, as a temp folder does.
    }
  }
});

/** The project of a folder or a langgraph.json; throws with what is missing. */
export function findProject(project: string): DevProject {
  const given = path.resolve(project);
  const configFile = existsSync(given) && statSync(given).isDirectory() ? path.join(given, "langgraph.json") : given;
  if (!existsSync(configFile)) throw new Error(`No langgraph.json in ${given}: "project" must be the folder of a LangGraph project or its langgraph.json.`);
  let config: { node_version?: unknown; python_version?: unknown; graphs?: Record<string, unknown> };
  try {
    config = JSON.parse(readFileSync(configFile, "utf8")) as typeof config;
  } catch (error) {
    throw new Error(`${configFile} is not valid JSON: ${messageOf(error)}`);
  }
  const graphFiles = Object.values(config.graphs ?? {}).map((g) => String(typeof g === "object" && g !== null ? (g as { path?: unknown }).path : g));
  const js = config.node_version !== undefined || (config.python_version === undefined && graphFiles.some((g) => /\.[cm]?[jt]sx?(:|$)/.test(g)));
  return { configFile, folder: path.dirname(configFile), kind: js ? "js" : "python" };
}

/** Starts `langgraph dev` for the project on a free port; resolves once `/ok` answers. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const project = findProject(options.project);
  const port = await freePort();
  const debugPort = options.debug ? await freePort() : undefined;
  const scratch = await mkdtemp(path.join(tmpdir(), "lgd-dev-server-"));
  let launch: Launch;
  try {
    launch = project.kind === "js" ? await jsLaunch(project, port, debugPort, scratch) : pythonLaunch(project, port, debugPort, options.python);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  const child = spawn(launch.command, launch.args, { cwd: project.folder, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...QUIET_ENV, ...launch.env, ...options.env } });
  let output = "";
  const append = (chunk: Buffer) => {
    const text = stripVTControlCharacters(chunk.toString("utf8"));
    output = (output + text).slice(-MAX_OUTPUT_CHARS);
    options.onOutput?.(text);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const pid = child.pid;
  if (pid === undefined) {
    await rm(scratch, { recursive: true, force: true });
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error(`Could not start ${launch.describe}: ${spawnError?.message ?? "spawn failed"}.`);
  }
  live.set(pid, scratch);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      killGroup(pid, "SIGTERM");
      if (!(await groupGone(pid, STOP_GRACE_MS))) {
        killGroup(pid, "SIGKILL");
        await groupGone(pid, STOP_GRACE_MS);
      }
      live.delete(pid);
      await rm(scratch, { recursive: true, force: true });
    })());
  const url = `http://${HOST}:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  try {
    await waitForOk(url, timeoutMs, () => {
      if (spawnError) return `${launch.describe} could not be started (${spawnError.message})`;
      if (child.exitCode !== null || child.signalCode !== null) return `${launch.describe} exited (${child.exitCode ?? child.signalCode})`;
      return /Failed to launch server|^error:\s/m.test(output) ? `${launch.describe} failed while starting` : undefined;
    });
  } catch (error) {
    await stop();
    const hint = launch.missingHint?.(output);
    throw new Error(`${messageOf(error)}.${hint ? ` ${hint}` : ""}\n--- last output of ${launch.describe} ---\n${output.slice(-4_000).trimEnd()}`);
  }
  const server: DevServer = { project, url, port, pid, output: () => output, stop, exited };
  if (debugPort !== undefined) {
    const problem = launch.debugProblem?.() ?? (await debuggerProblem(project.kind, debugPort));
    if (problem) server.debugProblem = problem;
    else server.debugPort = debugPort;
  }
  return server;
}

/** What to spawn. */
interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
  describe: string;
  /** What to install, when the output says something is missing. */
  missingHint?(output: string): string | undefined;
  /** Known before starting: why the debugger port cannot open. */
  debugProblem?(): string | undefined;
}

/**
 * The JS CLI. The graphs run in a grandchild (CLI → `tsx watch` → entrypoint), so the inspector is
 * opened by a preload, given through NODE_OPTIONS to every process, that opens it only in the process
 * running langgraph-api's entrypoint (again after each hot reload, on the same port).
 */
async function jsLaunch(project: DevProject, port: number, debugPort: number | undefined, scratch: string): Promise<Launch> {
  const cli = jsCli(project.folder);
  const node = nodeExecutable();
  const env: Record<string, string> = { ...node.env };
  if (debugPort !== undefined) {
    const hook = path.join(scratch, "open-inspector.cjs");
    await writeFile(hook, INSPECTOR_HOOK);
    env.LGD_INSPECT_PORT = String(debugPort);
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(hook)}`.trim();
  }
  const devArgs = ["dev", "--port", String(port), "--host", HOST, "--no-browser", "--config", project.configFile];
  if (cli) return { command: node.command, args: [cli, ...devArgs], env, describe: "langgraphjs dev" };
  return {
    command: process.platform === "win32" ? "npx.cmd" : "npx",
    args: ["--yes", "@langchain/langgraph-cli", ...devArgs],
    env,
    describe: "npx @langchain/langgraph-cli dev",
    missingHint: () => "Install the CLI in the project: npm install --save-dev @langchain/langgraph-cli",
  };
}

const INSPECTOR_HOOK = `// Written by LangGraph Debugger: opens the Node inspector in the process that runs the graphs.
if (/langgraph-api[\\\\/]dist[\\\\/]cli[\\\\/]entrypoint\\.mjs$/.test(process.argv[1] || "")) {
  try { require("node:inspector").open(Number(process.env.LGD_INSPECT_PORT), "${HOST}"); }
  catch (error) { console.error("LangGraph Debugger: could not open the inspector: " + error.message); }
}
`;

/** The `langgraphjs` bin of the @langchain/langgraph-cli that Node would resolve from the project. */
function jsCli(folder: string): string | undefined {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const manifestPath = path.join(dir, "node_modules", "@langchain", "langgraph-cli", "package.json");
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin?: Record<string, string> | string };
      const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.langgraphjs;
      if (bin) return path.join(path.dirname(manifestPath), bin);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Node to run the CLI with: `node` on PATH; else this process's own executable, which inside VS Code
 * is Electron and runs as Node with ELECTRON_RUN_AS_NODE.
 */
function nodeExecutable(): { command: string; env: Record<string, string> } {
  const onPath = findOnPath(process.platform === "win32" ? "node.exe" : "node");
  if (onPath) return { command: onPath, env: {} };
  return { command: process.execPath, env: process.versions.electron ? { ELECTRON_RUN_AS_NODE: "1" } : {} };
}

/** The Python CLI, run as a module of the project's interpreter. */
function pythonLaunch(project: DevProject, port: number, debugPort: number | undefined, python: string | undefined): Launch {
  const interpreter = projectPython(project.folder) ?? python ?? findOnPath("python3") ?? findOnPath("python");
  if (!interpreter || (path.isAbsolute(interpreter) && !existsSync(interpreter))) {
    throw new Error(`No Python interpreter for ${project.folder}${interpreter ? ` (${interpreter} does not exist)` : ""}: create a virtual environment in the project (.venv) with ${INSTALL_PYTHON_CLI}, or set python.defaultInterpreterPath.`);
  }
  const args = ["-m", "langgraph_cli", "dev", "--port", String(port), "--host", HOST, "--no-browser", "--config", project.configFile];
  let debugProblem: string | undefined;
  if (debugPort !== undefined) {
    // Without debugpy `langgraph dev --debug-port` logs a warning and never starts the server.
    const check = spawnSync(interpreter, ["-c", "import debugpy"], { encoding: "utf8", timeout: 20_000 });
    // --allow-blocking: langgraph dev's blocking-call detector fails runs on debugpy's own file reads.
    if (check.status === 0) args.push("--debug-port", String(debugPort), "--allow-blocking");
    else debugProblem = `debugpy is not installed in ${interpreter}'s environment: pip install debugpy`;
  }
  return {
    command: interpreter,
    args,
    env: {},
    describe: `langgraph dev (${interpreter})`,
    missingHint: (output) => (/No module named|not installed|ModuleNotFoundError/.test(output) ? `Install the LangGraph CLI into ${interpreter}'s environment: ${INSTALL_PYTHON_CLI}` : undefined),
    debugProblem: () => debugProblem,
  };
}

/** The interpreter of a virtual environment in the project folder or one above it. */
function projectPython(folder: string): string | undefined {
  const relative = process.platform === "win32" ? ["Scripts", "python.exe"] : ["bin", "python"];
  for (let dir = folder; ; dir = path.dirname(dir)) {
    for (const venv of [".venv", "venv"]) {
      const candidate = path.join(dir, venv, ...relative);
      if (existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Why the debugger port does not answer (the inspector lists its targets over HTTP; debugpy accepts TCP). */
async function debuggerProblem(kind: DevProject["kind"], port: number): Promise<string | undefined> {
  if (kind === "js") {
    try {
      const targets = (await (await fetch(`http://${HOST}:${port}/json/list`, { signal: AbortSignal.timeout(2_000) })).json()) as unknown[];
      return targets.length > 0 ? undefined : "the Node inspector lists no target";
    } catch {
      return "the Node inspector did not open in the process that runs the graphs (this version of @langchain/langgraph-cli may run them elsewhere)";
    }
  }
  return undefined;
}

/** Polls `GET <url>/ok` until it answers 200; throws after `timeoutMs` or when `failEarly` gives a reason. */
export async function waitForOk(url: string, timeoutMs: number, failEarly?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    const reason = failEarly?.();
    if (reason !== undefined) throw new Error(`The dev server will not come up: ${reason}`);
    try {
      const response = await fetch(`${url}/ok`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `GET /ok answered ${response.status}`;
    } catch (error) {
      last = messageOf(error);
    }
    await sleep(150);
  }
  throw new Error(`The dev server at ${url} did not answer /ok within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("No free port"))));
    });
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

async function groupGone(pid: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; ; await sleep(50)) {
    try {
      process.kill(-pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

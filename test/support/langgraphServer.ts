/**
 * Test rig: start the real LangGraph.js dev server (`langgraphjs dev`) on the sample
 * deployment in examples/js, with fresh state per start, and stop it by process group.
 * Plain Node scripts use it through scripts/start-sample-server.mjs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./freePort";
import { launchServer, type RunningServer } from "./serverProcess";

export { stopAllServers, waitForOk, type RunningServer } from "./serverProcess";

/** Replaces the config at `file` (a link or a copy) by a copy without its `env` entry. */
export async function writeConfigWithoutEnvFile(file: string): Promise<void> {
  const { env: _envFile, ...config } = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  await rm(file);
  await writeFile(file, JSON.stringify(config, null, 2));
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
  /**
   * Serve a copy of the project (sources copied, node_modules linked) that the test may edit, to see
   * the server hot-reload; default: the project's own files, linked.
   */
  copyProject?: boolean;
  /**
   * The project's config file to serve, e.g. "langgraph.auth.json"; default langgraph.json. The JS
   * CLI reads only a file named langgraph.json, so the server's folder links this one under that name.
   */
  configFile?: string;
  /** Also append the server's output to this file. */
  logFile?: string;
  /** Headers of the `/ok` probe (custom auth guards `/ok` on the JS server). */
  okHeaders?: Record<string, string>;
  /** Serve the config without its `env` file: the samples' .env turns tracing off, over the process environment. */
  withoutEnvFile?: boolean;
}

const DEFAULT_START_TIMEOUT_MS = 90_000;
/**
 * Log lines meaning the server will never listen (it stays alive, waiting for a file change):
 * an error logged while registering graphs, an uncaught exception, or the CLI's launch failure.
 */
const STARTUP_FAILURE = /^error:\s|triggerUncaughtException|Failed to launch server/m;

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

/** Start `langgraphjs dev` on a free port with fresh state; resolves once `/ok` answers 200. */
export async function startJsServer(options: StartJsServerOptions = {}): Promise<RunningServer> {
  const root = repoRoot();
  const projectDir = path.resolve(options.cwd ?? path.join(root, "examples", "js"));
  if (!existsSync(path.join(projectDir, "langgraph.json"))) {
    throw new Error(`startJsServer: no langgraph.json in ${projectDir}`);
  }
  ensureInstalled(root, projectDir);
  const cli = cliEntry(projectDir);
  const workDir = await makeStateDir(projectDir, options.configFile ?? "langgraph.json", options.copyProject === true);
  if (options.withoutEnvFile) await writeConfigWithoutEnvFile(path.join(workDir, "langgraph.json"));
  const port = options.port ?? (await freePort());
  return launchServer({
    kind: "js",
    label: "startJsServer",
    command: process.execPath,
    args: [cli, "dev", "--port", String(port), "--host", "127.0.0.1", "--no-browser", "--config", workDir],
    port,
    workDir,
    projectDir: options.copyProject ? workDir : projectDir,
    env: {
      ...process.env,
      LANGGRAPH_CLI_NO_ANALYTICS: "1",
      LANGSMITH_TRACING: "false",
      LANGCHAIN_TRACING_V2: "false",
      BROWSER: "none",
      // Schema extraction (a TypeScript compile) gives up after 30 s; on two loaded cores it took 22–30 s.
      LANGGRAPH_SCHEMA_RESOLVE_TIMEOUT_MS: "120000",
      ...options.env,
    },
    startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    startupFailure: STARTUP_FAILURE,
    okHeaders: options.okHeaders,
    logFile: options.logFile,
  });
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
 * A temp copy of a JS sample project (examples/js by default; its node_modules linked), to edit or
 * touch: the copy `copyProject` serves. Every JS server of the tiers watches examples/js itself (tsx
 * watch), so touching a file there restarts them all, the tiers' shared servers included, mid-test
 * and with their schemas to compile again.
 */
export function copyOfJsProject(projectDir = path.join(repoRoot(), "examples", "js")): Promise<string> {
  return makeStateDir(projectDir, "langgraph.json", true);
}

/**
 * The CLI keeps state in `<dir of langgraph.json>/.langgraph_api` and has no option to move it,
 * so each server runs from its own temp folder whose entries link to the project's.
 * Sources stay the real files, so hot reload on a change in the project still works. With `copy`,
 * everything but node_modules is copied instead (a test edits the copy).
 */
async function makeStateDir(projectDir: string, configFile: string, copy: boolean): Promise<string> {
  const workDir = await mkdtemp(path.join(tmpdir(), "langgraph-js-server-"));
  if (!existsSync(path.join(projectDir, configFile))) throw new Error(`startJsServer: no ${configFile} in ${projectDir}`);
  for (const entry of await readdir(projectDir)) {
    if (entry === ".langgraph_api" || entry === ".gitignore" || entry === ".install-lock") continue;
    if (entry === "langgraph.json" || entry === configFile) continue;
    if (copy && entry !== "node_modules") await cp(path.join(projectDir, entry), path.join(workDir, entry), { recursive: true });
    else await symlink(path.join(projectDir, entry), path.join(workDir, entry));
  }
  if (copy) await cp(path.join(projectDir, configFile), path.join(workDir, "langgraph.json"));
  else await symlink(path.join(projectDir, configFile), path.join(workDir, "langgraph.json"));
  // The CLI appends to .gitignore when it lacks `.langgraph_api`: give it a private one.
  await writeFile(path.join(workDir, ".gitignore"), ".langgraph_api\n");
  return workDir;
}

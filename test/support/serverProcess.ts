/**
 * What the JS and Python server rigs share: start a dev server in its own process group, wait for
 * `/ok`, keep its logs, and stop the whole group (also if this process exits first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { stripVTControlCharacters } from "node:util";

/** A LangGraph server started by the rigs. */
export interface RunningServer {
  kind: "js" | "python";
  url: string;
  port: number;
  /** The folder the server loads its graphs from: edit a file there and a server started with hot reload reloads it. */
  projectDir: string;
  /** the server's stdout+stderr so far */
  logs(): string;
  stop(): Promise<void>;
}

/** How to launch one server. */
export interface LaunchOptions {
  kind: RunningServer["kind"];
  /** Prefix of error messages, e.g. "startJsServer". */
  label: string;
  command: string;
  args: string[];
  port: number;
  /** The server's private folder (its state lives there); removed on stop. */
  workDir: string;
  /** Where the graphs it serves are read from (see RunningServer.projectDir). */
  projectDir: string;
  env: NodeJS.ProcessEnv;
  startTimeoutMs: number;
  /** Log text meaning the server will never listen, so the start fails at once. */
  startupFailure?: RegExp;
  /** Headers of the `/ok` probe (the JS server's custom auth guards `/ok` too). */
  okHeaders?: Record<string, string>;
  /** Also append the output to this file (another process reads a shared server's logs there). */
  logFile?: string;
}

const STOP_GRACE_MS = 5_000;
const MAX_LOG_CHARS = 2_000_000;

/** Servers not stopped yet (process group id → stop), killed synchronously if this process exits first. */
const liveServers = new Map<number, () => Promise<void>>();
process.once("exit", () => {
  for (const pid of liveServers.keys()) killGroup(pid, "SIGKILL");
});

/** Stop every server this process started and has not stopped yet. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...liveServers.values()].map((stop) => stop()));
}

/** Spawns the server detached (its own process group) and resolves once `/ok` answers 200. */
export async function launchServer(options: LaunchOptions): Promise<RunningServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(options.command, options.args, { cwd: options.workDir, detached: true, stdio: ["ignore", "pipe", "pipe"], env: options.env });
  const pid = child.pid;
  if (pid === undefined) {
    await rm(options.workDir, { recursive: true, force: true });
    throw new Error(`${options.label}: could not spawn ${options.command}`);
  }
  const output = captureOutput(child, options.logFile);
  const stop = stopper(pid, child, options.workDir);
  liveServers.set(pid, stop);
  try {
    await waitForOk(url, options.startTimeoutMs, options.okHeaders, () => {
      if (child.exitCode !== null || child.signalCode !== null) return `the server exited (${child.exitCode ?? child.signalCode})`;
      return options.startupFailure?.test(output()) ? "it logged an error while starting (see the logs below)" : undefined;
    });
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${options.label}: ${message}\n--- server logs (${options.workDir}) ---\n${output()}`);
  }
  return { kind: options.kind, url, port: options.port, projectDir: options.projectDir, logs: output, stop };
}

/** Poll `GET <url>/ok` until it answers 200; throws after `timeoutMs`. */
export async function waitForOk(url: string, timeoutMs: number, headers?: Record<string, string>, failEarly?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    const reason = failEarly?.();
    if (reason !== undefined) throw new Error(`${url} will not come up: ${reason}`);
    try {
      const response = await fetch(`${url}/ok`, { headers, signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastProblem = `GET /ok answered ${response.status}`;
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      lastProblem = error instanceof Error ? `${error.message}${code ? ` (${code})` : ""}` : String(error);
    }
    await sleep(100);
  }
  throw new Error(`${url}/ok did not answer 200 within ${timeoutMs} ms (last: ${lastProblem})`);
}

/** Collect stdout+stderr (without colour codes); returns a reader of everything so far. */
function captureOutput(child: ChildProcess, logFile: string | undefined): () => string {
  let text = "";
  const append = (chunk: Buffer) => {
    const plain = stripVTControlCharacters(chunk.toString("utf8"));
    text += plain;
    if (logFile) appendFileSync(logFile, plain);
    if (text.length > MAX_LOG_CHARS) text = `[…older logs dropped…]\n${text.slice(-MAX_LOG_CHARS / 2)}`;
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return () => text;
}

/** An idempotent stop: SIGTERM the process group, SIGKILL after a grace period, remove the work dir. */
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

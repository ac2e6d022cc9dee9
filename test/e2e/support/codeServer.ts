/** One fresh code-server (a real VS Code 1.139) per test file, with the packaged extension installed. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { e2eToolPaths, node24Env } from "../../../scripts/ensure-e2e-tools.mjs";
import { freePort } from "../../support/freePort";
import { installExtension } from "./installExtension";
import { killProcessesMarkedWith, stopProcessGroup, trackProcessGroup } from "./processGroup";

export { e2eToolPaths };
/** The repository's root folder (found by walking up, so this module also works when bundled by the demo). */
export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
/** The extension's id (publisher.name), as VS Code and the webview iframe URLs spell it. */
export const extensionId = "langgraph-debugger.langgraph-debugger";
/** The packaged extension `npm run package` writes. */
export const defaultVsixPath = path.join(repoRoot, "dist", "langgraph-debugger.vsix");

/** How to start code-server. */
export interface CodeServerOptions {
  /** Written as the user setting `langgraphDebugger.deploymentUrl`. */
  deploymentUrl: string;
  /** Label for the scratch folder and the copied logs (e.g. the test file's name). */
  label: string;
  /** The .vsix to install; defaults to dist/langgraph-debugger.vsix. */
  vsixPath?: string;
  /** The id the .vsix installs as; defaults to {@link extensionId}. */
  vsixExtensionId?: string;
  /** A project folder copied into the workspace (node_modules, virtualenvs and caches left out), e.g. examples/python. */
  workspaceFrom?: string;
  /** A folder to open as the workspace in place (left on stop), e.g. the dev server's temp copy whose edits it reloads; default an empty scratch folder. */
  workspaceDir?: string;
  /** Extra user settings, merged over test/e2e/settings.json. */
  settings?: Record<string, unknown>;
  /** User keybindings (User/keybindings.json), e.g. a command with arguments the palette cannot give. */
  keybindings?: { key: string; command: string; args?: unknown }[];
  /** Port to listen on (127.0.0.1); a free one by default. */
  port?: number;
  /** Where stop() copies VS Code's logs; default test-results/e2e/<label>; null: nowhere. */
  logsDir?: string | null;
  /**
   * Open this folder (a sample project) through a .code-workspace file in the scratch folder instead of
   * an empty scratch folder: workspace settings (an extension's "switch deployment") go into that file,
   * never into the folder.
   */
  projectFolder?: string;
  /** Settings of that .code-workspace file. */
  workspaceSettings?: Record<string, unknown>;
}

/** A running code-server and the folders it uses. */
export interface RunningCodeServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The workbench URL that opens the scratch workspace folder (or the project's .code-workspace). */
  workbenchUrl: string;
  /** `--user-data-dir`: holds User/settings.json and logs/. */
  userDataDir: string;
  /** The folder opened as the workspace (the project folder when one was given). */
  workspaceDir: string;
  /** The .code-workspace file opened, when a project folder was given. */
  workspaceFile?: string;
  /** Everything of this instance lives below this folder (also the marker for leftover kills). */
  scratchDir: string;
  /** code-server's own stdout/stderr so far. */
  serverLog(): string;
  /** Stops the process group and any leftover, copies the logs (see logsDir), removes the scratch folder. */
  stop(): Promise<void>;
}

/** Starts code-server on a free port with fresh user data, HOME and XDG folders, and the extension installed. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const vsixPath = options.vsixPath ?? defaultVsixPath;
  if (!fs.existsSync(e2eToolPaths.codeServerBin)) {
    throw new Error(`code-server is not installed (${e2eToolPaths.codeServerBin}): run node scripts/ensure-e2e-tools.mjs`);
  }
  if (!fs.existsSync(vsixPath)) throw new Error(`no packaged extension at ${vsixPath}: run npm run package`);

  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), `lgd-e2e-${options.label}-`));
  const dirs = {
    userData: path.join(scratchDir, "user-data"),
    extensions: path.join(scratchDir, "extensions"),
    home: path.join(scratchDir, "home"),
    workspace: options.workspaceDir ?? path.join(scratchDir, "workspace"),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  writeUserSettings(dirs.userData, { ...options.settings, "langgraphDebugger.deploymentUrl": options.deploymentUrl });
  if (options.keybindings) fs.writeFileSync(path.join(dirs.userData, "User", "keybindings.json"), JSON.stringify(options.keybindings, null, 2));
  // A folder used in place (workspaceDir) is left as it is; a scratch workspace gets a file, and the project copied in (workspaceFrom).
  if (!options.workspaceDir) fs.writeFileSync(path.join(dirs.workspace, "README.md"), "# LangGraph Debugger e2e workspace\n");
  if (options.workspaceFrom) {
    if (options.workspaceDir) throw new Error("codeServer: give workspaceFrom (a project copied into a scratch workspace) or workspaceDir (a folder used in place), not both");
    const skipped = new Set(["node_modules", ".venv", "__pycache__", ".langgraph_api"]);
    fs.cpSync(options.workspaceFrom, dirs.workspace, { recursive: true, filter: (src) => !skipped.has(path.basename(src)) });
  }
  const workspaceFile = options.projectFolder ? path.join(scratchDir, `${path.basename(options.projectFolder)}.code-workspace`) : undefined;
  if (workspaceFile) fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: options.projectFolder }], settings: options.workspaceSettings ?? {} }, null, 2));
  const configFile = path.join(scratchDir, "code-server.yaml");
  fs.writeFileSync(configFile, "auth: none\n");

  const env: NodeJS.ProcessEnv = {
    ...node24Env(),
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, ".config"),
    XDG_DATA_HOME: path.join(dirs.home, ".local", "share"),
    XDG_CACHE_HOME: path.join(dirs.home, ".cache"),
  };
  const node = path.join(e2eToolPaths.node24PackageDir, "bin", "node");
  try {
    await installExtension({ node, vsixPath, expectedId: options.vsixExtensionId ?? extensionId, extensionsDir: dirs.extensions, userDataDir: dirs.userData, env });
  } catch (error) {
    killProcessesMarkedWith(scratchDir);
    fs.rmSync(scratchDir, { recursive: true, force: true });
    throw error;
  }

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(scratchDir, "code-server.log");
  const logFd = fs.openSync(logFile, "a");
  const child = spawn(
    node,
    [
      e2eToolPaths.codeServerBin,
      "--config", configFile,
      "--auth", "none",
      "--bind-addr", `127.0.0.1:${port}`,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--user-data-dir", dirs.userData,
      "--extensions-dir", dirs.extensions,
      workspaceFile ?? dirs.workspace,
    ],
    { env, detached: true, stdio: ["ignore", logFd, logFd] },
  );
  fs.closeSync(logFd);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error("code-server did not start (no pid)");
  trackProcessGroup(pgid, scratchDir);
  let exitCode: number | null | undefined;
  child.on("exit", (code) => (exitCode = code));

  const serverLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "");
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stopProcessGroup(pgid);
      killProcessesMarkedWith(scratchDir);
      const logsDir = options.logsDir === undefined ? path.join(repoRoot, "test-results", "e2e", options.label) : options.logsDir;
      if (logsDir !== null) copyLogs(logsDir, scratchDir, dirs.userData);
      if (process.env.LGD_E2E_KEEP !== "1") fs.rmSync(scratchDir, { recursive: true, force: true });
    })());

  try {
    await waitForHealthy(url, () => exitCode, serverLog);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    workbenchUrl: workspaceFile ? `${url}/?workspace=${encodeURIComponent(workspaceFile)}` : `${url}/?folder=${encodeURIComponent(dirs.workspace)}`,
    userDataDir: dirs.userData,
    workspaceDir: options.projectFolder ?? dirs.workspace,
    workspaceFile,
    scratchDir,
    serverLog,
    stop,
  };
}

function writeUserSettings(userDataDir: string, overrides: Record<string, unknown>): void {
  const base = JSON.parse(fs.readFileSync(path.join(repoRoot, "test", "e2e", "settings.json"), "utf8")) as object;
  const userDir = path.join(userDataDir, "User");
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, "settings.json"), JSON.stringify({ ...base, ...overrides }, null, 2));
}

async function waitForHealthy(url: string, exitCode: () => number | null | undefined, serverLog: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exitCode() !== undefined) throw new Error(`code-server exited (${exitCode()}) before it was healthy:\n${serverLog()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server at ${url} was not healthy within 90 s:\n${serverLog()}`);
}

/** Keeps code-server's and VS Code's logs after the scratch folder is gone (test-results/ is git-ignored). */
function copyLogs(target: string, scratchDir: string, userDataDir: string): void {
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const serverLog = path.join(scratchDir, "code-server.log");
  if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(target, "code-server.log"));
  const logs = path.join(userDataDir, "logs");
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(target, "vscode-logs"), { recursive: true });
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "tools", "e2e", "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the repository root above ${start}`);
  }
}

// Hot reload in VS Code: a file saved in a LangGraph project of the workspace (a folder with a
// langgraph.json, or under one) while the deployment is a local dev server starts a ReloadWatcher
// watch; once the server serves the new code the driver re-reads the graph, every graph view redraws
// it and a debug session says "Code reloaded". The watching itself is in the engine (codeReload.ts).
import * as vscode from "vscode";
import * as path from "node:path";
import type { LangGraphApi } from "../engine/client";
import { ReloadWatcher } from "../engine/driver/codeReload";
import type { ThreadDriver } from "../engine/driver/threadDriver";

/** Files a dev server reloads on: graph code and its configuration. */
const CODE = /\.(py|ts|mts|cts|tsx|js|mjs|cjs|jsx|json)$/;
const SKIPPED = /[\\/](node_modules|\.venv|\.langgraph_api|__pycache__)[\\/]/;
/** A dev server on this machine: only it reloads on a save here. */
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1", "0.0.0.0"]);

/**
 * Watches saves of the workspace's graph code; dispose to stop. `driver` is the side panel's (and the
 * debugger's); `tabDrivers` are the graph tabs' own, which redraw their graphs on the same reload.
 */
export function watchCodeSaves(driver: ThreadDriver, client: () => Promise<LangGraphApi>, log: vscode.LogOutputChannel, tabDrivers: () => ThreadDriver[] = () => []): vscode.Disposable {
  const watcher = new ReloadWatcher({
    client,
    assistantId: () => driver.graph?.assistantId,
    shownGraph: () => driver.graph?.graph,
    reloaded: (files, restarted) =>
      Promise.all([
        driver.reloadCode({ files, restarted }),
        ...tabDrivers().map((own) => own.reloadCode({ files, restarted }).catch((error: unknown) => log.warn(`A graph tab could not read its graph again: ${String(error)}`))),
      ]),
    log,
  });
  const saves = vscode.workspace.onDidSaveTextDocument(async (document) => {
    const file = document.uri;
    if (file.scheme !== "file" || !CODE.test(file.fsPath) || SKIPPED.test(file.fsPath) || !driver.graph) return;
    if (!isLocal((await client()).apiUrl) || !(await inLangGraphProject(file))) return;
    const result = await watcher.fileSaved(file.fsPath).catch((error: unknown) => log.warn(`Watching for a reload failed: ${String(error)}`));
    if (result?.type === "gone") void vscode.window.showWarningMessage(result.why);
  });
  return {
    dispose: () => {
      saves.dispose();
      watcher.dispose();
    },
  };
}

function isLocal(apiUrl: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(apiUrl).hostname);
  } catch {
    return false; // a recording (`replay:` URL) never reloads
  }
}

/** Whether a langgraph.json is in the file's folder or a folder above it, within its workspace folder. */
async function inLangGraphProject(file: vscode.Uri): Promise<boolean> {
  const root = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath;
  if (!root) return false;
  for (let dir = path.dirname(file.fsPath); dir.startsWith(root); dir = path.dirname(dir)) {
    const found = await vscode.workspace.fs.stat(vscode.Uri.file(path.join(dir, "langgraph.json"))).then(
      () => true,
      () => false,
    );
    if (found) return true;
    if (dir === root) break;
  }
  return false;
}

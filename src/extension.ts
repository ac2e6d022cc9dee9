import * as vscode from "vscode";
import { BreakpointStore } from "./host/breakpoints";
import { registerCommands } from "./host/commands";
import { Deployment } from "./host/deployment";
import { describeError } from "./host/errors";
import { GraphViewProvider } from "./host/graphViewProvider";
import { RunController } from "./host/runController";
import { STATE_SCHEME, StateFileSystem } from "./host/stateEditor";
import { StatusBar } from "./host/statusBar";
import { ThreadsTreeProvider } from "./host/threadsTree";
import { ViewStore } from "./host/viewStore";

/** Wires the run engine, the graph view, the threads tree and the commands into VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("LangGraph Debugger", { log: true });
  const deployment = new Deployment(context.secrets, context.globalState, log);
  const store = new ViewStore(deployment.url);
  const breakpoints = new BreakpointStore(context.workspaceState);
  const view = new GraphViewProvider(context.extensionUri, store, log);
  const runs = new RunController(deployment, store, breakpoints, context.workspaceState, log, () => view.reveal());
  const threads = new ThreadsTreeProvider(deployment, log);
  const statusBar = new StatusBar();
  const stateFiles = new StateFileSystem(deployment, store, log, (assistantId, threadId, checkpointId) => {
    void vscode.commands.executeCommand("langgraphDebugger.runFromCheckpoint", { assistantId, threadId, checkpointId });
  });

  context.subscriptions.push(
    log,
    deployment,
    view,
    runs,
    statusBar,
    stateFiles,
    vscode.window.registerWebviewViewProvider(GraphViewProvider.viewId, view),
    vscode.window.registerTreeDataProvider(ThreadsTreeProvider.viewId, threads),
    vscode.workspace.registerFileSystemProvider(STATE_SCHEME, stateFiles, { isCaseSensitive: true }),
    breakpoints.onChange((assistantId, list) => {
      if (store.snapshot().assistantId === assistantId) store.setBreakpoints(list);
    }),
    runs.onDidChange((target) => {
      statusBar.setTarget(target);
      const status = target?.running ? "running" : (target?.outcome?.status ?? "idle");
      void vscode.commands.executeCommand("setContext", "langgraphDebugger.runStatus", status);
      if (!target?.running) threads.refresh();
    }),
    deployment.onDidChange((url) => {
      if (url !== store.snapshot().deployment.url) {
        store.reset(url);
        runs.forget();
        void runs.showDefaultGraph().catch((error: unknown) => log.warn(`No graph to show from ${url}: ${describeError(error)}`));
      }
      log.info(`Deployment is now ${url}`);
      void checkReachable();
      threads.refresh();
    }),
    deployment.onReachability((reachable) => {
      if (store.snapshot().deployment.reachable === reachable) return;
      store.setDeployment(deployment.url, reachable);
      statusBar.setDeployment(deployment.url, reachable);
    }),
    ...registerCommands({ context, log, deployment, store, breakpoints, view, runs, threads, statusBar }),
  );

  async function checkReachable(): Promise<void> {
    const reachable = await deployment.reachable();
    store.setDeployment(deployment.url, reachable);
    statusBar.setDeployment(deployment.url, reachable);
  }
  statusBar.setDeployment(deployment.url, null);
  void checkReachable();
  log.info(`LangGraph Debugger active; deployment ${deployment.url}`);
}

export function deactivate(): void {}

import * as vscode from "vscode";
import { statusOf, ThreadDriver } from "./engine/driver/threadDriver";
import { BreakpointStore } from "./host/breakpoints";
import { BreakpointSync } from "./host/breakpointSync";
import { registerCommands } from "./host/commands";
import { executeCommand, setRunContext } from "./host/commandRegistry";
import { Deployment } from "./host/deployment";
import { registerDebugger } from "./host/debugRegistration";
import { describeError } from "./host/errors";
import type { FromView } from "./host/graphChannel";
import { GraphPanels } from "./host/graphPanels";
import { GraphViewProvider } from "./host/graphViewProvider";
import { RunController } from "./host/runController";
import { RunViewerProvider } from "./host/runViewer";
import { STATE_SCHEME, StateFileSystem } from "./host/stateEditor";
import { StatusBar } from "./host/statusBar";
import { ThreadsTreeProvider } from "./host/threadsTree";
import { ViewStore } from "./host/viewStore";
import { ReplayTarget } from "./host/replayTarget";
import { Recordings } from "./host/recordings";
import { watchCodeSaves } from "./host/codeSaves";

/** Wires the run driver, the graph view, the threads tree and the commands into VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("LangGraph Debugger", { log: true });
  const deployment = new Deployment(context.secrets, context.globalState, log);
  const breakpoints = new BreakpointStore(context.workspaceState);
  // A debug session replaying a recording points the driver at it for the session's lifetime.
  const replays = new ReplayTarget(deployment);
  const driver = new ThreadDriver({ client: () => replays.client(), breakpoints: (assistantId) => breakpoints.runFields(assistantId), log });
  const store = new ViewStore(driver, breakpoints);
  // One stream of messages from every graph view (the side panel's and the editor tabs'), one dispatcher (commands.ts).
  const viewMessages = new vscode.EventEmitter<FromView>();
  const view = new GraphViewProvider(context.extensionUri, store, (m) => viewMessages.fire(m), log);
  // A run is followed where it is shown: the side panel is revealed only when no graph tab is on screen.
  const runs: RunController = new RunController(driver, deployment, context.workspaceState, (): Promise<void> => (panels.anyVisible() ? Promise.resolve() : view.reveal()));
  const panels: GraphPanels = new GraphPanels(context.extensionUri, store, (m) => viewMessages.fire(m), log, (assistantId): Promise<void> => runs.showIfIdle(assistantId));
  const threads = new ThreadsTreeProvider(deployment, driver, log, context.workspaceState);
  const statusBar = new StatusBar();
  const recordings = new Recordings(driver, deployment, replays, log);
  const stateFiles = new StateFileSystem(deployment, driver, log, (assistantId, threadId, checkpointId) => {
    void executeCommand("runFromCheckpoint", { assistantId, threadId, checkpointId });
  });

  context.subscriptions.push(
    log,
    deployment,
    viewMessages,
    view,
    panels,
    statusBar,
    stateFiles,
    store,
    recordings,
    { dispose: () => driver.dispose() },
    vscode.window.registerWebviewViewProvider(GraphViewProvider.viewId, view),
    RunViewerProvider.register(context, log),
    vscode.window.registerTreeDataProvider(ThreadsTreeProvider.viewId, threads),
    vscode.workspace.registerFileSystemProvider(STATE_SCHEME, stateFiles, { isCaseSensitive: true }),
    breakpoints.onChange((assistantId, list) => store.breakpointsChanged(assistantId, list)),
    driver.onEvent((event) => {
      if (event.type === "warning") void vscode.window.showWarningMessage(event.message);
      if (event.type !== "target") return;
      statusBar.setTarget(event.target);
      void setRunContext(driver.status);
      const target = event.target;
      // "running" in between makes a second cancel of the same thread a new entry. The tree lists
      // the running thread while it runs (with a spinner) and how it ended once it stops.
      const noted = target ? threads.noteStatus(target.threadId, statusOf(target)) : Promise.resolve();
      void noted.then(() => threads.refresh());
    }),
    deployment.onDidChange((url) => {
      if (url !== lastUrl) {
        lastUrl = url;
        // Not known to answer until it does: the view says so rather than draw the last deployment's graph.
        lastReachable = null;
        store.deploymentChanged({ url, reachable: null });
        driver.forget();
        void runs.showDefaultGraph().catch((error: unknown) => log.warn(`No graph to show from ${url}: ${describeError(error)}`));
      }
      log.info(`Deployment is now ${url}`);
      void checkReachable();
      threads.refresh();
    }),
    deployment.onReachability((reachable) => {
      if (reachable === lastReachable) return;
      lastReachable = reachable;
      statusBar.setDeployment(deployment.url, reachable);
      store.deploymentChanged({ url: deployment.url, reachable });
    }),
    new BreakpointSync(breakpoints, driver),
    watchCodeSaves(driver, () => replays.client(), log),
    ...registerCommands({ log, deployment, driver, store, breakpoints, view, panels, viewMessages: viewMessages.event, runs, threads, statusBar, recordings }),
    ...registerDebugger({ deployment, viewMessages: viewMessages.event, driver, store, log, replays }),
  );

  let lastUrl = deployment.url;
  let lastReachable: boolean | null = null;
  async function checkReachable(): Promise<void> {
    const url = deployment.url;
    const reachable = await deployment.reachable();
    // An answer about the deployment switched away from meanwhile says nothing about the new one.
    if (url !== deployment.url) return;
    lastReachable = reachable;
    statusBar.setDeployment(url, reachable);
    store.deploymentChanged({ url, reachable });
  }
  statusBar.setDeployment(deployment.url, null);
  store.deploymentChanged({ url: deployment.url, reachable: null });
  void setRunContext("idle");
  void checkReachable();
  log.info(`LangGraph Debugger active; deployment ${deployment.url}`);
}

export function deactivate(): void {}

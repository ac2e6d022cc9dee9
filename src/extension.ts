import * as vscode from "vscode";
import type { Thread } from "@langchain/langgraph-sdk";
import { statusOf, ThreadDriver, type DriverTarget } from "./engine/driver/threadDriver";
import { describeServer } from "./engine/client";
import { BreakpointStore } from "./host/breakpoints";
import { AttachedChildren } from "./host/attachedChildren";
import { BreakpointSync } from "./host/breakpointSync";
import { registerCommands } from "./host/commands";
import { executeCommand, setRunContext } from "./host/commandRegistry";
import { Deployment } from "./host/deployment";
import { registerDebugger } from "./host/debugRegistration";
import { describeError, showRefusal } from "./host/errors";
import type { FromView } from "./host/graphChannel";
import { GraphPanels } from "./host/graphPanels";
import { GraphViewProvider } from "./host/graphViewProvider";
import { LayoutCache } from "./host/layoutCache";
import { RunController } from "./host/runController";
import { RunOwners } from "./host/runOwners";
import { makeOwnRun, TabActions, type OwnRun } from "./host/tabRuns";
import { RunViewerProvider } from "./host/runViewer";
import { STATE_SCHEME, StateFileSystem } from "./host/stateEditor";
import { StatusBar } from "./host/statusBar";
import { threadSubject } from "./host/threadLabels";
import { ThreadsTreeProvider } from "./host/threadsTree";
import { STORE_SCHEME, StoreFileSystem } from "./host/storeDocuments";
import { StoreTreeProvider } from "./host/storeTree";
import { AssistantsTreeProvider } from "./host/assistantsTree";
import { isSystemAssistant } from "./host/assistantRows";
import { pickAssistant } from "./host/pickers";
import { TraceLinks } from "./host/traceLink";
import { ContextKeys } from "./host/contributions";
import { ViewStore } from "./host/viewStore";
import { ReplayTarget } from "./host/replayTarget";
import { Recordings } from "./host/recordings";
import { NodeSourceIndex } from "./host/nodeSourceIndex";
import { NODE_SOURCE_SELECTOR, NodeCodeLensProvider } from "./host/nodeCodeLens";
import { watchCodeSaves } from "./host/codeSaves";

/** Wires the run driver, the graph view, the threads tree and the commands into VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("LangGraph Debugger", { log: true });
  const deployment = new Deployment(context.secrets, context.globalState, log);
  const breakpoints = new BreakpointStore(context.workspaceState);
  // A debug session replaying a recording points the driver at it for the session's lifetime.
  const replays = new ReplayTarget(deployment);
  const driverDeps = { client: () => replays.client(), breakpoints: (assistantId: string) => breakpoints.runFields(assistantId), log };
  const driver = new ThreadDriver(driverDeps);
  const store = new ViewStore(driver, breakpoints);
  // Runs started from a graph tab run on a driver of the tab's own; the side panel stays on this one.
  const owners = new RunOwners<OwnRun>(driver, () =>
    makeOwnRun(driverDeps, breakpoints, (own, ownStore) => {
      const watching = [
        listThreadsOf(own),
        stateFiles.followDriver(own),
        own.onEvent((event) => {
          if (event.type === "warning") void vscode.window.showWarningMessage(event.message);
          // The tab's banner names the assistant its own thread runs, as the side panel's does.
          if (event.type === "graph" || event.type === "runStarted") readAssistant(event.assistantId, ownStore);
        }),
      ];
      return { dispose: () => watching.forEach((d) => d.dispose()) };
    }),
  );
  // One stream of messages from every graph view (the side panel's and the editor tabs'), one dispatcher (commands.ts).
  const viewMessages = new vscode.EventEmitter<FromView>();
  const layouts = new LayoutCache(context.globalState, (message) => log.warn(message));
  const view = new GraphViewProvider(context.extensionUri, store, (m) => viewMessages.fire(m), log, layouts);
  // A run is followed where it is shown: the side panel is revealed only when no graph tab is on screen.
  const runs: RunController = new RunController(driver, deployment, context.workspaceState, (): Promise<void> => (panels.anyVisible() ? Promise.resolve() : view.reveal()));
  const panels: GraphPanels = new GraphPanels(context.extensionUri, store, (m) => viewMessages.fire(m), log, (assistantId): Promise<void> => tabs.show(assistantId), owners, layouts);
  const tabs = new TabActions(owners, driver, runs);
  // The running threads, with their newest state in their drivers' stories (the server has none for a thread while it runs).
  const runningThreads = () =>
    [driver, ...[...owners.all().values()].map((run) => run.driver)].flatMap((d) => (d.target?.running ? [{ threadId: d.target.threadId, values: d.supersteps().findLast((s) => s.ns.length === 0 && s.stateAfter)?.stateAfter }] : []));
  const threads = new ThreadsTreeProvider(deployment, { runningThreads }, log, context.workspaceState);
  const threadsView = vscode.window.createTreeView(ThreadsTreeProvider.viewId, { treeDataProvider: threads });
  threads.attach(threadsView);
  /**
   * The Threads view follows a driver: "running" in between makes a second cancel of the same thread
   * a new entry; the tree lists the running threads (with a spinner) and how they ended once they
   * stop, and is read again when a new run's state first names it (the row says its first user message).
   */
  const listThreadsOf = (source: ThreadDriver) => {
    let named = true;
    return source.onEvent((event) => {
      if (event.type === "runStarted") named = false;
      if (event.type === "superstep" && !named && event.superstep.ns.length === 0 && threadSubject({ values: event.superstep.stateAfter as Thread["values"] })) {
        named = true;
        threads.refresh();
      }
      if (event.type !== "target") return;
      const noted = event.target ? threads.noteStatus(event.target.threadId, statusOf(event.target)) : Promise.resolve();
      void noted.then(() => threads.refresh());
    });
  };
  const statusBar = new StatusBar();
  const recordings = new Recordings(driver, deployment, replays, log);
  const ownerOf = (threadId: string) => [...owners.all().values()].find((run) => run.driver.target?.threadId === threadId)?.driver ?? driver;
  // Where each node of the shown graph is written (the workspace's langgraph.json and code), for Go to source and CodeLens.
  const sources = new NodeSourceIndex(driver, deployment, log);
  const attachedChildren = new AttachedChildren();
  const lenses = new NodeCodeLensProvider(sources, breakpoints, driver, attachedChildren);
  const storeTree = new StoreTreeProvider(deployment, log);
  const storeView = vscode.window.createTreeView(StoreTreeProvider.viewId, { treeDataProvider: storeTree });
  const storeFiles = new StoreFileSystem(deployment, log, () => storeTree.refresh());
  // The Assistants view marks the assistant the graph view shows: the one Stream run offers first.
  const assistantsTree = new AssistantsTreeProvider(deployment, () => driver.graph?.assistantId, log);
  const assistantsView = vscode.window.createTreeView(AssistantsTreeProvider.viewId, { treeDataProvider: assistantsTree });
  /** Reads an assistant's name and active version for a graph view's store (on a graph shown, a run, a change made here). */
  const readAssistant = (assistantId: string | undefined, target: ViewStore = store) => {
    if (!assistantId) return;
    void replays
      .client()
      // A debug launch may name the graph ("agent") rather than the assistant: the id shown is kept.
      .then((client) => pickAssistant(client, assistantId))
      .then(
        (a) => a && target.assistantChanged({ assistantId, name: a.name || a.graph_id, graphId: a.graph_id, version: a.version, system: isSystemAssistant(a) }),
        (error: unknown) => log.debug(`Cannot read the assistant ${assistantId}: ${describeError(error)}`),
      );
  };
  const stateFiles = new StateFileSystem(deployment, ownerOf, log, (assistantId, threadId, checkpointId) => {
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
    owners,
    recordings,
    sources,
    lenses,
    vscode.languages.registerCodeLensProvider(NODE_SOURCE_SELECTOR, lenses),
    { dispose: () => driver.dispose() },
    vscode.window.registerWebviewViewProvider(GraphViewProvider.viewId, view),
    RunViewerProvider.register(context, log, layouts),
    threadsView,
    threadsView.onDidChangeSelection((event) => threads.selected(event.selection)),
    vscode.workspace.registerFileSystemProvider(STATE_SCHEME, stateFiles, { isCaseSensitive: true }),
    storeTree,
    storeView,
    storeFiles,
    assistantsTree,
    assistantsView,
    driver.onEvent((event) => {
      if (event.type === "graph") assistantsTree.redraw();
      if (event.type === "graph" || event.type === "runStarted") readAssistant(event.assistantId);
    }),
    vscode.workspace.registerFileSystemProvider(STORE_SCHEME, storeFiles, { isCaseSensitive: true }),
    storeTree.onDidChangeSearch((search) => {
      storeView.description = search ? [search.prefix.join("/"), search.query && `“${search.query}”`].filter(Boolean).join(" · ") : undefined;
      void vscode.commands.executeCommand("setContext", ContextKeys.storeSearched, Boolean(search));
    }),
    breakpoints.onChange((assistantId, list) => store.breakpointsChanged(assistantId, list)),
    driver.onEvent((event) => {
      if (event.type === "warning") void vscode.window.showWarningMessage(event.message);
      if (event.type !== "target") return;
      statusBar.setTarget(event.target);
      void setRunContext(driver.status);
      void showTraceLink(event.target);
    }),
    listThreadsOf(driver),
    // A run may have written to the store (store.put in a node); a thread loaded from its history has not.
    driver.onEvent((event) => event.type === "runEnded" && !event.fromHistory && storeTree.refresh()),
    stateFiles.followDriver(driver),
    deployment.onDidChange((url) => {
      if (url !== lastUrl) {
        lastUrl = url;
        // Not known to answer until it does: the view says so rather than draw the last deployment's graph.
        lastReachable = null;
        store.deploymentChanged({ url, reachable: null });
        driver.forget();
        owners.releaseAll();
      }
      // A new deployment, or new credentials after a refusal: the view shows a graph when it has none.
      void runs.showDefaultGraph().catch((error: unknown) => log.warn(`No graph to show from ${url}: ${describeError(error)}`));
      log.info(`Deployment is now ${url}`);
      void checkReachable();
      threads.refresh();
      storeTree.refresh();
      assistantsTree.refresh();
    }),
    deployment.onReachability((reachable) => {
      if (reachable === lastReachable) return;
      lastReachable = reachable;
      statusBar.setDeployment(deployment.url, reachable);
      showDeployment(reachable);
    }),
    deployment.onRefusal((refusal) => {
      statusBar.setRefusal(refusal);
      showDeployment(lastReachable);
      threads.refresh();
      storeTree.refresh();
      assistantsTree.refresh();
      if (refusal) showRefusal(log, refusal);
    }),
    attachedChildren,
    new BreakpointSync(breakpoints, driver, sources, attachedChildren),
    watchCodeSaves(driver, () => replays.client(), log, () => [...owners.all().values()].map((run) => run.driver)),
    ...registerCommands({ log, deployment, driver, store, breakpoints, view, panels, tabs, viewMessages: viewMessages.event, runs, threads, storeTree, assistantsTree, assistantChanged: (id) => {
      for (const shown of [store, ...[...owners.all().values()].map((run) => run.store)]) if (shown.assistantId === id) readAssistant(id, shown);
    }, statusBar, recordings, sources }),
    ...registerDebugger({ deployment, viewMessages: viewMessages.event, driver, store, log, replays, attachedChildren }),
  );

  const traceLinks = new TraceLinks(deployment, log);
  /** The trace link follows the thread shown; a deployment that does not trace to LangSmith is asked nothing. */
  async function showTraceLink(target: DriverTarget | undefined): Promise<void> {
    const url = target && !target.running && traceLinks.possible ? await traceLinks.urlFor(target.threadId).catch(() => undefined) : undefined;
    if (target && driver.target?.threadId !== target.threadId) return;
    statusBar.setTrace(url);
    await vscode.commands.executeCommand("setContext", ContextKeys.canOpenTrace, Boolean(url));
  }

  let lastUrl = deployment.url;
  let lastReachable: boolean | null = null;
  async function checkReachable(): Promise<void> {
    const url = deployment.url;
    const { reachable, info } = await deployment.connect();
    // An answer about the deployment switched away from meanwhile says nothing about the new one.
    if (url !== deployment.url) return;
    statusBar.setServer(info ? describeServer(info) : undefined);
    lastReachable = reachable;
    statusBar.setDeployment(url, reachable);
    showDeployment(reachable);
  }
  /** The graph view's deployment line: whether it answers, and why it refuses the key. */
  function showDeployment(reachable: boolean | null): void {
    const refusal = deployment.refusal;
    store.deploymentChanged({ url: deployment.url, reachable, refused: refusal ? `${refusal.status}${refusal.message ? ` ${refusal.message}` : ""}` : undefined });
  }
  statusBar.setDeployment(deployment.url, null);
  store.deploymentChanged({ url: deployment.url, reachable: null });
  void setRunContext("idle");
  void checkReachable();
  log.info(`LangGraph Debugger active; deployment ${deployment.url}`);
}

export function deactivate(): void {}

import * as vscode from "vscode";
import { Deployment } from "./host/deployment";
import { reportErrors } from "./host/errors";
import { GraphViewProvider } from "./host/graphViewProvider";
import { RunController, type StreamRunArgs } from "./host/runController";
import { ViewStore } from "./host/viewStore";

/** Wires the run engine and the graph view into VS Code. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("LangGraph Debugger", { log: true });
  const deployment = new Deployment(log);
  const store = new ViewStore(deployment.url);
  const view = new GraphViewProvider(context.extensionUri, store, log);
  const runs = new RunController(deployment, store, context.workspaceState, log, () => view.reveal());

  context.subscriptions.push(
    log,
    deployment,
    view,
    runs,
    vscode.window.registerWebviewViewProvider(GraphViewProvider.viewId, view),
    view.onMessage((message) => {
      if (message.type === "ready") void runs.showDefaultGraph();
    }),
    deployment.onDidChange((url) => {
      store.setDeployment(url, null);
      log.info(`Deployment is now ${url}`);
    }),
    vscode.commands.registerCommand("langgraphDebugger.showGraph", (assistantId?: string) =>
      reportErrors(log, "Show graph", () => runs.showGraph(typeof assistantId === "string" ? assistantId : undefined)),
    ),
    vscode.commands.registerCommand("langgraphDebugger.streamRun", (args?: StreamRunArgs) =>
      reportErrors(log, "Stream run", () => runs.streamRun(args && typeof args === "object" ? args : {})),
    ),
  );
  log.info(`LangGraph Debugger active; deployment ${deployment.url}`);
}

export function deactivate(): void {}

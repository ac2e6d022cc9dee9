import * as vscode from "vscode";
import { assertNever, type ExportFormat, type HostToWebview, type WebviewToHost } from "../shared/protocol";
import { loadWebviewPage } from "./webviewPage";
import type { ViewStore } from "./viewStore";

/** The side-panel graph view. Posts nothing before the webview says `ready`, then the whole state once. */
export class GraphViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = "langgraphDebugger.graph";

  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** An export asked for while the view was not listening yet: sent after the snapshot. */
  private pendingExport: ExportFormat | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly messageEmitter = new vscode.EventEmitter<WebviewToHost>();
  /** User actions coming from the webview (breakpoint toggles, node selection, banner buttons). */
  readonly onMessage = this.messageEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ViewStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(store.onDelta((message) => this.post(message)));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    loadWebviewPage(view.webview, this.extensionUri, "live");
    view.webview.onDidReceiveMessage((message: WebviewToHost) => this.receive(message), undefined, this.disposables);
    // A hidden view loses its webview; it posts `ready` again when shown.
    view.onDidChangeVisibility(() => {
      if (!view.visible) this.ready = false;
    }, undefined, this.disposables);
    view.onDidDispose(() => {
      this.view = undefined;
      this.ready = false;
    }, undefined, this.disposables);
  }

  /** Reveal the view (opening its container). */
  async reveal(): Promise<void> {
    if (this.view) {
      this.view.show(true);
      return;
    }
    await vscode.commands.executeCommand(`${GraphViewProvider.viewId}.focus`);
  }

  private receive(message: WebviewToHost): void {
    switch (message.type) {
      case "ready":
        this.ready = true;
        this.post({ type: "snapshot", snapshot: this.store.snapshot() });
        if (this.pendingExport) this.post({ type: "exportGraph", format: this.pendingExport });
        this.pendingExport = undefined;
        this.messageEmitter.fire(message);
        return;
      case "toggleBreakpoint":
      case "selectNode":
      case "runAction":
      case "exportedGraph":
        this.messageEmitter.fire(message);
        return;
      default:
        assertNever(message);
    }
  }

  /** Asks the view to export the graph (it answers with `exportedGraph`); waits for a view that is not ready yet. */
  requestExport(format: ExportFormat): void {
    if (this.view && this.ready) this.post({ type: "exportGraph", format });
    else this.pendingExport = format;
  }

  private post(message: HostToWebview): void {
    if (!this.view || !this.ready) return;
    this.view.webview.postMessage(message).then(undefined, (error: unknown) => {
      this.log.warn(`Could not post ${message.type} to the graph view: ${String(error)}`);
    });
  }

  dispose(): void {
    this.messageEmitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

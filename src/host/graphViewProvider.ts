import * as vscode from "vscode";
import type { ExportFormat } from "../shared/protocol";
import { GraphChannel, type FromView } from "./graphChannel";
import type { LayoutCache } from "./layoutCache";
import { followingFeed } from "./viewFeed";
import { loadWebviewPage } from "./webviewPage";
import type { ViewStore } from "./viewStore";

/** The side-panel graph view: follows whatever the debugger shows. */
export class GraphViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = "langgraphDebugger.graph";

  private view: vscode.WebviewView | undefined;
  private channel: GraphChannel | undefined;
  /** An export asked for before the view was ever resolved. */
  private pendingExport: ExportFormat | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ViewStore,
    private readonly sink: (message: FromView) => void,
    private readonly log: vscode.LogOutputChannel,
    private readonly layouts: LayoutCache,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.channel?.dispose();
    this.view = view;
    const channel = new GraphChannel(view.webview, followingFeed(this.store), this.sink, this.log, this.layouts);
    this.channel = channel;
    if (this.pendingExport) channel.requestExport(this.pendingExport);
    this.pendingExport = undefined;
    loadWebviewPage(view.webview, this.extensionUri, "live");
    // A hidden view loses its webview; it posts `ready` again when shown.
    view.onDidChangeVisibility(() => {
      if (!view.visible) channel.lost();
    });
    view.onDidDispose(() => {
      channel.dispose();
      if (this.channel === channel) this.channel = undefined;
      this.view = undefined;
    });
  }

  /** Reveal the view (opening its container). */
  async reveal(): Promise<void> {
    if (this.view) {
      this.view.show(true);
      return;
    }
    await vscode.commands.executeCommand(`${GraphViewProvider.viewId}.focus`);
  }

  /** Asks the view to export the graph (it answers with `exportedGraph`); waits for a view that is not ready yet. */
  requestExport(format: ExportFormat): void {
    if (this.channel) this.channel.requestExport(format);
    else this.pendingExport = format;
  }

  dispose(): void {
    this.channel?.dispose();
  }
}

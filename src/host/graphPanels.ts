// The graph view in editor tabs ("LangGraph: Open graph in editor"): the same webview bundle in
// `live` mode, full size, beside the side panel's view and fed by the same ViewStore. Each tab is
// pinned to the assistant it was opened on (its title names it): it follows that assistant's runs
// and keeps its last run on screen while the debugger is on another one; a run started from the tab
// runs on a driver of the tab's own (runOwners.ts, tabRuns.ts), which the tab shows instead. Tabs
// come back after a reload (a webview panel serializer; the pin is in the webview's saved state).
import * as vscode from "vscode";
import type { ExportFormat, Pin } from "../shared/protocol";
import { GraphChannel, type FromView } from "./graphChannel";
import type { LayoutCache } from "./layoutCache";
import type { RunOwners } from "./runOwners";
import type { OwnRun } from "./tabRuns";
import { TabFeed } from "./viewFeed";
import type { ViewStore } from "./viewStore";
import { loadWebviewPage } from "./webviewPage";

interface GraphTab {
  panel: vscode.WebviewPanel;
  channel: GraphChannel;
  feed: TabFeed;
  pin: Pin;
}

/** The open graph tabs. */
export class GraphPanels implements vscode.Disposable {
  static readonly viewType = "langgraphDebugger.graphPanel";

  private readonly tabs = new Set<GraphTab>();
  private readonly registration: vscode.Disposable;
  private readonly ownRuns: { dispose(): void };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: ViewStore,
    private readonly sink: (message: FromView) => void,
    private readonly log: vscode.LogOutputChannel,
    /** Called for a tab opened or restored: shows its assistant's graph (on the debugger's driver when it is free, else on the tab's own: TabActions.show). */
    private readonly showPinned: (assistantId: string) => Promise<void>,
    private readonly owners: RunOwners<OwnRun>,
    private readonly layouts: LayoutCache,
  ) {
    this.ownRuns = owners.onTabRun((assistantId, run) => this.tabOf(assistantId)?.feed.useOwn(run?.store));
    this.registration = vscode.window.registerWebviewPanelSerializer(GraphPanels.viewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const pin = savedPin(state);
        // A tab closed before its webview said which assistant it shows has nothing to come back to.
        if (!pin) return panel.dispose();
        this.adopt(panel, pin);
        await this.showPinned(pin.assistantId).catch((error: unknown) => this.log.warn(`Could not show ${pin.title}: ${String(error)}`));
      },
    });
  }

  /** Reveals the tab pinned to `pin.assistantId`, or opens one in the active editor group. */
  async open(pin: Pin): Promise<void> {
    const open = this.tabOf(pin.assistantId);
    if (open) open.panel.reveal();
    else {
      // Kept alive when hidden: a tab whose assistant the debugger has left has no other copy of that run.
      const panel = vscode.window.createWebviewPanel(GraphPanels.viewType, pin.title, vscode.ViewColumn.Active, { retainContextWhenHidden: true });
      this.adopt(panel, pin);
    }
    await this.showPinned(pin.assistantId);
  }

  /** Whether a graph tab is on screen (then the side panel need not be revealed to show a run). */
  anyVisible(): boolean {
    return [...this.tabs].some((t) => t.panel.visible);
  }

  /** Asks the active graph tab for an export; false when no graph tab is active. */
  requestExportFromActive(format: ExportFormat): boolean {
    const active = [...this.tabs].find((t) => t.panel.active);
    active?.channel.requestExport(format);
    return active !== undefined;
  }

  private adopt(panel: vscode.WebviewPanel, pin: Pin): void {
    panel.title = pin.title;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, "media", "icon.svg");
    const feed = new TabFeed(pin, this.store);
    feed.useOwn(this.owners.of(pin.assistantId)?.store);
    const channel = new GraphChannel(panel.webview, feed, this.sink, this.log, this.layouts);
    loadWebviewPage(panel.webview, this.extensionUri, "live", pin.title);
    const tab = { panel, channel, feed, pin };
    this.tabs.add(tab);
    panel.onDidDispose(() => {
      channel.dispose();
      this.tabs.delete(tab);
      // Nobody shows the tab's own thread any more: stop watching it (its run goes on on the server).
      this.owners.release(pin.assistantId);
    });
  }

  private tabOf(assistantId: string): GraphTab | undefined {
    return [...this.tabs].find((t) => t.pin.assistantId === assistantId);
  }

  dispose(): void {
    this.registration.dispose();
    this.ownRuns.dispose();
    for (const t of this.tabs) t.panel.dispose();
  }
}

/** The pin a tab's webview saved (see webview/vscodeApi.ts), if it is one. */
function savedPin(state: unknown): Pin | undefined {
  const pin = (state as { pinned?: Partial<Pin> } | undefined)?.pinned;
  return pin && typeof pin.assistantId === "string" && typeof pin.title === "string" ? { assistantId: pin.assistantId, title: pin.title } : undefined;
}

// One graph webview's link to the ViewStore: the side panel's view and each editor tab have one.
// It posts nothing before the webview's `ready`, then what its feed says (viewFeed.ts), and hands
// the webview's messages, tagged with the tab's pinned assistant, to the one dispatcher.
import * as vscode from "vscode";
import { assertNever, type ExportFormat, type HostToWebview, type WebviewToHost } from "../shared/protocol";
import type { LayoutCache } from "./layoutCache";
import type { ViewFeed } from "./viewFeed";

/** A message from a graph webview; `pinned`: the assistant of the editor tab it came from. */
export interface FromView {
  /** Everything but `layoutKept`, which the channel hands to the layout cache itself. */
  message: Exclude<WebviewToHost, { type: "layoutKept" }>;
  pinned?: string;
  /** Answers the webview the message came from (e.g. `answerChecked`). */
  reply?: (message: HostToWebview) => void;
}

/** Posts the store's messages to one webview once it is listening; passes its messages on. */
export class GraphChannel implements vscode.Disposable {
  private ready = false;
  /** An export asked for while the webview was not listening yet: sent after the snapshot. */
  private pendingExport: ExportFormat | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly webview: vscode.Webview,
    private readonly feed: ViewFeed,
    private readonly sink: (message: FromView) => void,
    private readonly log: vscode.LogOutputChannel,
    private readonly layouts: LayoutCache,
  ) {
    this.subscriptions = [
      feed.listen((messages) => {
        if (this.ready) for (const m of messages) this.post(m);
      }),
      webview.onDidReceiveMessage((message: WebviewToHost) => this.receive(message)),
    ];
  }

  /** The webview was dropped (a hidden side view): nothing is posted until it says `ready` again. */
  lost(): void {
    this.ready = false;
  }

  /** Asks the webview to export the graph (it answers with `exportedGraph`); waits for one that is not ready yet. */
  requestExport(format: ExportFormat): void {
    if (this.ready) this.post({ type: "exportGraph", format });
    else this.pendingExport = format;
  }

  private receive(message: WebviewToHost): void {
    switch (message.type) {
      case "ready":
        this.ready = true;
        // Before the graph: the view draws a graph laid out before (by any view) without its worker.
        this.post({ type: "keptLayouts", layouts: this.layouts.all() });
        for (const m of this.feed.ready()) this.post(m);
        if (this.pendingExport) this.post({ type: "exportGraph", format: this.pendingExport });
        this.pendingExport = undefined;
        break;
      case "toggleBreakpoint":
      case "selectNode":
      case "goToSource":
      case "runAction":
      case "exportedGraph":
      case "answerInterrupts":
      case "chatSend":
      case "chatEdit":
      case "openRunForm":
      case "submitRunForm":
        break;
      case "layoutKept":
        this.layouts.keep(message.layout);
        return;
      default:
        assertNever(message);
    }
    const reply = (m: HostToWebview) => this.post(m);
    this.sink(this.feed.pin ? { message, pinned: this.feed.pin.assistantId, reply } : { message, reply });
  }

  private post(message: HostToWebview): void {
    this.webview.postMessage(message).then(undefined, (error: unknown) => {
      this.log.warn(`Could not post ${message.type} to a graph view: ${String(error)}`);
    });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

// The read-only run viewer: a `.lgrun` / `.lgrun.gz` file opens as a custom editor showing the
// recorded runs with the graph view's webview (in its `recording` mode, with a timeline to scrub).
// The file is read once per document, while the editor's webview loads (opening the document does
// not wait for it); each editor gets the recording after its webview's `ready` and scrubs it on its
// own. A file that cannot be read shows why in the editor and a notification. Its graph's layouts
// go to the same LayoutCache as the live views' (the same graph lays out the same either way), so a
// recording opened again, or of a graph a live view drew, is drawn without waiting for ELK.
import * as vscode from "vscode";
import { assertNever, type HostToWebview, type WebviewToHost } from "../shared/protocol";
import { CustomEditors } from "./contributions";
import { loadRecordingView, unreadable, type LoadedRecording } from "./recordingView";
import { loadWebviewPage } from "./webviewPage";
import { saveExport } from "./graphExport";
import { describeError } from "./errors";
import type { LayoutCache } from "./layoutCache";
import path from "node:path";

/** One opened recording file; `loaded` settles once it is read (never rejects). */
class RecordingDocument implements vscode.CustomDocument {
  constructor(
    readonly uri: vscode.Uri,
    readonly file: string,
    readonly loaded: Promise<LoadedRecording>,
  ) {}
  dispose(): void {}
}

/** Opens recordings in the run viewer. */
export class RunViewerProvider implements vscode.CustomReadonlyEditorProvider<RecordingDocument> {
  static readonly viewType = CustomEditors.runViewer;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly layouts: LayoutCache,
  ) {}

  /** Registers the provider; the returned disposable unregisters it. */
  static register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, layouts: LayoutCache): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(RunViewerProvider.viewType, new RunViewerProvider(context.extensionUri, log, layouts), {
      supportsMultipleEditorsPerDocument: true,
    });
  }

  openCustomDocument(uri: vscode.Uri): RecordingDocument {
    const file = uri.path.split("/").pop() ?? uri.toString();
    return new RecordingDocument(uri, file, this.read(uri, file));
  }

  private async read(uri: vscode.Uri, file: string): Promise<LoadedRecording> {
    let loaded: LoadedRecording;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      // Let VS Code go on to the editor's webview before the parse holds this thread.
      await new Promise((resolve) => setTimeout(resolve, 0));
      loaded = loadRecordingView(bytes, file);
    } catch (error) {
      loaded = unreadable(file, error);
    }
    if (loaded.notify) {
      this.log.warn(loaded.notify.text);
      if (loaded.notify.severity === "error") void vscode.window.showErrorMessage(loaded.notify.text);
      else void vscode.window.showWarningMessage(loaded.notify.text);
    } else {
      this.log.info(`Opened the run recording ${uri.fsPath}`);
    }
    return loaded;
  }

  resolveCustomEditor(document: RecordingDocument, panel: vscode.WebviewPanel): void {
    loadWebviewPage(panel.webview, this.extensionUri, "recording", `Run recording ${document.file}`);
    // The webview posts `ready` when mounted, and again after being hidden and shown.
    const subscription = panel.webview.onDidReceiveMessage((message: WebviewToHost) => {
      switch (message.type) {
        case "ready":
          // Before the recording, which carries the graph: a layout kept before is drawn at once.
          void panel.webview.postMessage({ type: "keptLayouts", layouts: this.layouts.all() } satisfies HostToWebview);
          void document.loaded
            .then((loaded) => panel.webview.postMessage(loaded.message))
            .then(undefined, (error: unknown) => this.log.warn(`Could not show ${document.uri.fsPath}: ${String(error)}`));
          return;
        case "toggleBreakpoint":
        case "selectNode":
        case "goToSource":
        case "runAction":
        case "answerInterrupts":
        case "chatSend":
        case "chatEdit":
        case "openRunForm":
        case "submitRunForm":
          // A recording is only looked at.
          return;
        case "layoutKept":
          this.layouts.keep(message.layout);
          return;
        case "exportedGraph":
          void saveExport(message, path.basename(document.uri.fsPath).replace(/\.lgrun(\.gz)?$/, "")).catch((error: unknown) => void vscode.window.showErrorMessage(`LangGraph: could not export the graph: ${describeError(error)}`));
          return;
        default:
          assertNever(message);
      }
    });
    panel.onDidDispose(() => subscription.dispose());
  }
}

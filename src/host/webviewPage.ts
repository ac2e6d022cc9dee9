// Loads the one webview bundle into a webview (the side panel's graph view or a run viewer editor):
// scripts only from dist/webview, the strict-CSP page of webviewHtml.ts, the mode it draws.
import * as vscode from "vscode";
import { createNonce, webviewHtml, type WebviewMode } from "./webviewHtml";

/** Sets a webview's options and page to the graph webview in `mode`. */
export function loadWebviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, mode: WebviewMode, title?: string): void {
  const distRoot = vscode.Uri.joinPath(extensionUri, "dist", "webview");
  webview.options = {
    enableScripts: true,
    localResourceRoots: [distRoot, vscode.Uri.joinPath(extensionUri, "media")],
  };
  const asUri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(distRoot, file)).toString();
  webview.html = webviewHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: asUri("webview.js"),
    styleUri: asUri("webview.css"),
    workerUri: asUri("layout-worker.js"),
    codiconsUri: asUri("codicon.css"),
    mode,
    ...(title ? { title } : {}),
  });
}

// The graph webview's HTML: a strict CSP (nonce'd script only, no eval, no inline styles),
// the built script and styles, codicons, and the layout worker's URI for the script to fetch.
// Pure: no `vscode` import, so tests serve the very same page from a plain HTTP server.

/** URIs (as webview-visible strings) and secrets the page is built from. */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin the webview's resources are served from. */
  cspSource: string;
  /** A fresh random nonce per page load (see createNonce). */
  nonce: string;
  /** dist/webview/webview.js */
  scriptUri: string;
  /** dist/webview/webview.css */
  styleUri: string;
  /** dist/webview/codicon.css (esbuild.mjs copies it and codicon.ttf from @vscode/codicons). */
  codiconsUri: string;
  /** dist/webview/layout-worker.js; fetched by the script and started from a blob: URL. */
  workerUri: string;
  /** Page title (for assistive tech); defaults to "LangGraph". */
  title?: string;
  /** `recording`: the read-only run viewer (a timeline, no run actions); default the live graph view. */
  mode?: WebviewMode;
}

/** Which view the one webview bundle draws. */
export type WebviewMode = "live" | "recording";

/** Escapes a string for use inside a double-quoted HTML attribute or as text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A 32-character random nonce (base64url of 24 random bytes). */
export function createNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

/** The Content-Security-Policy of the page. `connect-src` lets the script fetch the worker's source. */
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `connect-src ${cspSource}`,
    "worker-src blob:",
  ].join("; ");
}

/** Builds the webview's whole HTML document. */
export function webviewHtml(options: WebviewHtmlOptions): string {
  const a = (value: string) => escapeHtml(value);
  if (!/^[A-Za-z0-9+/_=-]{16,}$/.test(options.nonce)) {
    throw new Error("webviewHtml: the nonce must be at least 16 base64 characters");
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(webviewCsp(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(options.codiconsUri)}">
<link rel="stylesheet" href="${a(options.styleUri)}">
<title>${a(options.title ?? "LangGraph")}</title>
</head>
<body>
<div id="app" data-worker-uri="${a(options.workerUri)}" data-mode="${a(options.mode ?? "live")}"></div>
<script nonce="${a(options.nonce)}" src="${a(options.scriptUri)}"></script>
</body>
</html>
`;
}

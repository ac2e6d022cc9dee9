import * as vscode from "vscode";
import { LangGraphClient, type RequestLogEntry } from "../engine/client";

const SECTION = "langgraphDebugger";

/** The deployment the extension talks to: its URL from settings, a client, and request logging. */
export class Deployment implements vscode.Disposable {
  private cached: { url: string; client: LangGraphClient } | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  /** Fires with the new URL when the deployment setting changes. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.cached = undefined;
      this.changeEmitter.fire(this.url);
    });
  }

  /** Base URL from `langgraphDebugger.deploymentUrl`. */
  get url(): string {
    const configured = vscode.workspace.getConfiguration(SECTION).get<string>("deploymentUrl") ?? "";
    return configured.trim().replace(/\/+$/, "") || "http://127.0.0.1:2024";
  }

  /** A client for the current URL (rebuilt when the setting changes). */
  client(): LangGraphClient {
    const url = this.url;
    if (this.cached?.url !== url) {
      this.cached = { url, client: new LangGraphClient({ apiUrl: url, onRequest: (entry) => this.logRequest(entry) }) };
    }
    return this.cached.client;
  }

  private logRequest(entry: RequestLogEntry): void {
    const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error ?? "no response"})`;
    const line = `${entry.method} ${entry.path} → ${outcome} in ${Math.round(entry.elapsedMs)} ms`;
    if (entry.status !== undefined && entry.status < 400) this.log.info(line);
    else this.log.warn(line);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

import * as vscode from "vscode";
import { describeServer, LangGraphClient, LangGraphHttpError, missingFeatures, normalizeApiUrl, type RequestLogEntry, type ServerInfo } from "../engine/client";
import { afterAnswer } from "./deploymentList";

const SECTION = "langgraphDebugger";
/** Where `langgraph dev` listens unless told otherwise. */
export const DEFAULT_URL = "http://127.0.0.1:2024";
const RECENT_KEY = "langgraphDebugger.recentDeployments";

/** Secret-storage key of a deployment's API key (one per URL). */
const apiKeySecret = (url: string) => `langgraphDebugger.apiKey:${url}`;

/** The deployment refused a request's credentials: 401 (no key, an expired one) or 403 (a wrong one). */
export interface Refusal {
  url: string;
  status: number;
  /** The server's words, e.g. "Invalid API key". */
  message: string;
  /** Whether an API key (or an auth header from the headers setting) was sent. */
  sentKey: boolean;
}

/** The deployment the extension talks to: URL and headers from settings, the API key from SecretStorage. */
export class Deployment implements vscode.Disposable {
  private cached: { url: string; client: LangGraphClient; sentKey: boolean } | undefined;
  private refused: Refusal | undefined;
  private info: { url: string; info: ServerInfo } | undefined;
  private readonly refusalEmitter = new vscode.EventEmitter<Refusal | undefined>();
  /**
   * Fires when the deployment first refuses the credentials, and with undefined when they change.
   * Until then nothing asks it again on its own (the Threads view, the graph view's first graph).
   */
  readonly onRefusal = this.refusalEmitter.event;
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  /** Fires with the URL when the deployment, its headers or its API key change. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly reachabilityEmitter = new vscode.EventEmitter<boolean>();
  /** Fires after each request: whether the deployment answered (any HTTP status) or could not be reached. */
  readonly onReachability = this.reachabilityEmitter.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Whether each deployment answered its last request, this session. */
  private readonly answers = new Map<string, boolean>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly globalState: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.deploymentUrl`) || e.affectsConfiguration(`${SECTION}.headers`)) this.changed();
      }),
      secrets.onDidChange((e) => {
        if (e.key === apiKeySecret(this.url)) this.changed();
      }),
    ];
  }

  /** A dev server a debug session started, used instead of the setting while the session runs. */
  private sessionUrl: string | undefined;

  /** Base URL: a debug session's own server while it runs, else `langgraphDebugger.deploymentUrl`. */
  get url(): string {
    if (this.sessionUrl) return this.sessionUrl;
    const configured = vscode.workspace.getConfiguration(SECTION).get<string>("deploymentUrl") ?? "";
    return normalizeApiUrl(configured) || DEFAULT_URL;
  }

  /** A client for the current deployment (rebuilt when the setting, headers or key change). */
  async client(): Promise<LangGraphClient> {
    const url = this.url;
    if (this.cached?.url === url) return this.cached.client;
    const { apiKey, headers } = await this.credentials(url);
    const client = new LangGraphClient({ apiUrl: url, apiKey, headers, onRequest: (entry) => this.logRequest(url, entry) });
    const sentKey = Boolean(apiKey) || Object.keys(headers).some((name) => /^(authorization|x-api-key)$/i.test(name));
    this.cached = { url, client, sentKey };
    return client;
  }

  /** What the current deployment's `/info` said when connecting (flavour, version, flags), if it answered. */
  get serverInfo(): ServerInfo | undefined {
    return this.info?.url === this.url ? this.info.info : undefined;
  }

  /** Why the current deployment refused the credentials, until they (or the deployment) change. */
  get refusal(): Refusal | undefined {
    return this.refused?.url === this.url ? this.refused : undefined;
  }

  /** A client for another URL, with the configured headers but no API key (keys are kept per deployment). */
  clientWithoutKey(url: string): LangGraphClient {
    return new LangGraphClient({ apiUrl: url, headers: this.headers(), onRequest: (entry) => this.logRequest(normalizeApiUrl(url), entry) });
  }

  /** The API key and header values in use: what must never reach a log or a recording. */
  async secretValues(): Promise<string[]> {
    const { apiKey, headers } = await this.credentials(this.url);
    const values = [...(apiKey ? [apiKey] : []), ...Object.values(headers).filter((v): v is string => typeof v === "string")];
    // A bearer token may come back without its scheme.
    return [...new Set(values.flatMap((v) => [v, v.replace(/^bearer\s+/i, "")]))];
  }

  /** A deployment's API key (SecretStorage) and the configured headers. */
  private async credentials(url: string): Promise<{ apiKey: string | undefined; headers: Record<string, string> }> {
    return { apiKey: await this.secrets.get(apiKeySecret(url)), headers: this.headers() };
  }

  private headers(): Record<string, string> {
    return vscode.workspace.getConfiguration(SECTION).get<Record<string, string>>("headers") ?? {};
  }

  /** Stores (or, with undefined, deletes) the current deployment's API key. */
  async setApiKey(key: string | undefined): Promise<void> {
    if (key) await this.secrets.store(apiKeySecret(this.url), key);
    else await this.secrets.delete(apiKeySecret(this.url));
    this.changed();
  }

  /**
   * Points the extension at the dev server a debug session started, for as long as it runs (no setting
   * is written: its port is new each time); undefined goes back to the setting.
   */
  useForSession(url: string | undefined): void {
    const next = url ? normalizeApiUrl(url) : undefined;
    if (next === this.sessionUrl) return;
    this.sessionUrl = next;
    this.changed();
  }

  /**
   * Points the extension at another deployment (workspace setting when a folder is open). It joins
   * the recent list once it answers (see `logRequest`).
   */
  async switchTo(url: string): Promise<void> {
    const normalised = normalizeApiUrl(url);
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update("deploymentUrl", normalised, target);
  }

  /** Deployments that answered, the one that answered last first; one that failed since is dropped. */
  recent(): string[] {
    return this.globalState.get<string[]>(RECENT_KEY, []);
  }

  /** Whether `url` answered its last request this session (null: not asked yet). */
  answered(url: string): boolean | null {
    return this.answers.get(url) ?? null;
  }

  /**
   * Connects: reads `/info` (flavour, version, flags; open without a key) into the log, then whether
   * the deployment answers (lists its assistants within a few seconds; a refusal is an answer).
   */
  async connect(): Promise<{ reachable: boolean; info: ServerInfo | undefined }> {
    const client = await this.client();
    const info = await client.info({ signal: AbortSignal.timeout(3000) }).catch(() => undefined);
    if (info) {
      this.info = { url: client.apiUrl, info };
      const lacks = missingFeatures(info);
      this.log.info(`${client.apiUrl} is a ${describeServer(info)}${lacks.length ? `; it lacks: ${lacks.join(", ")}` : ""}`);
    }
    return { reachable: await this.reachable(), info };
  }

  /** Whether the deployment answers: lists its assistants within a few seconds (a refusal is an answer). */
  async reachable(): Promise<boolean> {
    const client = await this.client();
    try {
      await client.assistants.search({ limit: 1 }, { signal: AbortSignal.timeout(3000) });
      return true;
    } catch (error) {
      return error instanceof LangGraphHttpError;
    }
  }

  /** Keeps the recent list to the deployments that answered, the last to answer first. */
  private noteAnswer(url: string, answered: boolean): void {
    this.answers.set(url, answered);
    const recent = this.recent();
    const next = afterAnswer(recent, url, answered);
    if (next.length !== recent.length || next.some((u, i) => u !== recent[i])) void this.globalState.update(RECENT_KEY, next);
  }

  private changed(): void {
    this.cached = undefined;
    if (this.refused) {
      this.refused = undefined;
      this.refusalEmitter.fire(undefined);
    }
    this.changeEmitter.fire(this.url);
  }

  private logRequest(url: string, entry: RequestLogEntry): void {
    const answered = entry.status !== undefined ? true : /abort/i.test(entry.error ?? "") ? undefined : false;
    if (answered !== undefined) {
      this.noteAnswer(url, answered);
      if (url === this.url) this.reachabilityEmitter.fire(answered);
    }
    if ((entry.status === 401 || entry.status === 403) && url === this.url && !this.refusal) {
      this.refused = { url, status: entry.status, message: entry.message ?? "", sentKey: this.cached?.url === url && this.cached.sentKey };
      this.refusalEmitter.fire(this.refused);
    }
    const outcome = entry.status !== undefined ? `${entry.status}${entry.message && entry.status >= 400 ? ` (${entry.message})` : ""}` : `failed (${entry.error ?? "no response"})`;
    const line = `${entry.method} ${entry.path} → ${outcome} in ${Math.round(entry.elapsedMs)} ms`;
    if (entry.status !== undefined && entry.status < 400) this.log.info(line);
    else this.log.warn(line);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changeEmitter.dispose();
    this.reachabilityEmitter.dispose();
    this.refusalEmitter.dispose();
  }
}

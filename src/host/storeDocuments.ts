import * as vscode from "vscode";
import type { Deployment } from "./deployment";
import { namespaceText } from "./storeRows";

export const STORE_SCHEME = "langgraph-store";

/** Which item a document is. */
interface ItemRef {
  namespace: string[];
  key: string;
}

/** `langgraph-store:/users/ada/facts/tea.json?ns=…&key=…`: the path names the tab, the query says exactly which item. */
export function storeItemUri(ref: ItemRef): vscode.Uri {
  const query = new URLSearchParams({ ns: JSON.stringify(ref.namespace), key: ref.key });
  const name = `${ref.key.replace(/[\\/]/g, "_")}.json`;
  return vscode.Uri.from({ scheme: STORE_SCHEME, path: `/${[...ref.namespace, name].join("/")}`, query: query.toString() });
}

function parseItemUri(uri: vscode.Uri): ItemRef {
  const query = new URLSearchParams(uri.query);
  const key = query.get("key");
  let namespace: unknown;
  try {
    namespace = JSON.parse(query.get("ns") ?? "null");
  } catch {
    namespace = undefined;
  }
  if (key === null || !Array.isArray(namespace) || !namespace.every((l) => typeof l === "string")) throw vscode.FileSystemError.FileNotFound(uri);
  return { namespace, key };
}

/** Opens a store item's value as a JSON document. */
export async function openStoreItem(ref: ItemRef): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(storeItemUri(ref));
  await vscode.languages.setTextDocumentLanguage(doc, "json");
  await vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * A store item's value as a JSON document: opening reads it (`GET /store/items`), an explicit save
 * puts it back (`PUT /store/items`). A value that is not a JSON object is refused before anything is
 * sent, and VS Code keeps the document dirty with the message; an item changed on the server since it
 * was read is overwritten only when confirmed.
 */
export class StoreFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  /** The item's `updated_at` when each open document was read or written. */
  private readonly readAt = new Map<string, string>();
  private readonly stats = new Map<string, { mtime: number; size: number }>();
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  private toldAboutAutoSave = false;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
    /** Called after a save reached the server (the Store view refreshes). */
    private readonly onWritten: () => void,
  ) {
    this.subscriptions = [
      vscode.workspace.onWillSaveTextDocument((event) => {
        if (event.document.uri.scheme === STORE_SCHEME) this.saveReasons.set(event.document.uri.toString(), event.reason);
      }),
    ];
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = parseItemUri(uri);
    const item = await (await this.deployment.client()).store.get(ref.namespace, ref.key);
    if (!item) throw vscode.FileSystemError.FileNotFound(`No item "${ref.key}" in ${namespaceText(ref.namespace)} on ${this.deployment.url}`);
    this.readAt.set(uri.toString(), item.updated_at);
    const bytes = new TextEncoder().encode(JSON.stringify(item.value, null, 2) + "\n");
    this.stats.set(uri.toString(), { mtime: Date.parse(item.updated_at) || Date.now(), size: bytes.length });
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const key = uri.toString();
    const ref = parseItemUri(uri);
    const reason = this.saveReasons.get(key);
    this.saveReasons.delete(key);
    // Auto save would put every half-typed value (see stateEditor.ts): only an explicit save sends it.
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) {
      this.stats.set(key, { mtime: Date.now(), size: content.length });
      if (!this.toldAboutAutoSave) {
        this.toldAboutAutoSave = true;
        void vscode.window.showInformationMessage("LangGraph: auto save does not write store items. Save the item's document explicitly (Ctrl+S) to write it.");
      }
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(content));
    } catch (error) {
      throw new Error(`The value is not valid JSON, so nothing was written: ${(error as Error).message}`);
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("A store value must be a JSON object ({…}); nothing was written.");
    const client = await this.deployment.client();
    const now = await client.store.get(ref.namespace, ref.key);
    const readAt = this.readAt.get(key);
    if (now && readAt && now.updated_at !== readAt) {
      const overwrite = "Overwrite";
      const choice = await vscode.window.showWarningMessage(`LangGraph: "${ref.key}" changed on the server since it was opened (${now.updated_at}).`, { modal: true, detail: "Overwrite it with this document, or cancel and reopen the item." }, overwrite);
      if (choice !== overwrite) throw new Error("Not saved: the item changed on the server since it was opened.");
    }
    await client.store.put(ref.namespace, ref.key, value as Record<string, unknown>);
    const written = await client.store.get(ref.namespace, ref.key);
    if (written) this.readAt.set(key, written.updated_at);
    this.log.info(`Store item ${namespaceText(ref.namespace)} / ${ref.key} written`);
    this.stats.set(key, { mtime: Date.now(), size: content.length });
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    this.onWritten();
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    return { type: vscode.FileType.File, ctime: 0, ...(this.stats.get(uri.toString()) ?? { mtime: 0, size: 0 }) };
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions("Store documents have no folders");
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions("Delete store items from the Store view");
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions("A store item cannot be renamed");
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}

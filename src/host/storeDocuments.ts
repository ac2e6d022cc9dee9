import * as vscode from "vscode";
import type { Deployment } from "./deployment";
import { JsonDocumentFileSystem, openJsonDocument } from "./jsonDocuments";
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
  await openJsonDocument(storeItemUri(ref));
}

/**
 * A store item's value as a JSON document: opening reads it (`GET /store/items`), an explicit save
 * puts it back (`PUT /store/items`). A value that is not a JSON object is refused before anything is
 * sent, and VS Code keeps the document dirty with the message; an item changed on the server since it
 * was read is overwritten, and one deleted since is made again, only when confirmed.
 */
export class StoreFileSystem extends JsonDocumentFileSystem {
  /** The item's `updated_at` when each open document was read or written. */
  private readonly readAt = new Map<string, string>();

  constructor(
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
    /** Called after a save reached the server (the Store view refreshes). */
    private readonly onWritten: () => void,
  ) {
    super(STORE_SCHEME, {
      autoSaveNotSent: "LangGraph: auto save does not write store items. Save the item's document explicitly (Ctrl+S) to write it.",
      noFolders: "Store documents have no folders",
      noDelete: "Delete store items from the Store view",
      noRename: "A store item cannot be renamed",
    });
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
    if (!this.isExplicitSave(uri, content)) return;
    const value = JsonDocumentFileSystem.jsonObject(content, "The value is not valid JSON, so nothing was written", "A store value must be a JSON object ({…}); nothing was written.");
    const client = await this.deployment.client();
    const now = await client.store.get(ref.namespace, ref.key);
    const readAt = this.readAt.get(key);
    // Read from an item that is gone now (deleted from the Store view or elsewhere): saving would
    // silently make it again, so that too is asked first.
    if (!now && readAt) {
      const recreate = "Create it again";
      const choice = await vscode.window.showWarningMessage(`LangGraph: "${ref.key}" was deleted from ${namespaceText(ref.namespace)} since it was opened.`, { modal: true, detail: "Create the item again with this document, or cancel (the document keeps your edit)." }, recreate);
      if (choice !== recreate) throw new Error("Not saved: the item was deleted from the store since it was opened.");
    }
    if (now && readAt && now.updated_at !== readAt) {
      const overwrite = "Overwrite";
      const choice = await vscode.window.showWarningMessage(`LangGraph: "${ref.key}" changed on the server since it was opened (${now.updated_at}).`, { modal: true, detail: "Overwrite it with this document, or cancel and reopen the item." }, overwrite);
      if (choice !== overwrite) throw new Error("Not saved: the item changed on the server since it was opened.");
    }
    await client.store.put(ref.namespace, ref.key, value);
    const written = await client.store.get(ref.namespace, ref.key);
    if (written) this.readAt.set(key, written.updated_at);
    this.log.info(`Store item ${namespaceText(ref.namespace)} / ${ref.key} written`);
    this.stats.set(key, { mtime: Date.now(), size: content.length });
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    this.onWritten();
  }
}

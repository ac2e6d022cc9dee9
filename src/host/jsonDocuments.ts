// What the JSON documents backed by the server (a thread's state, a store item) have in common: a file
// system of flat documents, opened as JSON, written only by an explicit save.
import * as vscode from "vscode";

/** Opens a document of one of these file systems as JSON, in a tab of its own. */
export async function openJsonDocument(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, "json");
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** How a file system names itself in what it refuses. */
export interface JsonDocumentWords {
  /** Shown once, the first time an auto save is not sent. */
  autoSaveNotSent: string;
  noFolders: string;
  noDelete: string;
  noRename: string;
}

/**
 * A file system of JSON documents that the server holds: subclasses read and write them. Auto save
 * (on by default in VS Code for the Web and code-server) would send every half-typed value, so only
 * an explicit save is sent (Ctrl+S also saves an unmodified document).
 */
export abstract class JsonDocumentFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  protected readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  protected readonly stats = new Map<string, { mtime: number; size: number }>();
  /** Why each document is being saved (set just before VS Code calls writeFile). */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  private toldAboutAutoSave = false;
  private readonly saving: vscode.Disposable;

  constructor(
    scheme: string,
    private readonly words: JsonDocumentWords,
  ) {
    this.saving = vscode.workspace.onWillSaveTextDocument((event) => {
      if (event.document.uri.scheme === scheme) this.saveReasons.set(event.document.uri.toString(), event.reason);
    });
  }

  abstract readFile(uri: vscode.Uri): Promise<Uint8Array>;
  abstract writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void>;

  /** Whether this write is an explicit save; an auto save is kept in the editor only (said once). */
  protected isExplicitSave(uri: vscode.Uri, content: Uint8Array): boolean {
    const key = uri.toString();
    const reason = this.saveReasons.get(key);
    this.saveReasons.delete(key);
    if (reason === undefined || reason === vscode.TextDocumentSaveReason.Manual) return true;
    this.stats.set(key, { mtime: Date.now(), size: content.length });
    if (!this.toldAboutAutoSave) {
      this.toldAboutAutoSave = true;
      void vscode.window.showInformationMessage(this.words.autoSaveNotSent);
    }
    return false;
  }

  /** The document as a JSON object; otherwise an error saying why nothing was written (VS Code keeps the document dirty). */
  protected static jsonObject(content: Uint8Array, invalidJson: string, notAnObject: string): Record<string, unknown> {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(content));
    } catch (error) {
      throw new Error(`${invalidJson}: ${(error as Error).message}`);
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error(notAnObject);
    return value as Record<string, unknown>;
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
    throw vscode.FileSystemError.NoPermissions(this.words.noFolders);
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(this.words.noDelete);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(this.words.noRename);
  }

  dispose(): void {
    this.saving.dispose();
    this.emitter.dispose();
  }
}

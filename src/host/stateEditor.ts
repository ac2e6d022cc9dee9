import * as vscode from "vscode";
import { diffStates } from "../engine/diff";
import type { Deployment } from "./deployment";
import type { ViewStore } from "./viewStore";

export const STATE_SCHEME = "langgraph-state";

/** Where a state document writes to: the thread, and the node the edit is made as. */
interface StateTarget {
  threadId: string;
  asNode?: string;
  checkpointId?: string;
  /** Fork: after saving, run this assistant from the new checkpoint. */
  forkAssistantId?: string;
}

/** `langgraph-state:/<thread>/state.json?as_node=…&checkpoint=…` */
export function stateUri(target: StateTarget): vscode.Uri {
  const query = new URLSearchParams();
  if (target.asNode) query.set("as_node", target.asNode);
  if (target.checkpointId) query.set("checkpoint", target.checkpointId);
  if (target.forkAssistantId) query.set("fork", target.forkAssistantId);
  return vscode.Uri.from({ scheme: STATE_SCHEME, path: `/${target.threadId}/state.json`, query: query.toString() });
}

function parseStateUri(uri: vscode.Uri): StateTarget {
  const threadId = uri.path.split("/")[1];
  if (!threadId) throw vscode.FileSystemError.FileNotFound(uri);
  const query = new URLSearchParams(uri.query);
  return { threadId, asNode: query.get("as_node") ?? undefined, checkpointId: query.get("checkpoint") ?? undefined, forkAssistantId: query.get("fork") ?? undefined };
}

/**
 * A thread's state as a JSON document: opening reads it from the server, saving writes it back with
 * `as_node` (so the graph continues as if that node had written it) and shows the edit as a step.
 */
export class StateFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly loaded = new Map<string, unknown>();
  private readonly stats = new Map<string, { mtime: number; size: number }>();
  /** Why each state document is being saved (set just before VS Code calls writeFile). */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  private toldAboutAutoSave = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly deployment: Deployment,
    private readonly store: ViewStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly onForked: (assistantId: string, threadId: string, checkpointId: string) => void,
  ) {
    this.subscription = vscode.workspace.onWillSaveTextDocument((event) => {
      if (event.document.uri.scheme === STATE_SCHEME) this.saveReasons.set(event.document.uri.toString(), event.reason);
    });
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const target = parseStateUri(uri);
    const client = await this.deployment.client();
    const state = target.checkpointId ? await client.threads.stateAt(target.threadId, target.checkpointId) : await client.threads.state(target.threadId);
    this.loaded.set(uri.toString(), state.values);
    const bytes = new TextEncoder().encode(JSON.stringify(state.values, null, 2) + "\n");
    this.stats.set(uri.toString(), { mtime: this.stats.get(uri.toString())?.mtime ?? Date.now(), size: bytes.length });
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const target = parseStateUri(uri);
    const reason = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    // Auto save (on by default in VS Code for the Web and code-server) would write every half-typed
    // state to the thread as a new checkpoint. Only an explicit save sends it (Ctrl+S also saves an unmodified document).
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) {
      this.stats.set(uri.toString(), { mtime: Date.now(), size: content.length });
      this.log.info(`State of thread ${target.threadId} auto-saved: not sent; save explicitly to send it`);
      if (!this.toldAboutAutoSave) {
        this.toldAboutAutoSave = true;
        void vscode.window.showInformationMessage("LangGraph: auto save does not send state edits to the thread. Save the state document explicitly (Ctrl+S) to send them.");
      }
      return;
    }
    let values: unknown;
    try {
      values = JSON.parse(new TextDecoder().decode(content));
    } catch (error) {
      throw new Error(`The state is not valid JSON, so nothing was written: ${(error as Error).message}`);
    }
    if (!values || typeof values !== "object" || Array.isArray(values)) throw new Error("The state must be a JSON object; nothing was written.");
    const client = await this.deployment.client();
    const result = await client.threads.updateState(target.threadId, { values: values as Record<string, unknown>, asNode: target.asNode, checkpointId: target.checkpointId });
    const before = this.loaded.get(uri.toString());
    const after = (await client.threads.state(target.threadId)).values;
    this.loaded.set(uri.toString(), after);
    this.stats.set(uri.toString(), { mtime: Date.now(), size: content.length });
    this.log.info(`State of thread ${target.threadId} written${target.asNode ? ` as ${target.asNode}` : ""}: checkpoint ${result.checkpoint?.checkpoint_id ?? "?"}`);
    this.store.addEdit({ asNode: target.asNode, checkpointId: result.checkpoint?.checkpoint_id ?? undefined, stateBefore: before, stateAfter: after, diff: diffStates(before, after) });
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    const forkedAt = result.checkpoint?.checkpoint_id ?? undefined;
    if (target.forkAssistantId && forkedAt) this.onForked(target.forkAssistantId, target.threadId, forkedAt);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const known = this.stats.get(uri.toString()) ?? { mtime: 0, size: 0 };
    return { type: vscode.FileType.File, ctime: 0, ...known };
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions("State documents have no folders");
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions("A thread's state cannot be deleted here");
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions("A thread's state cannot be renamed");
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

import * as vscode from "vscode";
import { StaleStateError, type ThreadDriver } from "../engine/driver/threadDriver";
import type { Deployment } from "./deployment";
import { JsonDocumentFileSystem, openJsonDocument } from "./jsonDocuments";

export const STATE_SCHEME = "langgraph-state";

/** Where a state document writes to: the thread, and the node the edit is made as. */
interface StateTarget {
  threadId: string;
  asNode?: string;
  /** Fork: the checkpoint the edit branches from (absent: the thread's latest). */
  checkpointId?: string;
  /** Fork: after saving, run this assistant from the new checkpoint. */
  forkAssistantId?: string;
}

/**
 * `langgraph-state:/<thread>/<name>?as_node=…&checkpoint=…`. The file name is the tab's title, so it
 * names the thread and the checkpoint: `thread 1a2b3c4d (latest) state.json` follows the thread as
 * it moves on; `thread 1a2b3c4d @ 9f8e7d6c state.json` is one fixed checkpoint (a fork).
 */
export function stateUri(target: StateTarget): vscode.Uri {
  const query = new URLSearchParams();
  if (target.asNode) query.set("as_node", target.asNode);
  if (target.checkpointId) query.set("checkpoint", target.checkpointId);
  if (target.forkAssistantId) query.set("fork", target.forkAssistantId);
  const at = target.checkpointId ? `@ ${target.checkpointId.slice(0, 8)}` : "(latest)";
  return vscode.Uri.from({ scheme: STATE_SCHEME, path: `/${target.threadId}/thread ${target.threadId.slice(0, 8)} ${at} state.json`, query: query.toString() });
}

/** Opens a thread's state (or a checkpoint's, for a fork) as a JSON document. */
export async function openStateDocument(target: StateTarget): Promise<void> {
  await openJsonDocument(stateUri(target));
}

function parseStateUri(uri: vscode.Uri): StateTarget {
  const threadId = uri.path.split("/")[1];
  if (!threadId) throw vscode.FileSystemError.FileNotFound(uri);
  const query = new URLSearchParams(uri.query);
  return { threadId, asNode: query.get("as_node") ?? undefined, checkpointId: query.get("checkpoint") ?? undefined, forkAssistantId: query.get("fork") ?? undefined };
}

/**
 * A thread's state as a JSON document: opening reads it from the server, saving writes it back
 * through the run driver with `as_node` (so the graph continues as if that node had written it;
 * the graph view shows the edit as a step). A document of the latest state is re-read when the
 * thread moves on; a save made against a checkpoint the thread has left is refused unless confirmed.
 */
export class StateFileSystem extends JsonDocumentFileSystem {
  /** The checkpoint each open document was read at. */
  private readonly readAt = new Map<string, string | undefined>();

  constructor(
    private readonly deployment: Deployment,
    /** The driver that owns a thread (a graph tab's own, else the debugger's): edits go through it, into its story. */
    private readonly driverFor: (threadId: string) => ThreadDriver,
    private readonly log: vscode.LogOutputChannel,
    private readonly onForked: (assistantId: string, threadId: string, checkpointId: string) => void,
  ) {
    super(STATE_SCHEME, {
      autoSaveNotSent: "LangGraph: auto save does not send state edits to the thread. Save the state document explicitly (Ctrl+S) to send them.",
      noFolders: "State documents have no folders",
      noDelete: "A thread's state cannot be deleted here",
      noRename: "A thread's state cannot be renamed",
    });
  }

  /** Follows a driver's thread: when it stops somewhere new, documents of its latest state are re-read. */
  followDriver(driver: ThreadDriver): { dispose(): void } {
    return driver.onEvent((event) => {
      if (event.type === "target" && event.target && !event.target.running) this.threadMoved(event.target.threadId, event.target.checkpointId);
    });
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const target = parseStateUri(uri);
    const client = await this.deployment.client();
    const state = target.checkpointId ? await client.threads.stateAt(target.threadId, target.checkpointId) : await client.threads.state(target.threadId);
    this.readAt.set(uri.toString(), state.checkpoint?.checkpoint_id ?? undefined);
    const bytes = new TextEncoder().encode(JSON.stringify(state.values, null, 2) + "\n");
    this.stats.set(uri.toString(), { mtime: this.stats.get(uri.toString())?.mtime ?? Date.now(), size: bytes.length });
    return bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const key = uri.toString();
    const target = parseStateUri(uri);
    if (!this.isExplicitSave(uri, content)) {
      this.log.info(`State of thread ${target.threadId} auto-saved: not sent; save explicitly to send it`);
      return;
    }
    const values = JsonDocumentFileSystem.jsonObject(content, "The state is not valid JSON, so nothing was written", "The state must be a JSON object; nothing was written.");
    const options = { asNode: target.asNode, checkpointId: target.checkpointId, basedOn: this.readAt.get(key) };
    const driver = this.driverFor(target.threadId);
    let written: string | undefined;
    try {
      written = await driver.updateState(target.threadId, values, options);
    } catch (error) {
      if (!(error instanceof StaleStateError)) throw error;
      const overwrite = "Overwrite";
      const choice = await vscode.window.showWarningMessage(`LangGraph: ${error.message}`, { modal: true, detail: "Reopen the state document to edit the thread's latest state, or overwrite it with this document." }, overwrite);
      if (choice !== overwrite) throw new Error(`Not saved: ${error.message}`);
      written = await driver.updateState(target.threadId, values, { ...options, force: true });
    }
    this.readAt.set(key, target.checkpointId ? target.checkpointId : (driver.target?.threadId === target.threadId ? driver.target.checkpointId : written));
    this.stats.set(key, { mtime: Date.now(), size: content.length });
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    if (target.forkAssistantId && written) this.onForked(target.forkAssistantId, target.threadId, written);
  }

  /** The thread has a new latest checkpoint: documents of its latest state are re-read (VS Code keeps unsaved edits). */
  private threadMoved(threadId: string, checkpointId: string | undefined): void {
    const changed: vscode.FileChangeEvent[] = [];
    for (const [key, at] of this.readAt) {
      const uri = vscode.Uri.parse(key);
      const target = parseStateUri(uri);
      if (target.threadId !== threadId || target.checkpointId || at === checkpointId) continue;
      this.stats.set(key, { mtime: Date.now(), size: this.stats.get(key)?.size ?? 0 });
      changed.push({ type: vscode.FileChangeType.Changed, uri });
    }
    if (changed.length > 0) this.emitter.fire(changed);
  }
}

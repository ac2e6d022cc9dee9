import { Commands } from "./contributions";
import * as vscode from "vscode";
import type { Thread, ThreadState } from "@langchain/langgraph-sdk";
import { checkpointTimeline, type CheckpointEntry } from "../engine/checkpointTimeline";
import type { RunStatus } from "../engine/model";
import type { Deployment } from "./deployment";
import { describeError } from "./errors";
import { type KnownOutcome, threadRow } from "./labels";

/** A thread of the deployment. */
export class ThreadItem extends vscode.TreeItem {
  constructor(
    readonly thread: Thread,
    known?: KnownOutcome,
  ) {
    super(thread.thread_id, vscode.TreeItemCollapsibleState.Collapsed);
    // A stable id keeps a thread expanded across the refresh after each run.
    this.id = `thread:${thread.thread_id}`;
    const row = threadRow(thread, known);
    this.label = row.label;
    this.description = row.description;
    this.tooltip = row.tooltip;
    this.contextValue = "thread";
    this.iconPath = new vscode.ThemeIcon(row.icon);
  }
}

/** A checkpoint of a thread. */
export class CheckpointItem extends vscode.TreeItem {
  constructor(
    readonly threadId: string,
    readonly assistantId: string | undefined,
    readonly entry: CheckpointEntry,
  ) {
    super(`step ${entry.step} · ${entry.source}`, vscode.TreeItemCollapsibleState.None);
    this.id = `checkpoint:${threadId}:${entry.checkpointId}`;
    const ran = entry.nodes.join(", ");
    this.description = [ran, entry.branch ? `branch ${entry.branch}` : "", entry.next.length ? `→ ${entry.next.join(", ")}` : ""].filter(Boolean).join("  ");
    this.tooltip = `Checkpoint ${entry.checkpointId}\nStep ${entry.step} (${entry.source})${ran ? `\nRan: ${ran}` : ""}${entry.next.length ? `\nNext: ${entry.next.join(", ")}` : ""}`;
    this.contextValue = "checkpoint";
    this.iconPath = new vscode.ThemeIcon(entry.branch ? "git-branch" : entry.source === "update" ? "edit" : "circle-small-filled");
    this.command = { command: Commands.showCheckpoint, title: "Show checkpoint", arguments: [this] };
  }
}

/** Why there is nothing to list (the deployment cannot be reached, …); clicking shows the log. */
class ProblemItem extends vscode.TreeItem {
  constructor(label: string, detail: string) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = detail;
    this.tooltip = detail;
    this.iconPath = new vscode.ThemeIcon("warning");
    this.command = { command: Commands.showLog, title: "Show log" };
  }
}

/** Workspace key of how the runs this extension followed ended, by thread id (the server cannot tell a cancel from an error). */
const OUTCOMES_KEY = "langgraphDebugger.threadOutcomes";
const OUTCOMES_KEPT = 100;

/** Native tree beside the graph: threads → their checkpoints (all branches). */
export class ThreadsTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  static readonly viewId = "langgraphDebugger.threads";
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
    private readonly memento: vscode.Memento,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  /** Remembers what the thread's run is doing or how it ended (the newest few threads are kept). */
  async noteStatus(threadId: string, status: RunStatus): Promise<void> {
    const known = { ...this.memento.get<Record<string, KnownOutcome>>(OUTCOMES_KEY, {}) };
    // The same outcome reported again (the target is re-announced) keeps the time it was first seen.
    if (known[threadId]?.status === status) return;
    delete known[threadId];
    known[threadId] = { status, at: Date.now() };
    const kept = Object.entries(known).slice(-OUTCOMES_KEPT);
    await this.memento.update(OUTCOMES_KEY, Object.fromEntries(kept));
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
    const client = await this.deployment.client();
    if (!item) {
      // A rejected getChildren becomes a bare error toast on every refresh: say it in the tree instead.
      try {
        const threads = await client.threads.search({ limit: 50 });
        const known = this.memento.get<Record<string, KnownOutcome>>(OUTCOMES_KEY, {});
        return threads.map((t) => new ThreadItem(t, known[t.thread_id]));
      } catch (error) {
        this.log.warn(`Cannot list threads: ${describeError(error)}`);
        return [new ProblemItem(`Cannot list the threads of ${this.deployment.url}`, describeError(error))];
      }
    }
    if (!(item instanceof ThreadItem)) return [];
    const history: ThreadState[] = await client.threads.history(item.thread.thread_id, { limit: 200 });
    const assistantId = (item.thread.metadata as Record<string, unknown> | null)?.assistant_id;
    return checkpointTimeline(history).map((entry) => new CheckpointItem(item.thread.thread_id, typeof assistantId === "string" ? assistantId : undefined, entry));
  }
}

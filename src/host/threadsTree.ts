import { Commands, ContextKeys } from "./contributions";
import * as vscode from "vscode";
import type { Thread, ThreadState } from "@langchain/langgraph-sdk";
import { checkpointTree, type CheckpointNode } from "../engine/checkpointTimeline";
import type { RunStatus } from "../engine/model";
import type { Deployment } from "./deployment";
import { describeError } from "./errors";
import { assistantNames, checkpointRow, checkpointWriter, groupByAssistant, type KnownOutcome, shortTime, threadRow, threadSubject, withRunningThread } from "./threadLabels";

/** What the tree reads of the run drivers (the debugger's and the graph tabs' own): the threads whose run goes on. */
export interface TargetSource {
  /** Each running thread, with its newest state in its driver's story, if any yet. */
  runningThreads(): { threadId: string; values?: unknown }[];
}

/** One assistant's threads (when the view groups them). */
export class AssistantGroupItem extends vscode.TreeItem {
  constructor(
    name: string | undefined,
    readonly threads: ThreadItem[],
  ) {
    super(name ?? "Threads that never ran", vscode.TreeItemCollapsibleState.Expanded);
    this.id = `assistant:${name ?? ""}`;
    this.description = `${threads.length} thread${threads.length === 1 ? "" : "s"}`;
    this.iconPath = new vscode.ThemeIcon(name ? "hubot" : "circle-outline");
    this.contextValue = "assistant";
  }
}

/** A thread of the deployment: its first user message, its assistant; a click shows its newest checkpoint. */
export class ThreadItem extends vscode.TreeItem {
  readonly assistantId: string | undefined;

  constructor(
    readonly thread: Thread,
    context: { known?: KnownOutcome; names: ReadonlyMap<string, string>; running: boolean; grouped: boolean },
  ) {
    super(thread.thread_id, vscode.TreeItemCollapsibleState.Collapsed);
    // A stable id keeps a thread expanded across the refresh after each run.
    this.id = `thread:${thread.thread_id}`;
    const row = threadRow(thread, context);
    this.label = row.label;
    this.description = row.description;
    this.tooltip = row.tooltip;
    this.contextValue = "thread";
    this.iconPath = new vscode.ThemeIcon(row.icon);
    const assistantId = (thread.metadata as Record<string, unknown> | null)?.assistant_id;
    this.assistantId = typeof assistantId === "string" ? assistantId : undefined;
    // The running thread is on show already; a thread that never ran has nothing to show.
    if (this.assistantId && !context.running) {
      this.command = { command: Commands.showCheckpoint, title: "Show the newest checkpoint", arguments: [{ assistantId: this.assistantId, threadId: thread.thread_id }] };
    }
  }
}

/** A checkpoint of a thread; one that others forked from holds their branches. */
export class CheckpointItem extends vscode.TreeItem {
  readonly entry: CheckpointNode["entry"];

  constructor(
    readonly threadId: string,
    readonly assistantId: string | undefined,
    readonly node: CheckpointNode,
  ) {
    const row = checkpointRow(node.entry);
    const forks = node.branches.length;
    super(row.label, forks ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.entry = node.entry;
    this.id = `checkpoint:${threadId}:${node.entry.checkpointId}`;
    this.description = forks ? `${row.description} · ${forks} branch${forks === 1 ? "" : "es"}` : row.description;
    this.tooltip = row.tooltip;
    this.contextValue = "checkpoint";
    this.iconPath = new vscode.ThemeIcon(row.icon);
    this.command = { command: Commands.showCheckpoint, title: "Show checkpoint", arguments: [this] };
  }
}

/** A line of checkpoints that forked off the one above it (time travel, a state edit). */
export class BranchItem extends vscode.TreeItem {
  constructor(
    readonly threadId: string,
    readonly assistantId: string | undefined,
    readonly line: CheckpointNode[],
  ) {
    super(`Branch: ${line.map((n) => checkpointWriter(n.entry)).join(" → ")}`, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `branch:${threadId}:${line[0]?.entry.checkpointId ?? ""}`;
    const last = line.at(-1)?.entry;
    this.description = `${line.length} checkpoint${line.length === 1 ? "" : "s"}${last?.createdAt ? ` · ${shortTime(last.createdAt, {}, true)}` : ""}`;
    this.iconPath = new vscode.ThemeIcon("git-branch");
    this.contextValue = "branch";
  }
}

/** Why there is nothing to list (the deployment cannot be reached, …); clicking shows the log (or asks for the key). */
class ProblemItem extends vscode.TreeItem {
  constructor(label: string, detail: string, askKey = false, tooltip = detail) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = detail;
    this.tooltip = tooltip;
    this.iconPath = new vscode.ThemeIcon(askKey ? "key" : "warning");
    this.command = askKey ? { command: Commands.setApiKey, title: "Set API key" } : { command: Commands.showLog, title: "Show log" };
  }
}

/** Workspace key of how the runs this extension followed ended, by thread id (the server cannot tell a cancel from an error). */
const OUTCOMES_KEY = "langgraphDebugger.threadOutcomes";
const OUTCOMES_KEPT = 100;
/** Workspace key: whether the view groups threads by assistant. */
const GROUPED_KEY = "langgraphDebugger.threadsGrouped";
const THREADS_LISTED = 50;

/** Native tree beside the graph: threads (newest update first, or by assistant) → their checkpoints, branches nested where they split. */
export class ThreadsTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  static readonly viewId = "langgraphDebugger.threads";
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(
    private readonly deployment: Deployment,
    private readonly drivers: TargetSource,
    private readonly log: vscode.LogOutputChannel,
    private readonly memento: vscode.Memento,
  ) {
    void vscode.commands.executeCommand("setContext", ContextKeys.threadGroups, this.grouped);
  }

  refresh(): void {
    this.emitter.fire();
  }

  /** Whether threads are grouped by assistant (remembered per workspace). */
  get grouped(): boolean {
    return this.memento.get<boolean>(GROUPED_KEY, false);
  }

  /** Groups the threads by assistant, or lists them by last update. */
  async setGrouped(grouped: boolean): Promise<void> {
    await this.memento.update(GROUPED_KEY, grouped);
    await vscode.commands.executeCommand("setContext", ContextKeys.threadGroups, grouped);
    this.refresh();
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
    if (!item) {
      // A refused key is refused again on every refresh: ask nothing until the key changes.
      const refusal = this.deployment.refusal;
      if (refusal) {
        const label = refusal.sentKey ? "The deployment refused the API key" : "The deployment asks for an API key";
        return [new ProblemItem(label, `${refusal.status} ${refusal.message}`, true, `${refusal.url}: ${refusal.status} ${refusal.message}. Click to set the API key.`)];
      }
      // A rejected getChildren becomes a bare error toast on every refresh: say it in the tree instead.
      try {
        return await this.threadItems();
      } catch (error) {
        this.log.warn(`Cannot list threads: ${describeError(error)}`);
        return [new ProblemItem(`Cannot list the threads of ${this.deployment.url}`, describeError(error))];
      }
    }
    if (item instanceof AssistantGroupItem) return item.threads;
    if (item instanceof CheckpointItem) return item.node.branches.map((line) => new BranchItem(item.threadId, item.assistantId, line));
    if (item instanceof BranchItem) return item.line.map((node) => new CheckpointItem(item.threadId, item.assistantId, node));
    if (!(item instanceof ThreadItem)) return [];
    const client = await this.deployment.client();
    const history: ThreadState[] = await client.threads.history(item.thread.thread_id, { limit: 200 });
    const [main = [], ...detached] = checkpointTree(history);
    const threadId = item.thread.thread_id;
    return [...main.map((node) => new CheckpointItem(threadId, item.assistantId, node)), ...detached.map((line) => new BranchItem(threadId, item.assistantId, line))];
  }

  private async threadItems(): Promise<vscode.TreeItem[]> {
    const client = await this.deployment.client();
    const runningValues = new Map(this.drivers.runningThreads().map((r) => [r.threadId, r.values]));
    const runningIds = new Set(runningValues.keys());
    const [found, assistants] = await Promise.all([
      client.threads.search({ limit: THREADS_LISTED, sortBy: "updated_at", sortOrder: "desc" }),
      client.assistants.search({ limit: 100 }).catch(() => []),
    ]);
    const unlisted = [...runningIds].filter((id) => !found.some((t) => t.thread_id === id));
    const running = (await Promise.all(unlisted.map((id) => client.threads.get(id).catch(() => undefined)))).filter((t) => t !== undefined);
    // A running thread the search does not list yet (a new one) comes first.
    const threads = [...running, ...withRunningThread(found, undefined)];
    const known = this.memento.get<Record<string, KnownOutcome>>(OUTCOMES_KEY, {});
    const names = assistantNames(assistants);
    const grouped = this.grouped;
    // A thread has no values while it runs (Python) or only those of its last run (JS): its driver knows what it started from.
    const itemOf = (t: Thread) => {
      const values = runningValues.get(t.thread_id);
      const shown = values && !threadSubject(t) ? { ...t, values: values as Thread["values"] } : t;
      return new ThreadItem(shown, { known: known[t.thread_id], names, running: runningIds.has(t.thread_id), grouped });
    };
    if (!grouped) return threads.map(itemOf);
    return groupByAssistant(threads, names).map((group) => new AssistantGroupItem(group.assistant, group.threads.map(itemOf)));
  }
}

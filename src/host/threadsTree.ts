import { Commands, ContextKeys } from "./contributions";
import { refusalLabel, refusalTooltip } from "./treeNotes";
import * as vscode from "vscode";
import type { Assistant, Thread, ThreadState } from "@langchain/langgraph-sdk";
import { checkpointTree, type CheckpointNode } from "../engine/checkpointTimeline";
import type { RunStatus } from "../engine/model";
import type { Deployment } from "./deployment";
import { describeError } from "./errors";
import { assistantNames, checkpointRow, checkpointWriter, groupByAssistant, type KnownOutcome, shortTime, shownThread, threadRow, withRunningThread } from "./threadLabels";
import { describeFilter, isFiltered, threadFetcher, type ThreadFilter } from "./threadFilter";
import { FilterItem, LoadMoreThreadsItem, OlderCheckpointsItem } from "./threadPageItems";
import { CheckpointPages, ThreadPages } from "./threadPages";
import { rowsKey, type RunningThread } from "./threadRowsKey";
import { ReadThenRedraw } from "./readThenRedraw";

/** What the tree reads of the run drivers (the debugger's and the graph tabs' own): the threads whose run goes on. */
export interface TargetSource {
  /** Each running thread, with its newest state in its driver's story, if any yet. */
  runningThreads(): RunningThread[];
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

/**
 * A line of checkpoints that forked off the one above it (time travel, a state edit). A line whose
 * fork point is older than the checkpoints loaded is listed after the thread's line, saying so, and
 * moves under its fork point once that page is loaded: never under a checkpoint it did not fork from.
 */
export class BranchItem extends vscode.TreeItem {
  constructor(
    readonly threadId: string,
    readonly assistantId: string | undefined,
    readonly line: CheckpointNode[],
    unloadedParent = false,
  ) {
    super(`Branch: ${oneLineWriters(line)}`, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `branch:${threadId}:${line[0]?.entry.checkpointId ?? ""}`;
    const last = line.at(-1)?.entry;
    const forkedFrom = unloadedParent ? " · from an older checkpoint, not loaded yet" : "";
    this.description = `${line.length} checkpoint${line.length === 1 ? "" : "s"}${last?.createdAt ? ` · ${shortTime(last.createdAt, {}, true)}` : ""}${forkedFrom}`;
    this.tooltip = unloadedParent ? `This line goes on from checkpoint ${line[0]?.entry.parentId}, older than the checkpoints loaded: load older checkpoints to see it in place.` : undefined;
    this.iconPath = new vscode.ThemeIcon("git-branch");
    this.contextValue = "branch";
  }
}

/** A long branch is named by its first and last writers. */
function oneLineWriters(line: CheckpointNode[]): string {
  const writers = line.map((n) => checkpointWriter(n.entry));
  return writers.length > 6 ? `${writers.slice(0, 3).join(" → ")} → … → ${writers.slice(-2).join(" → ")}` : writers.join(" → ");
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
const THREAD_PAGE = 50;
const CHECKPOINT_PAGE = 200;

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

  private filter: ThreadFilter | undefined;
  /** Keyed by the deployment and the search: a page read for an earlier one is never shown for a later one. */
  private pages: { key: string; threads: ThreadPages; total?: number } | undefined;
  private readonly checkpoints = new Map<string, CheckpointPages>();
  /** Set by refresh(): the next read asks the server again (a redraw after a page was loaded does not). */
  private stale = new Set<"threads" | "assistants" | string>();
  /** The assistants, for their names (read with the threads). */
  private assistants: Assistant[] = [];
  private view: vscode.TreeView<vscode.TreeItem> | undefined;
  /** Set by a new search: once its rows are in the tree, it scrolls to the top of them. */
  private revealFilter = false;

  /** Refreshes: the reads first, one redraw after the last of them (see refresh). */
  private readonly refreshes = new ReadThenRedraw({
    read: () => this.readStale(),
    redrawIfChanged: () => {
      const drawnFrom = this.rowsDrawnFrom();
      // A failed read is left stale: the redraw's getChildren reports it.
      if (this.stale.size > 0 || drawnFrom !== this.drawnFrom) this.redraw(drawnFrom);
    },
  });
  /** What the rows were last redrawn from by a refresh (see rowsDrawnFrom); undefined after any other redraw. */
  private drawnFrom: string | undefined;

  /**
   * Reads the threads (and the expanded threads' checkpoints) again: new and updated first, loaded
   * pages kept. The reads come first, the redraw after: from the moment the tree is told to redraw
   * until it has every row again, VS Code knows no row (an inline action clicked then is given
   * `undefined`), so that moment must not span a request to the server. Nor is it asked to redraw
   * when the reads changed nothing it draws: a run's many events (and each checkpoint shown) each
   * refresh, and a redraw of the same rows would only open that moment again.
   */
  refresh(): void {
    // Marked stale here, not when the read starts: a refresh during a read reads everything again after it.
    this.stale = new Set(["threads", "assistants", ...this.checkpoints.keys()]);
    void this.refreshes.refresh();
  }

  /** Asks VS Code to draw the rows again; `drawnFrom` says from what, when a refresh read it. */
  private redraw(drawnFrom?: string): void {
    this.drawnFrom = drawnFrom;
    this.emitter.fire();
  }

  /** What the rows show, as one short string (rowsKey): the same string, the same rows. */
  private rowsDrawnFrom(): string {
    return rowsKey({
      url: this.deployment.url,
      refusal: this.deployment.refusal,
      grouped: this.grouped,
      pages: this.pages,
      checkpoints: this.checkpoints,
      assistants: this.assistants,
      known: this.memento.get(OUTCOMES_KEY, {}),
      running: this.drivers.runningThreads(),
      today: new Date().toDateString(),
    });
  }

  /** What getChildren would read after a refresh; a failed read is left stale for getChildren to report. */
  private async readStale(): Promise<void> {
    // A hidden view reads nothing: it reads when it is shown (getChildren).
    if (this.deployment.refusal || !this.view?.visible) return;
    const [threads] = await Promise.all([this.threadPages().catch(() => undefined), this.assistantList()]);
    if (!threads) return;
    const expanded = [...this.checkpoints.keys()].filter((id) => this.stale.has(id));
    await Promise.all(expanded.map((id) => this.checkpointPages(id).catch(() => undefined)));
  }

  /** The search the list is filtered by, if any. */
  get currentFilter(): ThreadFilter | undefined {
    return this.filter;
  }

  /** Filters the list (undefined clears it): the pages start again from the first. */
  async setFilter(filter: ThreadFilter | undefined): Promise<void> {
    this.filter = isFiltered(filter) ? filter : undefined;
    this.pages = undefined;
    this.revealFilter = true;
    await vscode.commands.executeCommand("setContext", ContextKeys.threadFilter, this.filter !== undefined);
    this.redraw();
  }

  /**
   * Reads the next page of threads. `shown` is how many the row that asked saw: its click runs the
   * command and selects it, and the second of the two finds the page read already.
   */
  async loadMoreThreads(shown?: number): Promise<void> {
    const pages = this.pages?.threads;
    if (!pages || (shown !== undefined && pages.threads.length > shown)) return;
    await pages.loadMore();
    this.redraw();
  }

  /** Reads the page of a thread's checkpoints before the oldest loaded (`shown`: as loadMoreThreads). */
  async loadOlderCheckpoints(threadId: string, shown?: number): Promise<void> {
    const pages = this.checkpoints.get(threadId);
    if (!pages || (shown !== undefined && pages.checkpoints.length > shown)) return;
    await pages.loadOlder();
    this.redraw();
  }

  /** Loads what a "Load more" row stands for: it was selected, or the mouse came to rest on it while scrolling. */
  private loadFor(item: vscode.TreeItem): boolean {
    if (item instanceof LoadMoreThreadsItem) void this.loadMoreThreads(item.shown).catch((e: unknown) => this.log.warn(`Cannot load more threads: ${describeError(e)}`));
    else if (item instanceof OlderCheckpointsItem) void this.loadOlderCheckpoints(item.threadId, item.shown).catch((e: unknown) => this.log.warn(`Cannot load older checkpoints: ${describeError(e)}`));
    else return false;
    return true;
  }

  /** A selected "Load more" row loads its page (a click runs its command too: the second finds it read). */
  selected(items: readonly vscode.TreeItem[]): void {
    items.forEach((item) => this.loadFor(item));
  }

  /**
   * A tree view has no scroll event; VS Code asks for a row's missing tooltip when the mouse rests on
   * it. For a "Load more" row that is the scroll reaching the end: the page loads (the keyboard's
   * way is Enter, or a click).
   */
  resolveTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    if (this.loadFor(item)) item.tooltip = item instanceof LoadMoreThreadsItem ? "Loading the next page of threads…" : "Loading older checkpoints…";
    return item;
  }

  /** Only the rows at the top are ever revealed (the Filtered row after a search). */
  getParent(): vscode.TreeItem | undefined {
    return undefined;
  }

  /** The view to scroll to the Filtered row after a search (the list may be scrolled far down). */
  attach(view: vscode.TreeView<vscode.TreeItem>): void {
    this.view = view;
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
        return [new ProblemItem(refusalLabel(refusal), `${refusal.status} ${refusal.message}`, true, refusalTooltip(refusal))];
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
    const threadId = item.thread.thread_id;
    const pages = await this.checkpointPages(threadId);
    const history = pages.checkpoints as ThreadState[];
    const [main = [], ...detached] = checkpointTree(history);
    // The thread's own line starts at its oldest loaded checkpoint; lines forking from an unloaded one say so.
    const unloaded = (line: CheckpointNode[]) => line[0]?.entry.parentId !== undefined;
    return [
      ...(pages.hasOlder ? [new OlderCheckpointsItem(threadId, history.length)] : []),
      ...main.map((node) => new CheckpointItem(threadId, item.assistantId, node)),
      ...detached.map((line) => new BranchItem(threadId, item.assistantId, line, unloaded(line))),
    ];
  }

  /** A thread's checkpoint pages: the newest page on first sight, new checkpoints after a refresh. */
  private async checkpointPages(threadId: string): Promise<CheckpointPages> {
    let pages = this.checkpoints.get(threadId);
    if (!pages) {
      const client = await this.deployment.client();
      pages = new CheckpointPages((limit, before) => client.threads.history(threadId, { limit, before }), CHECKPOINT_PAGE);
      this.checkpoints.set(threadId, pages);
      await pages.loadOlder();
    } else if (this.stale.delete(threadId)) {
      await pages.refresh().catch((error: unknown) => {
        this.stale.add(threadId);
        throw error;
      });
    }
    return pages;
  }

  /** The assistants, read on first sight and after a refresh (their names rarely change). */
  private async assistantList(): Promise<Assistant[]> {
    if (this.stale.delete("assistants") || !this.assistants.length) {
      const client = await this.deployment.client();
      this.assistants = await client.assistants.search({ limit: 100 }).catch(() => []);
    }
    return this.assistants;
  }

  /** The thread pages of the current deployment and filter: the first page on first sight, read again after a refresh. */
  private async threadPages(): Promise<NonNullable<ThreadsTreeProvider["pages"]>> {
    const client = await this.deployment.client();
    const filter = this.filter ?? {};
    const key = `${this.deployment.url} ${describeFilter(filter)}`;
    const count = () =>
      filter.idPrefix
        ? Promise.resolve(undefined)
        : client.threads.count({ status: filter.status, metadata: filter.metadata, ids: filter.threadId ? [filter.threadId] : undefined }).catch(() => undefined);
    if (this.pages?.key !== key) {
      this.checkpoints.clear();
      const threads = new ThreadPages(threadFetcher(client.threads, filter), THREAD_PAGE);
      const [total] = await Promise.all([count(), threads.loadMore()]);
      // A search typed while this page was read asks for its own.
      if (key !== `${this.deployment.url} ${describeFilter(this.filter ?? {})}`) return this.threadPages();
      this.pages = { key, threads, total };
      this.stale.delete("threads");
    } else if (this.stale.delete("threads")) {
      const read = this.pages.threads.refresh().catch((error: unknown) => {
        this.stale.add("threads");
        throw error;
      });
      const [total] = await Promise.all([count(), read]);
      this.pages.total = total;
    }
    return this.pages;
  }

  private async threadItems(): Promise<vscode.TreeItem[]> {
    const client = await this.deployment.client();
    const runningValues = new Map(this.drivers.runningThreads().map((r) => [r.threadId, r.values]));
    const runningIds = new Set(runningValues.keys());
    const [pages, assistants] = await Promise.all([this.threadPages(), this.assistantList()]);
    const found = [...pages.threads.threads];
    const filtered = this.filter;
    const unlisted = filtered ? [] : [...runningIds].filter((id) => !found.some((t) => t.thread_id === id));
    const running = (await Promise.all(unlisted.map((id) => client.threads.get(id).catch(() => undefined)))).filter((t) => t !== undefined);
    // A running thread the search does not list yet (a new one) comes first.
    const threads = [...running, ...withRunningThread(found, undefined)];
    // An id's start has no server count: once every match is listed, that is the count.
    const head = filtered ? [new FilterItem(filtered, pages.total ?? (pages.threads.complete ? found.length : undefined))] : [];
    const tail = pages.threads.complete ? [] : [new LoadMoreThreadsItem(found.length, pages.total)];
    const known = this.memento.get<Record<string, KnownOutcome>>(OUTCOMES_KEY, {});
    const names = assistantNames(assistants);
    const grouped = this.grouped;
    const itemOf = (t: Thread) => new ThreadItem(shownThread(t, runningValues.get(t.thread_id)), { known: known[t.thread_id], names, running: runningIds.has(t.thread_id), grouped });
    const rows = grouped ? groupByAssistant(threads, names).map((group) => new AssistantGroupItem(group.assistant, group.threads.map(itemOf))) : threads.map(itemOf);
    const top = head[0] ?? rows[0];
    if (this.revealFilter && top) {
      this.revealFilter = false;
      // Once the tree has the rows: a new search's list starts at its top, not where the last one was scrolled to.
      setTimeout(() => void this.view?.reveal(top, { select: false, focus: false }).then(undefined, () => undefined), 50);
    }
    return [...head, ...rows, ...tail];
  }
}

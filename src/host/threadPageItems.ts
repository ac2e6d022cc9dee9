// The rows of the Threads view that are not threads or checkpoints: "Load more threads", "Load older
// checkpoints" and the "Filtered:" row of a search.
import * as vscode from "vscode";
import { Commands } from "./contributions";
import { describeFilter, type ThreadFilter } from "./threadFilter";

/** The last row of the thread list while the server has more: selecting it (click, or arrowing onto it) reads the next page. */
export class LoadMoreThreadsItem extends vscode.TreeItem {
  constructor(
    readonly shown: number,
    total: number | undefined,
  ) {
    super("Load more threads", vscode.TreeItemCollapsibleState.None);
    // A new id per count: the row that replaces it is not selected, so selecting it again loads again.
    this.id = `more-threads:${shown}`;
    this.description = total !== undefined && total >= shown ? `${shown.toLocaleString("en")} of ${total.toLocaleString("en")} shown` : `${shown.toLocaleString("en")} shown, more on the server`;
    // No tooltip: hovering the row asks for one (resolveTreeItem), and that loads the page.
    this.iconPath = new vscode.ThemeIcon("fold-down");
    this.contextValue = "loadMore";
    this.command = { command: Commands.loadMoreThreads, title: "Load more threads", arguments: [shown] };
  }
}

/** The first row under a thread whose older checkpoints are not loaded: selecting it loads the page before. */
export class OlderCheckpointsItem extends vscode.TreeItem {
  constructor(
    readonly threadId: string,
    readonly shown: number,
  ) {
    super("Load older checkpoints", vscode.TreeItemCollapsibleState.None);
    this.id = `older:${threadId}:${shown}`;
    this.description = `${shown.toLocaleString("en")} newest shown · older ones exist`;
    this.iconPath = new vscode.ThemeIcon("fold-up");
    this.contextValue = "loadOlder";
    this.command = { command: Commands.loadOlderCheckpoints, title: "Load older checkpoints", arguments: [threadId, shown] };
  }
}

/** The first row while the list is filtered: what it is filtered by, and how many match. */
export class FilterItem extends vscode.TreeItem {
  constructor(filter: ThreadFilter, total: number | undefined) {
    super(`Filtered: ${describeFilter(filter)}`, vscode.TreeItemCollapsibleState.None);
    this.id = "thread-filter";
    this.description = total === undefined ? "" : `${total.toLocaleString("en")} thread${total === 1 ? "" : "s"}`;
    this.tooltip = "Click to change the search; the ✕ clears it";
    this.iconPath = new vscode.ThemeIcon("filter");
    this.contextValue = "threadFilter";
    this.command = { command: Commands.searchThreads, title: "Search threads" };
  }
}

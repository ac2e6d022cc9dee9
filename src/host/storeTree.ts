import * as vscode from "vscode";
import type { StoreItem } from "../engine/client";
import { Commands } from "./contributions";
import { childrenOrNote, NoteItem } from "./treeNotes";
import type { Deployment } from "./deployment";
import { matchQuery, namespaceLevels, namespaceText, type NamespaceLevel, valuePreview } from "./storeRows";
import { shortTime } from "./threadLabels";

/** What the view is narrowed to: a namespace prefix and query text. */
export interface StoreSearch {
  prefix: string[];
  query?: string;
}

const NAMESPACES_LISTED = 1000;
const ITEMS_LISTED = 100;

/** A level of the namespace tree (a namespace, or a prefix of longer ones). */
export class NamespaceItem extends vscode.TreeItem {
  constructor(readonly level: NamespaceLevel) {
    super(level.path.at(-1) ?? "", vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `ns:${JSON.stringify(level.path)}`;
    this.tooltip = namespaceText(level.path);
    this.iconPath = new vscode.ThemeIcon(level.isNamespace ? "folder-library" : "folder");
    this.contextValue = "storeNamespace";
  }
}

/** One stored item: its key, its value on one line and when it last changed; a click opens it as JSON. */
export class StoreItemRow extends vscode.TreeItem {
  constructor(readonly item: StoreItem) {
    super(item.key, vscode.TreeItemCollapsibleState.None);
    this.id = `item:${JSON.stringify(item.namespace)}:${item.key}`;
    this.description = `${valuePreview(item.value, 60)} · ${shortTime(item.updated_at)}`;
    const tooltip = new vscode.MarkdownString(`**${namespaceText(item.namespace)} / ${item.key}**\n\nupdated ${item.updated_at}, created ${item.created_at}${typeof item.score === "number" ? `, score ${item.score.toFixed(3)}` : ""}\n`);
    tooltip.appendCodeblock(JSON.stringify(item.value, null, 2).slice(0, 2000), "json");
    this.tooltip = tooltip;
    this.iconPath = new vscode.ThemeIcon("symbol-key");
    this.contextValue = "storeItem";
    this.command = { command: Commands.openStoreItem, title: "Open item", arguments: [this] };
  }
}

/** The deployment's store: namespaces as a tree of prefix levels → items. Follows the deployment. */
export class StoreTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  static readonly viewId = "langgraphDebugger.store";
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private current: StoreSearch | undefined;
  private readonly searchEmitter = new vscode.EventEmitter<StoreSearch | undefined>();
  /** Fires when the search changes (the view's description says it). */
  readonly onDidChangeSearch = this.searchEmitter.event;

  constructor(
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  refresh(): void {
    this.emitter.fire();
  }

  get search(): StoreSearch | undefined {
    return this.current;
  }

  /** Narrows the view (undefined: the whole store). */
  setSearch(search: StoreSearch | undefined): void {
    this.current = search && (search.prefix.length || search.query) ? search : undefined;
    this.searchEmitter.fire(this.current);
    this.refresh();
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(item?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
    return childrenOrNote(this.deployment, this.log, "Cannot read the store", item, async () => {
      if (!item) return this.rootItems();
      if (item instanceof NamespaceItem) return this.levelItems(item.level);
      return [];
    });
  }

  private async rootItems(): Promise<vscode.TreeItem[]> {
    const client = await this.deployment.client();
    const prefix = this.current?.prefix ?? [];
    const namespaces = await client.store.listNamespaces({ prefix: prefix.length ? prefix : undefined, limit: NAMESPACES_LISTED });
    const levels = namespaceLevels(namespaces, prefix);
    if (levels.length === 0) {
      if (this.current) return [new NoteItem(`Nothing under "${namespaceText(prefix)}"`, "Search again, or clear the search", "search", { command: Commands.searchStore, title: "Search the store" })];
      return [new NoteItem("The store is empty", "Items appear when a graph calls store.put (the memory sample does)", "info", undefined, "A graph writes to the store with store.put (Python: a `store: BaseStore` argument of a node; JS: config.store). Run the `memory` sample graph, then refresh.")];
    }
    const rows: vscode.TreeItem[] = levels.map((l) => new NamespaceItem(l));
    if (namespaces.length >= NAMESPACES_LISTED) rows.push(new NoteItem(`The first ${NAMESPACES_LISTED} namespaces`, "search by prefix to see others", "info"));
    return rows;
  }

  /** The levels below a namespace, then its own items (the search's query applied). */
  private async levelItems(level: NamespaceLevel): Promise<vscode.TreeItem[]> {
    const rows: vscode.TreeItem[] = level.children.map((c) => new NamespaceItem(c));
    if (!level.isNamespace) return rows;
    const client = await this.deployment.client();
    const query = this.current?.query;
    const found = await client.store.search({ namespacePrefix: level.path, query, limit: ITEMS_LISTED });
    // The search takes a prefix: items of deeper namespaces are listed under their own level.
    const here = found.filter((i) => i.namespace.length === level.path.length);
    const { items } = matchQuery(here, query);
    rows.push(...items.map((i) => new StoreItemRow(i)));
    if (found.length >= ITEMS_LISTED) rows.push(new NoteItem(`The first ${ITEMS_LISTED} items`, "search to narrow them", "info"));
    if (items.length === 0 && level.children.length === 0) rows.push(new NoteItem(query ? `No item matches "${query}"` : "No items", query ? "" : "the namespace is empty now", "info"));
    return rows;
  }

  dispose(): void {
    this.emitter.dispose();
    this.searchEmitter.dispose();
  }
}

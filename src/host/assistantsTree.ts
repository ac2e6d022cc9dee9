// The Assistants view: the deployment's assistants (50 a page, in the server's order: newest first),
// each expandable into its versions. Rows come from assistantRows.ts; the commands on them are in
// assistantCommands.ts.
import * as vscode from "vscode";
import type { Assistant, AssistantVersion } from "@langchain/langgraph-sdk";
import { assistantTreeRow, versionTreeRow } from "./assistantRows";
import { Commands } from "./contributions";
import { childrenOrNote, NoteItem } from "./treeNotes";
import type { Deployment } from "./deployment";

const PAGE = 50;
const VERSIONS_LISTED = 100;

/** An assistant; expands into its versions. */
export class AssistantItem extends vscode.TreeItem {
  constructor(
    readonly assistant: Assistant,
    usedForRuns: boolean,
  ) {
    const row = assistantTreeRow(assistant, usedForRuns);
    super(row.label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `assistant:${assistant.assistant_id}`;
    this.description = row.description;
    this.tooltip = row.tooltip;
    this.contextValue = row.contextValue;
    this.iconPath = new vscode.ThemeIcon(row.icon);
  }
}

/** One version of an assistant; its context menu sets it active. */
export class AssistantVersionItem extends vscode.TreeItem {
  constructor(
    readonly assistant: Assistant,
    readonly version: AssistantVersion,
    latest: number,
  ) {
    const row = versionTreeRow(version, assistant.version, latest, assistant.name);
    super(row.label, vscode.TreeItemCollapsibleState.None);
    this.id = `assistant:${assistant.assistant_id}:v${version.version}:${assistant.version}`;
    this.description = row.description;
    this.tooltip = row.tooltip;
    this.contextValue = row.contextValue;
    this.iconPath = new vscode.ThemeIcon(row.icon);
  }
}

/** The deployment's assistants and their versions. Follows the deployment; read again on Refresh and after each change made here. */
export class AssistantsTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  static readonly viewId = "langgraphDebugger.assistants";
  private readonly emitter = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** The assistants read so far (pages of 50) and for which deployment. */
  private pages: { url: string; assistants: Assistant[]; more: boolean } | undefined;

  constructor(
    private readonly deployment: Deployment,
    /** The assistant Stream run and the graph view use now (the graph shown). */
    private readonly usedForRuns: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Reads the assistants again (as many as were listed). */
  refresh(): void {
    const listed = this.pages?.assistants.length ?? 0;
    this.pages = undefined;
    this.wanted = Math.max(PAGE, Math.ceil(listed / PAGE) * PAGE);
    this.emitter.fire(undefined);
  }

  /** Redraws the rows without reading (the assistant used for runs changed). */
  redraw(): void {
    this.emitter.fire(undefined);
  }

  /** Lists the next page of assistants. */
  loadMore(): void {
    this.wanted = (this.pages?.assistants.length ?? 0) + PAGE;
    this.emitter.fire(undefined);
  }

  private wanted = PAGE;

  /** The assistants listed now (for pickers that should offer what the view shows). */
  get listed(): Assistant[] {
    return this.pages?.assistants ?? [];
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(item?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
    return childrenOrNote(this.deployment, this.log, "Cannot list the assistants", item, async () => {
      if (!item) return this.rootItems();
      if (item instanceof AssistantItem) return this.versionItems(item.assistant);
      return [];
    });
  }

  private async rootItems(): Promise<vscode.TreeItem[]> {
    const client = await this.deployment.client();
    if (this.pages?.url !== client.apiUrl) this.pages = { url: client.apiUrl, assistants: [], more: true };
    const pages = this.pages;
    while (pages.more && pages.assistants.length < this.wanted) {
      const page = await client.assistants.search({ limit: PAGE, offset: pages.assistants.length });
      const known = new Set(pages.assistants.map((a) => a.assistant_id));
      pages.assistants.push(...page.filter((a) => !known.has(a.assistant_id)));
      pages.more = page.length === PAGE;
    }
    const used = this.usedForRuns();
    const rows: vscode.TreeItem[] = pages.assistants.map((a) => new AssistantItem(a, a.assistant_id === used));
    if (rows.length === 0) rows.push(new NoteItem("No assistants", "the deployment hosts no graph", "info"));
    if (pages.more) rows.push(new NoteItem(`Load ${PAGE} more`, `${pages.assistants.length} listed`, "fold-down", { command: Commands.loadMoreAssistants, title: "Load more assistants" }));
    return rows;
  }

  private async versionItems(assistant: Assistant): Promise<vscode.TreeItem[]> {
    const client = await this.deployment.client();
    const versions = await client.assistants.versions(assistant.assistant_id, { limit: VERSIONS_LISTED });
    const latest = Math.max(assistant.version, ...versions.map((v) => v.version));
    const rows: vscode.TreeItem[] = versions.map((v) => new AssistantVersionItem(assistant, v, latest));
    if (versions.length >= VERSIONS_LISTED) rows.push(new NoteItem(`The newest ${VERSIONS_LISTED} versions`, "older ones are not listed", "info"));
    return rows;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

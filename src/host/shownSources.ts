// Where the graph the driver shows is written, for the extension host: on each graph shown, the
// assistant's graph id is looked up and the workspace's langgraph.json read through the node finder
// (vscode.workspace.fs); read again when one of its files is saved. BreakpointSync reads it.
import * as vscode from "vscode";
import type { LangGraphApi } from "../engine/client";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import { messageOf } from "../engine/errorMessage";
import type { GraphSourceMap } from "../engine/source/nodeSources";
import { readGraphSources, type ProjectFiles } from "../debug/sourceBreakpoints";
import type { ShownSources } from "./breakpointSync";

const workspaceFiles: ProjectFiles = {
  read: async (file) => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
    } catch {
      return undefined;
    }
  },
  listDir: async (dir) => {
    try {
      return (await vscode.workspace.fs.readDirectory(vscode.Uri.file(dir))).map(([name]) => name);
    } catch {
      return [];
    }
  },
};

/** The shown graph's source map, kept current. */
export class ShownGraphSources implements ShownSources, vscode.Disposable {
  private map: GraphSourceMap | undefined;
  /** Counts reads: a slower read of an earlier graph never replaces a newer one. */
  private reads = 0;
  private pending = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly driver: ThreadDriver,
    private readonly client: () => Promise<LangGraphApi>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const read = () => void this.read().catch((error: unknown) => this.log.warn(`Could not read where the graph's nodes are written: ${messageOf(error)}`));
    this.subscriptions = [
      this.changed,
      driver.onEvent((event) => {
        if (event.type === "graph") read();
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.map?.files.includes(doc.uri.fsPath)) read();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(read),
    ];
    if (driver.graph) read();
  }

  current(): GraphSourceMap | undefined {
    return this.map;
  }

  settled(): boolean {
    return this.pending === 0;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    return this.changed.event(listener);
  }

  private async read(): Promise<void> {
    const mine = ++this.reads;
    this.pending++;
    const shown = this.driver.graph;
    let map: GraphSourceMap | undefined;
    try {
      if (!shown) return;
      const graphId = (await (await this.client()).assistants.get(shown.assistantId)).graph_id;
      const nodes = shown.graph.nodes.map((n) => n.id).filter((id) => !id.startsWith("__"));
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        if (folder.uri.scheme !== "file") continue;
        const sources = await readGraphSources(folder.uri.fsPath, graphId, nodes, workspaceFiles);
        if (sources.map) {
          map = sources.map;
          break;
        }
        this.log.debug(sources.why);
      }
    } finally {
      // A read that failed leaves no map: the dots become function breakpoints, as without code.
      if (mine === this.reads) this.map = map;
      if (--this.pending === 0) this.changed.fire();
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

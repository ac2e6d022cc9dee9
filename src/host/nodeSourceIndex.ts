// The one owner of the host's node source maps: for an assistant, the workspace's langgraph.json that
// declares its graph (by the assistant's graph_id) and where each node of its drawn graph is written.
// Files are read through vscode.workspace.fs; a map is built again when one of the files it read is
// saved (so edits move lines), and `onDidChange` tells CodeLens and the commands.
import * as vscode from "vscode";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import type { GraphData } from "../engine/model";
import { findLanggraphJsons, graphLanguage, loadGraphSources, serverLanguage, type GraphSourceMap } from "../engine/source/nodeSources";
import type { Deployment } from "./deployment";
import { describeError } from "./errors";

/** A map of an assistant's node sources, or why there is none. */
export type SourceMapResult = { assistantId: string; map: GraphSourceMap; reason?: undefined } | { assistantId: string; map?: undefined; reason: string };

const readText = async (file: string): Promise<string | undefined> => {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch {
    return undefined;
  }
};

const listDir = async (dir: string): Promise<string[]> => {
  const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(dir));
  return entries.filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => name);
};

export class NodeSourceIndex implements vscode.Disposable {
  private readonly maps = new Map<string, Promise<SourceMapResult>>();
  private readonly settled = new Map<string, SourceMapResult>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A map was built or dropped. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly driver: ThreadDriver,
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.changed,
      driver.onEvent((event) => {
        if (event.type === "graph") this.reload(event.assistantId);
      }),
      deployment.onDidChange(() => this.clear()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        for (const [assistantId, result] of this.settled) if (result.map?.files.includes(doc.uri.fsPath)) this.reload(assistantId);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.clear()),
    ];
    const shown = driver.graph;
    if (shown) this.reload(shown.assistantId);
  }

  /** The maps built so far (CodeLens shows these). */
  loaded(): SourceMapResult[] {
    return [...this.settled.values()];
  }

  /** The node source map of an assistant's graph, built on first ask. */
  mapFor(assistantId: string): Promise<SourceMapResult> {
    let result = this.maps.get(assistantId);
    if (!result) {
      result = this.build(assistantId).catch((error: unknown) => ({ assistantId, reason: `The graph's code could not be read: ${describeError(error)}` }));
      this.maps.set(assistantId, result);
      void result.then((r) => {
        if (this.maps.get(assistantId) !== result) return;
        this.settled.set(assistantId, r);
        this.changed.fire();
      });
    }
    return result;
  }

  private reload(assistantId: string): void {
    this.maps.delete(assistantId);
    void this.mapFor(assistantId);
  }

  private clear(): void {
    this.maps.clear();
    this.settled.clear();
    this.changed.fire();
    const shown = this.driver.graph;
    if (shown) this.reload(shown.assistantId);
  }

  private async build(assistantId: string): Promise<SourceMapResult> {
    const started = Date.now();
    const client = await this.deployment.client();
    const graphId = await client.assistants.get(assistantId).then(
      (a) => a.graph_id,
      () => assistantId, // a graph id works as an assistant id too
    );
    const shown = this.driver.graph;
    const graph: GraphData = shown?.assistantId === assistantId ? shown.graph : ((await client.assistants.graph(assistantId, { xray: true })) as unknown as GraphData);
    const folders = vscode.workspace.workspaceFolders ?? [];
    const candidates: string[] = [];
    for (const folder of folders) candidates.push(...(await findLanggraphJsons(folder.uri.fsPath, graphId, readText, listDir)));
    // Two projects may declare the same graph id (a JS and a Python sample): the one in the server's language.
    const language = serverLanguage(graph);
    let file = candidates[0];
    for (const candidate of candidates.length > 1 && language ? candidates : []) {
      if ((await graphLanguage(candidate, graphId, readText)) === language) {
        file = candidate;
        break;
      }
    }
    if (file) {
      const map = await loadGraphSources(file, graphId, graph.nodes.map((n) => n.id), readText);
      const missing = map.nodes.filter((n) => n.missing).map((n) => n.node);
      this.log.info(`Node sources of "${graphId}" from ${file} in ${Date.now() - started} ms${missing.length ? `; not found: ${missing.join(", ")}` : ""}`);
      return { assistantId, map };
    }
    return { assistantId, reason: folders.length ? `No langgraph.json in the workspace declares the graph "${graphId}".` : `Open the folder with the langgraph.json that declares the graph "${graphId}" to go to its code.` };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

// The one owner of the host's node source maps: for an assistant, the workspace's langgraph.json that
// declares its graph (by the assistant's graph_id) and where each node of its drawn graph is written.
// Maps are built as soon as the extension activates (and again when a file of a langgraph.json project
// is opened with none built): each graph of the workspace's langgraph.json files from the deployment's
// graph of its default assistant when the deployment answers, else from the code alone, so CodeLens
// shows before any graph view was opened. Files are read through vscode.workspace.fs; a map is built
// again when one of the files it read is saved (so edits move lines), and `onDidChange` tells CodeLens
// and the commands.
import * as path from "node:path";
import * as vscode from "vscode";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import type { GraphData } from "../engine/model";
import { defaultAssistantId, findLanggraphJsons, graphLanguage, loadGraphSources, loadGraphSourcesFromCode, readLanggraphJson, serverLanguage, type GraphSourceMap } from "../engine/source/nodeSources";
import type { Deployment } from "./deployment";
import { describeError } from "./errors";

/**
 * A map of an assistant's node sources, or why there is none. A map from the code alone (`map.fromCode`)
 * is keyed by the graph's default assistant, the one both servers make for each graph.
 */
export type SourceMapResult = { assistantId: string; map: GraphSourceMap; reason?: undefined } | { assistantId: string; map?: undefined; reason: string };

/** The langgraph.json files of the workspace (virtualenvs, node_modules and server caches left out). */
const PROJECTS_GLOB = "**/langgraph.json";
const PROJECTS_EXCLUDE = "{**/node_modules/**,**/.venv/**,**/venv/**,**/.langgraph_api/**,**/.git/**}";
/** The languages a graph is written in: opening such a file of a project with no maps builds them. */
const SOURCE_LANGUAGES = new Set(["python", "typescript", "typescriptreact", "javascript", "javascriptreact"]);
const codeKey = (langgraphJson: string, graphId: string) => `${langgraphJson}\0${graphId}`;

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
  /** Maps from the code alone, by langgraph.json and graph id: shown where no deployment's map covers that project's graph. */
  private readonly codeMaps = new Map<string, SourceMapResult>();
  private projects: Promise<string[]> | undefined;
  /** The preload under way, so a second ask waits for it rather than starting another. */
  private preloading: Promise<void> | undefined;
  private preloadAgain: string | undefined;
  private serverAnswered: boolean | undefined;
  /** What constructing the index cost the extension's activation (the preload runs after, in the background). */
  private readonly activationMs: number;
  private readonly changed = new vscode.EventEmitter<void>();
  /** A map was built or dropped. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly driver: ThreadDriver,
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const started = performance.now();
    this.subscriptions = [
      this.changed,
      driver.onEvent((event) => {
        if (event.type === "graph") this.reload(event.assistantId);
      }),
      deployment.onDidChange(() => this.clear()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        for (const [assistantId, result] of this.settled) if (result.map?.files.includes(doc.uri.fsPath)) this.reload(assistantId);
        for (const [key, result] of this.codeMaps) if (result.map?.files.includes(doc.uri.fsPath)) void this.loadFromCode(key, result.map.langgraphJson, result.map.graphId);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.clear()),
      vscode.workspace.onDidOpenTextDocument((doc) => void this.opened(doc)),
      // A deployment that starts answering (langgraph dev started after the editor) replaces the maps from code.
      deployment.onReachability((answered) => {
        const was = this.serverAnswered;
        this.serverAnswered = answered;
        if (answered && was === false) void this.preload("the deployment answers");
      }),
    ];
    const watcher = vscode.workspace.createFileSystemWatcher(PROJECTS_GLOB);
    const projectsChanged = () => {
      this.projects = undefined;
      this.codeMaps.clear();
      void this.preload("a langgraph.json changed");
    };
    this.subscriptions.push(watcher, watcher.onDidCreate(projectsChanged), watcher.onDidChange(projectsChanged), watcher.onDidDelete(projectsChanged));
    const shown = driver.graph;
    if (shown) this.reload(shown.assistantId);
    void this.preload("activation");
    this.activationMs = performance.now() - started;
  }

  /**
   * The maps CodeLens shows: one per langgraph.json and graph. A deployment's map wins over the code's;
   * of several assistants of one graph, the one shown in the graph view, else the graph's default assistant.
   */
  loaded(): SourceMapResult[] {
    const shown = this.driver.graph?.assistantId;
    const chosen = new Map<string, SourceMapResult>();
    for (const result of this.settled.values()) {
      if (!result.map) continue;
      const key = codeKey(result.map.langgraphJson, result.map.graphId);
      const have = chosen.get(key);
      const better = !have || result.assistantId === shown || (have.assistantId !== shown && result.assistantId === defaultAssistantId(result.map.graphId));
      if (better) chosen.set(key, result);
    }
    for (const [key, result] of this.codeMaps) if (result.map && !chosen.has(key)) chosen.set(key, result);
    return [...chosen.values()];
  }

  /**
   * Builds a map for each graph of the workspace's langgraph.json files: the deployment's when it answers
   * and hosts the graph, else from the code. Runs in the background; logs what it cost.
   */
  preload(why: string): Promise<void> {
    if (this.preloading) {
      // Asked again meanwhile (a langgraph.json or the deployment changed): once more after this one.
      this.preloadAgain = why;
      return this.preloading;
    }
    this.preloading = this.preloadAll(why).finally(() => {
      this.preloading = undefined;
      const again = this.preloadAgain;
      this.preloadAgain = undefined;
      if (again) void this.preload(again);
    });
    return this.preloading;
  }

  private async preloadAll(why: string): Promise<void> {
    const started = performance.now();
    const projects = await this.projectFiles();
    if (!projects.length) return;
    const answered = await this.deployment.reachable();
    this.serverAnswered = answered;
    let fromServer = 0;
    let fromCode = 0;
    for (const langgraphJson of projects) {
      const graphs = Object.keys((await readLanggraphJson(langgraphJson, readText).catch(() => undefined))?.graphs ?? {});
      for (const graphId of graphs) {
        if (answered) {
          const assistantId = defaultAssistantId(graphId);
          // A map that failed while the deployment did not answer is tried again now that it does.
          if (this.settled.get(assistantId)?.reason !== undefined) this.maps.delete(assistantId);
          const result = await this.mapFor(assistantId);
          if (result.map?.langgraphJson === langgraphJson) {
            fromServer++;
            continue;
          }
        }
        const key = codeKey(langgraphJson, graphId);
        if (!this.codeMaps.has(key)) await this.loadFromCode(key, langgraphJson, graphId);
        fromCode++;
      }
    }
    this.log.info(`Node sources preloaded (${why}): ${fromServer} graph(s) from the deployment, ${fromCode} from the code alone, of ${projects.length} langgraph.json, in ${Math.round(performance.now() - started)} ms in the background (${this.activationMs.toFixed(1)} ms during activation)`);
  }

  private async loadFromCode(key: string, langgraphJson: string, graphId: string): Promise<void> {
    const map = await loadGraphSourcesFromCode(langgraphJson, graphId, readText);
    this.codeMaps.set(key, { assistantId: defaultAssistantId(graphId), map });
    this.changed.fire();
  }

  private projectFiles(): Promise<string[]> {
    this.projects ??= Promise.resolve(vscode.workspace.findFiles(PROJECTS_GLOB, PROJECTS_EXCLUDE, 20)).then(
      (uris) => uris.map((u) => u.fsPath).sort((a, b) => a.length - b.length),
      () => [],
    );
    return this.projects;
  }

  /** A Python/TS file of a langgraph.json project opened while none of that project's graphs has a map: build them. */
  private async opened(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== "file" || !SOURCE_LANGUAGES.has(doc.languageId)) return;
    const projects = await this.projectFiles();
    // The innermost project holding the file (projects are sorted shallowest first).
    const project = projects.findLast((p) => doc.uri.fsPath.startsWith(path.dirname(p) + path.sep));
    if (!project || this.preloading) return;
    const has = [...this.codeMaps.values(), ...this.settled.values()].some((r) => r.map?.langgraphJson === project);
    if (!has) await this.preload(`${path.basename(doc.uri.fsPath)} opened`);
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
    this.projects = undefined;
    this.changed.fire();
    const shown = this.driver.graph;
    if (shown) this.reload(shown.assistantId);
    void this.preload("the deployment or workspace changed");
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

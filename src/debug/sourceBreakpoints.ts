// Where the session's graph is written, for the debug adapter: the project's langgraph.json read with
// node:fs into the node finder's GraphSourceMap; a source breakpoint on a line mapped to "before the
// node" the line belongs to (kept in the session's one BreakpointTable, under its file); each stack
// frame's node function as the frame's source. A line the map cannot place is never guessed.
import type { DebugProtocol } from "@vscode/debugprotocol";
import { watch, type FSWatcher } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { messageOf } from "../engine/errorMessage";
import { findLanggraphJson, loadGraphSources, type GraphSourceMap, type ReadText } from "../engine/source/nodeSources";
import type { BreakpointTable } from "./breakpoints";

/** What the session knows of its graph's code: the map, or why there is none (for people). */
export type GraphSources = { map: GraphSourceMap; why?: undefined } | { map?: undefined; why: string };

/** How files are read: node:fs in the adapter, vscode.workspace.fs in the extension host. */
export interface ProjectFiles {
  read: ReadText;
  /** A folder's entry names. */
  listDir(dir: string): Promise<string[]>;
}

const nodeFiles: ProjectFiles = {
  read: (file) => readFile(file, "utf8").catch(() => undefined),
  listDir: (dir) => readdir(dir).catch(() => []),
};

/**
 * Reads where graph `graphId`'s nodes are written, from the langgraph.json at or under `project` (a
 * folder or a langgraph.json). Never throws: what went wrong is the `why`.
 */
export async function readGraphSources(project: string, graphId: string, nodeNames: readonly string[], files: ProjectFiles = nodeFiles): Promise<GraphSources> {
  const { read: readText, listDir } = files;
  try {
    const json = await findLanggraphJson(project, graphId, readText, listDir);
    if (!json) return { why: `No langgraph.json at or under ${project} declares graph ${graphId}: set "project" in the launch configuration to the folder of the graph's code.` };
    // Two projects under the folder may both declare the graph (the repository's JS and Python samples):
    // taking the first could show the other project's lines, so neither is taken.
    const another = await findLanggraphJson(project, graphId, (file) => (path.resolve(file) === path.resolve(json) ? Promise.resolve(undefined) : readText(file)), listDir);
    if (another) return { why: `Both ${json} and ${another} declare graph ${graphId}: set "project" in the launch configuration to the one the server runs.` };
    return { map: await loadGraphSources(json, graphId, nodeNames, readText) };
  } catch (error) {
    return { why: `Could not read graph ${graphId}'s code under ${project}: ${messageOf(error)}` };
  }
}

/** A node's place for a stack frame: its function's definition, else where it is added. */
export function frameLocation(map: GraphSourceMap | undefined, node: string): { source: DebugProtocol.Source; line: number; column: number } | undefined {
  const source = map?.sourceOf(node)?.source;
  const span = source?.definition ?? source?.added;
  if (!span) return undefined;
  return { source: { name: path.basename(span.file), path: span.file }, line: span.line, column: span.column ?? 1 };
}

interface LineBreakpoint {
  id: number;
  request: DebugProtocol.SourceBreakpoint;
  /** The node it was last placed on: a line whose node a reload removed stays on it, unverified, until it comes back. */
  node?: string;
}

/** The graph's nodes (ids as the server gives them). */
type NodeList = { nodes: readonly { id: string }[] };

/** The languages whose own debugger (a child session) can stop on a line inside a node's function. */
export type CodeLanguage = "js" | "python";

export const DEBUGGER_NAMES: Record<CodeLanguage, string> = { js: "the JavaScript debugger", python: "the Python debugger" };

/** The language of a code file, by its extension. */
export function languageOf(file: string): CodeLanguage | undefined {
  if (/\.py$/i.test(file)) return "python";
  if (/\.[cm]?[jt]sx?$/i.test(file)) return "js";
  return undefined;
}

/** The session's source breakpoints, file by file, mapped onto nodes through the graph's source map. */
export class SourceBreakpoints {
  private sources: GraphSources = { why: "Not placed yet: the session reads where the graph's nodes are written when it launches." };
  private readonly files = new Map<string, LineBreakpoint[]>();
  /**
   * Languages whose debugger is attached to the graphs' process (a child session): a line inside a
   * node's function body is that debugger's to stop on, with the function's locals, not "before the node".
   */
  private readonly children = new Set<CodeLanguage>();

  /** `graph`: the session's graph now; a line placed on a node it lacks is kept unverified (`missing` in the table). */
  constructor(
    private readonly table: BreakpointTable,
    private readonly graph: () => NodeList | undefined = () => undefined,
  ) {}

  get map(): GraphSourceMap | undefined {
    return this.sources.map;
  }

  /** Replaces one file's breakpoints (new ids; a line set again keeps the node it was on); returns their verifications, in order. */
  set(file: string, list: readonly DebugProtocol.SourceBreakpoint[]): DebugProtocol.Breakpoint[] {
    const key = path.resolve(file);
    const nodeBefore = new Map(this.files.get(key)?.map((e) => [e.request.line, e.node]));
    const entries = list.map((request) => ({ id: this.table.newId(), request, node: nodeBefore.get(request.line) }));
    if (entries.length > 0) this.files.set(key, entries);
    else this.files.delete(key);
    return this.apply(key, entries);
  }

  /** A new map (launch, or the code changed): every breakpoint is placed again, ids kept; returns them all (for `breakpoint` changed events). */
  use(sources: GraphSources): DebugProtocol.Breakpoint[] {
    this.sources = sources;
    return [...this.files].flatMap(([file, entries]) => this.apply(file, entries));
  }

  /** A child session debugs the graphs' code in `language` (or no longer): every breakpoint is placed again, ids kept; returns them all. */
  child(language: CodeLanguage, attached: boolean): DebugProtocol.Breakpoint[] {
    if (attached === this.children.has(language)) return [];
    if (attached) this.children.add(language);
    else this.children.delete(language);
    return this.use(this.sources);
  }

  private apply(file: string, entries: readonly LineBreakpoint[]): DebugProtocol.Breakpoint[] {
    const source: DebugProtocol.Source = { name: path.basename(file), path: file };
    const graph = this.graph();
    const placed = entries.map((e) => {
      const at = this.place(file, e.request.line);
      if (at.node !== undefined) e.node = at.node;
      // Its node's code was removed and the reloaded graph has no such node: kept on it, so it comes back with the node.
      else if (this.sources.map && e.node && graph && !graph.nodes.some((n) => n.id === e.node)) return { id: e.id, request: e.request, node: e.node };
      return { id: e.id, request: e.request, ...at };
    });
    const mapped = placed.filter((p) => p.node !== undefined);
    const verified = this.table.setFunctionBreakpointsOf(
      `file:${file}`,
      mapped.map((p) => ({ id: p.id, name: p.node!, condition: p.request.condition, hitCondition: p.request.hitCondition, logMessage: p.request.logMessage, where: { path: file, line: p.request.line } })),
      graph,
    );
    return placed.map((p) => {
      const at = { id: p.id, line: p.request.line, source };
      if (p.node === undefined) return { ...at, verified: false, message: p.why };
      const v = verified[mapped.indexOf(p)];
      if (!v.verified) return { ...at, verified: false, message: v.message };
      return { ...at, verified: true, message: `${p.request.logMessage ? "Logs" : "Breaks"} before node ${p.node} of graph ${this.sources.map!.graphId}` };
    });
  }

  /** The node a line belongs to, or why it has none. */
  private place(file: string, line: number): { node?: string; why?: string } {
    const { map, why } = this.sources;
    if (!map) return { why };
    if (!map.files.some((f) => path.resolve(f) === file)) return { why: `${path.basename(file)} is not part of graph ${map.graphId} (${map.langgraphJson}).` };
    const node = map.nodeAt(file, line);
    if (node === undefined) return { why: `Line ${line} belongs to no node of graph ${map.graphId}.` };
    const child = childLineOf(map, this.children, file, line);
    if (child) return { why: `Line ${line} is inside node ${node}'s code: ${DEBUGGER_NAMES[child.language]} stops there. Line ${child.functionLine} (its function) breaks before ${node}.` };
    return { node };
  }
}

/**
 * A line inside a node's function body (after its first line, not on its add line) in a file whose
 * language has a child debugger attached (`children`): that debugger stops there, the node does not.
 * A subgraph's builder is not run by the node, so its lines stay "before the node".
 */
export function childLineOf(map: GraphSourceMap, children: ReadonlySet<CodeLanguage>, file: string, line: number): { node: string; language: CodeLanguage; functionLine: number } | undefined {
  const language = languageOf(file);
  if (!language || !children.has(language)) return undefined;
  const node = map.nodeAt(file, line);
  if (node === undefined) return undefined;
  const at = path.resolve(file);
  const source = map.sourceOf(node)?.source;
  const def = source?.definition;
  if (!def || path.resolve(def.file) !== at || line <= def.line || line > def.endLine) return undefined;
  const added = source.added;
  if (added && path.resolve(added.file) === at && line >= added.line && line <= added.endLine) return undefined;
  if (map.drawnNodes.some((n) => n.startsWith(`${node}:`))) return undefined;
  return { node, language, functionLine: def.line };
}

/** Calls `changed` (once per burst of saves) when one of the files changes; close to stop. */
export function watchFiles(files: readonly string[], changed: () => void): { close(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchers: FSWatcher[] = [];
  for (const file of files) {
    try {
      watchers.push(
        watch(file, { persistent: false }, () => {
          clearTimeout(timer);
          timer = setTimeout(changed, 300);
        }),
      );
    } catch {
      // A file gone since it was read: nothing to watch.
    }
  }
  return {
    close: () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

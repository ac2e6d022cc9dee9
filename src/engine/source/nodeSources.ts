// Where each node of a graph is written: langgraph.json names the graph's file and variable, the graph's
// code is parsed with web-tree-sitter (VS Code's own build, @vscode/tree-sitter-wasm: a real parser for
// Python and TypeScript/JavaScript with no native install step), and graphWalker.ts follows it to every
// add_node/addNode call and node function. Engine code: no `vscode`; the host reads files through
// vscode.workspace.fs, the standalone debug adapter through node:fs.
import path from "node:path";
import { GraphWalker, type NodeSource, type SourceSpan, type WalkResult } from "./graphWalker";
import { grammarOf } from "./parsers";
import { Program, type ReadText } from "./program";

export type { NodeSource, SourceSpan } from "./graphWalker";
export type { ReadText } from "./program";

export type NodeLookup = { node: string; source: NodeSource; missing?: undefined } | { node: string; source?: undefined; missing: string };

/** Where the nodes of one graph are written. */
export interface GraphSourceMap {
  graphId: string;
  langgraphJson: string;
  nodes: readonly NodeLookup[];
  sourceOf(node: string): NodeLookup | undefined;
  /** The node a line belongs to: its add site, or any line of its function (innermost wins); undefined for a line of no node. */
  nodeAt(file: string, line: number): string | undefined;
  /** Every node a line belongs to as innermost (several when nodes share a function, e.g. two made by one factory); nodeAt is the first. */
  nodesAt(file: string, line: number): string[];
  /** Every file the map read (to re-read when one is saved). */
  files: readonly string[];
}

/** One graph entry of a langgraph.json. */
export interface GraphEntry {
  file: string;
  exportName: string;
}

const SPECIAL = new Set(["__start__", "__end__"]);
const SKIPPED_DIRS = new Set(["node_modules", ".venv", "venv", ".git", "__pycache__", ".langgraph_api", "dist", "build"]);

/** The graphs of a langgraph.json: id → entry file (absolute) and exported variable; dependencies resolved to absolute folders. */
export async function readLanggraphJson(file: string, read: ReadText): Promise<{ graphs: Record<string, GraphEntry>; dependencies: string[] }> {
  const text = await read(file);
  if (text === undefined) throw new Error(`${file} does not exist`);
  const config = JSON.parse(text) as { graphs?: Record<string, unknown>; dependencies?: unknown };
  const dir = path.dirname(file);
  const dependencies = (Array.isArray(config.dependencies) ? config.dependencies : [])
    .filter((d): d is string => typeof d === "string" && (d.startsWith(".") || path.isAbsolute(d)))
    .map((d) => path.resolve(dir, d));
  const graphs: Record<string, GraphEntry> = {};
  for (const [id, value] of Object.entries(config.graphs ?? {})) {
    const spec = typeof value === "string" ? value : value && typeof value === "object" && typeof (value as { path?: unknown }).path === "string" ? (value as { path: string }).path : undefined;
    if (!spec) continue;
    const colon = spec.lastIndexOf(":");
    const target = colon > 1 ? spec.slice(0, colon) : spec;
    const exportName = colon > 1 ? spec.slice(colon + 1) : "default";
    // `my.module:graph` (Python module syntax) lives under the first dependency folder.
    const isModule = !target.includes("/") && !target.includes("\\") && !/\.(py|[cm]?[jt]sx?)$/.test(target);
    const fileOf = isModule ? path.join(dependencies[0] ?? dir, ...target.split(".")) + ".py" : path.resolve(dir, target);
    graphs[id] = { file: fileOf, exportName };
  }
  return { graphs, dependencies };
}

/** Finds the langgraph.json declaring `graphId` at or under `root` (a folder or a langgraph.json path); undefined when none does. */
export async function findLanggraphJson(root: string, graphId: string, read: ReadText, listDir?: (dir: string) => Promise<string[]>): Promise<string | undefined> {
  return (await findLanggraphJsons(root, graphId, read, listDir, 1))[0];
}

/** Every langgraph.json declaring `graphId` at or under `root`, shallowest first (a workspace may hold a JS and a Python project with the same graph ids). */
export async function findLanggraphJsons(root: string, graphId: string, read: ReadText, listDir?: (dir: string) => Promise<string[]>, limit = 10): Promise<string[]> {
  const declares = async (file: string) => {
    try {
      return graphId in (await readLanggraphJson(file, read)).graphs;
    } catch {
      return false;
    }
  };
  if (path.basename(root) === "langgraph.json") return (await declares(root)) ? [root] : [];
  const found: string[] = [];
  let level = [root];
  for (let depth = 0; depth < 4 && level.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const candidate = path.join(dir, "langgraph.json");
      if ((await declares(candidate)) && found.push(candidate) >= limit) return found;
      if (!listDir) continue;
      const entries = await listDir(dir).catch(() => []);
      for (const entry of entries.sort()) if (!entry.startsWith(".") && !SKIPPED_DIRS.has(entry) && !path.extname(entry)) next.push(path.join(dir, entry));
    }
    level = next;
  }
  return found;
}

/**
 * The language of the server that drew a graph: the JS server draws `__start__` as a JSON schema and
 * its nodes as langgraph RunnableCallables; the Python server draws `__start__` as a runnable.
 */
export function serverLanguage(graph: { nodes: { id: string; type?: string; data?: unknown }[] }): "python" | "typescript" | undefined {
  const start = graph.nodes.find((n) => n.id === "__start__");
  if (start?.type === "schema") return "typescript";
  if (start?.type === "runnable") return "python";
  return undefined;
}

/** The language a langgraph.json's graph is written in, by its entry file. */
export async function graphLanguage(langgraphJson: string, graphId: string, read: ReadText): Promise<"python" | "typescript" | undefined> {
  const entry = (await readLanggraphJson(langgraphJson, read).catch(() => undefined))?.graphs[graphId];
  const grammar = entry && grammarOf(entry.file);
  return grammar === undefined ? undefined : grammar === "python" ? "python" : "typescript";
}

/** Parses the graph's code and places every node. Never throws for code it cannot understand: such nodes get `missing`. */
export async function loadGraphSources(langgraphJson: string, graphId: string, nodeNames: readonly string[], read: ReadText): Promise<GraphSourceMap> {
  let walk: WalkResult | undefined;
  let failure: string | undefined;
  let entry: GraphEntry | undefined;
  let files: string[] = [langgraphJson];
  try {
    const config = await readLanggraphJson(langgraphJson, read);
    entry = config.graphs[graphId];
    if (!entry) failure = `${path.basename(langgraphJson)} declares no graph "${graphId}"`;
    else {
      const program = new Program(read, [...config.dependencies, path.dirname(langgraphJson)]);
      try {
        const found = await walkGraph(program, entry);
        if (typeof found === "string") failure = found;
        else walk = found;
      } finally {
        files = [langgraphJson, ...program.files];
        program.dispose();
      }
    }
  } catch (err) {
    failure = `could not read the graph's code: ${err instanceof Error ? err.message : String(err)}`;
  }
  return sourceMap(graphId, langgraphJson, nodeNames, walk, failure, entry, files);
}

/** Walks the graph an entry names; a string says why it could not be found. */
async function walkGraph(program: Program, entry: GraphEntry): Promise<WalkResult | string> {
  const rel = path.basename(entry.file);
  const module = await program.module(entry.file);
  if (!module) return `${rel} could not be read`;
  const own = module.syntax.exported(entry.exportName, module);
  const exported = own && (await program.follow(own));
  if (!exported || "root" in exported || exported.kind === "import") return `${rel} defines no "${entry.exportName}"`;
  const walker = new GraphWalker(program);
  if (await walker.functional(exported)) return walker.result;
  let adds = 0;
  if (exported.kind === "function") for (const ret of exported.module.syntax.returns(exported.node)) adds += await walker.walk(exported.module, ret);
  else if (exported.kind === "value") adds = await walker.walk(exported.module, exported.value);
  if (!adds && walker.result.nodes.size === 0) return `the finder could not see how "${entry.exportName}" in ${rel} is built (no ${module.syntax.methods.add} calls found)`;
  return walker.result;
}

function sourceMap(graphId: string, langgraphJson: string, nodeNames: readonly string[], walk: WalkResult | undefined, failure: string | undefined, entry: GraphEntry | undefined, files: string[]): GraphSourceMap {
  const found = walk?.nodes ?? new Map<string, NodeSource>();
  const lookup = (node: string): NodeLookup => {
    const source = found.get(node);
    return source ? { node, source } : { node, missing: missingReason(node, graphId, walk, failure, entry) };
  };
  const wanted = nodeNames.length ? nodeNames.filter((n) => !SPECIAL.has(n)) : [...found.keys()];
  const ids = new Set<string>();
  for (const n of wanted) {
    const parts = n.split(":");
    for (let i = 1; i < parts.length; i++) ids.add(parts.slice(0, i).join(":"));
    ids.add(n);
  }
  const nodes = [...ids].map(lookup);
  // Innermost wins; on the same lines an add site beats a definition (a one-line subgraph adding its nodes).
  const spans: { node: string; span: SourceSpan; rank: number }[] = [];
  for (const n of nodes) {
    if (n.source?.added) spans.push({ node: n.node, span: n.source.added, rank: 0 });
    if (n.source?.definition) spans.push({ node: n.node, span: n.source.definition, rank: 1 });
  }
  function nodesAt(file: string, line: number): string[] {
    let best: { nodes: string[]; size: number } | undefined;
    for (const { node, span, rank } of spans) {
      if (span.file !== file || line < span.line || line > span.endLine) continue;
      const size = (span.endLine - span.line) * 2 + rank;
      if (!best || size < best.size) best = { nodes: [node], size };
      else if (size === best.size && !best.nodes.includes(node)) best.nodes.push(node);
    }
    return best?.nodes ?? [];
  }
  return {
    graphId,
    langgraphJson,
    nodes,
    files,
    sourceOf: (node) => (ids.has(node) || found.has(node) ? lookup(node) : undefined),
    nodeAt: (file, line) => nodesAt(file, line)[0],
    nodesAt,
  };
}

function missingReason(node: string, graphId: string, walk: WalkResult | undefined, failure: string | undefined, entry: GraphEntry | undefined): string {
  if (failure || !walk || !entry) return `Graph "${graphId}": ${failure ?? "not found"}.`;
  const parts = node.split(":");
  for (let i = parts.length - 1; i > 0; i--) {
    const group = parts.slice(0, i).join(":");
    const why = walk.opaque.get(group);
    if (why) return `"${node}" is inside the subgraph "${group}", whose code the finder could not follow: ${why}.`;
    if (walk.nodes.has(group) && ![...walk.nodes.keys()].some((k) => k.startsWith(`${group}:`))) {
      return `"${node}" is inside the subgraph "${group}", which its node's code builds or calls in a way the finder cannot follow.`;
    }
  }
  const where = path.basename(entry.file);
  if (walk.unnamed.length) {
    const sites = walk.unnamed.map((s) => `${path.basename(s.file)}:${s.line}`).join(", ");
    return `No node named "${parts[parts.length - 1]}" in the code of graph "${graphId}" (${where}); nodes added at ${sites} get their names at run time.`;
  }
  return `No node named "${parts[parts.length - 1]}" is added in the code of graph "${graphId}" (${where}).`;
}

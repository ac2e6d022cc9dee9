// Where each node of a graph is written: langgraph.json names the graph's file and variable, the graph's
// code is parsed with web-tree-sitter (VS Code's own build, @vscode/tree-sitter-wasm: a real parser for
// Python and TypeScript/JavaScript with no native install step), and graphWalker.ts follows it to every
// add_node/addNode call and node function. Engine code: no `vscode`; the host reads files through
// vscode.workspace.fs, the standalone debug adapter through node:fs.
import { createHash } from "node:crypto";
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
  /** The node ids as the server's xray graph draws them (no __start__/__end__): the names asked for, or for a map from code alone, the finder's. */
  drawnNodes: readonly string[];
  /** Built from the code alone: no server's graph named the nodes. */
  fromCode: boolean;
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

/**
 * Parses the graph's code and places every node the server's graph names (no names: the nodes the code adds,
 * as loadGraphSourcesFromCode). Never throws for code it cannot understand: such nodes get `missing`.
 */
export function loadGraphSources(langgraphJson: string, graphId: string, nodeNames: readonly string[], read: ReadText): Promise<GraphSourceMap> {
  return load(langgraphJson, graphId, nodeNames.length ? nodeNames : undefined, read);
}

/**
 * The nodes the graph's code adds, as a server's xray graph would draw them (a subgraph's nodes in place of
 * the subgraph), placed: for when no deployment answers. Nodes whose names are made at run time are not listed.
 */
export function loadGraphSourcesFromCode(langgraphJson: string, graphId: string, read: ReadText): Promise<GraphSourceMap> {
  return load(langgraphJson, graphId, undefined, read);
}

/**
 * The id both servers give the assistant they make for each graph of a langgraph.json: uuid5 of the graph id
 * in their NAMESPACE_GRAPH (langgraph_api/graph.py, @langchain/langgraph-api graph/load). Breakpoints are
 * kept per assistant, so a lens set before the server runs is the default assistant's once it does.
 */
export function defaultAssistantId(graphId: string): string {
  const namespace = Buffer.from("6ba7b8219dad11d180b400c04fd430c8", "hex");
  const hash = createHash("sha1").update(namespace).update(graphId, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function load(langgraphJson: string, graphId: string, nodeNames: readonly string[] | undefined, read: ReadText): Promise<GraphSourceMap> {
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
  const drawn = nodeNames ? nodeNames.filter((n) => !SPECIAL.has(n) && !n.endsWith(":__start__") && !n.endsWith(":__end__")) : xrayNodes(walk);
  return sourceMap(graphId, langgraphJson, drawn, !nodeNames, walk, failure, entry, files);
}

/** The found nodes as an xray graph draws them: a subgraph whose nodes were found is drawn as those nodes. */
function xrayNodes(walk: WalkResult | undefined): string[] {
  const ids = [...(walk?.nodes.keys() ?? [])];
  return ids.filter((id) => !ids.some((other) => other.startsWith(`${id}:`)));
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

function sourceMap(graphId: string, langgraphJson: string, drawn: readonly string[], fromCode: boolean, walk: WalkResult | undefined, failure: string | undefined, entry: GraphEntry | undefined, files: string[]): GraphSourceMap {
  const found = walk?.nodes ?? new Map<string, NodeSource>();
  const lookup = (node: string): NodeLookup => {
    const source = found.get(node);
    return source ? { node, source } : { node, missing: missingReason(node, graphId, walk, failure, entry) };
  };
  const ids = new Set<string>();
  for (const n of drawn) {
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
    drawnNodes: drawn,
    fromCode,
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

// Graph → ELK input: groups xray ids (`parent:child`) under compound nodes, hides collapsed
// subgraphs behind one node, merges the edges that collapsing makes parallel. Pure.
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from "elkjs/lib/elk-api";
import type { GraphData } from "../../src/engine/model";

/** How a visible node is drawn. */
export type NodeKind = "node" | "terminal" | "group" | "collapsed";

/** What the renderer needs to know about a visible node besides its box. */
export interface NodeInfo {
  id: string;
  /** Last segment of the id (`child_step` for `child:child_step`). */
  label: string;
  kind: NodeKind;
  /** Enclosing group id, if any. */
  parent?: string;
  /** Nesting depth: 0 at the top level. */
  depth: number;
}

/** A visible edge, after collapsed subgraphs folded their inner ends into themselves. */
export interface EdgeInfo {
  /** `source->target` of the visible ends. */
  key: string;
  source: string;
  target: string;
  /** True when every graph edge folded into it is conditional. */
  conditional: boolean;
}

/** The ELK graph plus the facts geometry.ts needs to turn ELK's answer into drawables. */
export interface LayoutRequest {
  elk: ElkNode;
  nodes: Record<string, NodeInfo>;
  edges: Record<string, EdgeInfo>;
}

/** Which ids are groups and who encloses whom, read from the `:`-separated xray ids. */
export interface GraphHierarchy {
  groups: Set<string>;
  parentOf: Map<string, string | undefined>;
}

const NODE_HEIGHT = 30;
/** Terminals are pills with their label ("start", "end") inside, so ELK keeps room for it. */
const TERMINAL_WIDTH = 60;
const TERMINAL_HEIGHT = 20;
const CHAR_WIDTH = 7.2;
/** Icon, padding and room for the breakpoint toggles. */
const NODE_CHROME = 58;
const GROUP_PADDING = "[top=34,left=12,bottom=12,right=12]";

/** Root layout: layered top→bottom, orthogonal edges routed across subgraph borders. */
export const ROOT_LAYOUT_OPTIONS: LayoutOptions = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  // Children come in flow order (see flowOrder), so the edges that go back against it are the loops.
  "elk.layered.cycleBreaking.strategy": "MODEL_ORDER",
  "elk.spacing.nodeNode": "24",
  "elk.layered.spacing.nodeNodeBetweenLayers": "28",
  "elk.spacing.edgeNode": "14",
  "elk.layered.spacing.edgeNodeBetweenLayers": "14",
  "elk.padding": "[top=10,left=10,bottom=10,right=10]",
  "elk.json.edgeCoords": "ROOT",
  "elk.json.shapeCoords": "ROOT",
};

/** Above this many drawn nodes, trade layout polish for speed (200 nodes: ~400 → ~120 ms in ELK). */
export const LARGE_GRAPH_NODES = 40;

/**
 * Options for large graphs (on the root and on every subgraph: ELK reads placement and crossing
 * options per graph, even when it lays the whole hierarchy out at once): one crossing-minimisation
 * pass, no greedy switch, no model order, simple placement, and edges that leave or enter a node
 * on the same side share a port (fewer ports to order and place: ~10% less ELK time on 1,000
 * nodes, with as few crossings).
 */
export const LARGE_GRAPH_OPTIONS: LayoutOptions = {
  "elk.layered.thoroughness": "1",
  "elk.layered.considerModelOrder.strategy": "NONE",
  "elk.layered.crossingMinimization.greedySwitch.type": "OFF",
  "elk.layered.nodePlacement.strategy": "SIMPLE",
  "elk.layered.mergeEdges": "true",
};

/** Every proper `:` prefix of an id, outermost first (`a:b:c` → `a`, `a:b`). */
export function ancestorsOf(id: string): string[] {
  if (!id.includes(":")) return [];
  const parts = id.split(":");
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join(":"));
  return out;
}

/** Groups are the prefixes of xray ids; a plain node with the same id as a group becomes that group. */
export function graphHierarchy(graph: GraphData): GraphHierarchy {
  const groups = new Set<string>();
  for (const node of graph.nodes) for (const a of ancestorsOf(node.id)) groups.add(a);
  const parentOf = new Map<string, string | undefined>();
  for (const id of [...graph.nodes.map((n) => n.id), ...groups]) parentOf.set(id, ancestorsOf(id).at(-1));
  return { groups, parentOf };
}

/** The id a node is drawn as: its outermost collapsed ancestor, else itself. */
export function visibleId(id: string, collapsed: ReadonlySet<string>): string {
  if (collapsed.size === 0) return id;
  for (const a of ancestorsOf(id)) if (collapsed.has(a)) return a;
  return id;
}

function isTerminal(id: string): boolean {
  const last = id.split(":").at(-1);
  return last === "__start__" || last === "__end__";
}

function nodeWidth(label: string): number {
  return Math.max(96, Math.round(label.length * CHAR_WIDTH + NODE_CHROME));
}

/**
 * Nodes in the order a run flows through them: reverse DFS post-order from `__start__` (a
 * topological order when there are no loops; with loops, only loop edges point backwards).
 * Nodes not reachable from the start keep their place after the reachable ones.
 */
export function flowOrder(graph: GraphData): GraphData["nodes"] {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) {
    const targets = next.get(e.source) ?? [];
    targets.push(e.target);
    next.set(e.source, targets);
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const visited = new Set<string>();
  const order: string[] = [];
  for (const root of [...graph.nodes.filter((n) => n.id === "__start__"), ...graph.nodes]) {
    if (visited.has(root.id)) continue;
    // Iterative DFS; popping takes the last listed child first, so the first listed one ends up first.
    const post: string[] = [];
    const stack: { id: string; children: string[] }[] = [{ id: root.id, children: [...(next.get(root.id) ?? [])] }];
    visited.add(root.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const child = top.children.pop();
      if (child === undefined) {
        post.push(top.id);
        stack.pop();
      } else if (!visited.has(child) && byId.has(child)) {
        visited.add(child);
        stack.push({ id: child, children: [...(next.get(child) ?? [])] });
      }
    }
    order.push(...post.reverse());
  }
  // `__end__` last whatever the DFS said (it is only ever a sink).
  const end = order.indexOf("__end__");
  if (end >= 0) order.push(...order.splice(end, 1));
  return order.flatMap((id) => byId.get(id) ?? []);
}

/** Builds the ELK graph for `graph` with the given subgraphs collapsed. */
/** Which way the layers go: top to bottom (a side panel), or left to right (a view much wider than tall). */
export type LayoutDirection = "DOWN" | "RIGHT";

export function toElk(graph: GraphData, collapsed: ReadonlySet<string> = new Set(), direction: LayoutDirection = "DOWN"): LayoutRequest {
  const { groups } = graphHierarchy(graph);
  const nodes: Record<string, NodeInfo> = {};
  const elkById = new Map<string, ElkNode>();
  const root: ElkNode = { id: "__root__", layoutOptions: { ...ROOT_LAYOUT_OPTIONS, "elk.direction": direction }, children: [], edges: [] };

  // Model order: flow order; groups appear where their first member appears.
  const ordered: string[] = [];
  const seen = new Set<string>();
  for (const node of flowOrder(graph)) {
    for (const id of [...ancestorsOf(node.id), node.id]) {
      if (!seen.has(id)) {
        seen.add(id);
        ordered.push(id);
      }
    }
  }

  for (const id of ordered) {
    if (visibleId(id, collapsed) !== id) continue;
    const parts = id.split(":");
    const label = parts.at(-1) ?? id;
    const parent = ancestorsOf(id).at(-1);
    const isGroup = groups.has(id);
    const kind: NodeKind = isGroup ? (collapsed.has(id) ? "collapsed" : "group") : isTerminal(id) ? "terminal" : "node";
    nodes[id] = { id, label, kind, depth: parts.length - 1, ...(parent ? { parent } : {}) };
    const elkNode: ElkNode =
      kind === "group"
        ? { id, children: [], layoutOptions: { "elk.padding": GROUP_PADDING } }
        : kind === "terminal"
          ? { id, width: TERMINAL_WIDTH, height: TERMINAL_HEIGHT }
          : { id, width: nodeWidth(label) + (kind === "collapsed" ? 24 : 0), height: NODE_HEIGHT };
    elkById.set(id, elkNode);
    const container = parent ? elkById.get(parent) : root;
    (container ?? root).children?.push(elkNode);
  }

  const edges: Record<string, EdgeInfo> = {};
  for (const edge of graph.edges) {
    const source = visibleId(edge.source, collapsed);
    const target = visibleId(edge.target, collapsed);
    if (source === target || !nodes[source] || !nodes[target]) continue;
    const key = `${source}->${target}`;
    const conditional = edge.conditional === true;
    const existing = edges[key];
    if (existing) existing.conditional = existing.conditional && conditional;
    else edges[key] = { key, source, target, conditional };
  }
  if (Object.keys(nodes).length > LARGE_GRAPH_NODES) {
    for (const n of [root, ...elkById.values()]) if (n.children) n.layoutOptions = { ...n.layoutOptions, ...LARGE_GRAPH_OPTIONS };
  }
  root.edges = Object.values(edges).map(
    (e): ElkExtendedEdge => ({ id: e.key, sources: [e.source], targets: [e.target] }),
  );
  return { elk: root, nodes, edges };
}

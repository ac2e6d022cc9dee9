// ELK's laid-out graph → boxes and SVG paths to draw. Pure; coordinates are absolute
// (toElk asks ELK for root-relative shapes and edges).
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import type { EdgeInfo, LayoutRequest, NodeInfo } from "./toElk";

/** A node's box in graph coordinates. */
export interface NodeBox extends NodeInfo {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * An edge's route in graph coordinates, as SVG path data with its corners rounded. Only the path:
 * ELK's points would be cloned to the view and kept in its saved state for nothing (a 1,000-node
 * graph has ~8,000 of them).
 */
export interface EdgePath extends EdgeInfo {
  d: string;
}

/** Everything the graph view draws. */
export interface Geometry {
  width: number;
  height: number;
  /** Nodes in layout (reading) order: top to bottom, then left to right. */
  nodes: NodeBox[];
  edges: EdgePath[];
}

const CORNER_RADIUS = 6;

function collectNodes(node: ElkNode, out: ElkNode[]): void {
  for (const child of node.children ?? []) {
    out.push(child);
    collectNodes(child, out);
  }
}

function collectEdges(node: ElkNode, out: ElkExtendedEdge[]): void {
  out.push(...((node.edges ?? []) as ElkExtendedEdge[]));
  for (const child of node.children ?? []) collectEdges(child, out);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** SVG path through `points` with rounded corners (straight when two points). */
export function roundedPath(points: ElkPoint[], radius = CORNER_RADIUS): string {
  if (points.length === 0) return "";
  const [first] = points;
  let d = `M${round(first.x)},${round(first.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1];
    const at = points[i];
    const next = points[i + 1];
    const inLen = Math.hypot(at.x - prev.x, at.y - prev.y);
    const outLen = Math.hypot(next.x - at.x, next.y - at.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    if (r <= 0.01) {
      d += ` L${round(at.x)},${round(at.y)}`;
      continue;
    }
    const before = { x: at.x - ((at.x - prev.x) / inLen) * r, y: at.y - ((at.y - prev.y) / inLen) * r };
    const after = { x: at.x + ((next.x - at.x) / outLen) * r, y: at.y + ((next.y - at.y) / outLen) * r };
    d += ` L${round(before.x)},${round(before.y)} Q${round(at.x)},${round(at.y)} ${round(after.x)},${round(after.y)}`;
  }
  const last = points[points.length - 1];
  if (points.length > 1) d += ` L${round(last.x)},${round(last.y)}`;
  return d;
}

/** The points of an edge ELK routed, in order through its sections (ELK's own objects, not copies). */
export function edgePoints(edge: ElkExtendedEdge): ElkPoint[] {
  return (edge.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
}

/** Turns ELK's answer for `request` into drawables; nodes ELK did not place are left out. */
export function toGeometry(request: LayoutRequest, laidOut: ElkNode): Geometry {
  const elkNodes: ElkNode[] = [];
  collectNodes(laidOut, elkNodes);
  const nodes: NodeBox[] = [];
  for (const n of elkNodes) {
    const info = request.nodes[n.id];
    if (!info || n.x === undefined || n.y === undefined) continue;
    nodes.push({ ...info, x: n.x, y: n.y, width: n.width ?? 0, height: n.height ?? 0 });
  }
  // Reading order; a group sorts before the nodes inside it because its top is higher.
  nodes.sort((a, b) => a.y - b.y || a.x - b.x || a.depth - b.depth);

  const elkEdges: ElkExtendedEdge[] = [];
  collectEdges(laidOut, elkEdges);
  const edges: EdgePath[] = [];
  for (const e of elkEdges) {
    const info = request.edges[e.id];
    if (!info) continue;
    const points = edgePoints(e);
    if (points.length < 2) continue;
    edges.push({ ...info, d: roundedPath(points) });
  }
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, nodes, edges };
}

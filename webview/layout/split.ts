// A big graph laid out as two halves at once, one per worker: ELK has no parallelism of its own,
// and one worker takes ~0.6–0.9 s on a 1,000-node graph. The graph is cut between two depths of its
// top-level nodes where few edges cross and the halves are about even; each half gets a stub for
// every crossing edge, on its last (or first) layer, and the two answers are stacked with the
// crossing edges routed through a band between them. Pure: no worker, no DOM.
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import { edgePoints } from "./geometry";
import type { LayoutDirection } from "./toElk";

/** Drawn nodes from which a layout is split in two (below this, one worker is fast enough). */
export const SPLIT_MIN_NODES = 400;
/** A cut crossed by more edges than this draws a band too busy to read: the graph is laid out whole. */
export const MAX_SEAM_EDGES = 24;
/** The cut is looked for where the first half holds 40–60 % of the nodes. */
const BALANCE = 0.1;
const SEAM_MARGIN = 18;
const SEAM_TRACK_GAP = 10;
const STUB_SIZE = 2;

/** An edge between the halves: its piece in each half, and whether it runs from the first half down to the second. */
export interface SeamEdge {
  id: string;
  down: boolean;
  firstPiece: string;
  secondPiece: string;
  firstStub: string;
  secondStub: string;
}

export interface SplitLayout {
  /** The ELK input for each half; both carry the root's options. */
  halves: [ElkNode, ElkNode];
  seam: SeamEdge[];
}

function leafCount(node: ElkNode): number {
  return node.children?.length ? node.children.reduce((sum, child) => sum + leafCount(child), 0) : 1;
}

function indexDescendants(node: ElkNode, top: number, out: Map<string, number>): void {
  out.set(node.id, top);
  for (const child of node.children ?? []) indexDescendants(child, top, out);
}

/**
 * Each top-level node's depth: the longest path to it from the top, counting only edges that go
 * forward in flow order (the others are loops back). Two nodes at one depth never need an edge
 * across a cut between depths, which a cut in flow order alone cannot promise.
 */
function depths(root: ElkNode, topOf: Map<string, number>): number[] {
  const count = root.children?.length ?? 0;
  const incoming: number[][] = Array.from({ length: count }, () => []);
  for (const edge of root.edges ?? []) {
    const a = topOf.get(edge.sources[0]);
    const b = topOf.get(edge.targets[0]);
    if (a !== undefined && b !== undefined && a < b) incoming[b].push(a);
  }
  const depth = new Array<number>(count).fill(0);
  for (let j = 0; j < count; j++) for (const i of incoming[j]) depth[j] = Math.max(depth[j], depth[i] + 1);
  return depth;
}

/** Where to cut: the depth (first half = top-level nodes above it) in the balanced range crossed by the fewest edges. */
function bestCut(root: ElkNode, topOf: Map<string, number>, depth: number[]): { at: number; crossing: number } | undefined {
  const children = root.children ?? [];
  const deepest = Math.max(0, ...depth);
  // crossing[d]: edges with one end above depth d and one at or below it (a difference array over the depths).
  const delta = new Array<number>(deepest + 2).fill(0);
  for (const edge of root.edges ?? []) {
    const a = topOf.get(edge.sources[0]);
    const b = topOf.get(edge.targets[0]);
    if (a === undefined || b === undefined || depth[a] === depth[b]) continue;
    delta[Math.min(depth[a], depth[b]) + 1]++;
    delta[Math.max(depth[a], depth[b]) + 1]--;
  }
  const leavesAt = new Array<number>(deepest + 1).fill(0);
  children.forEach((child, i) => (leavesAt[depth[i]] += leafCount(child)));
  const total = leavesAt.reduce((sum, n) => sum + n, 0);
  let above = 0;
  let crossing = 0;
  let best: { at: number; crossing: number; score: number } | undefined;
  for (let d = 1; d <= deepest; d++) {
    above += leavesAt[d - 1];
    crossing += delta[d];
    const off = Math.abs(above / total - 0.5);
    if (off > BALANCE) continue;
    // The bigger half sets the time, so balance weighs in: one edge more through the band is
    // worth 1 % of the nodes (10 nodes of 1,000) moved to the smaller half.
    const score = crossing + off * 200;
    if (!best || score < best.score) best = { at: d, crossing, score };
  }
  return best && { at: best.at, crossing: best.crossing };
}

function stub(id: string, constraint: "FIRST_SEPARATE" | "LAST_SEPARATE"): ElkNode {
  return { id, width: STUB_SIZE, height: STUB_SIZE, layoutOptions: { "elk.layered.layering.layerConstraint": constraint } };
}

/**
 * Cuts `root` (toElk's output: every edge on the root, children in flow order) in two halves, or
 * says undefined when the graph is small, has no balanced cut, or every balanced cut is too busy.
 */
export function splitLayout(root: ElkNode, minNodes = SPLIT_MIN_NODES): SplitLayout | undefined {
  if (leafCount(root) < minNodes) return undefined;
  const children = root.children ?? [];
  const topOf = new Map<string, number>();
  children.forEach((child, i) => indexDescendants(child, i, topOf));
  const depth = depths(root, topOf);
  const cut = bestCut(root, topOf, depth);
  if (!cut || cut.crossing > MAX_SEAM_EDGES) return undefined;

  // Each half keeps the flow order of its nodes (ELK's model order).
  const half = (nodes: ElkNode[]): ElkNode => ({ ...root, layoutOptions: { ...root.layoutOptions }, children: nodes, edges: [] });
  const first = half(children.filter((_, i) => depth[i] < cut.at));
  const second = half(children.filter((_, i) => depth[i] >= cut.at));
  const seam: SeamEdge[] = [];
  const inFirst = (id: string) => depth[topOf.get(id) ?? 0] < cut.at;
  for (const edge of (root.edges ?? []) as ElkExtendedEdge[]) {
    const [source, target] = [edge.sources[0], edge.targets[0]];
    if (inFirst(source) === inFirst(target)) {
      (inFirst(source) ? first : second).edges?.push(edge);
      continue;
    }
    const n = seam.length;
    // NUL cannot come from a graph's JSON ids in practice, so these never meet a real node or edge.
    const [firstStub, secondStub] = [`\u0000seam-first-${n}`, `\u0000seam-second-${n}`];
    first.children?.push(stub(firstStub, "LAST_SEPARATE"));
    second.children?.push(stub(secondStub, "FIRST_SEPARATE"));
    const down = inFirst(source);
    const firstPiece = `\u0000seam-first-piece-${n}`;
    const secondPiece = `\u0000seam-second-piece-${n}`;
    first.edges?.push(down ? { id: firstPiece, sources: [source], targets: [firstStub] } : { id: firstPiece, sources: [firstStub], targets: [target] });
    second.edges?.push(down ? { id: secondPiece, sources: [secondStub], targets: [target] } : { id: secondPiece, sources: [source], targets: [secondStub] });
    seam.push({ id: edge.id, down, firstPiece, secondPiece, firstStub, secondStub });
  }
  return { halves: [first, second], seam };
}

/**
 * What joinHalves and toGeometry read of a half ELK laid out: boxes, children and edge routes. The
 * helper sends this rather than ELK's whole answer (its options, shape ids and hashes too): about
 * half the size, and cloning it between the workers is on the path of every big layout.
 */
export function halfAnswer(node: ElkNode): ElkNode {
  const { id, x, y, width, height } = node;
  const lean: ElkNode = { id, x, y, width, height };
  if (node.children) lean.children = node.children.map(halfAnswer);
  if (node.edges) {
    lean.edges = (node.edges as ElkExtendedEdge[]).map(({ id: edgeId, sources, targets, sections }) => ({
      id: edgeId,
      sources,
      targets,
      sections: (sections ?? []).map(({ id: sectionId, startPoint, endPoint, bendPoints }) => ({ id: sectionId, startPoint, endPoint, ...(bendPoints ? { bendPoints } : {}) })),
    }));
  }
  return lean;
}

function transposeNode(node: ElkNode): void {
  [node.x, node.y] = [node.y, node.x];
  [node.width, node.height] = [node.height, node.width];
  for (const child of node.children ?? []) transposeNode(child);
  for (const edge of (node.edges ?? []) as ElkExtendedEdge[]) for (const p of edgePoints(edge)) [p.x, p.y] = [p.y, p.x];
}

function shift(node: ElkNode, dx: number, dy: number): void {
  for (const child of node.children ?? []) {
    child.x = (child.x ?? 0) + dx;
    child.y = (child.y ?? 0) + dy;
    shift(child, dx, dy);
  }
  for (const edge of (node.edges ?? []) as ElkExtendedEdge[]) {
    for (const p of edgePoints(edge)) {
      p.x += dx;
      p.y += dy;
    }
  }
}

/** Drops points that lie on the line between their neighbours (where a piece meets the band). */
function straighten(points: ElkPoint[]): ElkPoint[] {
  return points.filter((p, i) => {
    const [a, b] = [points[i - 1], points[i + 1]];
    if (!a || !b) return true;
    return !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
  });
}

/** Where a crossing edge meets the band: at `upperX` on its top side, at `lowerX` on its bottom side. */
interface BandEnds {
  upperX: number;
  lowerX: number;
}

/**
 * How often `above`, with its horizontal track higher in the band, crosses `below`: its way down
 * from its track to the bottom side crosses `below`'s track, or `below`'s way down from the top
 * side crosses its track (or runs on top of it, at the same x).
 */
function crossingsWhenAbove(above: BandEnds, below: BandEnds): number {
  const within = (x: number, e: BandEnds) => x > Math.min(e.upperX, e.lowerX) && x < Math.max(e.upperX, e.lowerX);
  return Number(within(above.lowerX, below)) + Number(within(below.upperX, above)) + Number(above.lowerX === below.upperX);
}

/**
 * The order of the band's tracks, top first, with few crossings: a first guess (rightward edges by
 * upper end right to left, then leftward ones left to right), then neighbours swapped while that
 * removes crossings. At most MAX_SEAM_EDGES tracks, so this is quick.
 */
function trackOrder<T extends BandEnds>(ends: T[]): T[] {
  const order = [
    ...ends.filter((e) => e.lowerX >= e.upperX).sort((a, b) => b.upperX - a.upperX),
    ...ends.filter((e) => e.lowerX < e.upperX).sort((a, b) => a.upperX - b.upperX),
  ];
  for (let swapped = true; swapped; ) {
    swapped = false;
    for (let i = 0; i + 1 < order.length; i++) {
      const [a, b] = [order[i], order[i + 1]];
      if (crossingsWhenAbove(b, a) < crossingsWhenAbove(a, b)) {
        [order[i], order[i + 1]] = [b, a];
        swapped = true;
      }
    }
  }
  return order;
}

/**
 * Stacks the laid-out halves (first above, or left of, the second, both centred) and joins each
 * crossing edge's two pieces through the band between them; the result reads like ELK's answer
 * for the whole graph (root coordinates), so toGeometry takes it as it is. The halves are ELK's
 * fresh answers, moved in place and taken into the result (copying them costs ~10–20 ms on 1,000
 * nodes, on the path of every big layout): the caller does not use them afterwards.
 */
export function joinHalves(split: SplitLayout, laidOut: [ElkNode, ElkNode], direction: LayoutDirection): ElkNode {
  // Worked out top to bottom; a left-to-right layout is turned on its side and back.
  const [first, second] = laidOut;
  if (direction === "RIGHT") [first, second].forEach(transposeNode);
  const width = Math.max(first.width ?? 0, second.width ?? 0);
  const band = 2 * SEAM_MARGIN + Math.max(0, split.seam.length - 1) * SEAM_TRACK_GAP;
  shift(first, (width - (first.width ?? 0)) / 2, 0);
  shift(second, (width - (second.width ?? 0)) / 2, (first.height ?? 0) + band);

  const pieces = new Map<string, ElkExtendedEdge>();
  for (const edge of [...(first.edges ?? []), ...(second.edges ?? [])] as ElkExtendedEdge[]) pieces.set(edge.id, edge);
  const pointsOf = (id: string) => {
    const piece = pieces.get(id);
    return piece ? edgePoints(piece) : [];
  };
  const joined = split.seam.map((seam) => {
    const [upper, lower] = [pointsOf(seam.firstPiece), pointsOf(seam.secondPiece)];
    // Where each piece meets the band: the end at its stub.
    const upperX = (seam.down ? upper.at(-1) : upper[0])?.x ?? 0;
    const lowerX = (seam.down ? lower[0] : lower.at(-1))?.x ?? 0;
    return { seam, upper, lower, upperX, lowerX };
  });
  const edges: ElkExtendedEdge[] = [];
  trackOrder(joined).forEach((j, track) => {
    const y = (first.height ?? 0) + SEAM_MARGIN + track * SEAM_TRACK_GAP;
    const across = [{ x: j.upperX, y }, { x: j.lowerX, y }];
    const points = j.seam.down ? [...j.upper, ...across, ...j.lower] : [...j.lower, ...across.reverse(), ...j.upper];
    const route = straighten(points);
    if (route.length < 2) return;
    edges.push({ id: j.seam.id, sources: [], targets: [], sections: [{ id: `${j.seam.id}-route`, startPoint: route[0], endPoint: route[route.length - 1], bendPoints: route.slice(1, -1) }] });
  });

  const stubs = new Set(split.seam.flatMap((s) => [s.firstStub, s.secondStub]));
  const isStub = (node: ElkNode) => stubs.has(node.id);
  const pieceIds = new Set(split.seam.flatMap((s) => [s.firstPiece, s.secondPiece]));
  const isPiece = (edge: ElkExtendedEdge) => pieceIds.has(edge.id);
  const whole: ElkNode = {
    id: first.id,
    x: 0,
    y: 0,
    width,
    height: (first.height ?? 0) + band + (second.height ?? 0),
    children: [...(first.children ?? []), ...(second.children ?? [])].filter((n) => !isStub(n)),
    edges: [...((first.edges ?? []) as ElkExtendedEdge[]), ...((second.edges ?? []) as ElkExtendedEdge[])].filter((e) => !isPiece(e)).concat(edges),
  };
  if (direction === "RIGHT") transposeNode(whole);
  return whole;
}

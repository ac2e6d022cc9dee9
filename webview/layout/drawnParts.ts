// Which nodes and edges of a big graph the view puts in the DOM: those in or near its draw area
// (viewport.ts drawArea). Drawing a 1,000-node graph whole costs the main thread ~1 s of DOM work
// (elements, style, layout, paint) on each new layout, and most of it is off screen: even at the
// smallest zoom a view shows only a slice of such a graph. Pure.
import type { Area } from "../viewport";
import type { EdgePath, Geometry, NodeBox } from "./geometry";

/** Graphs with up to this many nodes (groups and ends included) are drawn whole. */
export const DRAW_WHOLE_MAX_NODES = 200;

export interface DrawnParts {
  nodes: NodeBox[];
  edges: EdgePath[];
}

/** The graph's parts that touch `area`; all of them when the graph is small or there is no area (no size yet). */
export function drawnParts(geometry: Geometry, area: Area | undefined): DrawnParts {
  if (!area || geometry.nodes.length <= DRAW_WHOLE_MAX_NODES) return geometry;
  const bounds = edgeBounds(geometry);
  return {
    nodes: geometry.nodes.filter((n) => touches(area, { left: n.x, top: n.y, right: n.x + n.width, bottom: n.y + n.height })),
    edges: geometry.edges.filter((_, i) => touches(area, bounds[i])),
  };
}

function touches(a: Area, b: Area): boolean {
  return b.left <= a.right && b.right >= a.left && b.top <= a.bottom && b.bottom >= a.top;
}

/** Each edge's bounding box, read once per layout from its path (the points are not kept: geometry.ts). */
const boundsOf = new WeakMap<Geometry, Area[]>();

function edgeBounds(geometry: Geometry): Area[] {
  let bounds = boundsOf.get(geometry);
  if (!bounds) {
    bounds = geometry.edges.map((e) => pathBounds(e.d));
    boundsOf.set(geometry, bounds);
  }
  return bounds;
}

/** The box around every point of SVG path data made of x,y pairs (geometry.ts roundedPath: M, L and Q). */
export function pathBounds(d: string): Area {
  const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  const numbers = d.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g) ?? [];
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const x = Number(numbers[i]);
    const y = Number(numbers[i + 1]);
    box.left = Math.min(box.left, x);
    box.right = Math.max(box.right, x);
    box.top = Math.min(box.top, y);
    box.bottom = Math.max(box.bottom, y);
  }
  return box;
}

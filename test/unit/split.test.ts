// A big graph laid out as two halves (two workers at once in the view), with the real elkjs.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import { describe, expect, it } from "vitest";
import type { GraphData } from "../../src/engine/model";
import { type Geometry, type NodeBox, toGeometry } from "../../webview/layout/geometry";
import { MAX_SEAM_EDGES, SPLIT_MIN_NODES, halfAnswer, joinHalves, splitLayout } from "../../webview/layout/split";
import { type LayoutDirection, toElk } from "../../webview/layout/toElk";
import { elkRoutes } from "../support/elkRoutes";
import { flow, flowId } from "../support/sampleGraphs";

const elk = new ELK();

function leaves(node: ElkNode): string[] {
  return node.children?.length ? node.children.flatMap(leaves) : [node.id];
}

const isStub = (id: string) => id.startsWith("\u0000");

async function laidOut(graph: GraphData, direction: LayoutDirection, minNodes: number) {
  const request = toElk(graph, new Set(), direction);
  const split = splitLayout(request.elk, minNodes);
  if (!split) throw new Error("expected a split");
  // Laid out apart, as the two workers do: ELK gets its own copy of each half.
  const halves = (await Promise.all(split.halves.map((half) => elk.layout(structuredClone(half))))) as [ElkNode, ElkNode];
  // joinHalves moves the halves it is given: these stay as ELK answered, for the checks. The
  // second comes as the helper sends it: only what the join and the drawables read.
  const joined = joinHalves(split, [structuredClone(halves[0]), halfAnswer(structuredClone(halves[1]))], direction);
  return { request, split, halves, geometry: toGeometry(request, joined), routes: elkRoutes(joined) };
}

function overlap(a: NodeBox, b: NodeBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function onBorder(p: { x: number; y: number }, box: NodeBox): boolean {
  const inX = p.x >= box.x - 1 && p.x <= box.x + box.width + 1;
  const inY = p.y >= box.y - 1 && p.y <= box.y + box.height + 1;
  const nearX = Math.abs(p.x - box.x) <= 1 || Math.abs(p.x - box.x - box.width) <= 1;
  const nearY = Math.abs(p.y - box.y) <= 1 || Math.abs(p.y - box.y - box.height) <= 1;
  return inX && inY && (nearX || nearY);
}

function expectDrawable(geometry: Geometry, routes: Map<string, ElkPoint[]>, graph: GraphData): void {
  const boxes = new Map(geometry.nodes.map((n) => [n.id, n]));
  expect(geometry.nodes.length).toBe(boxes.size);
  const drawn = geometry.nodes.filter((n) => n.kind !== "group");
  expect(new Set(drawn.map((n) => n.id))).toEqual(new Set(graph.nodes.map((n) => n.id)));
  for (let i = 0; i < drawn.length; i++) {
    for (let j = i + 1; j < drawn.length; j++) expect(overlap(drawn[i], drawn[j]), `${drawn[i].id} / ${drawn[j].id}`).toBe(false);
  }
  for (const node of drawn) {
    const group = node.parent ? boxes.get(node.parent) : undefined;
    if (group) expect(node.x >= group.x && node.y >= group.y && node.x + node.width <= group.x + group.width && node.y + node.height <= group.y + group.height, node.id).toBe(true);
    expect(node.x >= 0 && node.y >= 0 && node.x + node.width <= geometry.width && node.y + node.height <= geometry.height, node.id).toBe(true);
  }
  expect(new Set(geometry.edges.map((e) => e.key))).toEqual(new Set(graph.edges.map((e) => `${e.source}->${e.target}`)));
  for (const edge of geometry.edges) {
    const points = routes.get(edge.key) ?? [];
    expect(points.length, edge.key).toBeGreaterThanOrEqual(2);
    expect(onBorder(points[0], boxes.get(edge.source)!), `${edge.key} leaves its source`).toBe(true);
    expect(onBorder(points.at(-1)!, boxes.get(edge.target)!), `${edge.key} reaches its target`).toBe(true);
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1], points[i]];
      expect(Math.abs(a.x - b.x) < 0.01 || Math.abs(a.y - b.y) < 0.01, `${edge.key} segment ${i} is straight across or down`).toBe(true);
    }
  }
}

describe("splitting a big layout in two", () => {
  it("leaves graphs under SPLIT_MIN_NODES whole, and splits one that big", () => {
    expect(splitLayout(toElk(flow(SPLIT_MIN_NODES - 10)).elk)).toBeUndefined();
    expect(splitLayout(toElk(flow(SPLIT_MIN_NODES)).elk)).toBeDefined();
  });

  it("cuts between balanced halves where few edges cross; each node is in one half, each edge in a half or through the seam", () => {
    const graph = flow(SPLIT_MIN_NODES);
    const root = toElk(graph).elk;
    const split = splitLayout(root);
    if (!split) throw new Error("expected a split");
    const [first, second] = split.halves.map((half) => leaves(half).filter((id) => !isStub(id)));
    expect(first.length + second.length).toBe(leaves(root).length);
    expect(new Set([...first, ...second]).size).toBe(leaves(root).length);
    expect(Math.abs(first.length / (first.length + second.length) - 0.5)).toBeLessThanOrEqual(0.1);
    expect(first).toContain("__start__");
    expect(second).toContain("__end__");
    // A subgraph stays whole in one half.
    const firstSet = new Set(first);
    for (const group of ["sub3", "sub20"]) {
      const inside = leaves(root).filter((id) => id.startsWith(`${group}:`));
      expect(new Set(inside.map((id) => firstSet.has(id))).size, group).toBe(1);
    }
    // Crossing edges: the loop back, and a few short ones at the cut.
    const crossing = (root.edges ?? []).filter((e) => firstSet.has(e.sources[0]) !== firstSet.has(e.targets[0]));
    expect(split.seam.map((s) => s.id).sort()).toEqual(crossing.map((e) => e.id).sort());
    expect(split.seam.length).toBeGreaterThanOrEqual(2);
    expect(split.seam.length).toBeLessThanOrEqual(MAX_SEAM_EDGES);
    expect(split.seam.find((s) => s.id === `${flowId(SPLIT_MIN_NODES - 2)}->node0`)?.down).toBe(false);
    const kept = split.halves.flatMap((h) => h.edges ?? []).filter((e) => !isStub(e.id));
    expect(kept.length + split.seam.length).toBe(root.edges?.length);
  });

  it("lays a graph whose balanced cuts are all busy out whole: a fan, or two wide layers wired across", () => {
    const fan: GraphData = {
      nodes: [{ id: "__start__" }, ...Array.from({ length: 500 }, (_, i) => ({ id: `n${i}` })), { id: "__end__" }],
      edges: Array.from({ length: 500 }, (_, i) => [{ source: "__start__", target: `n${i}` }, { source: `n${i}`, target: "__end__" }]).flat(),
    };
    expect(splitLayout(toElk(fan).elk)).toBeUndefined();
    const layers: GraphData = {
      nodes: Array.from({ length: 500 }, (_, i) => ({ id: `${i < 250 ? "a" : "b"}${i % 250}` })),
      edges: Array.from({ length: 250 }, (_, i) => [{ source: `a${i}`, target: `b${i}` }, { source: `a${i}`, target: `b${(i + 1) % 250}` }]).flat(),
    };
    expect(splitLayout(toElk(layers).elk)).toBeUndefined();
  });

  for (const direction of ["DOWN", "RIGHT"] as const) {
    it(`joins the halves laid out apart into one drawing, ${direction}: every node once with no overlap, every edge one straight-cornered route between its nodes`, async () => {
      const graph = flow(160);
      const { split, halves, geometry, routes } = await laidOut(graph, direction, 150);
      expectDrawable(geometry, routes, graph);
      // Each half is drawn as ELK laid it out, moved as a whole: the second one past the first and a band for the crossing edges.
      const along = (n: { x: number; y: number }) => (direction === "DOWN" ? n.y : n.x);
      const length = (n: { width?: number; height?: number }) => (direction === "DOWN" ? n.height : n.width) ?? 0;
      const breadth = (n: { width?: number; height?: number }) => (direction === "DOWN" ? n.width : n.height) ?? 0;
      const boxes = new Map(geometry.nodes.map((n) => [n.id, n]));
      const moves = halves.map((half) => {
        const own: ElkNode[] = [];
        const walk = (n: ElkNode) => (n.children ?? []).forEach((c) => (own.push(c), walk(c)));
        walk(half);
        return new Set(own.filter((n) => boxes.has(n.id)).map((n) => `${boxes.get(n.id)!.x - n.x!},${boxes.get(n.id)!.y - n.y!}`));
      });
      expect(moves.map((m) => m.size)).toEqual([1, 1]);
      const [firstMove, secondMove] = moves.map((m) => [...m][0].split(",").map(Number));
      const band = along({ x: secondMove[0] - firstMove[0], y: secondMove[1] - firstMove[1] }) - length(halves[0]);
      expect(band).toBeGreaterThanOrEqual(28);
      expect(length(geometry)).toBe(length(halves[0]) + band + length(halves[1]));
      expect(breadth(geometry)).toBe(Math.max(breadth(halves[0]), breadth(halves[1])));
      const firstIds = new Set(leaves(split.halves[0]));
      const drawn = geometry.nodes.filter((n) => n.kind !== "group");
      const firstEnd = Math.max(...drawn.filter((n) => firstIds.has(n.id)).map((n) => along(n) + length(n)));
      const secondStart = Math.min(...drawn.filter((n) => !firstIds.has(n.id)).map(along));
      // The loop back climbs from the second half to its target in the first.
      const loop = routes.get(`${flowId(158)}->node0`);
      expect(geometry.edges.some((e) => e.key === `${flowId(158)}->node0`)).toBe(true);
      expect(along(loop![0])).toBeGreaterThan(secondStart);
      expect(along(loop!.at(-1)!)).toBeLessThan(firstEnd);
    });
  }
});

// ELK results → drawables, with the real elkjs laying out real-shaped graphs.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkPoint } from "elkjs/lib/elk-api";
import { describe, expect, it } from "vitest";
import type { GraphData } from "../../src/engine/model";
import { type Geometry, type NodeBox, roundedPath, toGeometry } from "../../webview/layout/geometry";
import { toElk } from "../../webview/layout/toElk";
import { elkRoutes } from "../support/elkRoutes";
import { SAMPLE_GRAPHS } from "../support/sampleGraphs";

const elk = new ELK();

const AGENT = SAMPLE_GRAPHS.agent;

const SUBGRAPH: GraphData = {
  nodes: [{ id: "__start__" }, { id: "prepare" }, { id: "a" }, { id: "b" }, { id: "child:child_step" }, { id: "child:child_llm" }, { id: "finish" }, { id: "__end__" }],
  edges: [
    { source: "__start__", target: "prepare" },
    { source: "prepare", target: "a" },
    { source: "prepare", target: "b" },
    { source: "a", target: "child:child_step" },
    { source: "b", target: "child:child_step" },
    { source: "child:child_step", target: "child:child_llm" },
    { source: "child:child_llm", target: "finish" },
    { source: "prepare", target: "finish", conditional: true },
    { source: "finish", target: "__end__" },
  ],
};

/** The drawables, with each edge's route as ELK laid it out (the drawables carry only its path). */
async function layout(graph: GraphData, collapsed = new Set<string>()): Promise<Geometry & { routes: Map<string, ElkPoint[]> }> {
  const request = toElk(graph, collapsed);
  const laidOut = await elk.layout(request.elk);
  return { ...toGeometry(request, laidOut), routes: elkRoutes(laidOut) };
}

/** True when the axis-aligned segment a→b passes through the inside of `box` (shrunk by 1px). */
function crosses(a: { x: number; y: number }, b: { x: number; y: number }, box: NodeBox): boolean {
  const [x0, x1, y0, y1] = [box.x + 1, box.x + box.width - 1, box.y + 1, box.y + box.height - 1];
  const steps = 50;
  for (let i = 0; i <= steps; i++) {
    const x = a.x + ((b.x - a.x) * i) / steps;
    const y = a.y + ((b.y - a.y) * i) / steps;
    if (x > x0 && x < x1 && y > y0 && y < y1) return true;
  }
  return false;
}

/** No edge segment passes through a node it does not connect. */
function expectNoEdgeThroughNodes(g: Geometry & { routes: Map<string, ElkPoint[]> }): void {
  const leaves = g.nodes.filter((n) => n.kind !== "group");
  for (const edge of g.edges) {
    const points = g.routes.get(edge.key) ?? [];
    expect(points.length, edge.key).toBeGreaterThanOrEqual(2);
    for (const node of leaves) {
      if (node.id === edge.source || node.id === edge.target) continue;
      for (let i = 1; i < points.length; i++) {
        expect(crosses(points[i - 1], points[i], node), `${edge.key} through ${node.id}`).toBe(false);
      }
    }
  }
}

describe("toGeometry", () => {
  it("places every node and routes every edge, top to bottom", async () => {
    const g = await layout(AGENT);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(["__end__", "__start__", "agent", "tools"]);
    expect(g.edges.map((e) => e.key).sort()).toEqual(["__start__->agent", "agent->__end__", "agent->tools", "tools->agent"]);
    const y = (id: string) => g.nodes.find((n) => n.id === id)?.y ?? NaN;
    expect(y("__start__")).toBeLessThan(y("agent"));
    expect(y("agent")).toBeLessThan(y("__end__"));
    expect(g.edges.find((e) => e.key === "agent->tools")?.conditional).toBe(true);
    for (const e of g.edges) {
      expect(g.routes.get(e.key)?.length).toBeGreaterThanOrEqual(2);
      expect(e.d.startsWith("M")).toBe(true);
    }
    expect(g.width).toBeGreaterThan(0);
    expect(g.height).toBeGreaterThan(0);
  });

  it("lays a loop out in run order: start, agent, then tools beside end, the loop edge going back up", async () => {
    const g = await layout(AGENT);
    const box = (id: string) => g.nodes.find((n) => n.id === id)!;
    expect(box("__start__").y).toBeLessThan(box("agent").y);
    expect(box("agent").y).toBeLessThan(box("tools").y);
    expect(box("tools").y).toBe(box("__end__").y);
  });

  it("overlaps no two boxes (terminal labels are inside their box)", async () => {
    for (const graph of [AGENT, SUBGRAPH]) {
      const g = await layout(graph);
      const leaves = g.nodes.filter((n) => n.kind !== "group");
      for (const a of leaves) {
        for (const b of leaves) {
          if (a === b) continue;
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
        }
      }
    }
  });

  it("orders nodes for reading: top to bottom, then left to right", async () => {
    const g = await layout(SUBGRAPH);
    for (let i = 1; i < g.nodes.length; i++) {
      const [p, n] = [g.nodes[i - 1], g.nodes[i]];
      expect(p.y < n.y || (p.y === n.y && p.x <= n.x)).toBe(true);
    }
  });

  it("keeps subgraph members inside their group and edges out of nodes they do not connect", async () => {
    const g = await layout(SUBGRAPH);
    const group = g.nodes.find((n) => n.id === "child");
    expect(group?.kind).toBe("group");
    for (const member of g.nodes.filter((n) => n.parent === "child")) {
      expect(member.x).toBeGreaterThanOrEqual(group!.x);
      expect(member.y).toBeGreaterThanOrEqual(group!.y + 20);
      expect(member.x + member.width).toBeLessThanOrEqual(group!.x + group!.width);
      expect(member.y + member.height).toBeLessThanOrEqual(group!.y + group!.height);
    }
    expectNoEdgeThroughNodes(g);
  });

  it("routes edges around nodes in large graphs too (faster layout options)", async () => {
    const nodes = [{ id: "__start__" }];
    const edges: GraphData["edges"] = [];
    for (let i = 0; i < 60; i++) {
      const id = i % 10 >= 7 ? `sub${Math.floor(i / 10)}:n${i}` : `n${i}`;
      edges.push({ source: nodes[Math.max(0, nodes.length - 1 - (i % 3))].id, target: id, conditional: i % 4 === 0 });
      nodes.push({ id });
    }
    const g = await layout({ nodes, edges });
    expect(g.edges).toHaveLength(edges.length);
    expectNoEdgeThroughNodes(g);
  });

  it("draws a collapsed subgraph as one node", async () => {
    const g = await layout(SUBGRAPH, new Set(["child"]));
    expect(g.nodes.find((n) => n.id === "child")?.kind).toBe("collapsed");
    expect(g.nodes.some((n) => n.id.startsWith("child:"))).toBe(false);
    expect(g.edges.map((e) => e.key)).toContain("a->child");
  });

  it("leaves out what ELK did not place", () => {
    const request = toElk(AGENT);
    const g = toGeometry(request, { id: "__root__", children: [{ id: "agent", x: 0, y: 0, width: 10, height: 10 }], edges: [] });
    expect(g.nodes.map((n) => n.id)).toEqual(["agent"]);
    expect(g.edges).toEqual([]);
  });
});

describe("roundedPath", () => {
  it("is a straight line for two points and rounds corners otherwise", () => {
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 10 }])).toBe("M0,0 L0,10");
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 20 }, { x: 20, y: 20 }])).toBe("M0,0 L0,14 Q0,20 6,20 L20,20");
    expect(roundedPath([])).toBe("");
  });
});

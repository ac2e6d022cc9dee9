import { describe, expect, it } from "vitest";
import type { Geometry } from "../../webview/layout/geometry";
import { DRAW_WHOLE_MAX_NODES, drawnParts, pathBounds } from "../../webview/layout/drawnParts";
import { drawArea, fitViewport, MIN_ZOOM, sameArea, zoomAt } from "../../webview/viewport";

describe("fitViewport", () => {
  it("centres a graph that fits, scaled to the box (never past MAX_FIT_ZOOM)", () => {
    expect(fitViewport(400, 200, 824, 424)).toEqual({ x: 162, y: 87, k: 1.25 });
    const wide = fitViewport(1600, 100, 824, 424);
    expect(wide.k).toBeCloseTo(0.5);
    expect(wide.x).toBeCloseTo(12);
    expect(wide.y).toBeCloseTo((424 - 50) / 2);
  });

  it("shows the start of a graph too big to fit at the smallest zoom: its top (and left) at the margin, not its middle", () => {
    const tall = fitViewport(700, 40_000, 900, 474);
    expect(tall.k).toBe(MIN_ZOOM);
    expect(tall.y).toBe(12);
    expect(tall.x).toBeCloseTo((900 - 70) / 2);
    const both = fitViewport(40_000, 40_000, 900, 474);
    expect([both.x, both.y]).toEqual([12, 12]);
  });
});

describe("drawArea", () => {
  const box = { w: 900, h: 500 };
  const onScreen = (v: { x: number; y: number; k: number }) => ({ left: -v.x / v.k, top: -v.y / v.k, right: (box.w - v.x) / v.k, bottom: (box.h - v.y) / v.k });

  it("holds what is on screen and at least half a screen around it, at any pan and zoom", () => {
    for (const k of [0.1, 0.13, 0.5, 0.71, 1, 2.5]) {
      for (const [x, y] of [[0, 0], [-1234, -5678], [300, 40], [-99_999, 17]]) {
        const v = { x, y, k };
        const area = drawArea(v, box.w, box.h);
        const screen = onScreen(v);
        expect(area.left).toBeLessThanOrEqual(screen.left - box.w / k / 2 + 1e-6);
        expect(area.top).toBeLessThanOrEqual(screen.top - box.h / k / 2 + 1e-6);
        expect(area.right).toBeGreaterThanOrEqual(screen.right + box.w / k / 2 - 1e-6);
        expect(area.bottom).toBeGreaterThanOrEqual(screen.bottom + box.h / k / 2 - 1e-6);
        // And not much more: at most ~2.5 screens on each side.
        expect(area.bottom - area.top).toBeLessThanOrEqual((box.h / k) * 6);
      }
    }
  });

  it("stays the same over a small pan or zoom and moves after half a screen", () => {
    const v = { x: -1000, y: -20_123, k: 0.5 };
    const area = drawArea(v, box.w, box.h);
    expect(sameArea(drawArea({ ...v, y: v.y - 3 }, box.w, box.h), area)).toBe(true);
    expect(sameArea(drawArea(zoomAt(v, 1.04, box.w / 2, box.h / 2), box.w, box.h), area)).toBe(true);
    expect(sameArea(drawArea({ ...v, y: v.y - box.h }, box.w, box.h), area)).toBe(false);
  });
});

describe("drawnParts", () => {
  /** A column of `n` 100×30 nodes, 60 apart, each with an edge to the next. */
  function column(n: number): Geometry {
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, label: `n${i}`, kind: "node" as const, depth: 0, x: 0, y: i * 60, width: 100, height: 30 }));
    const edges = nodes.slice(1).map((to, i) => ({ key: `n${i}->${to.id}`, source: `n${i}`, target: to.id, conditional: false, d: `M50,${i * 60 + 30} L50,${to.y}` }));
    return { width: 100, height: n * 60, nodes, edges };
  }

  it("draws a graph of up to DRAW_WHOLE_MAX_NODES nodes whole, and any graph before the view has a size", () => {
    const small = column(DRAW_WHOLE_MAX_NODES);
    expect(drawnParts(small, { left: 0, top: 0, right: 10, bottom: 10 })).toBe(small);
    const big = column(DRAW_WHOLE_MAX_NODES + 1);
    expect(drawnParts(big, undefined)).toBe(big);
  });

  it("of a bigger graph, the nodes and edges that touch the area", () => {
    const big = column(1000);
    const parts = drawnParts(big, { left: -50, top: 6000, right: 200, bottom: 6100 });
    expect(parts.nodes.map((n) => n.id)).toEqual(["n100", "n101"]);
    // n99→n100 ends at 6000; n101→n102 starts at 6090.
    expect(parts.edges.map((e) => e.key)).toEqual(["n99->n100", "n100->n101", "n101->n102"]);
    expect(drawnParts(big, { left: 200, top: 0, right: 300, bottom: 60_000 })).toEqual({ nodes: [], edges: [] });
  });

  it("reads an edge's box from its path, curves and negative coordinates included", () => {
    expect(pathBounds("M10,20 L10,40.5 Q10,46.5 16,46.5 L-3.5,46.5")).toEqual({ left: -3.5, top: 20, right: 16, bottom: 46.5 });
  });
});

import { describe, expect, it } from "vitest";
import type { GraphData } from "../../src/engine/model";
import { LARGE_GRAPH_NODES, LARGE_GRAPH_OPTIONS, ancestorsOf, flowOrder, graphHierarchy, toElk, visibleId } from "../../webview/layout/toElk";

/** The xray graph of a parent with a `child` subgraph, as `/graph?xray=true` returns it. */
const XRAY: GraphData = {
  nodes: [
    { id: "__start__" },
    { id: "prepare" },
    { id: "child:child_step" },
    { id: "child:child_llm" },
    { id: "child:grand:deep" },
    { id: "finish" },
    { id: "__end__" },
  ],
  edges: [
    { source: "__start__", target: "prepare" },
    { source: "prepare", target: "child:child_step" },
    { source: "child:child_step", target: "child:child_llm" },
    { source: "child:child_llm", target: "child:grand:deep" },
    { source: "child:grand:deep", target: "finish", conditional: true },
    { source: "child:child_llm", target: "finish", conditional: true },
    { source: "finish", target: "__end__" },
  ],
};

describe("graph hierarchy", () => {
  it("reads groups from xray ids", () => {
    expect(ancestorsOf("a:b:c")).toEqual(["a", "a:b"]);
    expect(ancestorsOf("plain")).toEqual([]);
    const h = graphHierarchy(XRAY);
    expect([...h.groups].sort()).toEqual(["child", "child:grand"]);
    expect(h.parentOf.get("child:grand:deep")).toBe("child:grand");
    expect(h.parentOf.get("child:grand")).toBe("child");
    expect(h.parentOf.get("prepare")).toBeUndefined();
  });

  it("maps a node to its outermost collapsed ancestor", () => {
    expect(visibleId("child:grand:deep", new Set(["child:grand"]))).toBe("child:grand");
    expect(visibleId("child:grand:deep", new Set(["child", "child:grand"]))).toBe("child");
    expect(visibleId("child:grand:deep", new Set())).toBe("child:grand:deep");
  });
});

describe("toElk", () => {
  it("nests xray nodes in compound nodes and keeps every edge", () => {
    const { elk, nodes, edges } = toElk(XRAY);
    expect(elk.layoutOptions?.["elk.algorithm"]).toBe("layered");
    expect(elk.layoutOptions?.["elk.direction"]).toBe("DOWN");
    expect(elk.layoutOptions?.["elk.hierarchyHandling"]).toBe("INCLUDE_CHILDREN");
    expect(elk.children?.map((c) => c.id)).toEqual(["__start__", "prepare", "child", "finish", "__end__"]);
    const child = elk.children?.find((c) => c.id === "child");
    expect(child?.children?.map((c) => c.id)).toEqual(["child:child_step", "child:child_llm", "child:grand"]);
    expect(child?.children?.find((c) => c.id === "child:grand")?.children?.map((c) => c.id)).toEqual(["child:grand:deep"]);
    expect(nodes["child"]).toMatchObject({ kind: "group", label: "child", depth: 0 });
    expect(nodes["child:child_step"]).toMatchObject({ kind: "node", label: "child_step", parent: "child", depth: 1 });
    expect(nodes["__start__"].kind).toBe("terminal");
    expect(Object.keys(edges).sort()).toEqual(XRAY.edges.map((e) => `${e.source}->${e.target}`).sort());
    expect(edges["child:grand:deep->finish"].conditional).toBe(true);
    expect(edges["prepare->child:child_step"].conditional).toBe(false);
    expect(elk.edges?.map((e) => e.id).sort()).toEqual(Object.keys(edges).sort());
  });

  it("sizes terminals as small pills with room for their label, and nodes by their label", () => {
    const { elk } = toElk(XRAY);
    const start = elk.children?.find((c) => c.id === "__start__");
    const prepare = elk.children?.find((c) => c.id === "prepare");
    // "start" (5 characters at 11px) plus the dot fits inside; ELK keeps the whole pill clear.
    expect(start?.width).toBeGreaterThanOrEqual(50);
    expect(start?.width).toBeLessThan(prepare?.width ?? 0);
    expect(start?.height).toBeLessThan(prepare?.height ?? 0);
    expect(prepare?.width).toBeGreaterThanOrEqual(96);
    const long = toElk({ nodes: [{ id: "a_really_long_node_name_for_sizing" }], edges: [] }).elk.children?.[0];
    expect(long?.width).toBeGreaterThan(prepare?.width ?? 0);
  });

  it("folds a collapsed subgraph into one node, merging the edges that become parallel", () => {
    const { elk, nodes, edges } = toElk(XRAY, new Set(["child"]));
    expect(elk.children?.map((c) => c.id)).toEqual(["__start__", "prepare", "child", "finish", "__end__"]);
    expect(elk.children?.find((c) => c.id === "child")?.children).toBeUndefined();
    expect(nodes["child"].kind).toBe("collapsed");
    expect(nodes["child:child_step"]).toBeUndefined();
    // Inner edges vanish; two conditional edges child:* -> finish merge into one conditional edge.
    expect(Object.keys(edges).sort()).toEqual(["__start__->prepare", "child->finish", "finish->__end__", "prepare->child"]);
    expect(edges["child->finish"].conditional).toBe(true);
  });

  it("calls a merged edge conditional only when all of its edges are", () => {
    const graph: GraphData = {
      nodes: [{ id: "a" }, { id: "g:x" }, { id: "g:y" }],
      edges: [
        { source: "a", target: "g:x", conditional: true },
        { source: "a", target: "g:y" },
      ],
    };
    expect(toElk(graph, new Set(["g"])).edges["a->g"].conditional).toBe(false);
  });

  it("switches to faster options for large graphs only", () => {
    expect(toElk(XRAY).elk.layoutOptions?.["elk.layered.thoroughness"]).toBeUndefined();
    const big: GraphData = { nodes: Array.from({ length: LARGE_GRAPH_NODES + 1 }, (_, i) => ({ id: i % 2 ? `n${i}` : `sub:n${i}` })), edges: [] };
    const { elk } = toElk(big);
    expect(elk.layoutOptions).toMatchObject(LARGE_GRAPH_OPTIONS);
    // ELK reads these per graph: each subgraph needs them too (and keeps its own padding).
    const sub = elk.children?.find((c) => c.id === "sub");
    expect(sub?.layoutOptions).toMatchObject({ ...LARGE_GRAPH_OPTIONS, "elk.padding": expect.any(String) });
    expect(toElk(XRAY).elk.children?.find((c) => c.id === "child")?.layoutOptions).toEqual({ "elk.padding": expect.any(String) });
  });

  it("keeps a plain graph flat and drops edges to unknown nodes", () => {
    const { elk, edges } = toElk({ nodes: [{ id: "a" }, { id: "b" }], edges: [{ source: "a", target: "b" }, { source: "a", target: "ghost" }] });
    expect(elk.children?.map((c) => c.children)).toEqual([undefined, undefined]);
    expect(Object.keys(edges)).toEqual(["a->b"]);
  });
});

describe("flow order (the model order ELK breaks loops by)", () => {
  const ids = (graph: GraphData) => flowOrder(graph).map((n) => n.id);

  it("puts a loop's target before its source, so only the loop edge points back", () => {
    const agent: GraphData = {
      nodes: [{ id: "__start__" }, { id: "tools" }, { id: "agent" }, { id: "__end__" }],
      edges: [
        { source: "__start__", target: "agent" },
        { source: "agent", target: "tools", conditional: true },
        { source: "agent", target: "__end__", conditional: true },
        { source: "tools", target: "agent" },
      ],
    };
    expect(ids(agent)).toEqual(["__start__", "agent", "tools", "__end__"]);
  });

  it("is topological without loops, keeps siblings in listed order and unreachable nodes last", () => {
    const fanout: GraphData = {
      nodes: [{ id: "join" }, { id: "__start__" }, { id: "split" }, { id: "left" }, { id: "right" }, { id: "orphan" }, { id: "__end__" }],
      edges: [
        { source: "__start__", target: "split" },
        { source: "split", target: "left" },
        { source: "split", target: "right" },
        { source: "left", target: "join" },
        { source: "right", target: "join" },
        { source: "join", target: "__end__" },
      ],
    };
    expect(ids(fanout)).toEqual(["__start__", "split", "left", "right", "join", "orphan", "__end__"]);
    // Every node exactly once, also with xray ids.
    expect(ids(XRAY).sort()).toEqual(XRAY.nodes.map((n) => n.id).sort());
  });
});

// The Mermaid export on the graphs real servers return: read the text back and find every node and
// edge of the server's graph in it, with Start / End, dashed conditional edges and status classes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { GraphData } from "../../src/engine/model";
import type { NodeStatus } from "../../src/shared/protocol";
import { mermaidLabel, toMermaid } from "../../webview/export/mermaid";
import { SAMPLE_GRAPHS } from "../support/sampleGraphs";
import { DEMO_GRAPH } from "../webview/scenarios";

const probes = JSON.parse(readFileSync(new URL("../fixtures/python/probes.json", import.meta.url), "utf8")) as {
  agentGraph: GraphData;
  graphXray_true: { body: GraphData };
  graphByGraphId: { body: GraphData };
};

/** What the text says: graph ids rebuilt from subgraph titles and labels, the edges between them, and classes. */
function readBack(text: string) {
  const unescape = (s: string) => s.replace(/#quot;/g, '"').replace(/#lt;/g, "<").replace(/#gt;/g, ">").replace(/#96;/g, "`").replace(/#35;/g, "#");
  const realName = (label: string) => ({ Start: "__start__", End: "__end__" })[label] ?? label;
  const idOf = new Map<string, string>();
  const shapes = new Map<string, string>();
  const edges: { source: string; target: string; dashed: boolean }[] = [];
  const classes = new Map<string, string>();
  const path: string[] = [];
  const lines = text.trimEnd().split("\n");
  expect(lines[0]).toBe("flowchart TD");
  for (const line of lines.slice(1).map((l) => l.trim())) {
    let m: RegExpExecArray | null;
    if ((m = /^subgraph (\w+)\["(.*)"\]$/.exec(line))) path.push(unescape(m[2]));
    else if (line === "end") expect(path.pop()).toBeDefined();
    else if ((m = /^(\w+)(\(\[|\[)"(.*)"(\]\)|\])$/.exec(line))) {
      expect(idOf.has(m[1]), `${m[1]} declared once`).toBe(false);
      idOf.set(m[1], [...path, realName(unescape(m[3]))].join(":"));
      shapes.set(m[1], m[2] === "([" ? "stadium" : "box");
    } else if ((m = /^(\w+) (-->|-\.->)(?:\|"(.*)"\|)? (\w+)$/.exec(line))) edges.push({ source: m[1], target: m[4], dashed: m[2] === "-.->" });
    else if ((m = /^class ([\w,]+) (\w+)$/.exec(line))) for (const id of m[1].split(",")) classes.set(id, m[2]);
    else expect(line, "a line the reader knows").toMatch(/^classDef \w+ [\w:#,-]+$/);
  }
  expect(path).toEqual([]);
  for (const id of idOf.keys()) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
  const named = (id: string) => idOf.get(id) ?? `undeclared ${id}`;
  return {
    nodes: [...idOf.values()],
    edges: edges.map((e) => ({ source: named(e.source), target: named(e.target), dashed: e.dashed })),
    shapeOf: (graphId: string) => shapes.get([...idOf].find(([, g]) => g === graphId)?.[0] ?? ""),
    classOf: (graphId: string) => classes.get([...idOf].find(([, g]) => g === graphId)?.[0] ?? ""),
  };
}

const GRAPHS: [string, GraphData][] = [
  ["Python agent", probes.agentGraph],
  ["Python nested, xray", probes.graphXray_true.body],
  ["Python nested", probes.graphByGraphId.body],
  ...Object.entries(SAMPLE_GRAPHS).map(([name, g]) => [`JS ${name}`, g] as [string, GraphData]),
  ["demo with fan-out and subgraph", DEMO_GRAPH],
];

describe("toMermaid", () => {
  for (const [name, graph] of GRAPHS) {
    it(`${name}: every node and edge of the server's graph, conditional edges dashed, Start / End as pills`, () => {
      const back = readBack(toMermaid(graph));
      expect(new Set(back.nodes)).toEqual(new Set(graph.nodes.map((n) => n.id)));
      expect(back.edges).toHaveLength(graph.edges.length);
      expect(back.edges).toEqual(graph.edges.map((e) => ({ source: e.source, target: e.target, dashed: e.conditional === true })));
      expect(back.shapeOf("__start__")).toBe("stadium");
      expect(back.shapeOf("__end__")).toBe("stadium");
      expect(toMermaid(graph)).not.toMatch(/"__(start|end)__"/);
    });
  }

  it("puts xray subgraph nodes inside a Mermaid subgraph named after their parent", () => {
    const text = toMermaid(probes.graphXray_true.body);
    expect(text).toMatch(/subgraph \w+\["child"\]\n\s+\w+\["child_step"\]\n\s+\w+\["child_llm"\]\n\s+end/);
  });

  it("marks each node's status with a class, idle nodes with none", () => {
    const statuses: Record<string, NodeStatus> = { __start__: "done", agent: "done", tools: "running", "child:child_step": "error", research_a: "interrupted", prepare: "idle" };
    const text = toMermaid(DEMO_GRAPH, statuses);
    const back = readBack(text);
    for (const [id, status] of Object.entries(statuses)) expect(back.classOf(id), id).toBe(status === "idle" ? undefined : status);
    expect(text.match(/^ {2}classDef /gm)).toHaveLength(4);
  });

  it("sanitises ids Mermaid would misread and escapes labels", () => {
    const graph: GraphData = {
      nodes: [{ id: "__start__" }, { id: "end" }, { id: "1st step" }, { id: 'say "hi" <b>#1</b>' }, { id: "1st_step" }, { id: "__end__" }],
      edges: [
        { source: "__start__", target: "end" },
        { source: "end", target: "1st step", conditional: true },
        { source: "1st step", target: 'say "hi" <b>#1</b>' },
        { source: 'say "hi" <b>#1</b>', target: "1st_step" },
        { source: "1st_step", target: "__end__" },
      ],
    };
    const text = toMermaid(graph);
    const back = readBack(text);
    expect(new Set(back.nodes)).toEqual(new Set(graph.nodes.map((n) => n.id)));
    expect(back.edges.map((e) => `${e.source}->${e.target}`)).toEqual(graph.edges.map((e) => `${e.source}->${e.target}`));
    expect(text).not.toMatch(/^\s+end\[/m);
    expect(mermaidLabel('a "b" <c> #d')).toBe("a #quot;b#quot; #lt;c#gt; #35;d");
  });
});

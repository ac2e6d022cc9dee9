// The standalone SVG export, from real ELK layouts of the recorded Python graphs and the samples.
import { readFileSync } from "node:fs";
import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import type { GraphData } from "../../src/engine/model";
import { toGeometry } from "../../webview/layout/geometry";
import { toElk } from "../../webview/layout/toElk";
import { paint, type SvgPalette, svgDocument } from "../../webview/export/svgDocument";
import { SAMPLE_GRAPHS } from "../support/sampleGraphs";

const elk = new ELK();
const probes = JSON.parse(readFileSync(new URL("../fixtures/python/probes.json", import.meta.url), "utf8")) as { agentGraph: GraphData; graphXray_true: { body: GraphData } };

const PALETTE: SvgPalette = {
  background: "#1e1e1e",
  foreground: "#d4d4d4",
  muted: "#cccccc99",
  nodeFill: "#252526",
  nodeBorder: "#454545",
  groupFill: "#252526",
  groupBorder: "#454545",
  status: { running: "#0e70c0", done: "#73c991", error: "#f14c4c", interrupted: "#75beff" },
  fontFamily: "'Segoe UI', sans-serif",
};

async function svgOf(graph: GraphData, statuses = {}, collapsed = new Set<string>()) {
  const request = toElk(graph, collapsed);
  const geometry = toGeometry(request, await elk.layout(request.elk));
  return { geometry, svg: svgDocument(geometry, statuses, PALETTE, "agent <graph>") };
}

/** Node groups as written: id, status, the text inside, the border. */
function groups(svg: string) {
  return [...svg.matchAll(/<g data-node-id="([^"]*)" data-status="(\w+)">(.*?)<\/g>/g)].map((m) => ({
    id: m[1].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"'),
    status: m[2],
    text: /<text[^>]*>(.*?)<\/text>/.exec(m[3])?.[1],
    stroke: /<rect[^>]* stroke="([^"]*)"/.exec(m[3])?.[1],
  }));
}

describe("svgDocument", () => {
  for (const [name, graph] of [["Python agent", probes.agentGraph], ["Python nested, xray", probes.graphXray_true.body], ["JS fanout", SAMPLE_GRAPHS.fanout]] as const) {
    it(`${name}: one group per drawn node with its name as text, one path per edge, sized to the layout`, async () => {
      const { geometry, svg } = await svgOf(graph);
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
      expect(svg).toContain(`viewBox="0 0 ${Math.round(geometry.width * 10) / 10} ${Math.round(geometry.height * 10) / 10}"`);
      const drawn = groups(svg);
      expect(drawn.map((g) => g.id).sort()).toEqual(geometry.nodes.map((n) => n.id).sort());
      for (const g of drawn) expect(g.text, g.id).toBe(g.id === "__start__" ? "Start" : g.id === "__end__" ? "End" : g.id.split(":").at(-1));
      expect(svg.match(/<path data-edge=/g)).toHaveLength(geometry.edges.length);
      expect(svg.match(/stroke-dasharray="5 4"/g)?.length ?? 0).toBe(geometry.edges.filter((e) => e.conditional).length);
      expect(svg).not.toContain("var(");
      expect(svg).toContain("<title>agent &lt;graph&gt;</title>");
    });
  }

  it("colours each status from the palette; idle nodes keep the plain border; collapsed subgraphs show theirs", async () => {
    const { svg } = await svgOf(probes.agentGraph, { agent: "done", tools: "error" });
    const byId = Object.fromEntries(groups(svg).map((g) => [g.id, g]));
    expect(byId.agent).toMatchObject({ status: "done", stroke: PALETTE.status.done });
    expect(byId.tools).toMatchObject({ status: "error", stroke: PALETTE.status.error });
    expect(byId.__start__).toMatchObject({ status: "idle", stroke: PALETTE.nodeBorder });
    const collapsed = await svgOf(probes.graphXray_true.body, { child: "running" }, new Set(["child"]));
    expect(groups(collapsed.svg).find((g) => g.id === "child")).toMatchObject({ status: "running", stroke: PALETTE.status.running, text: "child" });
  });

  it("escapes node names and splits a theme's alpha into an opacity", async () => {
    const { svg } = await svgOf({ nodes: [{ id: "__start__" }, { id: "a<b>&\"c\"" }, { id: "__end__" }], edges: [{ source: "__start__", target: "a<b>&\"c\"" }, { source: "a<b>&\"c\"", target: "__end__" }] });
    expect(svg).toContain("a&lt;b&gt;&amp;&quot;c&quot;</text>");
    expect(groups(svg).map((g) => g.id)).toContain('a<b>&"c"');
    expect(paint("stroke", "#cccccc99")).toBe('stroke="#cccccc" stroke-opacity="0.6"');
    expect(paint("fill", "#fff8")).toBe('fill="#ffffff" fill-opacity="0.53"');
    expect(paint("fill", "#123456")).toBe('fill="#123456"');
    expect(svg).not.toMatch(/="#[0-9a-f]{8}"/i);
  });
});

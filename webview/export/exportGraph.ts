// Makes the export the person (toolbar) or the host (palette) asked for, from what the view shows.
import type { ExportedGraphMessage, ExportFormat } from "../../src/shared/protocol";
import { view } from "../state.svelte";
import { toMermaid } from "./mermaid";
import { themePalette } from "./palette";
import { svgToPngBase64 } from "./png";
import { svgDocument } from "./svgDocument";

/**
 * The graph in `format`, for the host to save. Mermaid is the server's whole graph with the run's
 * statuses; SVG and PNG are the graph as laid out here (collapsed subgraphs stay collapsed).
 */
export async function exportGraph(format: ExportFormat): Promise<ExportedGraphMessage> {
  try {
    const graph = view.graph;
    if (!graph) throw new Error("There is no graph to export yet.");
    if (format === "mermaid") return { type: "exportedGraph", format, data: toMermaid(graph, view.statuses), encoding: "utf8" };
    const geometry = view.geometry;
    if (!geometry) throw new Error("The graph is still being laid out.");
    const svg = svgDocument(geometry, view.displayStatuses, themePalette(), "LangGraph graph");
    if (format === "svg") return { type: "exportedGraph", format, data: svg, encoding: "utf8" };
    return { type: "exportedGraph", format, data: await svgToPngBase64(svg, geometry.width, geometry.height), encoding: "base64" };
  } catch (error) {
    return { type: "exportedGraph", format, error: error instanceof Error ? error.message : String(error) };
  }
}

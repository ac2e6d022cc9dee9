// Reads a fixture project of test/fixtures/source and places a graph's nodes as compact rows for exact assertions.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadGraphSources, type GraphSourceMap } from "../../../src/engine/source/nodeSources";

export const read = (file: string) => readFile(file, "utf8").catch(() => undefined);

/** The langgraph.json of a fixture project (`python`, `ts`, or a subfolder of one). */
export const fixtureJson = (project: string) => path.resolve(__dirname, "../../fixtures/source", project, "langgraph.json");

/** `file:line` of a span, the file relative to its project's folder. */
type Row = string | [added: string, definition?: string];

/** Each node's `[added, definition]` as `file:line-endLine`, or its missing reason. */
export function rows(map: GraphSourceMap): Record<string, Row> {
  const dir = path.dirname(map.langgraphJson);
  const at = (span?: { file: string; line: number; endLine: number }) => span && `${path.relative(dir, span.file)}:${span.line}-${span.endLine}`;
  return Object.fromEntries(map.nodes.map((n) => [n.node, n.missing ?? (n.source.definition ? [at(n.source.added)!, at(n.source.definition)] : [at(n.source.added)!])]));
}

export const load = (project: string, graphId: string, nodes: string[] = []) => loadGraphSources(fixtureJson(project), graphId, nodes, read);

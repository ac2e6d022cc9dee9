// Messages between the graph view and the layout worker. The worker does the whole pipeline
// (toElk → ELK → toGeometry), so only the graph goes in and only drawables come back.
import type { GraphData } from "../../src/engine/model";
import type { Geometry } from "./geometry";
import type { LayoutDirection } from "./toElk";

/** A graph to lay out with these subgraphs collapsed; `id` matches the reply. */
export interface LayoutJob {
  id: number;
  graph: GraphData;
  collapsed: string[];
  direction: LayoutDirection;
  /** What the worker keeps its answer under (layoutKey of the three above, made once by the client). */
  key: string;
}

/** The drawables (or why the layout failed) and how long ELK itself took inside the worker. */
export type LayoutReply =
  | { id: number; ok: true; geometry: Geometry; ms: number }
  | { id: number; ok: false; error: string };

/** What a layout is kept under: the same graph, collapsed subgraphs and direction lay out the same. */
export function layoutKey(graph: GraphData, collapsed: Iterable<string>, direction: LayoutDirection): string {
  return JSON.stringify([graph, [...collapsed].sort(), direction]);
}

/** A layout saved with the view's state, so the view made again (its side bar shown again) draws it at once. */
export interface KeptLayout {
  key: string;
  geometry: Geometry;
}

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
}

/** The drawables (or why the layout failed) and how long ELK itself took inside the worker. */
export type LayoutReply =
  | { id: number; ok: true; geometry: Geometry; ms: number }
  | { id: number; ok: false; error: string };

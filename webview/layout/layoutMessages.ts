// Messages between the graph view and the layout worker. The worker does the whole pipeline
// (toElk → ELK → toGeometry), so only the graph goes in and only drawables come back. For a big
// graph the view starts a second worker, the helper, and links the two with a MessageChannel: the
// first sends the helper half of the ELK graph (see split.ts) and waits for it laid out.
import type { ElkNode } from "elkjs/lib/elk-api";
import type { GraphData } from "../../src/engine/model";
import type { Geometry } from "./geometry";
import type { LayoutDirection } from "./toElk";

/** A graph to lay out with these subgraphs collapsed; `id` matches the reply. */
export interface LayoutJob {
  kind: "layout";
  id: number;
  graph: GraphData;
  collapsed: string[];
  direction: LayoutDirection;
  /** What the worker keeps its answer under (layoutKey of the three above, made once by the client). */
  key: string;
}

/** Tells the first worker to send halves of big graphs to the helper on `port`. */
export interface UseHelper {
  kind: "use-helper";
  port: MessagePort;
}

/** Tells the helper to lay out the ELK graphs that come on `port`. */
export interface ServeHalves {
  kind: "serve-halves";
  port: MessagePort;
}

/** Tells the first worker its helper died: the halves it waits for will not come. */
export interface HelperLost {
  kind: "helper-lost";
}

/** What the view posts to a layout worker. */
export type ToLayoutWorker = LayoutJob | UseHelper | ServeHalves | HelperLost;

/** Half a graph, on the port between the two workers. */
export interface HalfJob {
  id: number;
  elk: ElkNode;
}

/** The half laid out (root coordinates), or why not. */
export type HalfReply = { id: number; ok: true; laidOut: ElkNode; ms: number } | { id: number; ok: false; error: string };

/** How a graph was laid out in two halves: edges between them, and ELK's time on each (this worker's, the helper's). */
export interface SplitTiming {
  seamEdges: number;
  halvesMs: [number, number];
}

/**
 * The drawables (or why the layout failed), how long ELK itself took inside the worker, and, when
 * two workers laid it out, how (absent when one did).
 */
export type LayoutReply =
  | { id: number; ok: true; geometry: Geometry; ms: number; split?: SplitTiming }
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

/** A kept layout whose shape the view can draw (a state saved, or a layout kept by the host, by another version may hold anything). */
export function isKeptLayout(value: unknown): value is KeptLayout {
  const layout = value as Partial<KeptLayout> | undefined;
  const geometry = layout?.geometry;
  return (
    typeof layout?.key === "string" &&
    Number.isFinite(geometry?.width) &&
    Number.isFinite(geometry?.height) &&
    Array.isArray(geometry?.nodes) &&
    geometry.nodes.every((n) => typeof n?.id === "string" && Number.isFinite(n.x) && Number.isFinite(n.y) && Number.isFinite(n.width) && Number.isFinite(n.height)) &&
    Array.isArray(geometry.edges) &&
    geometry.edges.every((e) => typeof e?.key === "string" && typeof e.d === "string")
  );
}

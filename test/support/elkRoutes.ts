// Each edge's route as ELK laid it out: the points toGeometry turns into path data (the drawables
// carry only the path), for tests that check where edges run.
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import { edgePoints } from "../../webview/layout/geometry";

/** Routes by edge id (toElk's `source->target`), from every level of ELK's answer. */
export function elkRoutes(laidOut: ElkNode, out = new Map<string, ElkPoint[]>()): Map<string, ElkPoint[]> {
  for (const edge of (laidOut.edges ?? []) as ElkExtendedEdge[]) out.set(edge.id, edgePoints(edge));
  for (const child of laidOut.children ?? []) elkRoutes(child, out);
  return out;
}

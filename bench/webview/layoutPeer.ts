// The bench's peer for graph layout: the layout as it was when issue 15 measured a 1,000-node graph
// at 905 ms (large-graph options on the root graph only, no merged edge ports), run the same way as
// ours (a worker: graph in, drawables out) on the same graphs in the same browser. Ours over this
// is a ratio the machine's speed on the day does not change.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import type { GraphData } from "../../src/engine/model";
import { toGeometry } from "../../webview/layout/geometry";
import { LARGE_GRAPH_OPTIONS, toElk } from "../../webview/layout/toElk";

const elk = new ELK();
const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Takes back what the layout work since issue 15 added to the ELK input. */
function asAtIssue(root: ElkNode): void {
  const subgraphs = (n: ElkNode): ElkNode[] => (n.children ?? []).filter((c) => c.children).flatMap((c) => [c, ...subgraphs(c)]);
  for (const group of subgraphs(root)) for (const key of Object.keys(LARGE_GRAPH_OPTIONS)) delete group.layoutOptions?.[key];
  delete root.layoutOptions?.["elk.layered.mergeEdges"];
}

scope.onmessage = async (event: MessageEvent<{ graph: GraphData }>) => {
  const started = performance.now();
  const request = toElk(event.data.graph);
  asAtIssue(request.elk);
  const geometry = toGeometry(request, await elk.layout(request.elk));
  scope.postMessage({ ms: performance.now() - started, nodes: geometry.nodes.length });
};

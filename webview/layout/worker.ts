// Layout worker: runs elkjs off the main thread. Started from a blob: URL (see layoutClient.ts).
import ELK from "elkjs/lib/elk.bundled.js";
import { toGeometry } from "./geometry";
import type { LayoutReply, LayoutJob } from "./layoutMessages";
import { toElk } from "./toElk";

const elk = new ELK();
const scope = self as unknown as DedicatedWorkerGlobalScope;

// Warm ELK's code up while the view waits for its graph: the first layout is otherwise ~3× slower.
const warmUp = elk
  .layout({
    id: "warm-up",
    layoutOptions: { "elk.algorithm": "layered", "elk.hierarchyHandling": "INCLUDE_CHILDREN", "elk.edgeRouting": "ORTHOGONAL" },
    children: [{ id: "a", width: 10, height: 10 }, { id: "g", children: [{ id: "b", width: 10, height: 10 }] }, { id: "c", width: 10, height: 10 }],
    edges: [{ id: "e1", sources: ["a"], targets: ["b"] }, { id: "e2", sources: ["b"], targets: ["c"] }],
  })
  .catch(() => undefined);

scope.onmessage = async (event: MessageEvent<LayoutJob>) => {
  const { id, graph, collapsed } = event.data;
  await warmUp;
  let reply: LayoutReply;
  try {
    const request = toElk(graph, new Set(collapsed));
    const started = performance.now();
    const laidOut = await elk.layout(request.elk);
    const ms = performance.now() - started;
    reply = { id, ok: true, geometry: toGeometry(request, laidOut), ms };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};

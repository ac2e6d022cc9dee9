// Layout worker: runs elkjs off the main thread. Started from a blob: URL (see layoutClient.ts).
import ELK from "elkjs/lib/elk.bundled.js";
import { type Geometry, toGeometry } from "./geometry";
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

/**
 * The last few answers, by graph and collapsed subgraphs: a subgraph collapsed and expanded
 * again, or an assistant shown again, is not laid out again (a 1,000-node layout takes ~0.5–1 s).
 */
const answers = new Map<string, Geometry>();
const ANSWERS_KEPT = 4;

scope.onmessage = async (event: MessageEvent<LayoutJob>) => {
  const { id, graph, collapsed, direction, key } = event.data;
  await warmUp;
  let reply: LayoutReply;
  try {
    const known = answers.get(key);
    if (known) {
      answers.delete(key); // most recently used last
      answers.set(key, known);
      scope.postMessage({ id, ok: true, geometry: known, ms: 0 } satisfies LayoutReply);
      return;
    }
    const request = toElk(graph, new Set(collapsed), direction);
    const started = performance.now();
    const laidOut = await elk.layout(request.elk);
    const ms = performance.now() - started;
    const geometry = toGeometry(request, laidOut);
    answers.set(key, geometry);
    if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value ?? "");
    reply = { id, ok: true, geometry, ms };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};

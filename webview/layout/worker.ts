// Layout worker: runs elkjs off the main thread. Started from a blob: URL (see layoutClient.ts).
// The same script is the helper too: a second worker that lays out half of a big graph.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { type Geometry, toGeometry } from "./geometry";
import type { HalfJob, HalfReply, LayoutJob, LayoutReply, SplitTiming, ToLayoutWorker } from "./layoutMessages";
import { halfAnswer, joinHalves, splitLayout } from "./split";
import { type LayoutDirection, toElk } from "./toElk";

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

/** The port to the helper, once the view started one, and the halves sent to it. */
let helper: MessagePort | undefined;
let nextHalf = 1;
const halvesOut = new Map<number, { resolve: (half: { laidOut: ElkNode; ms: number }) => void; reject: (error: Error) => void }>();

function askHelper(port: MessagePort, graph: ElkNode): Promise<{ laidOut: ElkNode; ms: number }> {
  const id = nextHalf++;
  return new Promise((resolve, reject) => {
    halvesOut.set(id, { resolve, reject });
    port.postMessage({ id, elk: graph } satisfies HalfJob);
  });
}

function onHalfReply(reply: HalfReply): void {
  const half = halvesOut.get(reply.id);
  halvesOut.delete(reply.id);
  if (reply.ok) half?.resolve(reply);
  else half?.reject(new Error(reply.error));
}

/** ELK's answer for the whole graph: from two workers at once when the graph is big and a helper is there. */
async function layOut(graph: ElkNode, direction: LayoutDirection): Promise<{ laidOut: ElkNode; split?: SplitTiming }> {
  const split = helper ? splitLayout(graph) : undefined;
  if (!helper || !split) return { laidOut: await elk.layout(graph) };
  try {
    // The helper's half is sent first, so that it works while this worker lays out its own.
    const theirs = askHelper(helper, split.halves[1]);
    theirs.catch(() => undefined); // awaited below; not when this worker's own half fails first
    const started = performance.now();
    const mine = await elk.layout(split.halves[0]);
    const mineMs = performance.now() - started;
    const { laidOut, ms } = await theirs;
    return { laidOut: joinHalves(split, [mine, laidOut], direction), split: { seamEdges: split.seam.length, halvesMs: [mineMs, ms] } };
  } catch {
    // The helper failed or died: the whole graph here, late rather than never.
    return { laidOut: await elk.layout(graph) };
  }
}

async function onLayoutJob({ id, graph, collapsed, direction, key }: LayoutJob): Promise<void> {
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
    const { laidOut, split } = await layOut(request.elk, direction);
    const ms = performance.now() - started;
    const geometry = toGeometry(request, laidOut);
    answers.set(key, geometry);
    if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value ?? "");
    reply = { id, ok: true, geometry, ms, ...(split ? { split } : {}) };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
}

/** As the helper: lays out each half that comes on `port` and sends it back. */
function serveHalves(port: MessagePort): void {
  port.onmessage = async (event: MessageEvent<HalfJob>) => {
    const { id, elk: graph } = event.data;
    await warmUp;
    let reply: HalfReply;
    try {
      const started = performance.now();
      const laidOut = halfAnswer(await elk.layout(graph));
      reply = { id, ok: true, laidOut, ms: performance.now() - started };
    } catch (error) {
      reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  };
}

scope.onmessage = (event: MessageEvent<ToLayoutWorker>) => {
  const message = event.data;
  switch (message.kind) {
    case "layout":
      void onLayoutJob(message);
      return;
    case "use-helper":
      helper = message.port;
      helper.onmessage = (reply: MessageEvent<HalfReply>) => onHalfReply(reply.data);
      return;
    case "serve-halves":
      serveHalves(message.port);
      return;
    case "helper-lost":
      helper = undefined;
      for (const half of halvesOut.values()) half.reject(new Error("The layout helper stopped"));
      halvesOut.clear();
  }
};

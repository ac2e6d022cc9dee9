// Starts the layout worker and sends it jobs. A webview's scripts live on another origin than
// the webview, so `new Worker(url)` is refused: fetch the script and start it from a blob: URL.
// The first big graph also starts a helper worker that lays out half of such graphs (split.ts).
import type { GraphData } from "../../src/engine/model";
import type { Geometry } from "./geometry";
import { layoutKey, type KeptLayout, type LayoutReply, type ToLayoutWorker } from "./layoutMessages";
import { SPLIT_MIN_NODES } from "./split";
import { type LayoutDirection, visibleId } from "./toElk";

/** Lays graphs out in the worker; only the newest request's answer is delivered. */
export class LayoutClient {
  private script: Promise<string>;
  private worker: Promise<Worker>;
  /** Started for the first graph with enough nodes to be split: a worker costs ~0.5 s of CPU and some memory. */
  private helper: Promise<void> | undefined;
  private nextId = 1;
  private latest = 0;
  private pending = new Map<number, { resolve: (g: Geometry | undefined) => void; reject: (e: Error) => void; started: number; key: string }>();

  /**
   * `kept`: layouts made before (by the view's previous instance, or by any view: the host keeps
   * them), read at each request; one with the same key is drawn without the worker (the worker's
   * first layout waits ~0.5 s for ELK to load and warm up).
   * `onLaidOut`: each layout the worker answers for the newest request, with its key, for the view to keep.
   */
  constructor(
    private readonly workerUrl: string,
    private readonly kept: () => Iterable<KeptLayout | undefined> = () => [],
    private readonly onLaidOut?: (layout: KeptLayout) => void,
  ) {
    this.script = workerScript(workerUrl);
    this.worker = this.script.then((url) => new Worker(url)).then((worker) => {
      worker.onmessage = (event: MessageEvent<LayoutReply>) => this.onReply(event.data);
      worker.onerror = (event) => this.failAll(new Error(`Layout worker error: ${event.message}`));
      return worker;
    });
  }

  /** Lays out `graph` with these subgraphs collapsed; resolves undefined when a newer request superseded this one. */
  async layout(graph: GraphData, collapsed: Iterable<string>, direction: LayoutDirection = "DOWN"): Promise<Geometry | undefined> {
    const id = this.nextId++;
    this.latest = id;
    // Only what the layout reads: node data (schemas, metadata) would be cloned for nothing.
    const bare: GraphData = {
      nodes: graph.nodes.map((n) => ({ id: n.id })),
      edges: graph.edges.map((e) => ({ source: e.source, target: e.target, conditional: e.conditional })),
    };
    const hidden = [...collapsed];
    const jobKey = layoutKey(bare, hidden, direction);
    // The worker's URL names the extension's build: a layout kept by another version is not used.
    const key = `${this.workerUrl}\n${jobKey}`;
    for (const kept of this.kept()) {
      if (kept?.key !== key) continue;
      performance.mark("graph-layout-kept");
      return kept.geometry;
    }
    const worker = await this.worker;
    const started = performance.now();
    if (drawnNodes(bare, hidden) >= SPLIT_MIN_NODES) await this.startHelper(worker);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, started, key });
      post(worker, { kind: "layout", id, graph: bare, collapsed: hidden, direction, key: jobKey });
    });
  }

  /** Starts the helper and links it to the first worker (once; again after it died). */
  private startHelper(worker: Worker): Promise<void> {
    this.helper ??= this.script.then((url) => this.linkHelper(worker, new Worker(url)));
    return this.helper;
  }

  private linkHelper(worker: Worker, helper: Worker): void {
    const linked = this.helper;
    const channel = new MessageChannel();
    post(helper, { kind: "serve-halves", port: channel.port1 }, [channel.port1]);
    post(worker, { kind: "use-helper", port: channel.port2 }, [channel.port2]);
    helper.onerror = () => {
      // The first worker lays the graph out whole instead; the next big graph starts a new helper.
      helper.terminate();
      if (this.helper === linked) this.helper = undefined;
      post(worker, { kind: "helper-lost" });
    };
  }

  private onReply(reply: LayoutReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    // Round trip (post, toElk, ELK, toGeometry, reply) as a user-timing entry: the benchmark reads these.
    performance.measure("graph-layout", { start: job.started, end: performance.now() });
    if (reply.ok) performance.measure("graph-layout-elk", { start: job.started, duration: reply.ms, detail: reply.split });
    if (!reply.ok) {
      job.reject(new Error(reply.error));
      return;
    }
    const current = reply.id === this.latest;
    if (current) this.onLaidOut?.({ key: job.key, geometry: reply.geometry });
    job.resolve(current ? reply.geometry : undefined);
  }

  private failAll(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}

/**
 * The nodes a layout draws, as split.ts counts them: a collapsed subgraph is one. A big graph
 * with its subgraphs collapsed may be small enough for one worker, and then needs no helper.
 */
function drawnNodes(graph: GraphData, collapsed: string[]): number {
  const folded = new Set(collapsed);
  return new Set(graph.nodes.map((n) => visibleId(n.id, folded))).size;
}

function post(worker: Worker, message: ToLayoutWorker, transfer: Transferable[] = []): void {
  worker.postMessage(message, transfer);
}

/** The worker script as a blob: URL, fetched once for both workers. */
async function workerScript(workerUrl: string): Promise<string> {
  const response = await fetch(workerUrl);
  if (!response.ok) throw new Error(`Could not load the layout worker (${response.status} ${workerUrl})`);
  const source = await response.text();
  return URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
}

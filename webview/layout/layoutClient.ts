// Starts the layout worker and sends it jobs. A webview's scripts live on another origin than
// the webview, so `new Worker(url)` is refused: fetch the script and start it from a blob: URL.
import type { GraphData } from "../../src/engine/model";
import type { Geometry } from "./geometry";
import type { LayoutJob, LayoutReply } from "./layoutMessages";
import type { LayoutDirection } from "./toElk";

/** Lays graphs out in the worker; only the newest request's answer is delivered. */
export class LayoutClient {
  private worker: Promise<Worker>;
  private nextId = 1;
  private latest = 0;
  private pending = new Map<number, { resolve: (g: Geometry | undefined) => void; reject: (e: Error) => void; started: number }>();

  constructor(workerUrl: string) {
    this.worker = startWorker(workerUrl).then((worker) => {
      worker.onmessage = (event: MessageEvent<LayoutReply>) => this.onReply(event.data);
      worker.onerror = (event) => this.failAll(new Error(`Layout worker error: ${event.message}`));
      return worker;
    });
  }

  /** Lays out `graph` with these subgraphs collapsed; resolves undefined when a newer request superseded this one. */
  async layout(graph: GraphData, collapsed: Iterable<string>, direction: LayoutDirection = "DOWN"): Promise<Geometry | undefined> {
    const id = this.nextId++;
    this.latest = id;
    const worker = await this.worker;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, started: performance.now() });
      // Only what the layout reads: node data (schemas, metadata) would be cloned for nothing.
      const bare: GraphData = {
        nodes: graph.nodes.map((n) => ({ id: n.id })),
        edges: graph.edges.map((e) => ({ source: e.source, target: e.target, conditional: e.conditional })),
      };
      worker.postMessage({ id, graph: bare, collapsed: [...collapsed], direction } satisfies LayoutJob);
    });
  }

  private onReply(reply: LayoutReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    // Round trip (post, toElk, ELK, toGeometry, reply) as a user-timing entry: the benchmark reads these.
    performance.measure("graph-layout", { start: job.started, end: performance.now() });
    if (reply.ok) performance.measure("graph-layout-elk", { start: job.started, duration: reply.ms });
    if (!reply.ok) job.reject(new Error(reply.error));
    else job.resolve(reply.id === this.latest ? reply.geometry : undefined);
  }

  private failAll(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}

async function startWorker(workerUrl: string): Promise<Worker> {
  const response = await fetch(workerUrl);
  if (!response.ok) throw new Error(`Could not load the layout worker (${response.status} ${workerUrl})`);
  const source = await response.text();
  const blobUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  return new Worker(blobUrl);
}

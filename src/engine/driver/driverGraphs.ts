// The driver's graphs: the graph shown (one assistant's xray graph, per deployment URL), the schemas
// read once per deployment, and the last graph a reload check read of an assistant that is not shown.
// Held by ThreadDriver, which owns the run and says what a changed graph means for it.
import type { GraphSchema } from "@langchain/langgraph-sdk";
import type { LangGraphApi } from "../client";
import { assistantUuid } from "../client/graphIds";
import type { GraphData } from "../model";
import { sameGraph } from "./codeReload";

/** The graph shown, with the deployment it was read from. */
export interface ShownGraph {
  assistantId: string;
  graph: GraphData;
  apiUrl: string;
}

/** What a second look at an assistant's graph found (ThreadDriver.reloadCode). */
export interface GraphLook {
  graph: GraphData;
  /** The graph read before (the shown one, else the last look's), if any. */
  before?: GraphData;
  /** It differs from `before` (a graph never read before is no change). */
  changed: boolean;
  /** It is the assistant of the graph shown, on this deployment. */
  shown: boolean;
}

/** The shown graph and the schema cache of one driver. */
export class DriverGraphs {
  private shownValue: ShownGraph | undefined;
  private requests = 0;
  private readonly schemaCache = new Map<string, Promise<GraphSchema>>();
  /** The last graph `look` read of an assistant that is not shown (a debug session's, while a view shows another). */
  private readonly lookBase = new Map<string, GraphData>();

  /** `onShown`: a graph became the shown one (the driver updates its story and emits `graph`). */
  constructor(private readonly onShown: (assistantId: string, graph: GraphData) => void) {}

  get shown(): ShownGraph | undefined {
    return this.shownValue;
  }

  /** Loads and shows an assistant's graph (xray), unless it is the one shown already. */
  async show(client: LangGraphApi, assistantId: string): Promise<GraphData> {
    if (this.shownValue?.assistantId === assistantId && this.shownValue.apiUrl === client.apiUrl) return this.shownValue.graph;
    const request = ++this.requests;
    const graph = (await client.assistants.graph(assistantId, { xray: true })) as unknown as GraphData;
    // A later request (e.g. Stream run while the default graph loads) wins.
    if (request === this.requests) this.set({ assistantId, graph, apiUrl: client.apiUrl });
    return graph;
  }

  /** Reads an assistant's graph again and compares it with the one read before. */
  async look(client: LangGraphApi, assistantId: string): Promise<GraphLook> {
    const graph = (await client.assistants.graph(assistantId, { xray: true })) as unknown as GraphData;
    const shown = this.shownValue?.assistantId === assistantId && this.shownValue.apiUrl === client.apiUrl ? this.shownValue : undefined;
    const before = shown?.graph ?? this.lookBase.get(assistantId);
    this.lookBase.set(assistantId, graph);
    return { graph, before, changed: before !== undefined && !sameGraph(before, graph), shown: shown !== undefined };
  }

  /** Shows a reloaded graph of the assistant shown (a graph request still going is superseded). */
  replaceShown(graph: GraphData): void {
    if (!this.shownValue) return;
    ++this.requests;
    this.set({ ...this.shownValue, graph });
  }

  /** An assistant's schemas, fetched once per deployment (the JS server's first call takes seconds). */
  schemas(client: LangGraphApi, assistantId: string): Promise<GraphSchema> {
    const key = `${client.apiUrl}\u0000${assistantId}`;
    let pending = this.schemaCache.get(key);
    if (!pending) {
      // A graph id (a debug launch or a tab may name the graph) is read as its default assistant's: the Python server takes UUIDs only here.
      pending = assistantUuid(client, assistantId).then((id) => client.assistants.schemas(id));
      this.schemaCache.set(key, pending);
      pending.catch(() => this.schemaCache.delete(key));
    }
    return pending;
  }

  /** The code changed: schemas are read again. */
  dropSchemas(): void {
    this.schemaCache.clear();
  }

  /** Another deployment: nothing read so far holds. */
  forget(): void {
    // A graph read still going is of the deployment forgotten: its answer must not be shown.
    ++this.requests;
    this.shownValue = undefined;
    this.schemaCache.clear();
    this.lookBase.clear();
  }

  private set(shown: ShownGraph): void {
    this.shownValue = shown;
    this.onShown(shown.assistantId, shown.graph);
  }
}

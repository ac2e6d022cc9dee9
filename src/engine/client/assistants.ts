// `client.assistants`: discovery of the graphs a server hosts.

import type { Assistant, AssistantGraph, GraphSchema } from "@langchain/langgraph-sdk";
import { segment, type HttpTransport } from "./http";

/** Options carrying only an abort signal. */
export interface SignalOptions {
  signal?: AbortSignal;
}

/** Filters of `assistants.search`. */
export interface AssistantSearchQuery {
  graphId?: string;
  metadata?: Record<string, unknown>;
  limit?: number;
  offset?: number;
}

/** Assistants (deployed graphs): list them, read their graph drawing and schemas. */
export class AssistantsClient {
  constructor(private readonly http: HttpTransport) {}

  /** Lists assistants (`POST /assistants/search`). */
  search(query: AssistantSearchQuery = {}, options: SignalOptions = {}): Promise<Assistant[]> {
    const body = { graph_id: query.graphId, metadata: query.metadata, limit: query.limit ?? 100, offset: query.offset ?? 0 };
    return this.http.json("POST", "/assistants/search", { body, signal: options.signal });
  }

  /** One assistant; a graph id works wherever an assistant id is expected. */
  get(assistantId: string, options: SignalOptions = {}): Promise<Assistant> {
    return this.http.json("GET", `/assistants/${segment(assistantId)}`, options);
  }

  /** Nodes and edges of the assistant's graph; `xray` flattens subgraphs into `parent:child` node ids. */
  graph(assistantId: string, options: SignalOptions & { xray?: boolean | number } = {}): Promise<AssistantGraph> {
    const query = options.xray === undefined || options.xray === false ? undefined : { xray: options.xray };
    return this.http.json("GET", `/assistants/${segment(assistantId)}/graph`, { query, signal: options.signal });
  }

  /** Input, output, state, config and context JSON schemas (the first call per graph can take seconds). */
  schemas(assistantId: string, options: SignalOptions = {}): Promise<GraphSchema> {
    return this.http.json("GET", `/assistants/${segment(assistantId)}/schemas`, options);
  }
}

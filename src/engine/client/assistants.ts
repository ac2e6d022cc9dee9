// `client.assistants`: the graphs a server hosts, and the assistants (a graph with a config) made
// from them, with their versions (docs/SERVER-DIFFERENCES.md §13).

import type { Assistant, AssistantGraph, AssistantVersion, Config, GraphSchema, Metadata } from "@langchain/langgraph-sdk";
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

/** What an assistant is made of: `create` takes a graph, `update` any of the rest (each update is a new version). */
export interface AssistantFields {
  name?: string;
  description?: string;
  config?: Config;
  context?: Record<string, unknown>;
  metadata?: Metadata;
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

  /** How many assistants match (`POST /assistants/count`). */
  count(query: Pick<AssistantSearchQuery, "graphId" | "metadata"> = {}, options: SignalOptions = {}): Promise<number> {
    return this.http.json("POST", "/assistants/count", { body: { graph_id: query.graphId, metadata: query.metadata }, signal: options.signal });
  }

  /** A new assistant of a graph (version 1). The JS dev server accepts a graph it does not host; the Python one answers 404. */
  create(graphId: string, fields: AssistantFields = {}, options: SignalOptions = {}): Promise<Assistant> {
    return this.http.json("POST", "/assistants", { body: { graph_id: graphId, ...fields }, signal: options.signal });
  }

  /** Changes an assistant: a new version, made the active one (`PATCH /assistants/{id}`). */
  update(assistantId: string, fields: AssistantFields, options: SignalOptions = {}): Promise<Assistant> {
    return this.http.json("PATCH", `/assistants/${segment(assistantId)}`, { body: fields, signal: options.signal });
  }

  /** Deletes an assistant and its versions (its threads stay). */
  async delete(assistantId: string, options: SignalOptions = {}): Promise<void> {
    await this.http.json("DELETE", `/assistants/${segment(assistantId)}`, options);
  }

  /** An assistant's versions, newest first (`POST /assistants/{id}/versions`). */
  versions(assistantId: string, query: { limit?: number; offset?: number } = {}, options: SignalOptions = {}): Promise<AssistantVersion[]> {
    const body = { limit: query.limit ?? 100, offset: query.offset ?? 0 };
    return this.http.json("POST", `/assistants/${segment(assistantId)}/versions`, { body, signal: options.signal });
  }

  /** Makes a version the one runs use (`POST /assistants/{id}/latest`); the assistant as it now is. */
  setLatest(assistantId: string, version: number, options: SignalOptions = {}): Promise<Assistant> {
    return this.http.json("POST", `/assistants/${segment(assistantId)}/latest`, { body: { version }, signal: options.signal });
  }
}

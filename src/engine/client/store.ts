// `client.store`: the deployment's long-term memory (the BaseStore graphs write with `store.put`).
// Shapes as both dev servers answer them (docs/SERVER-DIFFERENCES.md §8e): the wire's snake_case,
// not the SDK's camelCase `Item`, which its client converts to.

import type { SignalOptions } from "./assistants";
import type { HttpTransport } from "./http";

/** One stored item as `/store/items` answers it. */
export interface StoreItem {
  namespace: string[];
  key: string;
  /** Always a JSON object: both servers refuse anything else on put. */
  value: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  /** Search only: the similarity to `query` when the deployment has a semantic index (null on the dev servers). */
  score?: number | null;
}

/** Filters of `store.listNamespaces`. */
export interface NamespaceQuery {
  prefix?: string[];
  suffix?: string[];
  /** Cut each namespace to this many labels (the list is de-duplicated). */
  maxDepth?: number;
  limit?: number;
  offset?: number;
}

/** Filters of `store.search`. */
export interface StoreSearchQuery {
  /** At least one label on the JS server (an empty prefix is refused there, §8e). */
  namespacePrefix: string[];
  /** Exact matches on the value's top-level fields. */
  filter?: Record<string, unknown>;
  /** Semantic search; without an index configured (the dev servers), it is ignored: every item matches. */
  query?: string;
  limit?: number;
  offset?: number;
}

/** The store: namespaces, items, and writing and deleting them. */
export class StoreClient {
  constructor(private readonly http: HttpTransport) {}

  /** Namespaces holding (or having held) items, sorted (`POST /store/namespaces`). */
  async listNamespaces(query: NamespaceQuery = {}, options: SignalOptions = {}): Promise<string[][]> {
    const body = { prefix: query.prefix, suffix: query.suffix, max_depth: query.maxDepth, limit: query.limit ?? 100, offset: query.offset ?? 0 };
    const answer = await this.http.json<{ namespaces: string[][] }>("POST", "/store/namespaces", { body, signal: options.signal });
    return answer.namespaces;
  }

  /** Items under a namespace prefix (`POST /store/items/search`), deeper namespaces included. */
  async search(query: StoreSearchQuery, options: SignalOptions = {}): Promise<StoreItem[]> {
    const body = { namespace_prefix: query.namespacePrefix, filter: query.filter, query: query.query || undefined, limit: query.limit ?? 10, offset: query.offset ?? 0 };
    const answer = await this.http.json<{ items: StoreItem[] }>("POST", "/store/items/search", { body, signal: options.signal });
    return answer.items;
  }

  /** One item, or null when there is none (both servers answer 200 with `null`). */
  async get(namespace: string[], key: string, options: SignalOptions = {}): Promise<StoreItem | null> {
    // The namespace goes as one dotted string: labels cannot hold a period (a put refuses them).
    const query = { namespace: namespace.join("."), key };
    return (await this.http.json<StoreItem | null>("GET", "/store/items", { query, signal: options.signal })) ?? null;
  }

  /** Creates or replaces an item (`PUT /store/items`); the value must be a JSON object. */
  async put(namespace: string[], key: string, value: Record<string, unknown>, options: SignalOptions = {}): Promise<void> {
    await this.http.json("PUT", "/store/items", { body: { namespace, key, value }, signal: options.signal });
  }

  /** Deletes an item; deleting one that is not there succeeds too. */
  async delete(namespace: string[], key: string, options: SignalOptions = {}): Promise<void> {
    await this.http.json("DELETE", "/store/items", { body: { namespace, key }, signal: options.signal });
  }
}

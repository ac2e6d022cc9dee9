// What the Threads view's search box understands, and how a filter becomes pages of the server's
// thread search. No `vscode` import (unit-tested; the integration test pages through it).
import type { Thread, ThreadStatus } from "@langchain/langgraph-sdk";
import { isUuid } from "../engine/client/graphIds";
import type { ThreadFilterQuery, ThreadsClient } from "../engine/client/threads";
import type { FetchThreads } from "./threadPages";

/** A search of the Threads view: every part given must match. */
export interface ThreadFilter {
  status?: ThreadStatus;
  /** Metadata keys and values (`graph:agent` is `graph_id: "agent"`). */
  metadata?: Record<string, unknown>;
  /** A whole thread id. */
  threadId?: string;
  /** The start of a thread id (the servers search whole ids only: the view scans the ids). */
  idPrefix?: string;
}

const STATUSES: readonly ThreadStatus[] = ["idle", "busy", "interrupted", "error"];
const ID_PREFIX = /^[0-9a-f][0-9a-f-]{2,35}$/i;

/** The help line of the search box. */
export const FILTER_HELP = "status:error · graph:agent · key=value (metadata) · a thread id or its first characters";

/** A metadata value as typed: JSON when it reads as JSON (`n=3`, `ok=true`), else the text. */
function metadataValue(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? text : value;
  } catch {
    return text;
  }
}

/** Reads the search box (terms separated by spaces); an error names the term it cannot read. */
export function parseThreadFilter(text: string): { filter: ThreadFilter } | { error: string } {
  const filter: ThreadFilter = {};
  const metadata: Record<string, unknown> = {};
  for (const term of text.trim().split(/\s+/).filter(Boolean)) {
    const [, key, value] = /^([^:=]+)[:=](.+)$/.exec(term) ?? [];
    if (key?.toLowerCase() === "status") {
      const status = value.toLowerCase() as ThreadStatus;
      if (!STATUSES.includes(status)) return { error: `"${value}" is not a thread status (${STATUSES.join(", ")})` };
      filter.status = status;
    } else if (key === "graph" || key === "assistant") metadata[key === "graph" ? "graph_id" : "assistant_id"] = value;
    else if (key && value) metadata[key] = metadataValue(value);
    else if (isUuid(term)) filter.threadId = term.toLowerCase();
    else if (ID_PREFIX.test(term)) filter.idPrefix = term.toLowerCase();
    else return { error: `Cannot read "${term}": ${FILTER_HELP}` };
  }
  if (Object.keys(metadata).length) filter.metadata = metadata;
  return { filter };
}

/** The filter as the search box takes it back, and as the "Filtered:" row says it. */
export function describeFilter(filter: ThreadFilter): string {
  const parts: string[] = [];
  if (filter.status) parts.push(`status:${filter.status}`);
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    if (key === "graph_id" && typeof value === "string") parts.push(`graph:${value}`);
    else if (key === "assistant_id" && typeof value === "string") parts.push(`assistant:${value}`);
    else parts.push(`${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
  if (filter.threadId) parts.push(filter.threadId);
  if (filter.idPrefix) parts.push(filter.idPrefix);
  return parts.join(" ");
}

/** Whether the filter narrows anything. */
export function isFiltered(filter: ThreadFilter | undefined): filter is ThreadFilter {
  return !!filter && describeFilter(filter) !== "";
}

/** Ids scanned per request for an id prefix (the servers' largest page). */
const ID_SCAN_PAGE = 1000;

/**
 * The pages of threads the view lists for a filter, newest update first. The servers filter by
 * status, metadata and whole ids; an id prefix is matched here over the ids alone (`select`),
 * scanned at each read from the top, and the matching threads are then read page by page by their ids.
 */
export function threadFetcher(threads: Pick<ThreadsClient, "search">, filter: ThreadFilter = {}): FetchThreads {
  const query: ThreadFilterQuery = { status: filter.status, metadata: filter.metadata, ids: filter.threadId ? [filter.threadId] : undefined };
  const sorted = { sortBy: "updated_at", sortOrder: "desc" } as const;
  const prefix = filter.idPrefix;
  if (!prefix) return (offset, limit) => threads.search({ ...query, ...sorted, offset, limit });
  let matching: Promise<string[]> | undefined;
  const scan = async () => {
    const ids: string[] = [];
    for (let offset = 0; ; offset += ID_SCAN_PAGE) {
      const page: Pick<Thread, "thread_id">[] = await threads.search({ ...query, ...sorted, offset, limit: ID_SCAN_PAGE, select: ["thread_id"] });
      ids.push(...page.map((t) => t.thread_id).filter((id) => id.toLowerCase().startsWith(prefix)));
      if (page.length < ID_SCAN_PAGE) return ids;
    }
  };
  return async (offset, limit) => {
    // A read from the top (the first page, a refresh) scans again: new threads may match.
    if (offset === 0 || !matching) matching = scan();
    const ids = (await matching).slice(offset, offset + limit);
    return ids.length ? threads.search({ ...query, ...sorted, ids, offset: 0, limit }) : [];
  };
}

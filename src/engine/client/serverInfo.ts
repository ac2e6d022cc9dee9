// What `GET /info` says about a deployment (open without a key on both dev servers, measured in
// docs/SERVER-DIFFERENCES.md §8b), and how it is named for a person.

/** `GET /info`, as far as the extension reads it. */
export interface ServerInfo {
  /** Version of the server API package (`@langchain/langgraph-api` or `langgraph-api`). */
  version?: string;
  /** Set by the JS server. */
  langgraph_js_version?: string;
  /** Set by the Python server. */
  langgraph_py_version?: string;
  /** Which features the server offers: `assistants`, `crons`, `langsmith`, … */
  flags?: Record<string, boolean | undefined>;
  /** Python: where it runs, e.g. `{kind: "self-hosted"}`. */
  host?: { kind?: string | null } | null;
}

/** Which server implementation answers. */
export type ServerFlavour = "js" | "python" | "unknown";

export function flavourOf(info: ServerInfo): ServerFlavour {
  if (typeof info.langgraph_js_version === "string") return "js";
  if (typeof info.langgraph_py_version === "string") return "python";
  return "unknown";
}

/** One line for the status bar's tooltip and the log, e.g. "LangGraph.js server 2.0.0 (@langchain/langgraph 1.7.3)". */
export function describeServer(info: ServerInfo): string {
  const version = info.version ? ` ${info.version}` : "";
  const host = info.host?.kind ? `, ${info.host.kind}` : "";
  switch (flavourOf(info)) {
    case "js":
      return `LangGraph.js server${version} (@langchain/langgraph ${info.langgraph_js_version}${host})`;
    case "python":
      return `LangGraph Python server${version} (langgraph ${info.langgraph_py_version}${host})`;
    default:
      return `LangGraph server${version || " of an unknown version"}`;
  }
}

/** The features a server says it lacks (`flags` set to false), e.g. ["crons"]. */
export function missingFeatures(info: ServerInfo): string[] {
  return Object.entries(info.flags ?? {})
    .filter(([, on]) => on === false)
    .map(([name]) => name);
}

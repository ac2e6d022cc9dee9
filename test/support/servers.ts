// The server matrix: the same test bodies run against the JS and the Python LangGraph dev servers.
import { startJsServer, type RunningServer } from "./langgraphServer";
import { startPythonServer } from "./pythonServer";

export { startJsServer } from "./langgraphServer";
export { startPythonServer } from "./pythonServer";
export { stopAllServers, waitForOk, type RunningServer } from "./serverProcess";

export type ServerKind = RunningServer["kind"];

/** Every server the tiers run against. `LGD_SERVERS=js` (or `python`) narrows it for a quick local run. */
export const SERVER_KINDS: ServerKind[] = (process.env.LGD_SERVERS?.split(",").map((s) => s.trim()) ?? ["js", "python"]).filter(
  (k): k is ServerKind => k === "js" || k === "python",
);

/** Where a server listens: by default a free port. */
export interface PortOption {
  /** Port to listen on (127.0.0.1), e.g. one already given to code-server as the deployment URL. */
  port?: number;
}

/** Starts a fresh sample deployment of the given kind on a free port (or `options.port`). */
export function startServer(kind: ServerKind, options: PortOption = {}): Promise<RunningServer> {
  return kind === "js" ? startJsServer(options) : startPythonServer(options);
}

/** A sample deployment that hot-reloads a temp copy of its project (edit files under `projectDir`). */
export function startReloadingServer(kind: ServerKind): Promise<RunningServer> {
  return kind === "js" ? startJsServer({ copyProject: true }) : startPythonServer({ reload: true });
}

/** The keys a sample deployment with custom auth (langgraph.auth.json) accepts and refuses. */
export interface SampleKeys {
  /** The one key let in (`x-api-key`, or `Authorization: Bearer …`). */
  apiKey: string;
  /** A key refused as expired (401 rather than the 403 of a wrong key). */
  expiredKey?: string;
}

/** Starts a sample deployment that demands a key: langgraph.auth.json, the key from LANGGRAPH_SAMPLE_API_KEY. */
export function startAuthServer(kind: ServerKind, keys: SampleKeys, portOption: PortOption = {}): Promise<RunningServer> {
  const env: Record<string, string> = { LANGGRAPH_SAMPLE_API_KEY: keys.apiKey, ...(keys.expiredKey ? { LANGGRAPH_SAMPLE_EXPIRED_KEY: keys.expiredKey } : {}) };
  const options = { configFile: "langgraph.auth.json", env, okHeaders: { "x-api-key": keys.apiKey }, ...portOption };
  return kind === "js" ? startJsServer(options) : startPythonServer(options);
}

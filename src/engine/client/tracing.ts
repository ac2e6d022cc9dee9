// Whether a deployment's runs can be linked to their LangSmith trace, from what the server says of
// itself (`GET /info`) and of the run. Read in langgraph-api's source (Python 0.16.7
// `langgraph_api/api/meta.py`, `metadata.py`, `models/run.py`; JS 2.0.0 `dist/api/meta.mjs`):
// - `flags.langsmith` is true only when the server traces to LangSmith (Python: a control-plane key
//   and tracing on; JS: a LangSmith key and tracing not turned off). Both dev servers: false.
// - `host.tenant_id` (Python) is the LangSmith workspace (`LANGSMITH_TENANT_ID`), set on LangSmith
//   deployments only; `host.kind` is "saas" on LangSmith's cloud, "byoc", or "self-hosted".
// - A run names its tracing project (`langsmith_session_name`, from `LANGSMITH_PROJECT` /
//   `LANGCHAIN_PROJECT` or the run's `langsmith_tracer.project_name`) when tracing is on and
//   `flags.langsmith_tracing_session_on_runs` says runs carry it (Python). The JS server names none.
// The LangGraph run id is the trace's root run id. Without all of that, no link is offered.
// Measured against both real dev servers tracing to a local stand-in for LangSmith's API:
// test/integration/langsmithTrace.test.ts, docs/SERVER-DIFFERENCES.md §8f.
import type { RunsClient } from "./runs";
import type { ServerInfo } from "./serverInfo";

/** What a run says about its trace (`GET /threads/{id}/runs/{run}`, Python). */
export interface TracedRun {
  run_id: string;
  langsmith_session_name?: string | null;
  /** Python keeps a run's own project (`langsmith_tracer.project_name`) as `__langsmith_project__`. */
  kwargs?: { config?: { configurable?: { __langsmith_project__?: unknown } } };
}

/** Where a run's trace is: the LangSmith workspace, the project's name, the root run. */
export interface TraceTarget {
  tenantId: string;
  projectName: string;
  runId: string;
  /** The LangSmith web app the deployment belongs to. */
  smithUrl: string;
}

/** Why no link is offered, or where the trace is. */
export type TraceDecision = { linked: true; target: TraceTarget } | { linked: false; reason: string };

/** The LangSmith app of a deployment: the EU one for `*.eu.langgraph.app`, else the US one. */
export function smithUrlFor(deploymentUrl: string): string {
  const host = URL.canParse(deploymentUrl) ? new URL(deploymentUrl).hostname : "";
  return /\.eu\.langgraph\.app$/i.test(host) ? "https://eu.smith.langchain.com" : "https://smith.langchain.com";
}

/** Decides whether `run` links to a LangSmith trace, from the deployment's `/info`. */
export function traceDecision(info: ServerInfo | undefined, run: TracedRun | undefined, deploymentUrl: string): TraceDecision {
  if (!info) return { linked: false, reason: "the deployment's /info was not read" };
  if (info.flags?.langsmith !== true) return { linked: false, reason: "the deployment does not trace to LangSmith (flags.langsmith is not true)" };
  const tenantId = info.host?.tenant_id;
  if (!tenantId) return { linked: false, reason: "the deployment does not name its LangSmith workspace (host.tenant_id)" };
  if (!run) return { linked: false, reason: "no run" };
  const projectName = run.langsmith_session_name;
  if (!projectName) return { linked: false, reason: "the run does not name the project it traces to (langsmith_session_name)" };
  // Measured: such a run is traced twice, to the deployment's own project under its run id and to
  // its own project under an id derived from it (langsmith's write replicas: an XXH3 hash of the id
  // and the project's name). Neither the default project's name nor that id can be known here.
  if (typeof run.kwargs?.config?.configurable?.__langsmith_project__ === "string") {
    return { linked: false, reason: `the run traces to a project of its own ("${projectName}") under an id LangSmith derives from the run's, and the deployment's own project is not named` };
  }
  return { linked: true, target: { tenantId, projectName, runId: run.run_id, smithUrl: smithUrlFor(deploymentUrl) } };
}

/** The trace's page, once the project's id is known (LangSmith's URLs name projects by id, not by name). */
export function traceUrl(target: TraceTarget, projectId: string): string {
  const run = encodeURIComponent(target.runId);
  return `${target.smithUrl}/o/${encodeURIComponent(target.tenantId)}/projects/p/${encodeURIComponent(projectId)}/r/${run}?trace_id=${run}&poll=true`;
}

/** LangSmith's API beside its web app (`https://smith.langchain.com` → `https://api.smith.langchain.com`). */
export function smithApiUrl(smithUrl: string): string {
  return smithUrl.replace("://", "://api.").replace("://api.eu.", "://eu.api.");
}

/** The project's id from LangSmith's `GET /api/v1/sessions?name=…` answer (a list of projects). */
export function projectIdFrom(answer: unknown, name: string): string | undefined {
  const list = Array.isArray(answer) ? (answer as { id?: unknown; name?: unknown }[]) : [];
  const found = list.find((p) => p.name === name) ?? (list.length === 1 ? list[0] : undefined);
  return typeof found?.id === "string" ? found.id : undefined;
}

/** What finding the trace of a thread's newest run needs. */
export interface TraceLookup {
  runs: Pick<RunsClient, "list">;
  /** The deployment's `/info`, read when connecting. */
  info: ServerInfo | undefined;
  deploymentUrl: string;
  threadId: string;
  /** The key LangSmith's API is asked with: the deployment's own (a LangSmith key on a LangSmith deployment). */
  apiKey?: string;
  /** LangSmith's API; default the one beside the web app the deployment belongs to. */
  smithApi?: string;
}

/** The trace page of the thread's newest run, or why there is none. LangSmith is asked only when the server says where it traces. */
export async function findTrace(lookup: TraceLookup): Promise<{ url: string } | { url?: undefined; reason: string }> {
  const [run] = (await lookup.runs.list(lookup.threadId, { limit: 1 })) as unknown as TracedRun[];
  const decision = traceDecision(lookup.info, run, lookup.deploymentUrl);
  if (!decision.linked) return { reason: decision.reason };
  // LangSmith's pages name a project by id: ask LangSmith for it.
  const { projectName, smithUrl } = decision.target;
  const api = lookup.smithApi ?? smithApiUrl(smithUrl);
  const response = await fetch(`${api}/api/v1/sessions?name=${encodeURIComponent(projectName)}&limit=1`, { headers: lookup.apiKey ? { "x-api-key": lookup.apiKey } : {}, signal: AbortSignal.timeout(5000) });
  if (!response.ok) return { reason: `LangSmith answered ${response.status} when asked for the project "${projectName}"` };
  const projectId = projectIdFrom(await response.json(), projectName);
  if (!projectId) return { reason: `LangSmith has no project named "${projectName}"` };
  return { url: traceUrl(decision.target, projectId) };
}

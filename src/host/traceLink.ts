import * as vscode from "vscode";
import { projectIdFrom, smithApiUrl, traceDecision, traceUrl, type TracedRun } from "../engine/client/tracing";
import type { Deployment } from "./deployment";
import { describeError } from "./errors";

/**
 * "Open trace in LangSmith" for the newest run of a thread: offered only when the deployment's
 * `/info` says it traces to LangSmith and names its workspace, and the run names its project
 * (src/engine/client/tracing.ts). A local dev server says neither, so nothing is asked of it.
 */
export class TraceLinks {
  constructor(
    private readonly deployment: Deployment,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Whether the deployment could link any run at all (no request made). */
  get possible(): boolean {
    const info = this.deployment.serverInfo;
    return info?.flags?.langsmith === true && Boolean(info.host?.tenant_id);
  }

  /** The trace page of the thread's newest run, when the server says where it traces; else undefined. */
  async urlFor(threadId: string): Promise<string | undefined> {
    if (!this.possible) return undefined;
    const client = await this.deployment.client();
    const [run] = (await client.runs.list(threadId, { limit: 1 })) as unknown as TracedRun[];
    const decision = traceDecision(this.deployment.serverInfo, run, this.deployment.url);
    if (!decision.linked) {
      this.log.info(`No LangSmith trace link for thread ${threadId}: ${decision.reason}`);
      return undefined;
    }
    // LangSmith's pages name a project by id: ask LangSmith for it, with the deployment's key (a LangSmith key on a LangSmith deployment).
    const { projectName, smithUrl } = decision.target;
    const key = await this.deployment.apiKey();
    const url = `${smithApiUrl(smithUrl)}/api/v1/sessions?name=${encodeURIComponent(projectName)}&limit=1`;
    try {
      const response = await fetch(url, { headers: key ? { "x-api-key": key } : {}, signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`LangSmith answered ${response.status}`);
      const projectId = projectIdFrom(await response.json(), projectName);
      if (!projectId) throw new Error(`LangSmith has no project named "${projectName}"`);
      return traceUrl(decision.target, projectId);
    } catch (error) {
      this.log.warn(`Cannot find the LangSmith project "${projectName}": ${describeError(error)}`);
      return undefined;
    }
  }
}

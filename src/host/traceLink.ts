import * as vscode from "vscode";
import { findTrace } from "../engine/client/tracing";
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
    try {
      const found = await findTrace({ runs: client.runs, info: this.deployment.serverInfo, deploymentUrl: this.deployment.url, threadId, apiKey: await this.deployment.apiKey() });
      if (found.url === undefined) this.log.info(`No LangSmith trace link for thread ${threadId}: ${found.reason}`);
      return found.url;
    } catch (error) {
      this.log.warn(`Cannot find the LangSmith trace of thread ${threadId}: ${describeError(error)}`);
      return undefined;
    }
  }
}

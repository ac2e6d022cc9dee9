// "Open trace in LangSmith" against both real dev servers started with LangSmith tracing on, their
// LANGSMITH_ENDPOINT a local stand-in for LangSmith's API that keeps the runs the servers post:
// what /info says then, which runs the tracer posts, and where the link points (the root run the
// server posted, in the project it posted it to). Facts: docs/SERVER-DIFFERENCES.md §8f.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LangGraphClient, type ServerInfo } from "../../src/engine/client";
import { findTrace } from "../../src/engine/client/tracing";
import { startLangSmithStandIn, type LangSmithStandIn } from "../support/langsmithStandIn";
import { SERVER_KINDS, startJsServer, startPythonServer, type RunningServer } from "../support/servers";

const PROJECT = "lgd-trace-project";
const TENANT = "3f1b6c2e-8a4d-4e7f-9b0c-5d2e1a7c8f60";
const LANGSMITH_KEY = "lsv2_pt_standin_0123456789";

describe.each(SERVER_KINDS)("the %s dev server tracing to LangSmith (a local stand-in)", (kind) => {
  let smith: LangSmithStandIn;
  let server: RunningServer;
  let client: LangGraphClient;
  let info: ServerInfo;

  beforeAll(async () => {
    smith = await startLangSmithStandIn();
    const env = {
      LANGSMITH_TRACING: "true",
      LANGSMITH_TRACING_V2: "true",
      LANGCHAIN_TRACING_V2: "true",
      LANGSMITH_API_KEY: LANGSMITH_KEY,
      LANGSMITH_ENDPOINT: smith.url,
      LANGSMITH_PROJECT: PROJECT,
      // The LangSmith workspace, as LangSmith's control plane sets it on a deployment (Python reads it into /info).
      LANGSMITH_TENANT_ID: TENANT,
      LANGSMITH_DISABLE_RUN_COMPRESSION: "true",
    };
    server = kind === "js" ? await startJsServer({ env, withoutEnvFile: true }) : await startPythonServer({ env, withoutEnvFile: true });
    client = new LangGraphClient({ apiUrl: server.url });
    info = await client.info();
  });

  afterAll(async () => {
    await server?.stop();
    await smith?.close();
  });

  /** Runs `input` on agent to the end in a new thread; the thread and the run as the server lists it. */
  async function runToEnd(extra: Record<string, unknown> = {}) {
    const thread = await client.threads.create();
    const response = await fetch(`${server.url}/threads/${thread.thread_id}/runs/wait`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: "agent", input: { messages: [{ role: "user", content: "Weather in Paris?" }] }, config: { configurable: { delay_ms: 0 } }, ...extra }),
    });
    expect(response.status).toBe(200);
    await response.json();
    const [run] = (await client.runs.list(thread.thread_id, { limit: 1 })) as unknown as { run_id: string; status: string; langsmith_session_name?: string | null }[];
    return { threadId: thread.thread_id, run };
  }

  /** The root run the server's tracer posted for `runId`, once it has arrived. */
  async function postedRoot(runId: string) {
    await expect.poll(() => smith.runs.get(runId)?.end_time, { timeout: 15_000 }).toBeTruthy();
    return smith.runs.get(runId)!;
  }

  it("/info says the server traces to LangSmith; only Python names the workspace (LANGSMITH_TENANT_ID)", () => {
    expect(info.flags?.langsmith).toBe(true);
    if (kind === "python") expect(info.host).toMatchObject({ kind: "self-hosted", tenant_id: TENANT });
    else expect(info.host).toBeUndefined();
  });

  it(kind === "python" ? "the link points at the root run the server posted, in the project it posted it to" : "the server posts the trace, but its runs name no project and /info no workspace: no link, LangSmith not asked", async () => {
    const { threadId, run } = await runToEnd();
    expect(run.status).toBe("success");
    // The LangGraph run id is the trace's root run, in LANGSMITH_PROJECT.
    expect(await postedRoot(run.run_id)).toMatchObject({ id: run.run_id, trace_id: run.run_id, session_name: PROJECT, name: "agent" });
    const projectId = smith.projects.get(PROJECT)!;
    const asked = () => smith.requests.filter((r) => r.path.endsWith("/sessions") && r.apiKey === LANGSMITH_KEY && r.method === "GET").length;
    const before = asked();
    const found = await findTrace({ runs: client.runs, info, deploymentUrl: server.url, threadId, apiKey: LANGSMITH_KEY, smithApi: smith.url });
    if (kind === "python") {
      expect(run.langsmith_session_name).toBe(PROJECT);
      expect(found).toEqual({ url: `https://smith.langchain.com/o/${TENANT}/projects/p/${projectId}/r/${run.run_id}?trace_id=${run.run_id}&poll=true` });
      expect(asked()).toBe(before + 1);
    } else {
      expect(run).not.toHaveProperty("langsmith_session_name");
      expect(found).toEqual({ reason: expect.stringContaining("host.tenant_id") });
      expect(asked()).toBe(before);
    }
  });

  // Only the Python server does this: the test exists for it alone (rather than one skipped on the other).
  if (kind === "python") {
    it("a run with a project of its own (langsmith_tracer) is traced twice, the copy there under a derived id: no link", async () => {
      const { threadId, run } = await runToEnd({ langsmith_tracer: { project_name: "lgd-other-project" } });
      expect(run.langsmith_session_name).toBe("lgd-other-project");
      // The deployment's own project gets the run id; the run's project a root id derived from it.
      expect(await postedRoot(run.run_id)).toMatchObject({ trace_id: run.run_id, session_name: PROJECT });
      await expect.poll(() => [...smith.runs.values()].filter((r) => r.session_name === "lgd-other-project" && !r.parent_run_id && r.end_time).length, { timeout: 15_000 }).toBe(1);
      const copy = [...smith.runs.values()].find((r) => r.session_name === "lgd-other-project" && !r.parent_run_id)!;
      expect(copy.id).not.toBe(run.run_id);
      expect(copy.trace_id).toBe(copy.id);
      expect(await findTrace({ runs: client.runs, info, deploymentUrl: server.url, threadId, apiKey: LANGSMITH_KEY, smithApi: smith.url })).toEqual({ reason: expect.stringContaining("a project of its own") });
    });
  }
});

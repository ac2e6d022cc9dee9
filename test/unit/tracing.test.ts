// When a run links to its LangSmith trace: never on the dev servers (their real /info and runs,
// measured 2026-12-01), only on a deployment whose /info says it traces and names its workspace and
// whose run names its project. The LangSmith /info below is the shape langgraph-api 0.16.7's
// `meta_info` returns (langgraph_api/api/meta.py) with the values a LangSmith cloud deployment sets;
// no real LangSmith deployment was reached.
import { describe, expect, it } from "vitest";
import type { ServerInfo } from "../../src/engine/client";
import { smithUrlFor, traceDecision, traceUrl, type TracedRun } from "../../src/engine/client/tracing";

const JS_INFO: ServerInfo = JSON.parse('{"version":"2.0.0","langgraph_js_version":"1.7.3","context":"js","flags":{"assistants":true,"crons":false,"langsmith":false,"langsmith_tracing_replicas":true}}');
const PYTHON_INFO: ServerInfo = JSON.parse(
  '{"version":"0.16.7","langgraph_py_version":"1.2.22","flags":{"assistants":true,"crons":true,"langsmith":false,"langsmith_tracing_replicas":true,"langsmith_tracing_session_on_runs":true},"host":{"kind":"self-hosted","project_id":null,"host_revision_id":null,"revision_id":null,"tenant_id":null}}',
);
/** GET /threads/{id}/runs on the Python dev server (tracing off): the field is there, null. The JS server has no such field. */
const PYTHON_RUN: TracedRun = JSON.parse('{"run_id":"01a2331b-92f8-7724-8f3f-99787e50ef7d","status":"success","langsmith_session_name":null}');
const JS_RUN: TracedRun = JSON.parse('{"run_id":"410e5905-f120-4210-b470-f384ccded001","status":"success"}');

const TENANT = "7c1e0d5a-2b3f-4e6a-9c8d-1f2e3a4b5c6d";
const LANGSMITH_INFO: ServerInfo = {
  ...PYTHON_INFO,
  flags: { ...PYTHON_INFO.flags, langsmith: true },
  host: { kind: "saas", project_id: "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a", tenant_id: TENANT },
};
const TRACED_RUN: TracedRun = { run_id: "01a2331b-92f8-7724-8f3f-99787e50ef7d", langsmith_session_name: "weather-agent" };

describe("the trace link", () => {
  it("is never offered on the dev servers: flags.langsmith is false on both", () => {
    expect(traceDecision(JS_INFO, JS_RUN, "http://127.0.0.1:2024")).toEqual({ linked: false, reason: expect.stringContaining("flags.langsmith") });
    expect(traceDecision(PYTHON_INFO, PYTHON_RUN, "http://127.0.0.1:2024")).toEqual({ linked: false, reason: expect.stringContaining("flags.langsmith") });
    // Even a run that names a project links nowhere while the server says it does not trace.
    expect(traceDecision(PYTHON_INFO, TRACED_RUN, "http://127.0.0.1:2024").linked).toBe(false);
    expect(traceDecision(undefined, TRACED_RUN, "http://127.0.0.1:2024").linked).toBe(false);
  });

  it("needs the workspace and the run's project besides the flag", () => {
    expect(traceDecision({ ...LANGSMITH_INFO, host: { kind: "self-hosted", tenant_id: null } }, TRACED_RUN, "https://x.example.com")).toEqual({ linked: false, reason: expect.stringContaining("host.tenant_id") });
    expect(traceDecision(LANGSMITH_INFO, PYTHON_RUN, "https://x.example.com")).toEqual({ linked: false, reason: expect.stringContaining("langsmith_session_name") });
    expect(traceDecision(LANGSMITH_INFO, JS_RUN, "https://x.example.com").linked).toBe(false);
  });

  it("is not offered for a run traced to a project of its own (its root id there is derived, measured on the Python server)", () => {
    const ownProject: TracedRun = { ...TRACED_RUN, kwargs: { config: { configurable: { __langsmith_project__: "weather-agent" } } } };
    expect(traceDecision(LANGSMITH_INFO, ownProject, "https://x.example.com")).toEqual({ linked: false, reason: expect.stringContaining("a project of its own") });
  });

  it("on a LangSmith deployment points at the run's trace in its workspace", () => {
    const decision = traceDecision(LANGSMITH_INFO, TRACED_RUN, "https://my-agent-1234.us.langgraph.app");
    expect(decision).toEqual({ linked: true, target: { tenantId: TENANT, projectName: "weather-agent", runId: TRACED_RUN.run_id, smithUrl: "https://smith.langchain.com" } });
    if (!decision.linked) return;
    expect(traceUrl(decision.target, "p-1")).toBe(`https://smith.langchain.com/o/${TENANT}/projects/p/p-1/r/${TRACED_RUN.run_id}?trace_id=${TRACED_RUN.run_id}&poll=true`);
    expect(smithUrlFor("https://my-agent-1234.eu.langgraph.app")).toBe("https://eu.smith.langchain.com");
    expect(smithUrlFor("not a url")).toBe("https://smith.langchain.com");
  });
});

describe("finding the project's id", () => {
  it("LangSmith's API beside its app, US and EU", async () => {
    const { smithApiUrl } = await import("../../src/engine/client/tracing");
    expect(smithApiUrl("https://smith.langchain.com")).toBe("https://api.smith.langchain.com");
    expect(smithApiUrl("https://eu.smith.langchain.com")).toBe("https://eu.api.smith.langchain.com");
  });

  it("takes the project of that name from the sessions list", async () => {
    const { projectIdFrom } = await import("../../src/engine/client/tracing");
    expect(projectIdFrom([{ id: "a", name: "other" }, { id: "b", name: "weather-agent" }], "weather-agent")).toBe("b");
    expect(projectIdFrom([{ id: "c", name: "weather-agent" }], "weather-agent")).toBe("c");
    expect(projectIdFrom([], "weather-agent")).toBeUndefined();
    expect(projectIdFrom({ detail: "Unauthorized" }, "weather-agent")).toBeUndefined();
  });
});

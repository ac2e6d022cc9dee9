// `GET /info` as both dev servers answer it (measured 2026-12-01, docs/SERVER-DIFFERENCES.md §8),
// named for the status bar and the log; and which errors are a refused key.
import { describe, expect, it } from "vitest";
import { describeServer, flavourOf, isAccessRefused, LangGraphHttpError, LangGraphNetworkError, missingFeatures, type ServerInfo } from "../../src/engine/client";

const JS_INFO: ServerInfo = JSON.parse(
  '{"version":"2.0.0","langgraph_js_version":"1.7.3","context":"js","flags":{"assistants":true,"crons":false,"langsmith":false,"langsmith_tracing_replicas":true}}',
);
const PYTHON_INFO: ServerInfo = JSON.parse(
  '{"version":"0.16.7","langgraph_py_version":"1.2.22","flags":{"assistants":true,"crons":true,"langsmith":false,"langsmith_tracing_replicas":true,"langsmith_tracing_session_on_runs":true},"host":{"kind":"self-hosted","project_id":null,"host_revision_id":null,"revision_id":null,"tenant_id":null}}',
);

describe("server info", () => {
  it("names the JS and the Python server with their versions", () => {
    expect([flavourOf(JS_INFO), flavourOf(PYTHON_INFO), flavourOf({})]).toEqual(["js", "python", "unknown"]);
    expect(describeServer(JS_INFO)).toBe("LangGraph.js server 2.0.0 (@langchain/langgraph 1.7.3)");
    expect(describeServer(PYTHON_INFO)).toBe("LangGraph Python server 0.16.7 (langgraph 1.2.22, self-hosted)");
    expect(describeServer({ version: "0.5.0" })).toBe("LangGraph server 0.5.0");
    expect(describeServer({})).toBe("LangGraph server of an unknown version");
  });

  it("lists the features a server turns off", () => {
    expect(missingFeatures(JS_INFO)).toEqual(["crons", "langsmith"]);
    expect(missingFeatures(PYTHON_INFO)).toEqual(["langsmith"]);
    expect(missingFeatures({})).toEqual([]);
  });

  it("a refused key is a 401 or a 403, nothing else", () => {
    const http = (status: number) => new LangGraphHttpError(status, "GET", "/assistants/search", "", "http://127.0.0.1:1");
    expect([401, 403, 404, 422, 500].map((s) => isAccessRefused(http(s)))).toEqual([true, true, false, false, false]);
    expect(isAccessRefused(new LangGraphNetworkError("GET", "/ok", "http://127.0.0.1:1/ok", "request", "connection refused"))).toBe(false);
    expect(isAccessRefused(new Error("401"))).toBe(false);
  });
});

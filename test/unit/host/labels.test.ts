// What the assistant picker and the Threads view show, on the assistants and thread statuses real servers return.
import { readFileSync } from "node:fs";
import type { Assistant, Thread } from "@langchain/langgraph-sdk";
import { describe, expect, it } from "vitest";
import { assistantRows, threadRow } from "../../../src/host/labels";

const probes = JSON.parse(readFileSync(new URL("../../fixtures/python/probes.json", import.meta.url), "utf8")) as {
  assistantsSearch: Assistant[];
  threadAfterCancel: { status: Thread["status"] };
};

function thread(status: Thread["status"], updatedAt: string, graph = "agent"): Thread {
  return {
    thread_id: "3f0c2a9e-1111-4c4c-8888-1234567890ab",
    created_at: updatedAt,
    updated_at: updatedAt,
    state_updated_at: updatedAt,
    metadata: { graph_id: graph },
    status,
    values: {},
    interrupts: {},
  };
}

describe("assistantRows", () => {
  it("shows each of the sample deployment's assistants by one name, with no id", () => {
    const rows = assistantRows(probes.assistantsSearch);
    expect(rows.map((r) => r.label)).toEqual(probes.assistantsSearch.map((a) => a.name));
    for (const row of rows) {
      expect(row.description).toBeUndefined();
      expect(`${row.label} ${row.description ?? ""}`).not.toContain(row.assistant.assistant_id);
    }
  });

  it("adds the graph when the name differs from it, and the id only when two rows would read the same", () => {
    const [agent] = probes.assistantsSearch.filter((a) => a.graph_id === "agent");
    const twin = { ...agent, assistant_id: "11111111-2222-3333-4444-555555555555" };
    const renamed = { ...agent, assistant_id: "66666666-2222-3333-4444-555555555555", name: "weather bot" };
    const rows = assistantRows([agent, twin, renamed]);
    expect(rows.map((r) => r.label)).toEqual(["agent", "agent", "weather bot"]);
    expect(rows[0].description).toBe(agent.assistant_id);
    expect(rows[1].description).toBe(twin.assistant_id);
    expect(rows[2].description).toBe("graph agent");
  });

  it("falls back to the graph id for an assistant without a name", () => {
    const [hitl] = probes.assistantsSearch.filter((a) => a.graph_id === "hitl");
    expect(assistantRows([{ ...hitl, name: "" }])[0]).toMatchObject({ label: "hitl" });
  });
});

describe("threadRow", () => {
  const at = Date.parse("2026-12-01T10:00:00Z");
  it("reads cancelled for a thread the server left errored (JS) or interrupted (Python) by a cancel seen here", () => {
    for (const status of ["error", probes.threadAfterCancel.status] as const) {
      const row = threadRow(thread(status, "2026-12-01T10:00:01Z"), { status: "cancelled", at });
      expect(row.status).toBe("cancelled");
      expect(row.description).toMatch(/^cancelled · /);
      expect(row.icon).toBe("circle-slash");
      expect(row.tooltip).toContain(`the server says ${status}`);
    }
  });

  it("keeps the server's status when the run was not cancelled, or the thread changed since", () => {
    expect(threadRow(thread("error", "2026-12-01T10:00:01Z"), { status: "failed", at }).status).toBe("error");
    expect(threadRow(thread("error", "2026-12-01T10:05:00Z"), { status: "cancelled", at }).status).toBe("error");
    expect(threadRow(thread("idle", "2026-12-01T10:00:01Z"), { status: "cancelled", at }).status).toBe("idle");
    expect(threadRow(thread("interrupted", "2026-12-01T10:00:01Z")).description).toMatch(/^interrupted · /);
  });

  it("names the graph and a short thread id", () => {
    expect(threadRow(thread("idle", "2026-12-01T10:00:01Z", "hitl")).label).toBe("hitl · 3f0c2a9e");
  });
});

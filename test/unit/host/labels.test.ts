// What the assistant picker shows, on the assistants real servers return (threads: threadLabels.test.ts).
import { readFileSync } from "node:fs";
import type { Assistant } from "@langchain/langgraph-sdk";
import { describe, expect, it } from "vitest";
import { assistantRows } from "../../../src/host/labels";

const probes = JSON.parse(readFileSync(new URL("../../fixtures/python/probes.json", import.meta.url), "utf8")) as {
  assistantsSearch: Assistant[];
};

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

// The Assistants view's rows and the checks of what is typed for an assistant, on assistants as the
// real servers return them (docs/SERVER-DIFFERENCES.md §13).
import type { Assistant, AssistantVersion } from "@langchain/langgraph-sdk";
import { describe, expect, it } from "vitest";
import { checkConfig, checkContext, parseJsonObject, problemsText } from "../../../src/host/assistantConfig";
import { assistantTreeRow, configSummary, hostedGraphs, versionTreeRow } from "../../../src/host/assistantRows";

const format = { locale: "en-GB", timeZone: "UTC", now: Date.parse("2026-12-01T23:00:00Z") };

const system: Assistant = {
  assistant_id: "fe096781-5601-53d2-b2f6-0d3403f7e9ca",
  graph_id: "agent",
  config: {},
  context: {},
  metadata: { created_by: "system" },
  name: "agent",
  created_at: "2026-12-01T22:03:26.096106+00:00",
  updated_at: "2026-12-01T22:03:26.096106+00:00",
  version: 1,
  description: undefined,
};
// The Python server copies `configurable` into `context`.
const custom: Assistant = {
  ...system,
  assistant_id: "665f42c9-5b21-464a-9b61-594bffc73698",
  config: { configurable: { tokens: 3 } },
  context: { tokens: 3 },
  metadata: { owner: "me" },
  name: "short answers",
  version: 2,
};
const version = (n: number, tokens: number, name = "short answers"): AssistantVersion => ({ ...custom, version: n, config: { configurable: { tokens } }, context: { tokens }, name, created_at: `2026-12-01T22:0${n}:00Z` });

describe("Assistants view rows", () => {
  it("says a graph's default assistant, its version, and which one runs use", () => {
    expect(assistantTreeRow(system, true, format)).toMatchObject({ label: "agent", description: "default · v1 · used for runs", contextValue: "systemAssistant", icon: "pass-filled" });
    const row = assistantTreeRow(custom, false, format);
    expect(row).toMatchObject({ label: "short answers", description: "agent · v2 · tokens=3", contextValue: "assistant", icon: "robot" });
    expect(row.tooltip).toContain("id 665f42c9-5b21-464a-9b61-594bffc73698");
    expect(row.tooltip).toContain('metadata: {"owner":"me"}');
  });

  it("marks the active and the latest version, and names a version renamed since", () => {
    expect(versionTreeRow(version(3, 5, "longer"), 1, 3, "short answers", format)).toMatchObject({ label: "v3", description: "latest · 22:03 · “longer” · tokens=5", contextValue: "assistantVersion" });
    expect(versionTreeRow(version(1, 3), 1, 3, "short answers", format)).toMatchObject({ label: "v1", description: "active · 22:01 · tokens=3", contextValue: "activeVersion", icon: "circle-filled" });
    expect(versionTreeRow(version(3, 5), 3, 3, "short answers", format).description).toBe("active, latest · 22:03 · tokens=5");
  });

  it("sums a config up on one line, each key once, cut when long", () => {
    expect(configSummary({}, {})).toBe("default config");
    expect(configSummary({ configurable: { tokens: 3, model: "fake" }, tags: ["a"] }, { tokens: 3, user: "ada" })).toBe('tokens=3, model=fake, user=ada, tags=["a"]');
    expect(configSummary({ configurable: { prompt: "x".repeat(100) } }, undefined, 20)).toBe(`prompt=${"x".repeat(12)}…`);
  });

  it("lists each hosted graph once, with its default assistant", () => {
    expect(hostedGraphs([custom, system, { ...system, graph_id: "hitl", assistant_id: "h" }])).toEqual([
      { graphId: "agent", defaultAssistantId: system.assistant_id },
      { graphId: "hitl", defaultAssistantId: "h" },
    ]);
  });
});

// A config_schema as the Python server gives it: the schema of `configurable` only.
const configSchema = {
  type: "object",
  properties: { tokens: { type: "integer", minimum: 1 }, model: { type: "string", enum: ["fake", "echo"] } },
  required: ["model"],
  additionalProperties: false,
};

describe("assistant config checks", () => {
  it("takes an empty box as {} and a config whose configurable fits", () => {
    expect(parseJsonObject("  ", "metadata")).toEqual({ value: {} });
    expect(checkConfig('{"configurable": {"model": "fake", "tokens": 3}, "recursion_limit": 5}', configSchema)).toEqual({ value: { configurable: { model: "fake", tokens: 3 }, recursion_limit: 5 } });
  });

  it("says what is not JSON, or not an object", () => {
    expect(checkConfig("{tokens: 3}", configSchema).problems?.[0]).toMatch(/^The config is not valid JSON: /);
    expect(parseJsonObject("[1]", "metadata").problems).toEqual(["The metadata must be a JSON object, e.g. {}"]);
  });

  it("sends settings typed outside configurable back under it", () => {
    expect(checkConfig('{"tokens": 3}', configSchema).problems).toEqual([
      '"tokens" is not a config key (configurable, tags, recursion_limit, metadata, run_name, max_concurrency): the graph\'s settings go under configurable, e.g. {"configurable":{"tokens":3}}',
    ]);
  });

  it("names every field that misses the graph's config schema, one message each", () => {
    const { problems } = checkConfig('{"configurable": {"tokens": 0.5, "model": "gpt", "temp": 1}}', configSchema);
    expect(problems).toEqual([
      "configurable.temp is not a field of the graph's schema",
      "configurable.tokens must be integer",
      "configurable.tokens must be >= 1",
      "configurable.model must be equal to one of the allowed values",
    ]);
    expect(problemsText(problems!.slice(0, 2))).toBe("1. configurable.temp is not a field of the graph's schema  2. configurable.tokens must be integer");
    expect(checkConfig('{"configurable": {}}', configSchema).problems).toEqual(["configurable.model is required"]);
  });

  it("lets anything through a schema with no fields (both sample servers' agent)", () => {
    expect(checkConfig('{"configurable": {"tokens": 3}}', { type: "object", $schema: "http://json-schema.org/draft-07/schema#" }).value).toEqual({ configurable: { tokens: 3 } });
    expect(checkConfig('{"configurable": {"tokens": 3}}', {}).value).toBeDefined();
  });

  it("checks context against the context schema", () => {
    const contextSchema = { type: "object", properties: { user_id: { type: "string" } }, required: ["user_id"] };
    expect(checkContext('{"user_id": 7}', contextSchema).problems).toEqual(["context.user_id must be string"]);
    expect(checkContext('{"user_id": "ada"}', contextSchema).value).toEqual({ user_id: "ada" });
  });
});

import { describe, expect, it } from "vitest";
import { parseRunInput, schemaTakesMessages, splitRunSettings } from "../../../src/host/runInput";
import { checkInput, inputFields, inputProblemMessage } from "../../../src/host/inputSchema";

describe("parseRunInput", () => {
  it("sends a JSON object as it is", () => {
    expect(parseRunInput('{"topic": "cats", "n": 2}', true)).toEqual({ ok: true, input: { topic: "cats", n: 2 } });
  });
  it("turns plain text into one user message when the graph takes messages", () => {
    expect(parseRunInput("What's the weather in Paris?", true)).toEqual({ ok: true, input: { messages: [{ role: "user", content: "What's the weather in Paris?" }] } });
  });
  it("refuses plain text for a graph without messages", () => {
    const parsed = parseRunInput("hello", false);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/JSON object/);
  });
  it("names the JSON mistake", () => {
    const parsed = parseRunInput('{"topic": }', true);
    expect(!parsed.ok && parsed.message).toMatch(/does not parse/);
  });
  it("refuses a JSON array or scalar-looking JSON", () => {
    expect(parseRunInput("[1, 2]", true).ok).toBe(false);
  });
  it("passes null through to continue a thread", () => {
    expect(parseRunInput("null", true)).toEqual({ ok: true, input: null });
  });
  it("reads whether the input schema has messages", () => {
    expect(schemaTakesMessages({ type: "object", properties: { messages: { type: "array" } } })).toBe(true);
    expect(schemaTakesMessages({ type: "object", properties: { topic: { type: "string" } } })).toBe(false);
  });
});

describe("checkInput", () => {
  const schema = {
    type: "object",
    properties: {
      count: { type: "number" },
      plan: { type: "object", properties: { steps: { type: "array", items: { type: "string" } } } },
      // What the JS server 2.0 reports for messages: it would reject ordinary messages.
      messages: { type: "array", items: { oneOf: [{ type: "object", required: ["type"], properties: { type: { const: "remove" } } }] } },
    },
    required: ["count"],
  };
  it("accepts an input that fits, with ordinary messages", () => {
    expect(checkInput(schema, { count: 1, messages: [{ role: "user", content: "hi" }] })).toBeUndefined();
  });
  it("names a missing field with its JSON path", () => {
    expect(checkInput(schema, { messages: [] })).toEqual({ path: "$.count", message: "is required" });
  });
  it("names a nested wrong type with its JSON path", () => {
    expect(checkInput(schema, { count: 1, plan: { steps: ["a", 2] } })).toEqual({ path: "$.plan.steps[1]", message: "must be string" });
  });
  it("still checks that messages is a list", () => {
    expect(checkInput(schema, { count: 1, messages: "hi" })?.path).toBe("$.messages");
  });
  it("does not block when there is no usable schema", () => {
    expect(checkInput(undefined, { anything: true })).toBeUndefined();
    expect(checkInput({ type: "object", properties: { a: { $ref: "#/nowhere" } } }, { a: 1 })).toBeUndefined();
  });
});

describe("messages about missing fields", () => {
  // The shape of the hitl sample's input schema: a topic to draft about, and what the graph fills in.
  const hitl = { type: "object", properties: { topic: { type: "string" }, draft: { type: "string" }, verdict: { type: "string" } }, required: ["topic"] };
  it("lists the fields the schema expects, required first", () => {
    expect(inputFields({ ...hitl, required: ["verdict", "topic"] })).toBe("topic: string (required), verdict: string (required), draft: string");
    expect(inputFields({ type: "object" })).toBeUndefined();
  });
  it("names them when plain text is typed for a graph without messages", () => {
    const parsed = parseRunInput("visual debugging", false, inputFields(hitl));
    expect(!parsed.ok && parsed.message).toContain("topic: string (required), draft: string, verdict: string");
  });
  it("names every missing required field and what the input should hold", () => {
    const message = inputProblemMessage("hitl", hitl, { draft: "x" });
    expect(message).toContain("$.topic is required");
    expect(message).toContain("hitl's input has the fields topic: string (required), draft: string, verdict: string");
    expect(message).toContain("Nothing was sent");
    const two = inputProblemMessage("hitl", { ...hitl, required: ["topic", "verdict"] }, {});
    expect(two).toContain("$ misses the required fields topic, verdict");
  });
  it("says nothing about fields for a wrong type, and nothing at all for an input that fits", () => {
    expect(inputProblemMessage("hitl", hitl, { topic: 3 })).not.toContain("has the fields");
    expect(inputProblemMessage("hitl", hitl, { topic: "cats" })).toBeUndefined();
  });
});

describe("config and context typed in the input box", () => {
  const fanout = { type: "object", properties: { topic: { type: "string" }, results: { type: "array" } } };

  it("are taken out of the input as the run's config (whole, or only configurable values) and context", () => {
    expect(splitRunSettings({ messages: [], config: { tokens: 3 }, context: { user_name: "Ada" } }, { type: "object", properties: { messages: { type: "array" } } })).toEqual({
      input: { messages: [] },
      config: { configurable: { tokens: 3 } },
      context: { user_name: "Ada" },
      taken: ["config", "context"],
    });
    expect(splitRunSettings({ topic: "x", config: { configurable: { units: "fahrenheit" }, recursion_limit: 5 } }, fanout).config).toEqual({ configurable: { units: "fahrenheit" }, recursion_limit: 5 });
  });

  it("stay input when the input schema has fields of those names, or are not objects", () => {
    const withConfig = { type: "object", properties: { config: { type: "object" } } };
    expect(splitRunSettings({ config: { a: 1 } }, withConfig)).toEqual({ input: { config: { a: 1 } }, taken: [] });
    expect(splitRunSettings({ topic: "x", context: "home" }, fanout)).toEqual({ input: { topic: "x", context: "home" }, taken: [] });
    expect(splitRunSettings(null, fanout)).toEqual({ input: null, taken: [] });
  });
});

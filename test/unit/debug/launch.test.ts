// launch.json's `input` as the adapter reads it, including what Lua clients send for `{}`.
import { describe, expect, it } from "vitest";
import { parseInput, unknownInputNote } from "../../../src/debug/launch";

describe("parseInput", () => {
  it("reads objects, JSON text and plain text (one user message)", () => {
    expect(parseInput({ topic: "bees" })).toEqual({ topic: "bees" });
    expect(parseInput('{"topic": "bees"}')).toEqual({ topic: "bees" });
    expect(parseInput("Hi")).toEqual({ messages: [{ role: "user", content: "Hi" }] });
    expect(parseInput(null)).toBeNull();
    expect(parseInput(undefined)).toBeUndefined();
  });

  it("reads an empty list as the empty input: Lua writes `{}` as []", () => {
    expect(parseInput([])).toEqual({});
  });

  it("refuses numbers, non-empty lists and broken JSON, saying what would work", () => {
    expect(() => parseInput(42)).toThrow(/"input" must be an object .*not number/);
    expect(() => parseInput([1])).toThrow(/not a list/);
    expect(() => parseInput("[1")).toThrow(/"input" is not valid JSON/);
  });
});

describe("unknownInputNote", () => {
  const schema = { type: "object", properties: { topic: { type: "string" } } };
  it("names the input keys the schema does not, and says where config and context go", () => {
    expect(unknownInputNote(schema, { topic: "x" })).toBeUndefined();
    expect(unknownInputNote(schema, { subject: "work", config: {} })).toBe(
      '"input" has keys the graph\'s input schema does not name, which the server drops: subject, config. Put "config" beside "input" in the launch configuration, not inside it.',
    );
    expect(unknownInputNote(undefined, { anything: 1 })).toBeUndefined();
  });
});

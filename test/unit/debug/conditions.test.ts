import { describe, expect, it } from "vitest";
import { conditionHolds, evaluate, ExpressionError, formatLogMessage, parseExpression, parseHitCondition } from "../../../src/debug/conditions";

const state = {
  order: { status: "paid", total: 12.5, tags: ["a", "b"] },
  messages: [{ type: "human", content: "hi" }, { type: "ai", content: "hello" }, { type: "tool", content: "sunny" }, { type: "ai", content: "done" }],
  items: [10, 20, 30],
  done: false,
  note: null,
};

describe("evaluate", () => {
  it("reads JavaScript-like expressions over the state", () => {
    expect(evaluate('order.status == "paid"', state)).toBe(true);
    expect(evaluate("messages.length > 3", state)).toBe(true);
    expect(evaluate("items[0]", state)).toBe(10);
    expect(evaluate("items[items.length - 1]", state)).toBe(30);
    expect(evaluate('order["status"] === "paid" && !done', state)).toBe(true);
    expect(evaluate("done || order.total >= 12.5", state)).toBe(true);
    expect(evaluate("messages[1].type != 'human'", state)).toBe(true);
    expect(evaluate("order.tags == ['a', 'b']", state)).toBe(true);
    expect(evaluate("note == undefined && order.missing == null", state)).toBe(true);
    expect(evaluate("done ? 1 : 2", state)).toBe(2);
    expect(evaluate('"n=" + items.length', state)).toBe("n=3");
    expect(evaluate("note ?? 'none'", state)).toBe("none");
  });

  it("no coercion: a string is not a number", () => {
    expect(evaluate('items[0] == "10"', state)).toBe(false);
    expect(() => evaluate('items[0] > "5"', state)).toThrow(/compares two numbers or two strings/);
  });

  it("reaches no prototype, function or global", () => {
    expect(evaluate("order.constructor", state)).toBeUndefined();
    expect(evaluate("order.__proto__", state)).toBeUndefined();
    expect(evaluate('order["toString"]', state)).toBeUndefined();
    expect(evaluate("items.map", state)).toBeUndefined();
    expect(() => evaluate("constructor", state)).toThrow(/`constructor` is not in the state/);
    expect(() => evaluate("process.exit(1)", state)).toThrow(/function calls are not allowed/);
    expect(() => evaluate("items.map(x)", state)).toThrow(/function calls are not allowed/);
    expect(() => evaluate("globalThis", state)).toThrow(/not in the state/);
  });

  it("says why an expression does not parse or fails", () => {
    expect(() => parseExpression("messages.length >")).toThrow(ExpressionError);
    expect(() => parseExpression("messages.length >")).toThrow(/^`messages.length >` does not parse: /);
    expect(() => parseExpression("a = 1")).toThrow(/does not parse|not supported/);
    expect(() => parseExpression("a; b")).toThrow(/one expression expected/);
    expect(() => parseExpression("  ")).toThrow(/empty/);
    expect(() => evaluate("note.x", state)).toThrow(/Cannot read `x` of null/);
    expect(() => evaluate("/x/", state)).toThrow();
  });
});

describe("conditionHolds", () => {
  it("is truthiness of the value; errors name the condition", () => {
    expect(conditionHolds("messages.length", state)).toBe(true);
    expect(conditionHolds("done", state)).toBe(false);
    expect(() => conditionHolds("nope > 1", state)).toThrow(/^Breakpoint condition `nope > 1`: `nope` is not in the state/);
  });
});

describe("parseHitCondition", () => {
  it("a number is the nth hit; operators compare; % is every nth", () => {
    const hits = (text: string) => [1, 2, 3, 4, 5, 6].filter(parseHitCondition(text));
    expect(hits("3")).toEqual([3]);
    expect(hits("== 3")).toEqual([3]);
    expect(hits(">= 2")).toEqual([2, 3, 4, 5, 6]);
    expect(hits("> 4")).toEqual([5, 6]);
    expect(hits("<3")).toEqual([1, 2]);
    expect(hits("% 2")).toEqual([2, 4, 6]);
  });

  it("refuses anything else, saying what works", () => {
    expect(() => parseHitCondition("often")).toThrow(/Hit condition `often` is not understood: use a number/);
    expect(() => parseHitCondition("% 0")).toThrow(/divides by zero/);
  });
});

describe("formatLogMessage", () => {
  it("fills each {expression} from the state: strings as they are, other values as JSON; \\{ is a brace", () => {
    expect(formatLogMessage("order {order.status} of {order.total}: {order.tags} {note}", state)).toBe('order paid of 12.5: ["a","b"] null');
    expect(formatLogMessage('{messages[-1].content == "done" ? "last" : "more"} \\{literal\\} {"}"}', state)).toBe("last {literal} }");
    expect(formatLogMessage("no parts, unclosed {order", state)).toBe("no parts, unclosed {order");
  });

  it("a part that fails says why in its place; the rest is printed", () => {
    expect(formatLogMessage("a {missing.x} b {items[0]} c {fn()}", state)).toBe(
      "a <error in {missing.x}: `missing` is not in the state (keys: order, messages, items, done, note)> b 10 c <error in {fn()}: `fn()`: function calls are not allowed (only values, properties and operators)>",
    );
  });
});

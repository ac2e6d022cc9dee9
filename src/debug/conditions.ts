// Breakpoint conditions, hit conditions and watch expressions over a thread's state. They come from
// launch.json files that may be someone else's, so they are parsed with jsep (a parser only) and
// evaluated by the small walker below, which reads own data properties of the state and nothing
// else: no prototypes, no function calls, no assignment; never eval, Function or vm. Pure.
import jsep from "jsep";
import { messageOf } from "../engine/errorMessage";

/** An expression that did not parse, or failed while evaluated; `message` says which and why. */
export class ExpressionError extends Error {}

/** Names an expression can read besides the state's own keys. */
export type Scope = Record<string, unknown>;

type Node = jsep.Expression;

const MAX_LENGTH = 2000;

/** Parses an expression (JavaScript-like: `a.b == "x" && items[0] > 3 || !done`), or throws ExpressionError. */
export function parseExpression(text: string): Node {
  const source = text.trim();
  if (!source) throw new ExpressionError("The expression is empty.");
  if (source.length > MAX_LENGTH) throw new ExpressionError(`The expression is longer than ${MAX_LENGTH} characters.`);
  let ast: Node;
  try {
    ast = jsep(source);
  } catch (error) {
    throw new ExpressionError(`\`${source}\` does not parse: ${messageOf(error)}`);
  }
  check(ast, source);
  return ast;
}

/** Evaluates an expression (text or parsed) over a scope (the state's values); throws ExpressionError. */
export function evaluate(expression: string | Node, scope: Scope): unknown {
  const ast = typeof expression === "string" ? parseExpression(expression) : expression;
  return walk(ast, scope);
}

/** A breakpoint condition: true when it holds. A condition that does not parse or fails throws ExpressionError. */
export function conditionHolds(condition: string, scope: Scope): boolean {
  try {
    return truthy(evaluate(condition, scope));
  } catch (error) {
    const source = `\`${condition.trim()}\``;
    if (error instanceof ExpressionError) throw new ExpressionError(`Breakpoint condition ${error.message.startsWith(source) ? "" : `${source}: `}${error.message}`);
    throw error;
  }
}

/**
 * A logpoint's line: each `{expression}` part evaluated over the scope (strings as they are, other
 * values as JSON); `\{` is a literal brace. A part that fails says why in its place; never throws.
 */
export function formatLogMessage(template: string, scope: Scope): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === "\\" && (template[i + 1] === "{" || template[i + 1] === "}")) {
      out += template[++i];
      continue;
    }
    if (c !== "{") {
      out += c;
      continue;
    }
    const end = closingBrace(template, i + 1);
    if (end < 0) {
      out += template.slice(i);
      break;
    }
    const expression = template.slice(i + 1, end);
    try {
      out += shown(evaluate(expression, scope));
    } catch (error) {
      out += `<error in {${expression.trim()}}: ${messageOf(error).replace(/\.$/, "")}>`;
    }
    i = end;
  }
  return out;
}

/** The `}` closing a part opened before `from`, past braces and quotes inside it; -1 when none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

const MAX_SHOWN = 1000;

function shown(value: unknown): string {
  const text = typeof value === "string" ? value : value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** A parsed hit condition: `3` or `== 3` (the 3rd hit), `>= 2`, `> 2`, `< 4`, `<= 4`, `% 2` (every 2nd). */
export type HitCondition = (hits: number) => boolean;

/** Parses a hit condition, or throws ExpressionError saying what is accepted. */
export function parseHitCondition(text: string): HitCondition {
  const match = /^(>=|<=|>|<|={1,3}|%)?\s*(\d+)$/.exec(text.trim());
  if (!match) throw new ExpressionError(`Hit condition \`${text.trim()}\` is not understood: use a number (\`3\`: the 3rd hit) or an operator and a number (\`>= 2\`, \`% 2\`).`);
  const n = Number(match[2]);
  switch (match[1]) {
    case ">=":
      return (hits) => hits >= n;
    case "<=":
      return (hits) => hits <= n;
    case ">":
      return (hits) => hits > n;
    case "<":
      return (hits) => hits < n;
    case "%":
      if (n === 0) throw new ExpressionError("Hit condition `% 0` divides by zero.");
      return (hits) => hits % n === 0;
    default:
      return (hits) => hits === n;
  }
}

/** Checks the whole tree once, so a forbidden construct is reported when the breakpoint is set. */
function check(node: Node, source: string): void {
  switch (node.type) {
    case "Literal":
    case "Identifier":
    case "ThisExpression":
      return;
    case "MemberExpression":
      check(node.object as Node, source);
      if (node.computed) check(node.property as Node, source);
      return;
    case "UnaryExpression":
      if (!UNARY.has(node.operator as string)) throw new ExpressionError(`\`${source}\`: the operator ${String(node.operator)} is not supported.`);
      check(node.argument as Node, source);
      return;
    case "BinaryExpression":
      if (!BINARY.has(node.operator as string)) throw new ExpressionError(`\`${source}\`: the operator ${String(node.operator)} is not supported.`);
      check(node.left as Node, source);
      check(node.right as Node, source);
      return;
    case "ConditionalExpression":
      check(node.test as Node, source);
      check(node.consequent as Node, source);
      check(node.alternate as Node, source);
      return;
    case "ArrayExpression":
      for (const element of node.elements as (Node | null)[]) if (element) check(element, source);
      return;
    case "CallExpression":
      throw new ExpressionError(`\`${source}\`: function calls are not allowed (only values, properties and operators).`);
    case "Compound":
    case "SequenceExpression":
      throw new ExpressionError(`\`${source}\`: one expression expected, not several.`);
    default:
      throw new ExpressionError(`\`${source}\`: ${node.type} is not supported.`);
  }
}

const UNARY = new Set(["!", "-", "+"]);
const BINARY = new Set(["==", "!=", "===", "!==", "<", ">", "<=", ">=", "&&", "||", "??", "+", "-", "*", "/", "%"]);

function walk(node: Node, scope: Scope): unknown {
  switch (node.type) {
    case "Literal":
      if (node.value instanceof RegExp) throw new ExpressionError("Regular expressions are not supported.");
      return node.value;
    case "Identifier":
      return identifier(node.name as string, scope);
    case "ThisExpression":
      return scope;
    case "MemberExpression": {
      const object = walk(node.object as Node, scope);
      const key = node.computed ? walk(node.property as Node, scope) : (node.property as Node).name;
      return member(object, key);
    }
    case "UnaryExpression": {
      const value = walk(node.argument as Node, scope);
      if (node.operator === "!") return !truthy(value);
      const n = number(value, node.operator as string);
      return node.operator === "-" ? -n : n;
    }
    case "BinaryExpression":
      return binary(node.operator as string, node.left as Node, node.right as Node, scope);
    case "ConditionalExpression":
      return truthy(walk(node.test as Node, scope)) ? walk(node.consequent as Node, scope) : walk(node.alternate as Node, scope);
    case "ArrayExpression":
      return (node.elements as (Node | null)[]).map((e) => (e ? walk(e, scope) : undefined));
    default:
      throw new ExpressionError(`${node.type} is not supported.`);
  }
}

function identifier(name: string, scope: Scope): unknown {
  if (name === "undefined") return undefined;
  if (Object.hasOwn(scope, name)) return scope[name];
  throw new ExpressionError(`\`${name}\` is not in the state (keys: ${Object.keys(scope).join(", ") || "none"}).`);
}

/** Own data properties only, plus `length` of lists and strings: never a prototype or a getter. */
function member(object: unknown, key: unknown): unknown {
  if (object === null || object === undefined) throw new ExpressionError(`Cannot read \`${String(key)}\` of ${String(object)}.`);
  if (typeof key !== "string" && typeof key !== "number") throw new ExpressionError("A property name must be a string or a number.");
  if ((Array.isArray(object) || typeof object === "string") && key === "length") return object.length;
  if (typeof object === "string") {
    const index = Number(key);
    return Number.isInteger(index) ? object[index] : undefined;
  }
  if (typeof object !== "object") return undefined;
  if (Array.isArray(object) && typeof key === "number" && key < 0) return object[object.length + key];
  const name = String(key);
  const descriptor = Object.getOwnPropertyDescriptor(object, name);
  return descriptor && "value" in descriptor ? descriptor.value : undefined;
}

function binary(operator: string, leftNode: Node, rightNode: Node, scope: Scope): unknown {
  if (operator === "&&") {
    const left = walk(leftNode, scope);
    return truthy(left) ? walk(rightNode, scope) : left;
  }
  if (operator === "||") {
    const left = walk(leftNode, scope);
    return truthy(left) ? left : walk(rightNode, scope);
  }
  if (operator === "??") {
    const left = walk(leftNode, scope);
    return left === null || left === undefined ? walk(rightNode, scope) : left;
  }
  const left = walk(leftNode, scope);
  const right = walk(rightNode, scope);
  switch (operator) {
    case "==":
    case "===":
      return same(left, right);
    case "!=":
    case "!==":
      return !same(left, right);
    case "<":
      return compare(left, right, operator) < 0;
    case ">":
      return compare(left, right, operator) > 0;
    case "<=":
      return compare(left, right, operator) <= 0;
    case ">=":
      return compare(left, right, operator) >= 0;
    case "+":
      if (typeof left === "string" || typeof right === "string") return text(left) + text(right);
      return number(left, "+") + number(right, "+");
    case "-":
      return number(left, "-") - number(right, "-");
    case "*":
      return number(left, "*") * number(right, "*");
    case "/":
      return number(left, "/") / number(right, "/");
    case "%":
      return number(left, "%") % number(right, "%");
  }
  throw new ExpressionError(`The operator ${operator} is not supported.`);
}

/** Equality without JavaScript's coercions; `null == undefined` (a missing key equals null); lists and objects by value. */
function same(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function compare(a: unknown, b: unknown, operator: string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new ExpressionError(`${operator} compares two numbers or two strings, not ${kind(a)} and ${kind(b)}.`);
}

function number(value: unknown, operator: string): number {
  if (typeof value === "number") return value;
  throw new ExpressionError(`${operator} needs a number, not ${kind(value)}.`);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

/** JavaScript truthiness. */
export function truthy(value: unknown): boolean {
  return Boolean(value);
}

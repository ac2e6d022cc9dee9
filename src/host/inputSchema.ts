// Checks a run's input against the assistant's input schema before anything is sent. No `vscode` import.
import Ajv, { type ErrorObject } from "ajv";

/** Why an input does not fit the schema, with the JSON path of the mistake. */
export interface InputProblem {
  /** JSON path such as `$.messages[0].content` (`$` for the input itself). */
  path: string;
  message: string;
}

// verbose: a `required` error then carries the object and its schema, so every missing field is named.
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, verbose: true });

/**
 * Returns the first problem, or undefined when the input fits (or the schema cannot be used).
 * `messages` is only checked to be a list: servers report item schemas for it that reject
 * ordinary `{role, content}` messages (the JS server 2.0 says `oneOf: [RemoveMessage]`).
 */
export function checkInput(inputSchema: unknown, input: Record<string, unknown> | null): InputProblem | undefined {
  if (input === null || !inputSchema || typeof inputSchema !== "object") return undefined;
  let validate;
  try {
    validate = ajv.compile(relaxMessages(inputSchema as Record<string, unknown>));
  } catch {
    return undefined;
  }
  if (validate(input)) return undefined;
  const error = validate.errors?.[0];
  return error ? describeProblem(error) : undefined;
}

/** The schema with `messages` checked only as a list (see checkInput). */
export function relaxMessages(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (!properties || !("messages" in properties)) return schema;
  return { ...schema, properties: { ...properties, messages: { type: "array" } } };
}

/** An ajv error as a JSON path and a sentence (`$.budget` `must be >= 0`). */
export function describeProblem(error: ErrorObject): InputProblem {
  const segments = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let path = "$" + segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("");
  let message = error.message ?? "does not fit the schema";
  if (error.keyword === "required") {
    const first = (error.params as { missingProperty: string }).missingProperty;
    const data = error.data && typeof error.data === "object" ? (error.data as Record<string, unknown>) : {};
    const required = Array.isArray(error.schema) ? (error.schema as string[]) : [first];
    const missing = required.filter((k) => !(k in data));
    if (missing.length > 1) return { path, message: `misses the required fields ${missing.join(", ")}` };
    path += /^[A-Za-z_$][\w$]*$/.test(first) ? `.${first}` : `[${JSON.stringify(first)}]`;
    message = "is required";
  } else if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    path += `.${extra}`;
    message = "is not a field of this graph's input";
  }
  return { path, message };
}

/**
 * The fields an input schema expects, for messages: `topic: string (required), draft: string`.
 * Undefined when the schema lists none.
 */
export function inputFields(inputSchema: unknown, max = 12): string | undefined {
  if (!inputSchema || typeof inputSchema !== "object") return undefined;
  const schema = inputSchema as { properties?: Record<string, { type?: unknown } | boolean>; required?: unknown };
  const names = Object.keys(schema.properties ?? {});
  if (names.length === 0) return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
  // Required fields first: they are the ones a person has to type.
  const ordered = [...names.filter((n) => required.has(n)), ...names.filter((n) => !required.has(n))];
  const shown = ordered.slice(0, max).map((name) => {
    const prop = schema.properties?.[name];
    const type = prop && typeof prop === "object" && prop.type !== undefined ? `: ${[prop.type].flat().join(" | ")}` : "";
    return `${name}${type}${required.has(name) ? " (required)" : ""}`;
  });
  return `${shown.join(", ")}${ordered.length > max ? `, and ${ordered.length - max} more` : ""}`;
}

/** Why the input cannot be sent to `graph` (its schema's complaint and, for a missing field, the fields it expects); undefined when it fits. */
export function inputProblemMessage(graph: string, inputSchema: unknown, input: Record<string, unknown> | null): string | undefined {
  const problem = checkInput(inputSchema, input);
  if (!problem) return undefined;
  const fields = /required/.test(problem.message) ? inputFields(inputSchema) : undefined;
  return `The input does not fit ${graph}'s input schema: ${problem.path} ${problem.message}.${fields ? ` ${graph}'s input has the fields ${fields}.` : ""} Nothing was sent.`;
}

// The run form's values checked against the assistant's schemas before anything is sent (ajv:
// the webview has no unsafe-eval). Every mistake is named by the field it belongs to, so the
// webview can show it under that field. No `vscode` import.
import Ajv, { type ErrorObject } from "ajv";
import type { RunFormSection, RunFormValues } from "../shared/protocol";
import { relaxMessages } from "./inputSchema";

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, verbose: true });

/** The schemas a run form is drawn from (GET /assistants/{id}/schemas). */
export interface RunFormSchemas {
  input?: unknown;
  config?: unknown;
  context?: unknown;
}

/**
 * What is wrong, keyed by `section` + JSON pointer of the field (`input/messages/0/content`,
 * `config/tokens`); empty when everything fits. A section whose schema ajv cannot compile is not
 * checked (the server still is).
 */
export function checkRunForm(schemas: RunFormSchemas, values: RunFormValues): Record<string, string> {
  const problems: Record<string, string> = {};
  if (values.input !== null && (typeof values.input !== "object" || Array.isArray(values.input))) problems.input = "The input must be a JSON object (the graph's input state).";
  else check("input", isObject(schemas.input) ? relaxMessages(schemas.input) : undefined, values.input, problems);
  check("config", schemas.config, values.config ?? {}, problems);
  check("context", schemas.context, values.context ?? {}, problems);
  return problems;
}

function check(section: RunFormSection, schema: unknown, value: unknown, problems: Record<string, string>): void {
  if (!isObject(schema) || value === null) return;
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch {
    return;
  }
  if (validate(value)) return;
  for (const error of validate.errors ?? []) {
    const key = `${section}${fieldPointer(error)}`;
    // The first complaint about a field is the one said; anyOf's branches add noise after it.
    problems[key] ??= sentence(error);
  }
}

/** The JSON pointer of the field an error is about: a missing property is its own field's mistake. */
export function fieldPointer(error: ErrorObject): string {
  if (error.keyword === "required") return `${error.instancePath}/${escape((error.params as { missingProperty: string }).missingProperty)}`;
  if (error.keyword === "additionalProperties") return `${error.instancePath}/${escape((error.params as { additionalProperty: string }).additionalProperty)}`;
  return error.instancePath;
}

function sentence(error: ErrorObject): string {
  if (error.keyword === "required") return "Required.";
  if (error.keyword === "additionalProperties") return "Not a field of this schema.";
  if (error.keyword === "enum") return `Must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}.`;
  const text = error.message ?? "does not fit the schema";
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

const escape = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

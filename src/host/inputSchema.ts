// Checks a run's input against the assistant's input schema before anything is sent. No `vscode` import.
import Ajv, { type ErrorObject } from "ajv";

/** Why an input does not fit the schema, with the JSON path of the mistake. */
export interface InputProblem {
  /** JSON path such as `$.messages[0].content` (`$` for the input itself). */
  path: string;
  message: string;
}

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });

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
  return error ? describe(error) : undefined;
}

function relaxMessages(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (!properties || !("messages" in properties)) return schema;
  return { ...schema, properties: { ...properties, messages: { type: "array" } } };
}

function describe(error: ErrorObject): InputProblem {
  const segments = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let path = "$" + segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("");
  let message = error.message ?? "does not fit the schema";
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    path += /^[A-Za-z_$][\w$]*$/.test(missing) ? `.${missing}` : `[${JSON.stringify(missing)}]`;
    message = "is required";
  } else if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    path += `.${extra}`;
    message = "is not a field of this graph's input";
  }
  return { path, message };
}

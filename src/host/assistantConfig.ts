// Checks what a person types for an assistant (config, context, metadata) before anything is sent:
// JSON objects, the config's keys, and `configurable` / context against the graph's config_schema /
// context_schema with ajv (in the host: the webview has no unsafe-eval). No `vscode` import.
import Ajv from "ajv";
import { describeProblem } from "./inputSchema";

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, verbose: true });

/** The keys of a run config a person may set on an assistant (LangGraph's RunnableConfig). */
const CONFIG_KEYS = ["configurable", "tags", "recursion_limit", "metadata", "run_name", "max_concurrency"];

/** The parsed value, or every problem found, one sentence each. */
export type Checked<T> = { value: T; problems?: undefined } | { value?: undefined; problems: string[] };

/** Parses a JSON object typed into an input box; an empty box is an empty object. */
export function parseJsonObject(text: string, what: string): Checked<Record<string, unknown>> {
  const trimmed = text.trim();
  if (trimmed === "") return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { problems: [`The ${what} is not valid JSON: ${(error as Error).message}`] };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { problems: [`The ${what} must be a JSON object, e.g. {}`] };
  return { value: value as Record<string, unknown> };
}

/**
 * Checks an assistant's config: a JSON object of config keys whose `configurable` fits the graph's
 * config_schema (both servers give the schema of `configurable` only, not of the whole config).
 */
export function checkConfig(text: string, configSchema: unknown): Checked<Record<string, unknown>> {
  const parsed = parseJsonObject(text, "config");
  if (!parsed.value) return parsed;
  const config = parsed.value;
  const unknown = Object.keys(config).filter((k) => !CONFIG_KEYS.includes(k));
  if (unknown.length > 0) {
    const example = JSON.stringify({ configurable: Object.fromEntries(unknown.slice(0, 2).map((k) => [k, config[k]])) });
    return { problems: [`${unknown.map((k) => `"${k}"`).join(", ")} ${unknown.length > 1 ? "are not config keys" : "is not a config key"} (${CONFIG_KEYS.join(", ")}): the graph's settings go under configurable, e.g. ${example}`] };
  }
  const configurable = config.configurable ?? {};
  if (!configurable || typeof configurable !== "object" || Array.isArray(configurable)) return { problems: ["configurable must be a JSON object"] };
  const problems = schemaProblems(configSchema, configurable, "configurable");
  return problems.length ? { problems } : { value: config };
}

/** Checks an assistant's context (graphs with a context schema) against the graph's context_schema. */
export function checkContext(text: string, contextSchema: unknown): Checked<Record<string, unknown>> {
  const parsed = parseJsonObject(text, "context");
  if (!parsed.value) return parsed;
  const problems = schemaProblems(contextSchema, parsed.value, "context");
  return problems.length ? { problems } : parsed;
}

/** Every way `value` misses `schema`, as `configurable.tokens must be integer`; none when there is no usable schema. */
export function schemaProblems(schema: unknown, value: unknown, root: string): string[] {
  if (!schema || typeof schema !== "object" || Object.keys(schema).filter((k) => k !== "$schema" && k !== "type").length === 0) return [];
  let validate;
  try {
    validate = ajv.compile(schema as Record<string, unknown>);
  } catch {
    return [];
  }
  if (validate(value)) return [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const { path, message } = describeProblem(error);
    seen.add(`${root}${path.slice(1)} ${message.replace("is not a field of this graph's input", "is not a field of the graph's schema")}`);
  }
  return [...seen];
}

/** The problems as one line for an input box's validation message. */
export function problemsText(problems: string[]): string {
  return problems.length === 1 ? problems[0]! : problems.map((p, i) => `${i + 1}. ${p}`).join("  ");
}

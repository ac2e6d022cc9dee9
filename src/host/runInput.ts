// What a person types as a run's input, turned into the request's `input`. No `vscode` import.
import type { Config } from "@langchain/langgraph-sdk";
import { formFields } from "../shared/schemaFields";

/** The input to send, or why the text cannot be one. */
export type ParsedRunInput = { ok: true; input: Record<string, unknown> | null } | { ok: false; message: string };

/**
 * JSON objects are sent as they are (`null` continues the thread); anything else is plain text,
 * which becomes one user message when the graph takes `messages`. `fields` (from inputFields) is
 * named when plain text cannot be sent.
 */
export function parseRunInput(text: string, graphTakesMessages: boolean, fields?: string): ParsedRunInput {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed === "null") {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      return { ok: false, message: `The input looks like JSON but does not parse: ${(error as Error).message}` };
    }
    if (value === null) return { ok: true, input: null };
    if (typeof value !== "object" || Array.isArray(value)) {
      return { ok: false, message: "The input must be a JSON object (the graph's input state), or plain text." };
    }
    return { ok: true, input: value as Record<string, unknown> };
  }
  if (!graphTakesMessages) {
    return { ok: false, message: `This graph's input has no \`messages\`: type its input as a JSON object${fields ? ` with ${fields}` : ""}.` };
  }
  return { ok: true, input: { messages: [{ role: "user", content: text }] } };
}

/** Whether an input JSON schema has a `messages` property (plain text then becomes a message). */
export function schemaTakesMessages(inputSchema: unknown): boolean {
  if (!inputSchema || typeof inputSchema !== "object") return true;
  const schema = inputSchema as { properties?: Record<string, unknown>; definitions?: Record<string, unknown>; $ref?: string };
  if (schema.properties) return "messages" in schema.properties;
  return true;
}

/** An input box's object split into the run's input and the `config` / `context` typed beside it. */
export interface RunSettingsSplit {
  input: Record<string, unknown> | null;
  config?: Config;
  context?: Record<string, unknown>;
  /** What was taken out of the input, for the message that says so. */
  taken: ("config" | "context")[];
}

/**
 * `config` and `context` typed as top-level keys of the input are the run's config and context
 * (unless the input schema has fields of those names). `config` may be a whole RunnableConfig
 * (`{configurable: {…}}`) or only its `configurable` values.
 */
export function splitRunSettings(input: Record<string, unknown> | null, inputSchema: unknown): RunSettingsSplit {
  if (!input) return { input, taken: [] };
  const known = new Set((formFields(inputSchema) ?? []).map((f) => f.name));
  const rest = { ...input };
  const split: RunSettingsSplit = { input: rest, taken: [] };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!known.has("config") && isObject(rest.config)) {
    const config = rest.config;
    split.config = "configurable" in config || "tags" in config || "recursion_limit" in config ? (config as Config) : { configurable: config };
    delete rest.config;
    split.taken.push("config");
  }
  if (!known.has("context") && isObject(rest.context)) {
    split.context = rest.context;
    delete rest.context;
    split.taken.push("context");
  }
  return split;
}

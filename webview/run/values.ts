// Value display helpers for diffs and state: message detection, previews, tree rows. Pure.
import { pathChild, ROOT_PATH } from "../../src/engine/jsonPath";
import { contentText, readMessage } from "../../src/engine/messageFields";

/** A chat message found in state (LangChain serialised or plain `{role, content}`). */
export interface MessageView {
  role: string;
  text: string;
  toolCalls: string[];
}

// Roles (as readMessage normalises them) that make a `{type|role, content}` object a chat message.
const ROLES = new Set(["human", "ai", "tool", "system", "function", "chat", "developer"]);

/** Reads `value` as a chat message, or undefined when it does not look like one. */
export function asMessage(value: unknown): MessageView | undefined {
  const message = readMessage(value);
  if (!message || !ROLES.has(message.role) || !("content" in message.fields)) return undefined;
  const calls = message.fields.tool_calls;
  return {
    role: message.role,
    text: contentText(message.fields.content),
    toolCalls: Array.isArray(calls) ? calls.map((c: { name?: string; args?: unknown }) => `${c.name ?? "tool"}(${JSON.stringify(c.args ?? {})})`) : [],
  };
}

/** JSON text of a value (`undefined` spelled out). */
export function jsonText(value: unknown, indent?: number): string {
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value, null, indent) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One line of the state tree. */
export interface TreeRow {
  /** Where the value sits, written as the diff writes it (src/engine/jsonPath.ts). */
  path: string;
  depth: number;
  key: string;
  preview: string;
  expandable: boolean;
  expanded: boolean;
  /** The value itself (for copying, and a leaf's whole text on hover). */
  value: unknown;
}

/** A one-line summary of a value, at most `max` characters. */
export function previewOf(value: unknown, max = 160): string {
  if (Array.isArray(value)) return `Array(${value.length})`;
  const message = asMessage(value);
  if (message) return `${message.role}: ${message.text || message.toolCalls.join(", ")}`.slice(0, max);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    const shown = keys.slice(0, 6).join(", ");
    return `{${shown}${keys.length > 6 ? ", …" : ""}}`;
  }
  const text = jsonText(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Flattens `value` into rows, descending only into paths in `expanded`; the root's own row (a scalar root) is `$`. */
export function treeRows(value: unknown, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const children = (v: object, path: string, depth: number) => {
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, pathChild(path, i), String(i), depth));
    else for (const [k, item] of Object.entries(v)) visit(item, pathChild(path, k), k, depth);
  };
  const visit = (v: unknown, path: string, key: string, depth: number) => {
    const expandable = v !== null && typeof v === "object" && Object.keys(v).length > 0;
    const open = expandable && expanded.has(path);
    rows.push({ path, depth, key, preview: previewOf(v), expandable, expanded: open, value: v });
    if (open) children(v as object, path, depth + 1);
  };
  if (value !== null && typeof value === "object") children(value, ROOT_PATH, 0);
  else rows.push({ path: ROOT_PATH, depth: 0, key: ROOT_PATH, preview: previewOf(value), expandable: false, expanded: false, value });
  return rows;
}

/** The text a value is shown as (ValueView): a message's text then its tool calls, else its JSON. */
export function valueText(value: unknown): string {
  const message = asMessage(value);
  return message ? [message.text, ...message.toolCalls].join("\n") : jsonText(value);
}

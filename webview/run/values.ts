// Value display helpers for diffs and state: message detection, previews, tree rows. Pure.
import { contentText } from "./tokenLog";

/** A chat message found in state (LangChain serialised or plain `{role, content}`). */
export interface MessageView {
  role: string;
  text: string;
  toolCalls: string[];
}

const ROLES = new Set(["human", "ai", "tool", "system", "user", "assistant", "function", "developer"]);

/** Reads `value` as a chat message, or undefined when it does not look like one. */
export function asMessage(value: unknown): MessageView | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  // LangChain's serialised form: {lc, type:"constructor", id:[…,"AIMessage"], kwargs:{…}}
  const kwargs = v.lc && v.kwargs && typeof v.kwargs === "object" ? (v.kwargs as Record<string, unknown>) : undefined;
  const m = kwargs ?? v;
  const className = Array.isArray(v.id) ? String(v.id.at(-1)) : "";
  const role = typeof m.type === "string" && ROLES.has(m.type) ? m.type : typeof m.role === "string" ? m.role : className.replace(/Message(Chunk)?$/, "").toLowerCase();
  if (!role || !("content" in m)) return undefined;
  const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
  return {
    role,
    text: contentText(m.content),
    toolCalls: calls.map((c: { name?: string; args?: unknown }) => `${c.name ?? "tool"}(${JSON.stringify(c.args ?? {})})`),
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
  path: string;
  depth: number;
  key: string;
  preview: string;
  expandable: boolean;
  expanded: boolean;
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent === "$" ? "" : parent}[${key}]`;
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (parent === "$") return safe;
  return /^[A-Za-z_$]/.test(safe) ? `${parent}.${safe}` : `${parent}[${safe}]`;
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

/** Flattens `value` into rows, descending only into paths in `expanded` (`$` is the root). */
export function treeRows(value: unknown, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (v: unknown, path: string, key: string, depth: number) => {
    const expandable = v !== null && typeof v === "object" && Object.keys(v).length > 0;
    const open = expandable && expanded.has(path);
    rows.push({ path, depth, key, preview: previewOf(v), expandable, expanded: open });
    if (!open) return;
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, childPath(path, i), String(i), depth + 1));
    else for (const [k, item] of Object.entries(v as object)) visit(item, childPath(path, k), k, depth + 1);
  };
  if (value !== null && typeof value === "object") {
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, childPath("$", i), String(i), 0));
    else for (const [k, item] of Object.entries(value)) visit(item, childPath("$", k), k, 0);
  } else {
    rows.push({ path: "$", depth: 0, key: "$", preview: previewOf(value), expandable: false, expanded: false });
  }
  return rows;
}

// What the Variables view shows at a stop: the thread's state and what the last superstep did, as DAP
// scopes and variables. Variables are references into a handles table that lives only while stopped:
// the session resets it on every continue (a stale reference then finds nothing). Long lists are paged
// (`indexedVariables` + start/count). Pure: no I/O, no session.
import { Handles } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { pathChild, ROOT_PATH, splitPath } from "../engine/jsonPath";
import type { DiffEntry, InterruptInfo } from "../engine/model";

/** The scopes shown at every stop. */
export type ScopeName = "State" | "Writes" | "Changes" | "Next" | "Config";

/** Everything the Variables view shows at one stop. */
export interface StopView {
  /** The state's values at the stop. */
  state: Record<string, unknown>;
  /** What each node of the last superstep wrote, keyed by node. */
  writes: Record<string, unknown>;
  /** The last superstep's diff. */
  changes: DiffEntry[];
  /** Nodes that run next, and the interrupts waiting for an answer. */
  next: { nodes: string[]; interrupts: InterruptInfo[] };
  /** The run's config and the checkpoint shown. */
  config: Record<string, unknown>;
}

/** One expandable value: where it sits (`path` in its scope) and which scope it belongs to. */
export interface Container {
  scope: ScopeName;
  /** Path in the scope (`order.status`, `messages[3]`); "" for the scope itself. */
  path: string;
  value: unknown;
}

/** Lists longer than this are paged. */
export const PAGE_SIZE = 100;
const MAX_PREVIEW = 400;

/** The handles table of one stop and the variables behind it. */
export class VariableStore {
  private readonly handles = new Handles<Container>();

  /** Forgets every reference (on continue, step, edit). */
  reset(): void {
    this.handles.reset();
  }

  /** The container behind a reference, if it is still alive. */
  container(reference: number): Container | undefined {
    return this.handles.get(reference);
  }

  /** The five scopes of a stop. */
  scopes(view: StopView): DebugProtocol.Scope[] {
    const scope = (name: ScopeName, value: unknown, expensive = false): DebugProtocol.Scope => ({
      name,
      variablesReference: this.handles.create({ scope: name, path: "", value }),
      namedVariables: Object.keys(value as object).length,
      expensive,
      presentationHint: name === "State" ? "locals" : undefined,
    });
    return [
      scope("State", view.state),
      scope("Writes", view.writes),
      scope("Changes", changesObject(view.changes)),
      scope("Next", nextObject(view.next)),
      scope("Config", view.config),
    ];
  }

  /** Children of a reference; `start`/`count` page a long list. */
  variables(reference: number, args: { filter?: "indexed" | "named"; start?: number; count?: number } = {}): DebugProtocol.Variable[] {
    const container = this.handles.get(reference);
    if (!container) return [];
    const { value } = container;
    if (Array.isArray(value)) {
      if (args.filter === "named") return [];
      const start = Math.max(0, args.start ?? 0);
      const end = args.count === undefined || args.count <= 0 ? value.length : Math.min(value.length, start + args.count);
      const out: DebugProtocol.Variable[] = [];
      for (let i = start; i < end; i++) out.push(this.variable(String(i), value[i], container.scope, pathChild(container.path || ROOT_PATH, i)));
      return out;
    }
    if (value && typeof value === "object") {
      if (args.filter === "indexed") return [];
      return Object.entries(value).map(([key, child]) => this.variable(key, child, container.scope, container.scope === "Changes" && !container.path ? key : pathChild(container.path || ROOT_PATH, key)));
    }
    return [];
  }

  /** One variable (expandable when the value is an object or list). */
  variable(name: string, value: unknown, scope: ScopeName, path: string): DebugProtocol.Variable {
    const result = this.describe(value, scope, path);
    const variable: DebugProtocol.Variable = { name, value: result.result, type: typeName(value), variablesReference: result.variablesReference };
    if (result.indexedVariables !== undefined) variable.indexedVariables = result.indexedVariables;
    if (result.namedVariables !== undefined) variable.namedVariables = result.namedVariables;
    if (scope === "State") variable.evaluateName = path;
    return variable;
  }

  /** A value as DAP shows it (preview text, a reference to expand it, paging counts): for variables and evaluate. */
  describe(value: unknown, scope: ScopeName, path: string): { result: string; variablesReference: number; indexedVariables?: number; namedVariables?: number } {
    const result = preview(value);
    if (Array.isArray(value)) {
      const variablesReference = value.length ? this.handles.create({ scope, path, value }) : 0;
      return value.length > PAGE_SIZE ? { result, variablesReference, indexedVariables: value.length } : { result, variablesReference };
    }
    if (value && typeof value === "object") {
      const keys = Object.keys(value).length;
      return { result, variablesReference: keys ? this.handles.create({ scope, path, value }) : 0, namedVariables: keys };
    }
    return { result, variablesReference: 0 };
  }
}

/** The Changes scope: one entry per diff path, `{change, before, after}`. */
function changesObject(changes: DiffEntry[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of changes) {
    const item: Record<string, unknown> = { change: entry.change };
    if (entry.change !== "added") item.before = entry.before;
    if (entry.change !== "removed") item.after = entry.after;
    out[entry.path] = item;
  }
  return out;
}

/** The Next scope: the nodes that run next and each waiting interrupt by id. */
function nextObject(next: StopView["next"]): Record<string, unknown> {
  const out: Record<string, unknown> = { nodes: next.nodes };
  if (next.interrupts.length) {
    out.interrupts = next.interrupts.map((i) => {
      const item: Record<string, unknown> = { id: i.id ?? null, value: i.value };
      if (i.ns.length) item.namespace = i.ns.join(" › ");
      return item;
    });
  }
  return out;
}

/** Short text for a value: JSON for scalars, `Array(n)`, a message as `ai: "text"`, an object by its keys. */
export function preview(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return clip(JSON.stringify(value) ?? String(value));
  if (Array.isArray(value)) return `Array(${value.length})`;
  const obj = value as Record<string, unknown>;
  const role = typeof obj.type === "string" ? obj.type : typeof obj.role === "string" ? obj.role : undefined;
  if (role && "content" in obj) {
    const calls = Array.isArray(obj.tool_calls) && obj.tool_calls.length ? ` +${obj.tool_calls.length} tool call${obj.tool_calls.length > 1 ? "s" : ""}` : "";
    const content = typeof obj.content === "string" ? JSON.stringify(obj.content) : preview(obj.content);
    return clip(`${role}: ${content}${calls}`);
  }
  const keys = Object.keys(obj);
  return clip(`{${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", …" : ""}}`);
}

function clip(text: string): string {
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  return typeof value;
}

/** Reads a path such as `order.items[2].name` from a value (own keys only); undefined when absent. */
export function readPath(root: unknown, path: string): unknown {
  let value = root;
  for (const key of splitPath(path)) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/**
 * A copy of `root` with the value at `path` replaced (`path` as `pathChild` writes them). Throws when
 * a parent on the way does not exist.
 */
export function writePath(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = splitPath(path);
  if (keys.length === 0) throw new Error("Cannot replace the whole state.");
  const copy = structuredClone(root);
  let parent: unknown = copy;
  for (const key of keys.slice(0, -1)) {
    if (parent === null || typeof parent !== "object" || !Object.hasOwn(parent, key)) throw new Error(`No ${path} in the state.`);
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (parent === null || typeof parent !== "object") throw new Error(`No ${path} in the state.`);
  (parent as Record<string | number, unknown>)[keys.at(-1)!] = value;
  return copy;
}

/** True when a diff entry at `changed` touches the watched `path` (the same, inside it, or a parent replaced). */
export function touches(changed: string, path: string): boolean {
  if (changed === "$" || changed === path) return true;
  const inside = (a: string, b: string) => a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
  return inside(changed, path) || inside(path, changed);
}

// The server's graph → Mermaid flowchart text, with the run's node statuses as classes. Pure (no
// DOM): unit-tested on the sample graphs. Subgraph nodes (`parent:child` ids) go inside a Mermaid
// subgraph; ids are rewritten to what Mermaid accepts, labels keep the real names.
import type { GraphData } from "../../src/engine/model";
import type { NodeStatus } from "../../src/shared/protocol";
import { nodeName } from "../../src/shared/names";

/** Fill and stroke per status: an exported file cannot read the editor's theme. */
const STATUS_STYLES: Record<Exclude<NodeStatus, "idle">, string> = {
  running: "fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px,color:#0b1f44",
  done: "fill:#dcfce7,stroke:#15803d,stroke-width:2px,color:#0b2e17",
  error: "fill:#fee2e2,stroke:#b91c1c,stroke-width:2px,color:#450a0a",
  interrupted: "fill:#fef3c7,stroke:#b45309,stroke-width:2px,color:#3b2405",
};

/** Words Mermaid reads as keywords where a node id is expected. */
const RESERVED = new Set(["end", "graph", "subgraph", "flowchart", "style", "class", "classdef", "click", "linkstyle", "direction", "default", "call", "href"]);

/** Text for inside `["…"]`: Mermaid's entity codes for what would end or change the label. */
export function mermaidLabel(text: string): string {
  return text
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/`/g, "#96;")
    .replace(/[\r\n]+/g, " ");
}

/** Gives every graph id (and group path) one Mermaid-safe id, distinct from the others. */
class IdMap {
  private readonly ids = new Map<string, string>();
  private readonly taken = new Set<string>();

  get(key: string): string {
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    // `__start__` alone would need a prefix and still read as internal: `start_`, `end_`.
    let base = key.replace(/__(start|end)__/g, "$1_").replace(/[^A-Za-z0-9_]/g, "_");
    if (!/^[A-Za-z]/.test(base) || RESERVED.has(base.toLowerCase())) base = `n_${base}`;
    id = base;
    for (let i = 2; this.taken.has(id); i++) id = `${base}_${i}`;
    this.ids.set(key, id);
    this.taken.add(id);
    return id;
  }
}

const isTerminal = (id: string) => /(^|:)__(start|end)__$/.test(id);
const lastSegment = (id: string) => id.slice(id.lastIndexOf(":") + 1);

/** `flowchart TD` text of `graph`: every node and edge, conditional edges dashed, statuses as classDefs. */
export function toMermaid(graph: GraphData, statuses: Record<string, NodeStatus> = {}, title?: string): string {
  const ids = new IdMap();
  // Group paths ("child", "child:grandchild") come first so a group never takes a node's id.
  const all = [...new Set([...graph.nodes.map((n) => n.id), ...graph.edges.flatMap((e) => [e.source, e.target])])];
  const children = new Map<string, string[]>();
  for (const id of all) {
    const parts = id.split(":");
    for (let depth = 1; depth <= parts.length; depth++) {
      const parent = parts.slice(0, depth - 1).join(":");
      const self = parts.slice(0, depth).join(":");
      const list = children.get(parent) ?? [];
      if (!list.includes(self)) list.push(self);
      children.set(parent, list);
    }
  }
  const lines: string[] = [];
  if (title) lines.push("---", `title: "${mermaidLabel(title)}"`, "---");
  lines.push("flowchart TD");
  const emit = (parent: string, indent: string) => {
    for (const id of children.get(parent) ?? []) {
      if (children.has(id) && !all.includes(id)) {
        lines.push(`${indent}subgraph ${ids.get(`group:${id}`)}["${mermaidLabel(lastSegment(id))}"]`);
        emit(id, `${indent}  `);
        lines.push(`${indent}end`);
        continue;
      }
      const label = mermaidLabel(nodeName(lastSegment(id)));
      lines.push(isTerminal(id) ? `${indent}${ids.get(id)}(["${label}"])` : `${indent}${ids.get(id)}["${label}"]`);
      if (children.has(id)) emit(id, indent);
    }
  };
  emit("", "  ");
  for (const e of graph.edges) {
    const label = typeof e.data === "string" && e.data !== "" ? `|"${mermaidLabel(e.data)}"|` : "";
    lines.push(`  ${ids.get(e.source)} ${e.conditional ? "-.->" : "-->"}${label} ${ids.get(e.target)}`);
  }
  const byStatus = new Map<string, string[]>();
  for (const id of all) {
    const status = statuses[id];
    if (!status || status === "idle") continue;
    byStatus.set(status, [...(byStatus.get(status) ?? []), ids.get(id)]);
  }
  for (const [status, members] of byStatus) {
    lines.push(`  classDef ${status} ${STATUS_STYLES[status as Exclude<NodeStatus, "idle">]}`);
    lines.push(`  class ${members.join(",")} ${status}`);
  }
  return `${lines.join("\n")}\n`;
}

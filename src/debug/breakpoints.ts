// The debug session's breakpoints and the decision taken at every pause of a run: stop (and why) or
// go on without telling the client. Function breakpoints name nodes (`tools` before it, `after:tools`
// after it); data breakpoints name state paths and need the run to pause after every superstep. Pure.
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { Breaks } from "../engine/driver/threadDriver";
import { isSubgraphNode } from "../engine/driver/breaks";
import type { DiffEntry } from "../engine/model";
import { conditionHolds, ExpressionError, parseExpression, parseHitCondition, type HitCondition } from "./conditions";
import { touches } from "./variables";
import { messageOf } from "../engine/errorMessage";

/** A function breakpoint as the session keeps it. */
interface NodeBreakpoint {
  id: number;
  node: string;
  when: "before" | "after";
  condition?: string;
  hitCondition?: HitCondition;
  hits: number;
  /** Why it is unverified: the graph has no such node (kept, so it comes back with the node after a reload). */
  missing?: string;
}

/** What the session knows at a pause of the run. */
export interface PauseFacts {
  /** The run paused after `ran` (static `interrupt_after`) or before `next`. */
  when: "before" | "after";
  /** Nodes that ran in the last superstep. */
  ran: string[];
  /** Nodes that run next. */
  next: string[];
  /** State values at the pause (conditions read them). */
  state: Record<string, unknown>;
  /** Root diffs since the previous pause (data breakpoints read them). */
  diffs: DiffEntry[];
  /** Checkpoint of the pause: a node is hit at most once per checkpoint. */
  checkpointId?: string;
}

/** Stop with a reason (DAP `stopped`), or go on; `notes` go to the Debug Console either way. */
export type PauseDecision =
  | { stop: true; reason: "function breakpoint" | "data breakpoint"; description: string; hitBreakpointIds: number[]; notes: string[] }
  | { stop: false; notes: string[] };

const PREFIX_AFTER = "after:";

/** What a function breakpoint's name says: `tools` breaks before the node, `after:tools` after it. */
export function parseFunctionBreakpointName(name: string): { node: string; when: "before" | "after" } {
  const raw = name.trim();
  return raw.startsWith(PREFIX_AFTER) ? { node: raw.slice(PREFIX_AFTER.length).trim(), when: "after" } : { node: raw, when: "before" };
}

/** The function breakpoint's name for a node breakpoint (the inverse of parseFunctionBreakpointName). */
export function functionBreakpointName(node: string, when: "before" | "after"): string {
  return when === "after" ? `${PREFIX_AFTER}${node}` : node;
}

/** The function and data breakpoints of one debug session. */
export class BreakpointTable {
  private nodes: NodeBreakpoint[] = [];
  private data: { id: number; path: string }[] = [];
  /** Function breakpoints by where they came from: the client's Breakpoints view, and launch's `breakpoints`. */
  private readonly sources: Record<"client" | "launch", DebugProtocol.FunctionBreakpoint[]> = { client: [], launch: [] };
  private nextId = 1;
  private readonly ids = new WeakMap<DebugProtocol.FunctionBreakpoint, number>();
  private readonly counted = new Set<string>();

  /**
   * Replaces the function breakpoints of one source (the other's stay); returns that source's
   * verifications. `graph` flags names that are not top-level nodes.
   */
  setFunctionBreakpointsOf(source: "client" | "launch", list: DebugProtocol.FunctionBreakpoint[], graph?: { nodes: { id: string }[] }): DebugProtocol.Breakpoint[] {
    this.sources[source] = list;
    const { launch, client } = this.sources;
    const all = this.setFunctionBreakpoints([...launch, ...client], graph ? topLevelNodes(graph) : undefined);
    return source === "launch" ? all.slice(0, launch.length) : all.slice(launch.length);
  }

  /** Replaces the function breakpoints; `knownNodes` (the graph's top-level node ids) flags names that are not nodes. */
  setFunctionBreakpoints(list: DebugProtocol.FunctionBreakpoint[], knownNodes?: ReadonlySet<string>): DebugProtocol.Breakpoint[] {
    const previous = new Map(this.nodes.map((b) => [`${b.when}:${b.node}:${b.condition ?? ""}`, b.hits]));
    this.nodes = [];
    return (list ?? []).map((fbp) => {
      // The same breakpoint keeps its id when only the other source's list changed (the client knows it by that id).
      const id = this.ids.get(fbp) ?? this.nextId++;
      this.ids.set(fbp, id);
      const { node, when } = parseFunctionBreakpointName(fbp.name);
      const refuse = (message: string): DebugProtocol.Breakpoint => ({ id, verified: false, message });
      if (!node) return refuse("Name a node: `summarize` breaks before it, `after:summarize` after it.");
      if (isSubgraphNode(node)) {
        return refuse(`${node} is inside a subgraph: run-level interrupts apply to top-level nodes only. Break on the subgraph's node (${node.split(":")[0]}) instead.`);
      }
      const condition = fbp.condition?.trim() || undefined;
      let hitCondition: HitCondition | undefined;
      try {
        if (condition) parseExpression(condition);
      } catch (error) {
        if (error instanceof ExpressionError) return refuse(`Condition ${error.message}`);
        throw error;
      }
      try {
        if (fbp.hitCondition?.trim()) hitCondition = parseHitCondition(fbp.hitCondition);
      } catch (error) {
        if (error instanceof ExpressionError) return refuse(error.message);
        throw error;
      }
      const hits = previous.get(`${when}:${node}:${condition ?? ""}`) ?? 0;
      const missing = missingNode(node, knownNodes);
      this.nodes.push({ id, node, when, condition, hitCondition, hits, missing });
      return missing ? { id, verified: false, message: missing } : { id, verified: true };
    });
  }

  /**
   * The graph changed (the deployment's code was reloaded): a breakpoint on a node that is gone turns
   * unverified, one whose node came back turns verified again. Returns the breakpoints that changed.
   */
  revalidate(graph: { nodes: { id: string }[] }): DebugProtocol.Breakpoint[] {
    const known = topLevelNodes(graph);
    const changed: DebugProtocol.Breakpoint[] = [];
    for (const b of this.nodes) {
      const missing = missingNode(b.node, known);
      if (missing === b.missing) continue;
      b.missing = missing;
      changed.push(missing ? { id: b.id, verified: false, message: missing } : { id: b.id, verified: true, message: `${b.node} is back in the graph.` });
    }
    return changed;
  }

  /** Replaces the data breakpoints (each `dataId` is a state path such as `order.status`). */
  setDataBreakpoints(list: DebugProtocol.DataBreakpoint[]): DebugProtocol.Breakpoint[] {
    this.data = (list ?? []).map((d) => ({ id: this.nextId++, path: d.dataId }));
    return this.data.map((d) => ({ id: d.id, verified: true, description: `when ${d.path} changes` }));
  }

  /** The run-level interrupts these breakpoints need (`entry`: pause before the first node too). */
  breaks(options: { entry?: boolean } = {}): Breaks {
    const list = (when: "before" | "after") => [...new Set(this.nodes.filter((b) => b.when === when && !b.missing).map((b) => b.node))];
    const before = list("before");
    const after = list("after");
    return {
      interruptBefore: options.entry ? "*" : before.length ? before : undefined,
      interruptAfter: this.data.length ? "*" : after.length ? after : undefined,
    };
  }

  /**
   * The thread travelled back: a checkpoint reached again is a new arrival (a replay reaches the same
   * checkpoint ids again), so its breakpoints count and stop again.
   */
  forgetPauses(): void {
    this.counted.clear();
  }

  /** Restarts the hit counts (a new run from the start). */
  resetHits(): void {
    for (const b of this.nodes) b.hits = 0;
    this.counted.clear();
  }

  /** Decides whether a pause is a stop the client sees. */
  decide(facts: PauseFacts): PauseDecision {
    const notes: string[] = [];
    const hit: NodeBreakpoint[] = [];
    let failure: string | undefined;
    for (const b of this.nodes) {
      if (b.missing) continue;
      // A pause after X with Y next is also "before Y": the server does not pause again before Y.
      const at = b.when === "before" ? facts.next.includes(b.node) : facts.when === "after" && facts.ran.includes(b.node);
      if (!at) continue;
      const key = `${facts.checkpointId ?? "?"}\u0000${b.id}`;
      if (this.counted.has(key)) continue;
      this.counted.add(key);
      const label = `${b.when === "after" ? "after" : "before"} ${b.node}`;
      if (b.condition) {
        try {
          if (!conditionHolds(b.condition, facts.state)) {
            notes.push(`Breakpoint ${label}: condition \`${b.condition}\` is false; going on.`);
            continue;
          }
        } catch (error) {
          // A condition that fails at run time stops (as if true), and says why.
          failure = `Breakpoint ${label}: ${messageOf(error)}`;
          notes.push(failure);
        }
      }
      b.hits++;
      if (b.hitCondition && !b.hitCondition(b.hits)) {
        notes.push(`Breakpoint ${label}: hit ${b.hits}, hit condition not met; going on.`);
        continue;
      }
      hit.push(b);
    }
    if (hit.length > 0) {
      const description = failure ?? `Paused ${hit.map((b) => `${b.when} ${b.node}`).join(", ")}`;
      return { stop: true, reason: "function breakpoint", description, hitBreakpointIds: hit.map((b) => b.id), notes };
    }
    const changed = this.data.filter((d) => facts.diffs.some((e) => touches(e.path, d.path)));
    if (changed.length > 0) {
      const description = `${changed.map((d) => d.path).join(", ")} changed${facts.ran.length ? ` in ${facts.ran.join(", ")}` : ""}`;
      return { stop: true, reason: "data breakpoint", description, hitBreakpointIds: changed.map((d) => d.id), notes };
    }
    return { stop: false, notes };
  }
}

/** Top-level nodes: plain ids, and the subgraph a nested xray id (`child:child_llm`) is drawn in (`child`). */
function topLevelNodes(graph: { nodes: { id: string }[] }): ReadonlySet<string> {
  return new Set(graph.nodes.map((n) => n.id.split(":")[0]).filter((id) => !id.startsWith("__")));
}

/** Why a breakpoint on `node` cannot be verified against the graph's nodes, or undefined when it can. */
function missingNode(node: string, known: ReadonlySet<string> | undefined): string | undefined {
  if (!known || known.size === 0 || known.has(node)) return undefined;
  return `The graph has no node ${node} (nodes: ${[...known].join(", ")}).`;
}

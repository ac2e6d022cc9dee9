// The debug session's breakpoints and the decision taken at every pause of a run: stop (and why) or
// go on without telling the client. Function breakpoints name nodes (`tools` before it, `after:tools`
// after it); source breakpoints are lines the session mapped to "before a node" (sourceBreakpoints.ts),
// kept here in the same table, and a logpoint among them prints instead of stopping; data breakpoints
// name state paths and need the run to pause after every superstep. Pure.
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { Breaks } from "../engine/driver/threadDriver";
import { isSubgraphNode } from "../engine/driver/breaks";
import type { DiffEntry } from "../engine/model";
import { conditionHolds, ExpressionError, formatLogMessage, parseExpression, parseHitCondition, type HitCondition } from "./conditions";
import { touches } from "./variables";
import { messageOf } from "../engine/errorMessage";
import path from "node:path";

/** A line of a source file (a source breakpoint's place, as the client gave it). */
export interface SourceLine {
  path: string;
  line: number;
}

/** A breakpoint on a node as a client asks for it: a function breakpoint, or a source line mapped to its node (`where`). */
export interface NodeBreakpointRequest extends DebugProtocol.FunctionBreakpoint {
  /** Keeps the id of a breakpoint mapped again (a source map reloaded): the client knows it by this id. */
  id?: number;
  /** The source line this breakpoint was set on. */
  where?: SourceLine;
  /** A logpoint: printed (with `{expression}` parts over the state) instead of stopping. */
  logMessage?: string;
}

/** A node breakpoint as the session keeps it. */
interface NodeBreakpoint {
  id: number;
  node: string;
  when: "before" | "after";
  condition?: string;
  hitCondition?: HitCondition;
  hits: number;
  where?: SourceLine;
  logMessage?: string;
  /** Why it is unverified: the graph has no such node (kept, so it comes back with the node after a reload). */
  missing?: string;
}

/** A logpoint's line, written to the Debug Console at its source line. */
export interface LogLine {
  text: string;
  where?: SourceLine;
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
  | { stop: true; reason: "function breakpoint" | "breakpoint" | "data breakpoint"; description: string; hitBreakpointIds: number[]; notes: string[]; logs: LogLine[] }
  | { stop: false; notes: string[]; logs: LogLine[] };

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

/** The node and data breakpoints of one debug session. */
export class BreakpointTable {
  /**
   * Node breakpoints by where they came from: `launch`'s `breakpoints`, the client's function
   * breakpoints (`client`), and one entry per source file (`file:<path>`).
   */
  private readonly sources = new Map<string, NodeBreakpoint[]>();
  private data: { id: number; path: string }[] = [];
  private nextId = 1;
  private readonly counted = new Set<string>();

  private get nodes(): NodeBreakpoint[] {
    return [...this.sources.values()].flat();
  }

  /**
   * Replaces the node breakpoints of one source (the others' stay, ids and all); returns that
   * source's verifications. A name that is not a top-level node of `graph` is kept but unverified
   * (`missing`): the node may come back with a reload of the code (see revalidate).
   */
  setFunctionBreakpointsOf(source: string, list: NodeBreakpointRequest[], graph?: { nodes: readonly { id: string }[] }): DebugProtocol.Breakpoint[] {
    return this.setOf(source, list, graph ? topLevelNodes(graph) : undefined);
  }

  /** Replaces the client's function breakpoints; `knownNodes` (the graph's top-level node ids) flags names that are not nodes. */
  setFunctionBreakpoints(list: NodeBreakpointRequest[], knownNodes?: ReadonlySet<string>): DebugProtocol.Breakpoint[] {
    return this.setOf("client", list, knownNodes);
  }

  /** A new id for a breakpoint the client is told about before it is set (a source line not yet mapped). */
  newId(): number {
    return this.nextId++;
  }

  private setOf(source: string, list: NodeBreakpointRequest[], knownNodes?: ReadonlySet<string>): DebugProtocol.Breakpoint[] {
    const previous = new Map((this.sources.get(source) ?? []).map((b) => [`${b.when}:${b.node}:${b.condition ?? ""}:${b.where?.line ?? ""}`, b.hits]));
    const kept: NodeBreakpoint[] = [];
    this.sources.set(source, kept);
    if (list.length === 0) this.sources.delete(source);
    return (list ?? []).map((fbp) => {
      const id = fbp.id ?? this.nextId++;
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
      const hits = previous.get(`${when}:${node}:${condition ?? ""}:${fbp.where?.line ?? ""}`) ?? 0;
      const missing = missingNode(node, knownNodes);
      kept.push({ id, node, when, condition, hitCondition, hits, where: fbp.where, logMessage: fbp.logMessage || undefined, missing });
      return missing ? { id, verified: false, message: missing } : { id, verified: true };
    });
  }

  /**
   * The graph changed (the deployment's code was reloaded): a breakpoint on a node that is gone turns
   * unverified, one whose node came back turns verified again. Returns the breakpoints that changed
   * (a source line's with its line).
   */
  revalidate(graph: { nodes: readonly { id: string }[] }): DebugProtocol.Breakpoint[] {
    const known = topLevelNodes(graph);
    const changed: DebugProtocol.Breakpoint[] = [];
    for (const b of this.nodes) {
      const missing = missingNode(b.node, known);
      if (missing === b.missing) continue;
      b.missing = missing;
      const at = b.where ? { line: b.where.line, source: { name: path.basename(b.where.path), path: b.where.path } } : {};
      changed.push(missing ? { id: b.id, ...at, verified: false, message: missing } : { id: b.id, ...at, verified: true, message: `${b.node} is back in the graph.` });
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
    const logs: LogLine[] = [];
    const hit: NodeBreakpoint[] = [];
    let failure: string | undefined;
    for (const b of this.nodes) {
      const reached = this.reach(b, facts, notes);
      if (!reached) continue;
      if (reached.failure) failure = reached.failure;
      // A logpoint goes on; its line is the state it reads now (a failed condition still prints).
      if (b.logMessage) logs.push({ text: formatLogMessage(b.logMessage, facts.state), where: b.where });
      else hit.push(b);
    }
    if (hit.length > 0) {
      // A gutter line and a function breakpoint on the same node name it once.
      const description = failure ?? `Paused ${[...new Set(hit.map((b) => `${b.when} ${b.node}`))].join(", ")}`;
      const reason = hit.some((b) => b.where) ? "breakpoint" : "function breakpoint";
      return { stop: true, reason, description, hitBreakpointIds: hit.map((b) => b.id), notes, logs };
    }
    const changed = this.data.filter((d) => facts.diffs.some((e) => touches(e.path, d.path)));
    if (changed.length > 0) {
      const description = `${changed.map((d) => d.path).join(", ")} changed${facts.ran.length ? ` in ${facts.ran.join(", ")}` : ""}`;
      return { stop: true, reason: "data breakpoint", description, hitBreakpointIds: changed.map((d) => d.id), notes, logs };
    }
    return { stop: false, notes, logs };
  }

  /** Whether any logpoint is set (a step's pause reads the state for them only then). */
  get hasLogpoints(): boolean {
    return this.nodes.some((b) => b.logMessage);
  }

  /** At a pause that stops anyway (a step): the logpoints' lines; breakpoints are not consulted, so their hits stay. */
  logsAt(facts: PauseFacts): { notes: string[]; logs: LogLine[] } {
    const notes: string[] = [];
    const logs: LogLine[] = [];
    for (const b of this.nodes) if (b.logMessage && this.reach(b, facts, notes)) logs.push({ text: formatLogMessage(b.logMessage, facts.state), where: b.where });
    return { notes, logs };
  }

  /**
   * Whether a pause reaches a breakpoint: it is at its node, first time at this checkpoint, its
   * condition holds (a condition that fails counts as holding, and says why) and its hit count is met.
   */
  private reach(b: NodeBreakpoint, facts: PauseFacts, notes: string[]): { failure?: string } | undefined {
    if (b.missing) return undefined;
    // A pause after X with Y next is also "before Y": the server does not pause again before Y.
    const at = b.when === "before" ? facts.next.includes(b.node) : facts.when === "after" && facts.ran.includes(b.node);
    if (!at) return undefined;
    const key = `${facts.checkpointId ?? "?"}\u0000${b.id}`;
    if (this.counted.has(key)) return undefined;
    this.counted.add(key);
    const label = `${b.logMessage ? "Logpoint" : "Breakpoint"} ${b.when === "after" ? "after" : "before"} ${b.node}`;
    let failure: string | undefined;
    if (b.condition) {
      try {
        if (!conditionHolds(b.condition, facts.state)) {
          notes.push(`${label}: condition \`${b.condition}\` is false; going on.`);
          return undefined;
        }
      } catch (error) {
        failure = `${label}: ${messageOf(error)}`;
        notes.push(failure);
      }
    }
    b.hits++;
    if (b.hitCondition && !b.hitCondition(b.hits)) {
      notes.push(`${label}: hit ${b.hits}, hit condition not met; going on.`);
      return undefined;
    }
    return { failure };
  }
}

/** Top-level nodes: plain ids, and the subgraph a nested xray id (`child:child_llm`) is drawn in (`child`). */
function topLevelNodes(graph: { nodes: readonly { id: string }[] }): ReadonlySet<string> {
  return new Set(graph.nodes.map((n) => n.id.split(":")[0]).filter((id) => !id.startsWith("__")));
}

/** Why a breakpoint on `node` cannot be verified against the graph's nodes, or undefined when it can. */
function missingNode(node: string, known: ReadonlySet<string> | undefined): string | undefined {
  if (!known || known.size === 0 || known.has(node)) return undefined;
  return `The graph has no node ${node} (nodes: ${[...known].join(", ")}).`;
}

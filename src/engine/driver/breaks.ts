// Run-level breakpoints as the server takes them (`interrupt_before` / `interrupt_after`), and the
// checkpoint a run that goes on names. Pure.
import type { Config } from "@langchain/langgraph-sdk";
import type { BreakpointList } from "../outcome";

/** Run-level breakpoints (`interrupt_before` / `interrupt_after`). */
export interface Breaks {
  interruptBefore?: BreakpointList;
  interruptAfter?: BreakpointList;
}

/** Node ids of a graph that are inside a subgraph (xray ids `parent:child`): run-level breakpoints ignore them. */
export function isSubgraphNode(nodeId: string): boolean {
  return nodeId.includes(":");
}

/**
 * The breakpoints the server honours (top-level nodes only; an emptied list becomes "none") and
 * the ones it would ignore, for the caller to say so rather than drop them silently.
 */
export function topLevelBreaks(breaks: Breaks): { breaks: Breaks; dropped: string[] } {
  const keep = (list: BreakpointList) => (Array.isArray(list) ? list.filter((n) => !isSubgraphNode(n)) : list);
  const none = (list: BreakpointList) => (Array.isArray(list) && list.length === 0 ? undefined : list);
  const dropped = [breaks.interruptBefore, breaks.interruptAfter].flatMap((l) => (Array.isArray(l) ? l.filter(isSubgraphNode) : []));
  return { breaks: { interruptBefore: none(keep(breaks.interruptBefore)), interruptAfter: none(keep(breaks.interruptAfter)) }, dropped };
}

/** ", breaking before tools and after agent", for the log. */
export function describeBreaks(breaks: Breaks): string {
  const parts = [breaks.interruptBefore && `before ${String(breaks.interruptBefore)}`, breaks.interruptAfter && `after ${String(breaks.interruptAfter)}`].filter(Boolean);
  return parts.length ? `, breaking ${parts.join(" and ")}` : "";
}

/** A config that names the latest checkpoint, so the JS server cannot merge an old fork's checkpoint back in. */
export function latestCheckpoint(config: Config | undefined): Config {
  return { ...config, configurable: { checkpoint_id: null, ...config?.configurable } };
}

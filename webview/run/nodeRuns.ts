// What the view knows of one drawn node's runs, read from the supersteps it holds (live or scrubbed):
// each run with its step, for the node inspector. Pure.
import type { NodeRun, Superstep } from "../../src/engine/model";

/** One run of a node, with the superstep it ran in. */
export interface NodeRunInStep {
  step: Superstep;
  run: NodeRun;
  /** The custom events the step attributes to this node. */
  custom: unknown[];
}

/** Every run of drawn node `nodeId`, oldest first; `resolve` maps an event's namespace and node to a drawn id. */
export function runsOf(steps: readonly Superstep[], nodeId: string, resolve: (ns: string[], node: string) => string): NodeRunInStep[] {
  const out: NodeRunInStep[] = [];
  for (const step of steps) {
    for (const run of step.nodes) {
      if (resolve(run.ns.length > 0 ? run.ns : step.ns, run.node) !== nodeId) continue;
      const custom = (step.custom ?? []).filter((c) => c.node === run.node || (c.node === undefined && step.nodes.length === 1)).map((c) => c.data);
      out.push({ step, run, custom });
    }
  }
  return out;
}

/** A run's duration as people read it: "12 ms", "1.4 s", "2 min 5 s"; undefined while it is not finished. */
export function durationText(run: Pick<NodeRun, "startedAt" | "finishedAt">): string | undefined {
  if (run.startedAt === undefined || run.finishedAt === undefined) return undefined;
  const ms = Math.max(0, run.finishedAt - run.startedAt);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

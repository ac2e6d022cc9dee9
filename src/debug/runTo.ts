// "Run to here" in a debug session (the custom request `langgraph/runTo` { node }): the run goes on with a
// one-shot stop before the node, an internal breakpoint of the session's table that no client lists,
// removed at the run's next stop of any kind or its end. No `vscode` import.
import type { BreakpointTable } from "./breakpoints";
import type { Verdict } from "./runLoop";

/** The custom request: args { node } (a top-level node; `after:node` runs to after it). */
export const RUN_TO_REQUEST = "langgraph/runTo";

const SOURCE = "runTo";

/** The session's one Run to here stop, while a run goes on to it. */
export class RunToHere {
  private id: number | undefined;

  constructor(private readonly table: BreakpointTable) {}

  /** Sets the stop before the request's node; throws (setting nothing) when it is no top-level node of `graph`. */
  set(args: unknown, graph: { nodes: readonly { id: string }[] } | undefined): void {
    const node = (args as { node?: unknown } | undefined)?.node;
    if (typeof node !== "string" || !node.trim()) throw new Error(`${RUN_TO_REQUEST} needs the "node" to run to.`);
    const [breakpoint] = this.table.setFunctionBreakpointsOf(SOURCE, [{ name: node }], graph);
    if (!breakpoint.verified) {
      this.table.setFunctionBreakpointsOf(SOURCE, []);
      throw new Error(`Run to ${node}: ${breakpoint.message}`);
    }
    this.id = breakpoint.id;
  }

  /**
   * The run stopped or ended (or was superseded): the stop goes. A stop it made reads as a step the
   * client asked for, with no breakpoint of its own among the hit ones.
   */
  settle<V extends Verdict | undefined>(verdict: V): V {
    const id = this.id;
    if (id === undefined) return verdict;
    this.id = undefined;
    this.table.setFunctionBreakpointsOf(SOURCE, []);
    if (verdict?.type !== "stop" || !verdict.hitBreakpointIds?.includes(id)) return verdict;
    const others = verdict.hitBreakpointIds.filter((hit) => hit !== id);
    if (others.length > 0) return { ...verdict, hitBreakpointIds: others };
    return { ...verdict, reason: "step", description: `${verdict.description} (Run to here)`, hitBreakpointIds: undefined };
  }
}

// The names a person reads for LangGraph's internal ones: `__start__` / `__end__` are Start / End,
// and step -1 (the checkpoint that holds the run's input) is the Input. Used wherever a node or a
// step is shown, in the webview and the Threads view alike; ids stay as they are in data attributes
// and messages. No `vscode` import.

import type { Superstep } from "../engine/model";

const TERMINALS: Record<string, string> = { __start__: "Start", __end__: "End" };

/** A node id as shown: `__start__` → Start, `child:__end__` → child:End, others unchanged. */
export function nodeName(id: string): string {
  if (!id.includes("__")) return id;
  return id
    .split(":")
    .map((part) => TERMINALS[part] ?? part)
    .join(":");
}

/** A superstep's heading: `Input` for step -1, else `Step 3`. */
export function stepName(step: number): string {
  return step === -1 ? "Input" : `Step ${step}`;
}

/** The state pane's heading for a step. */
export function stateAfterName(step: number): string {
  return step === -1 ? "State after the input" : `State after step ${step}`;
}

/** The nodes a superstep ran, as its heading lists them (none for the input step). */
export function stepNodesLabel(step: Pick<Superstep, "step" | "nodes">): string {
  return step.step === -1 ? "" : step.nodes.map((n) => nodeName(n.node)).join(", ");
}

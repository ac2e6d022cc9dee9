// One set of breakpoints: the graph view's buttons and "Toggle breakpoint" (the BreakpointStore, per
// assistant) and VS Code's function breakpoints (the Breakpoints view, sent to debug sessions) mirror
// each other for the assistant shown. `tools` breaks before the node, `after:tools` after it; a
// condition or hit count set in the Breakpoints view stays on VS Code's breakpoint (the debugger
// evaluates it). Both directions converge: applying a change that is already there changes nothing.
import * as vscode from "vscode";
import { functionBreakpointName, parseFunctionBreakpointName } from "../debug/breakpoints";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import type { Breakpoints } from "../shared/protocol";
import type { BreakpointStore } from "./breakpoints";

/** The node breakpoints a set of function breakpoint names stands for. */
function nodeBreakpointsOf(names: Iterable<string>): Breakpoints {
  const out: Breakpoints = { before: [], after: [] };
  for (const name of names) {
    const { node, when } = parseFunctionBreakpointName(name);
    out[when].push(node);
  }
  return out;
}

/** Keeps VS Code's function breakpoints and the shown assistant's BreakpointStore entries the same set. */
export class BreakpointSync implements vscode.Disposable {
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly store: BreakpointStore,
    private readonly driver: ThreadDriver,
  ) {
    this.subscriptions = [
      store.onChange((assistantId) => {
        if (assistantId === this.driver.graph?.assistantId) this.toVsCode();
      }),
      driver.onEvent((event) => {
        if (event.type === "graph") this.toVsCode();
      }),
      vscode.debug.onDidChangeBreakpoints((event) => {
        const touched = [...event.added, ...event.removed, ...event.changed].some((b) => b instanceof vscode.FunctionBreakpoint);
        if (touched) void this.toStore();
      }),
    ];
  }

  /** The shown assistant's breakpoints become VS Code's function breakpoints. */
  toVsCode(): void {
    const assistantId = this.driver.graph?.assistantId;
    if (!assistantId) return;
    const { before, after } = this.store.get(assistantId);
    const wanted = new Set([...before.map((n) => functionBreakpointName(n, "before")), ...after.map((n) => functionBreakpointName(n, "after"))]);
    const existing = functionBreakpoints();
    // A disabled breakpoint stays (off) in the Breakpoints view: it is the person's to delete.
    const stale = existing.filter((b) => b.enabled && !wanted.has(b.functionName));
    const have = new Set(existing.map((b) => b.functionName));
    const missing = [...wanted].filter((name) => !have.has(name)).map((name) => new vscode.FunctionBreakpoint(name));
    if (stale.length > 0) vscode.debug.removeBreakpoints(stale);
    if (missing.length > 0) vscode.debug.addBreakpoints(missing);
  }

  /** VS Code's function breakpoints (enabled ones) become the shown assistant's breakpoints, for nodes its graph has. */
  private async toStore(): Promise<void> {
    const shown = this.driver.graph;
    if (!shown) return;
    const nodes = new Set(shown.graph.nodes.map((n) => n.id));
    const names = functionBreakpoints()
      .filter((b) => b.enabled)
      .map((b) => b.functionName);
    const wanted = nodeBreakpointsOf(names);
    const current = this.store.get(shown.assistantId);
    for (const when of ["before", "after"] as const) {
      const want = new Set(wanted[when].filter((n) => nodes.has(n)));
      const have = new Set(current[when]);
      for (const node of [...want].filter((n) => !have.has(n))) await this.store.toggle(shown.assistantId, node, when);
      for (const node of [...have].filter((n) => !want.has(n))) await this.store.toggle(shown.assistantId, node, when);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function functionBreakpoints(): vscode.FunctionBreakpoint[] {
  return vscode.debug.breakpoints.filter((b): b is vscode.FunctionBreakpoint => b instanceof vscode.FunctionBreakpoint);
}

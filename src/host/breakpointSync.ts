// One set of breakpoints: the graph view's dots and "Toggle breakpoint" (the BreakpointStore, per
// assistant), VS Code's function breakpoints (`tools` before the node, `after:tools` after it) and its
// source breakpoints on a line of a node's code (its add line or its function: before that node)
// mirror each other for the assistant shown. A dot on a node whose code is known becomes a gutter
// breakpoint at its function's definition; one whose code is not, a function breakpoint. Logpoints
// print and never stop, so they are no dot; nor is a line inside a node's function body while a child
// debugger of its language is attached (that debugger stops on the line, the node does not): it is a dot
// again once the child goes. A condition or hit count stays on VS Code's breakpoint (the
// debugger evaluates it). Both directions converge: applying a change that is already there changes
// nothing, so a breakpoint added for a dot does not add the dot again. Where the code is comes from
// the NodeSourceIndex (the one owner of the host's source maps).
import * as vscode from "vscode";
import { functionBreakpointName, parseFunctionBreakpointName } from "../debug/breakpoints";
import type { ThreadDriver } from "../engine/driver/threadDriver";
import type { GraphSourceMap } from "../engine/source/nodeSources";
import type { Breakpoints } from "../shared/protocol";
import { childLineOf, type CodeLanguage } from "../debug/sourceBreakpoints";
import type { AttachedChildren } from "./attachedChildren";
import type { BreakpointStore } from "./breakpoints";
import type { NodeSourceIndex } from "./nodeSourceIndex";

/** Keeps VS Code's function and source breakpoints and the shown assistant's BreakpointStore entries the same set. */
export class BreakpointSync implements vscode.Disposable {
  private readonly subscriptions: { dispose(): void }[];
  /** VS Code's breakpoints being written into the store: those store changes need no way back. */
  private applying = false;
  /** One change at a time, each after the shown graph's code is read: each sees what the one before left. */
  private queue = Promise.resolve();

  constructor(
    private readonly store: BreakpointStore,
    private readonly driver: ThreadDriver,
    private readonly sources: Pick<NodeSourceIndex, "mapFor" | "onDidChange">,
    private readonly children: Pick<AttachedChildren, "languages" | "onDidChange">,
  ) {
    this.subscriptions = [
      store.onChange((assistantId) => {
        if (!this.applying && assistantId === this.driver.graph?.assistantId) this.enqueue(() => this.toVsCode({ dropLines: true }));
      }),
      driver.onEvent((event) => {
        if (event.type === "graph") this.enqueue(() => this.toVsCode());
      }),
      // The code read (again): its dots get their breakpoints, and the gutter breakpoints on its code
      // (kept: they are the person's) become its dots.
      sources.onDidChange(() => {
        this.enqueue(() => this.toVsCode());
        this.enqueue(() => this.toStore());
      }),
      // Body lines leave the dots while a child is attached and come back when it goes; only the store
      // changes (nothing is written back to VS Code's breakpoints), so this cannot loop.
      children.onDidChange(() => this.enqueue(() => this.toStore())),
      vscode.debug.onDidChangeBreakpoints((event) => {
        const touched = [...event.added, ...event.removed, ...event.changed].some((b) => b instanceof vscode.FunctionBreakpoint || b instanceof vscode.SourceBreakpoint);
        if (touched) this.enqueue(() => this.toStore());
      }),
    ];
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch(() => undefined);
  }

  /** Where the shown graph's nodes are written (undefined when its code is not in the workspace). */
  private async shownMap(assistantId: string): Promise<GraphSourceMap | undefined> {
    return (await this.sources.mapFor(assistantId)).map;
  }

  /**
   * The shown assistant's breakpoints become VS Code's breakpoints. Gutter breakpoints on a node with
   * no dot are removed only when a dot was turned off (`dropLines`), never because a graph was shown.
   */
  private async toVsCode(options: { dropLines?: boolean } = {}): Promise<void> {
    const assistantId = this.driver.graph?.assistantId;
    if (!assistantId) return;
    const map = await this.shownMap(assistantId);
    if (assistantId !== this.driver.graph?.assistantId) return;
    const { before, after } = this.store.get(assistantId);
    const wanted = new Set([...before.map((n) => functionBreakpointName(n, "before")), ...after.map((n) => functionBreakpointName(n, "after"))]);
    const functions = functionBreakpoints();
    // A body line the child stops on is neither the dot's breakpoint nor stale when the dot goes: the person's, kept.
    const lines = nodeLines(map, this.children.languages());
    // A disabled breakpoint stays (off) in the Breakpoints view: it is the person's to delete.
    const staleLines = options.dropLines ? lines.filter((l) => l.breakpoint.enabled && !before.includes(l.node)).map((l) => l.breakpoint) : [];
    const stale = [...functions.filter((b) => b.enabled && !wanted.has(b.functionName)), ...staleLines];
    const have = new Set([...functions.map((b) => b.functionName), ...lines.map((l) => functionBreakpointName(l.node, "before"))]);
    const missing = [...wanted].filter((name) => !have.has(name)).map((name) => gutterBreakpoint(map, name) ?? new vscode.FunctionBreakpoint(name));
    if (stale.length > 0) vscode.debug.removeBreakpoints(stale);
    if (missing.length > 0) vscode.debug.addBreakpoints(missing);
  }

  /** VS Code's enabled breakpoints become the shown assistant's breakpoints, for nodes its graph has. */
  private async toStore(): Promise<void> {
    const shown = this.driver.graph;
    if (!shown) return;
    const map = await this.shownMap(shown.assistantId);
    if (shown !== this.driver.graph) return;
    const nodes = new Set(shown.graph.nodes.map((n) => n.id));
    const wanted = nodeBreakpointsOf(functionBreakpoints().filter((b) => b.enabled).map((b) => b.functionName));
    for (const line of nodeLines(map, this.children.languages())) if (line.breakpoint.enabled) wanted.before.push(line.node);
    const current = this.store.get(shown.assistantId);
    this.applying = true;
    try {
      for (const when of ["before", "after"] as const) {
        const want = new Set(wanted[when].filter((n) => nodes.has(n)));
        const have = new Set(current[when]);
        for (const node of [...want].filter((n) => !have.has(n))) await this.store.toggle(shown.assistantId, node, when);
        for (const node of [...have].filter((n) => !want.has(n))) await this.store.toggle(shown.assistantId, node, when);
      }
    } finally {
      this.applying = false;
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The node breakpoints a set of function breakpoint names stands for. */
function nodeBreakpointsOf(names: Iterable<string>): Breakpoints {
  const out: Breakpoints = { before: [], after: [] };
  for (const name of names) {
    const { node, when } = parseFunctionBreakpointName(name);
    out[when].push(node);
  }
  return out;
}

function functionBreakpoints(): vscode.FunctionBreakpoint[] {
  return vscode.debug.breakpoints.filter((b): b is vscode.FunctionBreakpoint => b instanceof vscode.FunctionBreakpoint);
}

/** VS Code's source breakpoints (not logpoints, not lines an attached child debugger of `children` stops on) on a line of one of the map's nodes, with that node. */
function nodeLines(map: GraphSourceMap | undefined, children: ReadonlySet<CodeLanguage>): { breakpoint: vscode.SourceBreakpoint; node: string }[] {
  if (!map) return [];
  return vscode.debug.breakpoints.flatMap((b) => {
    if (!(b instanceof vscode.SourceBreakpoint) || b.logMessage || b.location.uri.scheme !== "file") return [];
    const file = b.location.uri.fsPath;
    const line = b.location.range.start.line + 1;
    const node = map.nodeAt(file, line);
    return node === undefined || childLineOf(map, children, file, line) ? [] : [{ breakpoint: b, node }];
  });
}

/** A gutter breakpoint for "before node" at the node's function (else its add line); none for an after-breakpoint or a node whose code is not known. */
function gutterBreakpoint(map: GraphSourceMap | undefined, name: string): vscode.SourceBreakpoint | undefined {
  const { node, when } = parseFunctionBreakpointName(name);
  const source = when === "before" ? map?.sourceOf(node)?.source : undefined;
  const span = source?.definition ?? source?.added;
  if (!span) return undefined;
  return new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(span.file), new vscode.Position(span.line - 1, 0)));
}
